// `npm run sandbox`: the embedded default — local control plane and AWS endpoint, CRDs, examples, the
// operator, a live table. A development entry point of the source checkout, not a command of the shipped binary.
import { spawn } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { KubeHttp } from '../../src/kube/http.js';
import { operatorFactory } from '../../src/main.js';
import { parseRunConfig } from '../../src/runtime/config.js';
import { startOperator } from '../../src/cli/runCommand.js';
import type { Manager } from '../../src/runtime/manager.js';
import { awsClientConfig, TEST_REGION } from '../awsClients.js';
import { timedRollouts } from '../ecsRollouts.js';
import { startEcsRolloutProxy, type EcsRolloutProxy } from '../ecsRolloutProxy.js';
import { handleData, writeHandle } from '../handle.js';
import { startEnv, type TestEnv } from '../index.js';
import { repoRoot } from '../paths.js';
import { apply, type Manifest } from './apply.js';
import { applyCaConfigMaps, exampleDirectoryFlags, provisionExampleDirectory } from './exampleDirectory.js';
import { allAsExpected } from './expectations.js';
import { howToLook } from './howToLook.js';
import { ExampleServices, listedServices } from './services.js';
import { closingNote, formatTable, tableRows } from './table.js';

const EXAMPLE_BUCKET = 'ecsgmsa-example-credspecs';
/** How long a simulated ECS deployment takes to run all its tasks. */
const ROLLOUT_SECONDS = 20;

function runScript(root: string, script: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [join(root, script)], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${script} failed (exit ${code ?? '?'})`))));
  });
}

async function buildComponents(root: string): Promise<void> {
  await runScript(root, 'devenv/build-components.sh');
  // The Samba AD DC the directory examples are verified against (installs Debian packages once: root).
  await runScript(root, 'devenv/build-samba.sh');
}

function sambaOf(env: TestEnv): NonNullable<TestEnv['samba']> {
  if (!env.samba) throw new Error('the sandbox started without its Samba AD DC');
  return env.samba;
}

function manifests(dir: string): Manifest[] {
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  return files
    .flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJS() as Manifest))
    .filter((m) => m?.kind);
}

async function createBucket(endpoint: string): Promise<void> {
  const res = await fetch(`${endpoint}/${EXAMPLE_BUCKET}`, {
    method: 'PUT',
    headers: {
      authorization:
        'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0',
    },
  });
  if (!res.ok && res.status !== 409) throw new Error(`creating the example bucket failed: ${res.status}`);
}

/** What the sandbox runs: the components, their apiserver client, the AWS endpoint and the example services. */
interface Sandbox {
  env: TestEnv;
  http: KubeHttp;
  /** moto behind the rollout proxy: what the operator and the printed `aws` commands use. */
  aws: EcsRolloutProxy;
  services: ExampleServices;
}

/** Builds and starts the local components, installs the CRDs and applies examples/. */
async function prepare(root: string, print: (text: string) => void): Promise<Sandbox> {
  print(
    '[sandbox] preparing kube-apiserver, etcd, moto and the Samba AD DC (the first run builds them: several minutes)\n',
  );
  await buildComponents(root);
  const keys = awsClientConfig({ awsEndpoint: '', region: TEST_REGION }).credentials;
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: keys.accessKeyId,
    AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
  });
  const env = await startEnv({ samba: true, log: (line) => print(`${line}\n`) });
  writeHandle(join(env.runDir, 'env.json'), handleData(env));
  const http = new KubeHttp(env.kubeConfig());
  for (const crd of manifests(join(root, 'crds'))) await apply(http, crd);
  await new Promise((r) => setTimeout(r, 1500)); // CRDs become Established
  await createBucket(env.awsEndpoint);
  // moto never rolls a deployment out: the proxy makes each one take ROLLOUT_SECONDS, as ECS would.
  const aws = await startEcsRolloutProxy(env.awsEndpoint, timedRollouts(ROLLOUT_SECONDS * 1000));
  const examples = manifests(join(root, 'examples'));
  const services = new ExampleServices(aws.endpoint, listedServices(examples), print);
  await services.createClusters();
  await provisionExampleDirectory(sambaOf(env));
  await applyCaConfigMaps(http, sambaOf(env), examples);
  for (const m of examples) await apply(http, m);
  return { env, http, aws, services };
}

/** Runs the operator in this process against the sandbox; Ctrl-C or `stopAll` stops it and the components. */
async function runOperator(box: Sandbox, print: (text: string) => void): Promise<(code: number) => Promise<never>> {
  const { env } = box;
  const level = process.env.ECSGMSA_SANDBOX_LOG_LEVEL ?? 'info';
  const { config, errors } = parseRunConfig(
    {
      kubeconfig: env.kubeconfigPath,
      awsEndpointUrl: box.aws.endpoint,
      region: TEST_REGION,
      rolloutPollInterval: '3s',
      metricsBindAddress: '127.0.0.1:0',
      logFormat: 'text',
      logLevel: level,
      resyncPeriod: '30s',
      s3Bucket: [EXAMPLE_BUCKET],
      ...exampleDirectoryFlags(sambaOf(env)),
    },
    {},
  );
  if (!config) throw new Error(errors.join('; '));
  const logPath = join(env.runDir, 'operator.log');
  const holder: { manager?: Manager } = {};
  const stopAll = async (code: number): Promise<never> => {
    await holder.manager?.shutdown();
    box.services.close();
    await box.aws.close();
    await env.stop();
    process.exit(code);
  };
  holder.manager = await startOperator(
    config,
    operatorFactory,
    { onSignal: (signal) => void process.once(signal, () => void stopAll(0)), exit: (code) => void stopAll(code) },
    createWriteStream(logPath),
  );
  print(
    `\n[sandbox] operator running; its log: ${logPath}\n${howToLook({ kubeconfigPath: env.kubeconfigPath, awsEndpoint: box.aws.endpoint }, ROLLOUT_SECONDS)}\n\n`,
  );
  return stopAll;
}

interface SandboxOptions {
  untilReady: boolean;
  timeoutSeconds: number;
}

async function sandbox(options: SandboxOptions, print: (text: string) => void): Promise<number> {
  const root = repoRoot();
  const box = await prepare(root, print);
  const { http } = box;
  const stopAll = await runOperator(box, print);
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  let servicesCreated = false;
  for (;;) {
    if (!servicesCreated) servicesCreated = await box.services.createServices(http);
    const rows = await tableRows(http);
    print(`${formatTable(rows)}\n\n`);
    // Every example Ready, except those annotated as meant to fail, which must fail for exactly their reason.
    const done = allAsExpected(rows);
    if (options.untilReady && (done || Date.now() > deadline)) {
      print(`${closingNote(rows)}\n`);
      return stopAll(done ? 0 : 1);
    }
    await new Promise((r) => setTimeout(r, options.untilReady ? 1000 : 3000));
  }
}

/** `300`, `300s` or `5m` in seconds; `undefined` when unreadable. */
export function parseDurationSeconds(text: string): number | undefined {
  const m = /^(\d+)(s|m)?$/.exec(text);
  return m ? Number(m[1]) * (m[2] === 'm' ? 60 : 1) : undefined;
}

const USAGE = `usage: npm run sandbox [-- --until-ready [--timeout 300s]]
  --until-ready        exit 0 once every example is as expected (1 on timeout) instead of running until Ctrl-C:
                       Ready, or for an example annotated examples.ecsgmsa.io/expected-ready-reason,
                       not Ready with exactly that reason
  --timeout DURATION   with --until-ready: how long to wait, e.g. 300s or 5m (default 300s)`;

function options(argv: string[]): SandboxOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      'until-ready': { type: 'boolean', default: false },
      timeout: { type: 'string', default: '300s' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const timeoutSeconds = parseDurationSeconds(values.timeout);
  if (timeoutSeconds === undefined)
    throw new Error(`--timeout: "${values.timeout}" is not a duration such as 300s or 5m`);
  return { untilReady: values['until-ready'], timeoutSeconds };
}

try {
  process.exitCode = await sandbox(options(process.argv.slice(2)), (text) => process.stdout.write(text));
} catch (err: unknown) {
  process.stderr.write(`sandbox: ${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
  process.exitCode = 2;
}
