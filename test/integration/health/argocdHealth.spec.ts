// The Argo CD health scripts (deploy/argocd/*.lua) under a real Lua 5.1 interpreter, over every
// status the operator reports (test/fixtures/status). Needs `lua5.1`: bash devenv/build-health-tools.sh.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadStatusFixtures, type StatusFixture } from '../../fixtures/status/index.js';
import { luaString, toLuaLiteral } from './luaLiteral.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const runner = fileURLToPath(new URL('./runHealthScript.lua', import.meta.url));
const scripts: Record<StatusFixture['kind'], string> = {
  GmsaCredentialSpec: `${repo}deploy/argocd/health.lua`,
  EcsGmsaTask: `${repo}deploy/argocd/health.lua`,
};

const ref = 'credentialspecdomainless:arn:aws:ssm:us-east-1:111122223333:parameter/gmsa/webapp01/credspec';
const suspended = 'Suspended|ecsgmsa.io/suspend is "true": no AWS writes until it is removed';
const deniedBy = (op: string, action: string): string =>
  `Degraded|AccessDenied: ${op}: AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/ecs-gmsa-operator/i-0abc is not authorized to perform: ${action}: grant the operator's IAM role this permission; re-checked periodically`;

/** Hand-written: what Argo CD must show for each fixture, as `status|message`. */
const expected: Record<string, string> = {
  'gcs-no-status': 'Progressing|Waiting for the operator to observe generation 1',
  'gcs-status-without-observed-generation': 'Progressing|Waiting for the operator to observe generation 1',
  'gcs-observed-generation-behind': 'Progressing|Waiting for the operator to observe generation 4 (observed 3)',
  'gcs-reconciling-secret-not-found': 'Progressing|SecretNotFound: Secret team-a/webapp01-ad-user not found; waiting for it',
  'gcs-reconciling-aws-retrying': 'Progressing|AwsRetrying: ssm.PutParameter: ThrottlingException: Rate exceeded',
  'gcs-ready': `Healthy|CredSpec available as ${ref}`,
  'gcs-ready-old-generation': 'Progressing|Waiting for the operator to observe generation 3 (observed 2)',
  'gcs-ready-condition-stale': 'Progressing|Ready condition is from generation 2, waiting for generation 3',
  'gcs-ready-false-without-reconciling': 'Progressing|Progressing: storing the CredSpec',
  'gcs-stalled-validation-failed': "Degraded|ValidationFailed: spec.domain.sid: must be a domain SID (S-1-5-21-x-y-z), got 'S-1-5-21-2554468230'",
  'gcs-stalled-already-exists':
    'Degraded|AlreadyExists: SSM parameter /gmsa/webapp01/credspec already exists and is not managed by this GmsaCredentialSpec; annotate it ecsgmsa.io/adopt: "true" to take it over, or choose another name',
  'gcs-stalled-access-denied': deniedBy('ssm.PutParameter', 'ssm:PutParameter'),
  'gcs-suspended': suspended,
  'gcs-deletion-blocked': 'Progressing|Pending deletion: DeletionBlocked: still referenced by EcsGmsaTask webapp; deletion waits until no task references it',
  'egt-no-status': 'Progressing|Waiting for the operator to observe generation 1',
  'egt-observed-generation-behind': 'Progressing|Waiting for the operator to observe generation 5 (observed 4)',
  'egt-reconciling-credspec-not-ready': 'Progressing|CredentialSpecNotReady: GmsaCredentialSpec not Ready: webapp01 (namespace team-a); waiting',
  'egt-reconciling-aws-retrying': 'Progressing|AwsRetrying: ecs.RegisterTaskDefinition: ThrottlingException: Rate exceeded',
  'egt-ready': 'Healthy|arn:aws:ecs:us-east-1:111122223333:task-definition/webapp:3 registered',
  'egt-ready-old-generation': 'Progressing|Waiting for the operator to observe generation 4 (observed 3)',
  'egt-stalled-validation-failed':
    'Degraded|ValidationFailed: spec.taskDefinition.containerDefinitions[0].gmsa: requires spec.taskDefinition.runtimePlatform.operatingSystemFamily',
  'egt-stalled-family-conflict': 'Degraded|FamilyConflict: family webapp in us-east-1 belongs to EcsGmsaTask team-b/webapp; choose another family',
  'egt-stalled-access-denied': deniedBy('ecs.RegisterTaskDefinition', 'ecs:RegisterTaskDefinition'),
  'egt-suspended': suspended,
  'egt-deleting': 'Progressing|Pending deletion',
};

/** `status|message` from running `script` on `object` (stdout without its final newline). */
function runHealth(script: string, object: unknown): string {
  const result = spawnSync('lua5.1', [runner, script], { input: toLuaLiteral(object), encoding: 'utf8' });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`lua5.1 exited ${String(result.status)}: ${result.stderr}`);
  return result.stdout.replace(/\n$/, '');
}

const fixtures = loadStatusFixtures();

beforeAll(() => {
  try {
    execFileSync('lua5.1', ['-v'], { stdio: 'pipe' });
  } catch {
    throw new Error('lua5.1 is not installed: run `bash devenv/build-health-tools.sh` (installs the Debian package lua5.1)');
  }
});

describe('Argo CD health scripts under Lua 5.1', () => {
  it('has an expectation for every fixture and a fixture for every expectation', () => {
    expect(fixtures.map((f) => f.name).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(fixtures.map((f) => [f.name, f] as const))('%s', (name, fixture) => {
    expect(runHealth(scripts[fixture.kind], fixture.object)).toBe(expected[name]);
  });

  it('the two scripts differ only in their first (header) line', () => {
    const [gcs, egt] = [scripts.GmsaCredentialSpec, scripts.EcsGmsaTask].map((p) => readFileSync(p, 'utf8').split('\n'));
    expect(gcs?.[0]).toContain('ecsgmsa.io/GmsaCredentialSpec');
    expect(egt?.[0]).toContain('ecsgmsa.io/EcsGmsaTask');
    expect(gcs?.slice(1)).toEqual(egt?.slice(1));
  });

  describe('states the operator does not write but a script must survive', () => {
    const ready = fixtures.find((f) => f.name === 'egt-ready');
    const base = (): Record<string, unknown> & { metadata: Record<string, unknown>; status: Record<string, unknown> } =>
      structuredClone(ready?.object) as never;

    it('no Ready condition yet at the current generation', () => {
      const obj = base();
      obj.status.conditions = [];
      expect(runHealth(scripts.EcsGmsaTask, obj)).toBe('Progressing|Waiting for the Ready condition');
    });

    it('Ready=Unknown', () => {
      const obj = base();
      obj.status.conditions = [{ type: 'Ready', status: 'Unknown', reason: 'Progressing', message: '', lastTransitionTime: '2025-06-01T10:00:00Z' }];
      expect(runHealth(scripts.EcsGmsaTask, obj)).toBe('Progressing|Waiting for the Ready condition');
    });

    it('Ready=True without observedGeneration on the condition and with an empty message', () => {
      const obj = base();
      obj.status.conditions = [{ type: 'Ready', status: 'True', reason: 'Ready', message: '', lastTransitionTime: '2025-06-01T10:00:00Z' }];
      expect(runHealth(scripts.EcsGmsaTask, obj)).toBe('Healthy|Ready');
    });

    it('Stalled without a message or reason', () => {
      const obj = base();
      obj.status.conditions = [{ type: 'Ready', status: 'False', reason: 'X', message: 'm' }, { type: 'Stalled', status: 'True' }];
      expect(runHealth(scripts.EcsGmsaTask, obj)).toBe('Degraded|Stalled');
    });

    it('no metadata.generation and no status', () => {
      expect(runHealth(scripts.GmsaCredentialSpec, { apiVersion: 'ecsgmsa.io/v1alpha1', kind: 'GmsaCredentialSpec', metadata: { name: 'x' } })).toBe(
        'Progressing|Waiting for the operator to report status',
      );
    });
  });
});

describe('JSON to Lua literal', () => {
  it('round-trips strings with quotes, escapes, control bytes and UTF-8 through lua5.1', () => {
    const tricky = 'a"b\\c\nd\re\tf\u0000g\u00011h\u007f é ✓ ]]';
    const echo = 'local o = loadstring("return " .. io.read("*a"))(); io.write(o.s, "|", tostring(o.n), "|", tostring(o.f), "|", #o.a, "|", tostring(o.b), "|", tostring(o.gone))';
    const out = execFileSync('lua5.1', ['-e', echo], { input: toLuaLiteral({ s: tricky, n: -3, f: 1.5, a: [1, 'x', {}], b: false, gone: null }) });
    expect(out.toString('utf8')).toBe(`${tricky}|-3|1.5|3|false|nil`);
  });

  it('refuses what Lua cannot hold', () => {
    expect(() => toLuaLiteral([1, null])).toThrow('$[1]: null inside an array');
    expect(() => toLuaLiteral({ n: Number.NaN })).toThrow('cannot express NaN');
    expect(luaString('1\u00012')).toBe('"1\\0012"');
  });
});
