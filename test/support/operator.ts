// A running operator for a test file: the `run` process against the shared env, AWS calls through a recording proxy.
import { createServer } from 'node:net';
import { startAwsProxy, type AwsProxy } from './awsProxy.js';
import { eventually } from './kube.js';
import { opsGet, startOperatorProcess, type OperatorProcess } from './operatorProcess.js';

export interface RunningOperator {
  proc: OperatorProcess;
  proxy: AwsProxy;
  port: number;
  stop(): Promise<void>;
}

/** A free loopback port. */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface OperatorOptions {
  kubeconfigPath: string;
  awsEndpoint: string;
  extraArgs?: string[];
  /** Reuse a proxy (e.g. across an operator restart). */
  proxy?: AwsProxy;
  /** Run the compiled dist/ instead of the sources through tsx. */
  built?: boolean;
  /** Extra environment for the process (e.g. NODE_OPTIONS). */
  env?: Record<string, string>;
}

/** Starts proxy and operator and waits until /readyz answers 200. */
export async function startOperator(options: OperatorOptions): Promise<RunningOperator> {
  const proxy = options.proxy ?? (await startAwsProxy(options.awsEndpoint));
  const port = await freePort();
  const proc = startOperatorProcess(
    [
      '--kubeconfig',
      options.kubeconfigPath,
      '--aws-endpoint-url',
      proxy.endpoint,
      '--region',
      'us-east-1',
      '--metrics-bind-address',
      `127.0.0.1:${port}`,
      '--log-level',
      'debug',
      '--log-format',
      'json',
      ...(options.extraArgs ?? []),
    ],
    options.env ?? {},
    { built: options.built ?? false },
  );
  await eventually(
    async () => ((await opsGet(port, '/readyz'))?.status === 200 ? true : undefined),
    60_000,
    `operator ready (log: ${proc.logPath})`,
  );
  return {
    proc,
    proxy,
    port,
    async stop() {
      proc.kill('SIGTERM');
      await proc.exited;
      if (!options.proxy) await proxy.close();
    },
  };
}
