// Waiting for the operator's own AWS rate limit, end to end: the `run` process with a slow
// RegisterTaskDefinition limit, AWS traffic through the recording proxy.
import { KubeHttp } from '../../../src/kube/http.js';
import { resetAws, testEnv } from '../../env/connect.js';
import { create, eventually, freshNamespace, installOurCrds } from '../../support/kube.js';
import { startOperator, type RunningOperator } from '../../support/operator.js';

const SID = 'S-1-5-21-2554468230-2647958158-2204241789';
const GUID = '8665abd4-e947-4dd0-9a51-f8254943c90b';
const TASKS = 4;

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
}
interface Obj {
  metadata: { name: string };
  status?: { conditions?: Condition[] };
}

let http: KubeHttp;
let op: RunningOperator;

const path = (ns: string, plural: string): string => `/apis/ecsgmsa.io/v1alpha1/namespaces/${ns}/${plural}`;
const ready = (o: Obj): Condition | undefined => o.status?.conditions?.find((c) => c.type === 'Ready');

type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string };
  spec: unknown;
};

function task(ns: string, i: number): Manifest {
  return {
    apiVersion: 'ecsgmsa.io/v1alpha1',
    kind: 'EcsGmsaTask',
    metadata: { name: `app${i}`, namespace: ns },
    spec: {
      taskDefinition: {
        family: `${ns}_app${i}`,
        executionRoleArn: `arn:aws:iam::123456789012:role/${ns}/exec`,
        requiresCompatibilities: ['EC2'],
        runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' },
        containerDefinitions: [{ name: 'web', image: 'img:1', memory: 512, gmsa: { credentialSpecRef: 'web' } }],
      },
    },
  };
}

function credSpec(ns: string): Manifest {
  return {
    apiVersion: 'ecsgmsa.io/v1alpha1',
    kind: 'GmsaCredentialSpec',
    metadata: { name: 'web', namespace: ns },
    spec: {
      hostOs: 'Windows',
      account: 'WebApp01',
      domain: { dnsName: 'contoso.com', netBiosName: 'contoso', sid: SID, guid: GUID },
      storage: { ssm: { parameterName: `/gmsa/${ns}/web` } },
    },
  };
}

beforeAll(async () => {
  await resetAws();
  http = new KubeHttp(testEnv().kubeConfig());
  await installOurCrds(http);
  op = await startOperator({
    kubeconfigPath: testEnv().kubeconfigPath,
    awsEndpoint: testEnv().awsEndpoint,
    // One registration every 3 s after the first: the tasks queue up for their slots.
    extraArgs: ['--aws-rate-limit', 'ecs.RegisterTaskDefinition=0.33/1', '--resync-period', '1h'],
  });
});

afterAll(async () => {
  await op?.stop();
});

describe('a task waiting for a rate-limit slot', () => {
  it('says AwsRateLimited (API, region, limit, wait) as soon as its CredSpec is Ready, never a stale reason, and registers with one describe', async () => {
    const ns = await freshNamespace(http, 'rlw');
    for (let i = 0; i < TASKS; i++) await create(http, task(ns, i));
    await eventually(
      async () => {
        const list = await http.request<{ items: Obj[] }>({ method: 'GET', path: path(ns, 'ecsgmsatasks') });
        return list.items.length === TASKS && list.items.every((t) => ready(t)?.reason === 'CredentialSpecNotReady')
          ? true
          : undefined;
      },
      30_000,
      'every task waits for its CredSpec',
    );
    await create(http, credSpec(ns));
    await eventually(
      async () => {
        const cs = await http.request<Obj>({ method: 'GET', path: `${path(ns, 'gmsacredentialspecs')}/web` });
        return ready(cs)?.status === 'True' ? true : undefined;
      },
      30_000,
      'CredSpec Ready',
    );
    // Within a few seconds of the CredSpec being Ready, no task still says it waits for it.
    const seen = new Map<string, Set<string>>();
    const messages: string[] = [];
    const started = Date.now();
    for (;;) {
      const list = await http.request<{ items: Obj[] }>({ method: 'GET', path: path(ns, 'ecsgmsatasks') });
      for (const t of list.items) {
        const r = ready(t);
        if (!r) continue;
        seen.set(t.metadata.name, (seen.get(t.metadata.name) ?? new Set()).add(r.reason));
        if (r.reason === 'AwsRateLimited') messages.push(r.message);
        if (Date.now() - started > 4_000) expect(r.reason).not.toBe('CredentialSpecNotReady');
        if (r.reason === 'AwsRateLimited')
          expect(t.status?.conditions?.find((c) => c.type === 'CredentialSpecsResolved')?.status).toBe('True');
      }
      if (list.items.every((t) => ready(t)?.status === 'True')) break;
      expect(Date.now() - started).toBeLessThan(60_000);
      await new Promise((r) => setTimeout(r, 250));
    }
    const rateLimited = [...seen.values()].filter((reasons) => reasons.has('AwsRateLimited')).length;
    expect(rateLimited).toBeGreaterThanOrEqual(TASKS - 2);
    expect(messages[0]).toMatch(
      /^waiting about \d+ s for ecs\.RegisterTaskDefinition in us-east-1: the operator's client-side rate limit is 0\.33\/s \(burst 1\); it proceeds by itself$/,
    );
    // The floor: one describe and one registration per task, the wait repeated nothing.
    for (let i = 0; i < TASKS; i++) {
      const family = `${ns}_app${i}`;
      const calls = op.proxy.calls.filter((c) => c.subject === family);
      expect({ family, describes: calls.filter((c) => c.operation === 'DescribeTaskDefinition').length }).toEqual({
        family,
        describes: 1,
      });
      expect(calls.filter((c) => c.operation === 'RegisterTaskDefinition')).toHaveLength(1);
    }
  });
});
