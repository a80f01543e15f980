// The container image's contents without Docker: the runtime stage of the Dockerfile is assembled in a
// temporary folder exactly from its COPY lines (production-only node_modules from `npm ci --omit=dev`,
// dist/src from tsc, crds/ and package*.json filtered by .dockerignore), then run from there, where the
// repository's dev dependencies cannot be resolved.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KubeHttp } from '../../../src/kube/http.js';
import { RUN_FLAGS } from '../../../src/runtime/config.js';
import { resetAws, testEnv } from '../../env/connect.js';
import { freePorts } from '../../../devenv/ports.js';
import { create, eventually, freshNamespace, installOurCrds } from '../../support/kube.js';
import { opsGet } from '../../support/operatorProcess.js';
import {
  copies,
  envOf,
  isIgnored,
  last,
  parseDockerfile,
  parseDockerignore,
  type Copy,
  type Dockerfile,
  type Stage,
} from './dockerfile.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dockerfile: Dockerfile = parseDockerfile(readFileSync(join(root, 'Dockerfile'), 'utf8'));
const ignoreRules = parseDockerignore(readFileSync(join(root, '.dockerignore'), 'utf8'));
const runtime: Stage = dockerfile.stages.at(-1)!;
const WORKDIR = last(runtime, 'WORKDIR') ?? '/';
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { dev?: boolean }>;
};
/** Dev dependencies no production dependency needs (e.g. @types/node is also a transitive production one). */
const devOnly = Object.keys(pkg.devDependencies).filter((name) => lock.packages[`node_modules/${name}`]?.dev === true);

interface Ran {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion, output captured. */
function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

function mustSucceed(what: string, ran: Ran): void {
  if (ran.code !== 0) throw new Error(`${what} failed (exit ${ran.code ?? ran.signal}):\n${ran.stdout}\n${ran.stderr}`);
}

/** The parent environment without npm's and jest's variables (npm_config_omit and the like would change `npm ci`). */
function toolEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !k.toLowerCase().startsWith('npm_') && k !== 'NODE_OPTIONS' && k !== 'NODE_ENV',
    ),
  );
}

/** Every file below `dir`, relative, with size and mtime: to see whether anything wrote there. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const s = statSync(full);
        out.push(`${relative(dir, full)} ${s.size} ${s.mtimeMs}`);
      }
    }
  };
  walk(dir);
  return out.sort();
}

/** Whether bare `name` resolves from `dir` the way Node looks it up (node_modules of dir and its parents). */
function resolvableFrom(dir: string, name: string): boolean {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'node_modules', name, 'package.json'))) return true;
    if (dirname(d) === d) return false;
  }
}

let tmp: string;
/** The image's WORKDIR, assembled. */
let app: string;
let home: string;
let tmpDir: string;
let appBefore: string[];

/** Where a build-stage path of a `COPY --from=build` comes from in this simulation. */
let buildOutputs: Record<string, string>;

function inImage(path: string): string {
  return join(app, posix.relative(WORKDIR, posix.resolve(WORKDIR, path)));
}

/** Copies a context source as `docker build` would: .dockerignore applies. */
function copyFromContext(source: string, destination: string): void {
  cpSync(join(root, source), destination, {
    recursive: true,
    filter: (src) => !isIgnored(relative(root, src).split('\\').join('/'), ignoreRules),
  });
}

/** One source of a runtime-stage COPY, into the assembled image folder. */
function copyIntoImage(copy: Copy, source: string): void {
  const destination = inImage(copy.destination);
  const target =
    copy.destination.endsWith('/') && copy.sources.length > 1 ? join(destination, posix.basename(source)) : destination;
  mkdirSync(dirname(target), { recursive: true });
  if (copy.from === undefined) return copyFromContext(source, target);
  const produced = buildOutputs[source];
  if (!produced)
    throw new Error(
      `COPY --from=${copy.from} ${source}: this test does not know how the build stage produces it; teach beforeAll`,
    );
  cpSync(produced, target, { recursive: true });
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'ecsgmsa-image-'));
  app = join(tmp, 'app');
  home = join(tmp, 'home');
  tmpDir = join(tmp, 'tmp');
  for (const d of [app, home, tmpDir, join(tmp, 'prod')]) mkdirSync(d, { recursive: true });

  // build stage: `npm ci --omit=dev` into a folder of its own, and tsc, in parallel.
  for (const f of ['package.json', 'package-lock.json']) cpSync(join(root, f), join(tmp, 'prod', f));
  const env = toolEnv();
  const [install, build] = await Promise.all([
    run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'], {
      cwd: join(tmp, 'prod'),
      env,
      timeoutMs: 150_000,
    }),
    run(
      process.execPath,
      [
        join(root, 'node_modules/typescript/bin/tsc'),
        '-p',
        join(root, 'tsconfig.build.json'),
        '--outDir',
        join(tmp, 'build', 'dist'),
      ],
      { cwd: root, env, timeoutMs: 150_000 },
    ),
  ]);
  mustSucceed('npm ci --omit=dev', install);
  mustSucceed('tsc -p tsconfig.build.json', build);
  buildOutputs = {
    '/prod/node_modules': join(tmp, 'prod', 'node_modules'),
    '/src/dist/src': join(tmp, 'build', 'dist', 'src'),
  };

  // runtime stage: its COPY lines, in order.
  for (const copy of copies(runtime)) for (const source of copy.sources) copyIntoImage(copy, source);
  appBefore = snapshot(app);
}, 180_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('Dockerfile', () => {
  it('builds on the pinned Node 20 slim image in every stage', () => {
    expect(dockerfile.stages.map((s) => s.name)).toEqual(['build', 'runtime']);
    for (const stage of dockerfile.stages) expect(stage.from).toBe('node:20.20-bookworm-slim');
  });

  it('runs as a numeric non-root user, production mode, /tmp for temporary files, no HEALTHCHECK', () => {
    const user = last(runtime, 'USER') ?? '';
    expect(user).toMatch(/^\d+(:\d+)?$/);
    expect(Number(user.split(':')[0])).toBeGreaterThan(0);
    expect(envOf(runtime)).toMatchObject({ NODE_ENV: 'production', TMPDIR: '/tmp' });
    expect(last(runtime, 'HEALTHCHECK')).toBeUndefined();
    expect(JSON.parse(last(runtime, 'ENTRYPOINT') ?? 'null')).toEqual(['node', '/app/dist/src/cli/bin.js']);
    expect(JSON.parse(last(runtime, 'CMD') ?? 'null')).toEqual(['run']);
  });

  it('exposes the default --metrics-bind-address port', () => {
    const defaultBind = RUN_FLAGS.find((f) => f.flag === 'metrics-bind-address')?.default ?? '';
    expect(last(runtime, 'EXPOSE')).toBe(defaultBind.split(':').pop());
  });

  it("has OCI labels; the version defaults to package.json's", () => {
    const labels = runtime.instructions
      .filter((i) => i.keyword === 'LABEL')
      .map((i) => i.args)
      .join(' ');
    for (const key of ['title', 'description', 'source', 'licenses', 'version'])
      expect(labels).toContain(`org.opencontainers.image.${key}=`);
    const versionArg = runtime.instructions.find((i) => i.keyword === 'ARG' && i.args.startsWith('VERSION='));
    expect(versionArg?.args).toBe(`VERSION=${pkg.version}`);
  });

  it('copies only sources that exist and that .dockerignore lets into the build context', () => {
    const contextSources = dockerfile.stages
      .flatMap((s) => copies(s))
      .filter((c) => c.from === undefined)
      .flatMap((c) => c.sources);
    expect(contextSources.length).toBeGreaterThan(0);
    for (const source of contextSources) {
      expect({ source, exists: existsSync(join(root, source)) }).toEqual({ source, exists: true });
      expect({ source, ignored: isIgnored(source, ignoreRules) }).toEqual({ source, ignored: false });
    }
    for (const excluded of [
      'node_modules/x',
      'dist/src/main.js',
      '.run/x',
      '.git/HEAD',
      'test/unit/esm.spec.ts',
      'coverage/x',
      'bench/results/x.json',
      'src/a.spec.ts',
    ]) {
      expect({ excluded, ignored: isIgnored(excluded, ignoreRules) }).toEqual({ excluded, ignored: true });
    }
  });

  it('its ENTRYPOINT script is where the runtime stage puts it', () => {
    const script = (JSON.parse(last(runtime, 'ENTRYPOINT') ?? '[]') as string[])[1] ?? '';
    expect(existsSync(inImage(script))).toBe(true);
  });
});

describe('the runtime stage, run from its own folder', () => {
  const bin = (): string => inImage('dist/src/cli/bin.js');
  const childEnv = (): NodeJS.ProcessEnv => ({
    PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
    HOME: home,
    TMPDIR: tmpDir,
    NODE_ENV: 'production',
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_EC2_METADATA_DISABLED: 'true',
  });

  it('holds every production dependency and no dev dependency', () => {
    for (const name of Object.keys(pkg.dependencies))
      expect({ name, resolvable: resolvableFrom(join(app, 'dist/src/cli'), name) }).toEqual({ name, resolvable: true });
    expect(devOnly).toEqual(expect.arrayContaining(['typescript', 'jest', 'tsx', 'eslint']));
    for (const name of devOnly)
      expect({ name, resolvable: resolvableFrom(join(app, 'dist/src/cli'), name) }).toEqual({
        name,
        resolvable: false,
      });
    expect(existsSync(join(app, 'crds', 'gmsacredentialspecs.ecsgmsa.io.yaml'))).toBe(true);
    expect(readdirSync(join(app, 'dist', 'src')).sort()).toEqual(
      expect.arrayContaining(['cli', 'controllers', 'main.js']),
    );
  });

  it('--help exits 0 and offers exactly run, render and validate (the sandbox is a source-checkout tool)', async () => {
    const ran = await run(process.execPath, [bin(), '--help'], { cwd: app, env: childEnv(), timeoutMs: 30_000 });
    expect(ran.code).toBe(0);
    const commands = [...ran.stdout.matchAll(/^ {2}(\w+) /gm)].map((m) => m[1]).filter((c) => c !== 'help');
    expect(commands.sort()).toEqual(['render', 'run', 'validate']);
    const sandbox = await run(process.execPath, [bin(), 'sandbox'], { cwd: app, env: childEnv(), timeoutMs: 30_000 });
    expect({ code: sandbox.code, unknownCommand: /unknown command 'sandbox'/.test(sandbox.stderr) }).toEqual({
      code: 2,
      unknownCommand: true,
    });
  });

  it('validate -f examples/ exits 0', async () => {
    const ran = await run(
      process.execPath,
      [
        bin(),
        'validate',
        '-f',
        join(root, 'examples'),
        '--s3-bucket',
        'ecsgmsa-example-credspecs',
        '--directory-domain',
        'corp.example.com',
        '--directory-server',
        'ldaps://dc1.corp.example.com',
      ],
      { cwd: app, env: childEnv(), timeoutMs: 30_000 },
    );
    expect({ code: ran.code, stderr: ran.stderr }).toEqual({ code: 0, stderr: '' });
    expect(ran.stdout).toMatch(/\b0 errors\b/);
  });

  describe('run', () => {
    let child: ChildProcess | undefined;
    let output = '';

    afterAll(() => {
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });

    it('becomes ready, stores a CredSpec, and exits 0 within 15 s of SIGTERM', async () => {
      const http = new KubeHttp(testEnv().kubeConfig());
      await installOurCrds(http);
      await resetAws();
      const ns = await freshNamespace(http, 'image');
      const [port] = await freePorts(1);
      const args = [
        'run',
        '--kubeconfig',
        testEnv().kubeconfigPath,
        '--aws-endpoint-url',
        testEnv().awsEndpoint,
        '--region',
        'us-east-1',
        '--metrics-bind-address',
        `127.0.0.1:${port}`,
        '--namespace',
        ns,
        '--cluster-name',
        'image-test',
      ];
      const proc = spawn(process.execPath, [bin(), ...args], {
        cwd: app,
        env: childEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = proc;
      proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
      proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        proc.once('exit', (code, signal) => resolve({ code, signal })),
      );

      await eventually(
        async () => ((await opsGet(port!, '/readyz'))?.status === 200 ? true : undefined),
        60_000,
        `/readyz 200 (output so far:\n${output})`,
      );

      const credSpec = {
        apiVersion: 'ecsgmsa.io/v1alpha1',
        kind: 'GmsaCredentialSpec',
        metadata: { name: 'image01', namespace: ns },
        spec: {
          hostOs: 'Linux',
          account: 'Image01',
          domain: {
            dnsName: 'contoso.com',
            netBiosName: 'contoso',
            sid: 'S-1-5-21-2554468230-2647958158-2204241789',
            guid: '8665abd4-e947-4dd0-9a51-f8254943c90b',
          },
          storage: { ssm: { parameterName: `/gmsa/${ns}/image01/credspec` } },
        },
      };
      await create(http, credSpec);
      type Cr = { status?: { conditions?: { type: string; status: string }[]; credentialSpecArn?: string } };
      const ready = await eventually(
        async () => {
          const cr = await http.request<Cr>({
            method: 'GET',
            path: `/apis/ecsgmsa.io/v1alpha1/namespaces/${ns}/gmsacredentialspecs/image01`,
          });
          return cr.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? cr : undefined;
        },
        30_000,
        `image01 Ready (output so far:\n${output})`,
      );
      expect(ready.status?.credentialSpecArn).toMatch(
        new RegExp(`^arn:aws:ssm:us-east-1:\\d{12}:parameter/gmsa/${ns}/image01/credspec$`),
      );

      const termAt = Date.now();
      proc.kill('SIGTERM');
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 15_000).unref());
      const result = await Promise.race([exited, timeout]);
      expect({ result, elapsedUnder15s: Date.now() - termAt < 15_000 }).toEqual({
        result: { code: 0, signal: null },
        elapsedUnder15s: true,
      });
    });

    it('wrote nothing into the image folder or HOME (a read-only root filesystem suffices)', () => {
      expect(snapshot(app)).toEqual(appBefore);
      expect(readdirSync(home)).toEqual([]);
    });
  });
});
