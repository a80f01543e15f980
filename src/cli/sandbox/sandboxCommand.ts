// `sandbox`: the embedded default — local control plane and AWS endpoint, CRDs, examples, the operator, a live table.
import { spawn } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { parseAllDocuments } from 'yaml';
import { KubeHttp } from '../../kube/http.js';
import { operatorControllers } from '../../controllers/index.js';
import { parseRunConfig } from '../../runtime/config.js';
import type { CommandFactory } from '../program.js';
import { startOperator } from '../runCommand.js';
import type { Manager } from '../../runtime/manager.js';
import { apply, type Manifest } from './apply.js';
import { repoRoot } from './repoRoot.js';
import { formatTable, tableRows } from './table.js';

/** The part of test/env's API the sandbox uses. */
interface Env {
  runDir: string;
  kubeconfigPath: string;
  awsEndpoint: string;
  kubeConfig(): ConstructorParameters<typeof KubeHttp>[0];
  stop(): Promise<void>;
}
interface EnvModule {
  startEnv(options: { log: (line: string) => void }): Promise<Env>;
  writeHandle(path: string, h: unknown): void;
  handleData(h: unknown): unknown;
}

const EXAMPLE_BUCKET = 'ecsgmsa-example-credspecs';

function buildComponents(root: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [join(root, 'test/env/build-components.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`building the local components failed (exit ${code ?? '?'})`))));
  });
}

function manifests(dir: string): Manifest[] {
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  return files.flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJS() as Manifest)).filter((m) => m?.kind);
}

async function createBucket(endpoint: string): Promise<void> {
  const res = await fetch(`${endpoint}/${EXAMPLE_BUCKET}`, { method: 'PUT', headers: { authorization: 'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0' } });
  if (!res.ok && res.status !== 409) throw new Error(`creating the example bucket failed: ${res.status}`);
}

interface SandboxOptions {
  untilReady?: boolean;
  timeout: string;
}

/** Builds and starts the local components, installs the CRDs and applies examples/. */
async function prepare(root: string, print: (text: string) => void): Promise<{ env: Env; http: KubeHttp }> {
  print('[sandbox] preparing kube-apiserver, etcd and moto (the first run builds them: several minutes)\n');
  await buildComponents(root);
  const envModule = (await import(pathToFileURL(join(root, 'test/env/index.ts')).href)) as EnvModule;
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_EC2_METADATA_DISABLED: 'true' });
  const env = await envModule.startEnv({ log: (line) => print(`${line}\n`) });
  envModule.writeHandle(join(env.runDir, 'env.json'), envModule.handleData(env));
  const http = new KubeHttp(env.kubeConfig());
  for (const crd of manifests(join(root, 'crds'))) await apply(http, crd);
  await new Promise((r) => setTimeout(r, 1500)); // CRDs become Established
  await createBucket(env.awsEndpoint);
  for (const m of manifests(join(root, 'examples'))) await apply(http, m);
  return { env, http };
}

/** Runs the operator in this process against the sandbox; Ctrl-C or `stopAll` stops it and the components. */
async function runOperator(env: Env, print: (text: string) => void): Promise<(code: number) => Promise<never>> {
  const level = process.env.ECSGMSA_SANDBOX_LOG_LEVEL ?? 'info';
  const { config, errors } = parseRunConfig({ kubeconfig: env.kubeconfigPath, awsEndpointUrl: env.awsEndpoint, region: 'us-east-1', metricsBindAddress: '127.0.0.1:0', logFormat: 'text', logLevel: level, resyncPeriod: '30s' }, {});
  if (!config) throw new Error(errors.join('; '));
  const logPath = join(env.runDir, 'operator.log');
  const holder: { manager?: Manager } = {};
  const stopAll = async (code: number): Promise<never> => {
    await holder.manager?.shutdown();
    await env.stop();
    process.exit(code);
  };
  holder.manager = await startOperator(config, operatorControllers, { onSignal: (signal) => void process.once(signal, () => void stopAll(0)), exit: (code) => void stopAll(code) }, createWriteStream(logPath));
  print(`\n[sandbox] operator running; its log: ${logPath}\n[sandbox] point kubectl at it:  export KUBECONFIG=${env.kubeconfigPath}\n[sandbox] then: kubectl get gmsa -A   (Ctrl-C stops everything)\n\n`);
  return stopAll;
}

async function sandbox(options: SandboxOptions, print: (text: string) => void): Promise<number> {
  const root = repoRoot();
  if (!root) throw new Error('sandbox runs from a source checkout of ecs-gmsa-operator (it needs test/env, crds/ and examples/)');
  const { env, http } = await prepare(root, print);
  const stopAll = await runOperator(env, print);
  const deadline = Date.now() + parseDurationSeconds(options.timeout) * 1000;
  for (;;) {
    const rows = await tableRows(http);
    print(`${formatTable(rows)}\n\n`);
    const allReady = rows.length > 0 && rows.every((r) => r.ready === 'True');
    if (options.untilReady && (allReady || Date.now() > deadline)) return stopAll(allReady ? 0 : 1);
    await new Promise((r) => setTimeout(r, options.untilReady ? 1000 : 3000));
  }
}

function parseDurationSeconds(text: string): number {
  const m = /^(\d+)(s|m)?$/.exec(text);
  return m ? Number(m[1]) * (m[2] === 'm' ? 60 : 1) : 300;
}

/** The `sandbox` command. */
export const sandboxCommand: CommandFactory = (setExitCode) =>
  new Command('sandbox')
    .description('run the operator against a local kube-apiserver + etcd and a moto AWS endpoint, with examples/ applied')
    .option('--until-ready', 'exit 0 once every example is Ready (1 on timeout) instead of running until Ctrl-C')
    .option('--timeout <duration>', 'with --until-ready: how long to wait, e.g. 300s or 5m', '300s')
    .action(async (options: SandboxOptions) => {
      setExitCode(await sandbox(options, (text) => process.stdout.write(text)));
    });
