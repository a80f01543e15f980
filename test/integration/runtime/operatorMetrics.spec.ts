// The metrics the alerts and the dashboard read, from the real `run` process: objects by condition counted
// from the caches at scrape time (leader and standby alike), the age of the last successful reconcile
// (leader only), and the standby's leader_election_master_status 0.
import { KubeHttp } from '../../../src/kube/http.js';
import { resetAws, testEnv } from '../../env/connect.js';
import { create, eventually, freshNamespace, installOurCrds } from '../../support/kube.js';
import { startOperator, type RunningOperator } from '../../support/operator.js';
import { opsGet } from '../../support/operatorProcess.js';

const SID = 'S-1-5-21-2554468230-2647958158-2204241789';
const GUID = '8665abd4-e947-4dd0-9a51-f8254943c90b';

let http: KubeHttp;
let ns: string;
const replicas: RunningOperator[] = [];

function credSpec(
  name: string,
  spec: Record<string, unknown>,
): { apiVersion: string; kind: string; metadata: { name: string; namespace: string }; spec: Record<string, unknown> } {
  return {
    apiVersion: 'ecsgmsa.io/v1alpha1',
    kind: 'GmsaCredentialSpec',
    metadata: { name, namespace: ns },
    spec: {
      hostOs: 'Windows',
      account: 'WebApp01',
      domain: { dnsName: 'contoso.com', netBiosName: 'contoso', sid: SID, guid: GUID },
      ...spec,
    },
  };
}

/** The value of one sample of the exposition text, undefined when absent. */
async function sample(op: RunningOperator, series: string): Promise<number | undefined> {
  const text = (await opsGet(op.port, '/metrics'))?.text ?? '';
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const objects = (kind: string, condition: string, status: string): string =>
  `ecsgmsa_objects{kind="${kind}",condition="${condition}",status="${status}"}`;
const leaderSeries = 'leader_election_master_status{name="ecs-gmsa-operator"}';

beforeAll(async () => {
  await resetAws();
  http = new KubeHttp(testEnv().kubeConfig());
  await installOurCrds(http);
  ns = await freshNamespace(http, 'opmetrics');
  // Two replicas watching only this namespace (the shared apiserver holds other files' objects).
  for (let i = 0; i < 2; i++) {
    replicas.push(
      await startOperator({
        kubeconfigPath: testEnv().kubeconfigPath,
        awsEndpoint: testEnv().awsEndpoint,
        extraArgs: ['--namespace', ns, '--leader-elect', '--leader-election-namespace', ns],
      }),
    );
  }
  await create(http, credSpec('ready', { storage: { ssm: { parameterName: `/gmsa/${ns}/ready` } } }));
  await create(http, credSpec('stalled', { storage: { s3: { bucket: '192.168.5.4', key: 'x.json' } } }));
  await create(
    http,
    credSpec('waiting', {
      storage: { ssm: { parameterName: `/gmsa/${ns}/waiting` } },
      domainless: {
        credentialsSecretRef: { name: 'not-there-yet' },
        store: 'SecretsManager',
        name: `gmsa/${ns}/waiting`,
      },
    }),
  );
});

afterAll(async () => {
  await Promise.all(replicas.map((r) => r.stop()));
});

describe('operator metrics', () => {
  it('one replica leads (1), the other stands by (0)', async () => {
    const states = await eventually(
      async () => {
        const values = await Promise.all(replicas.map((r) => sample(r, leaderSeries)));
        return values.includes(1) && values.includes(0) ? values : undefined;
      },
      30_000,
      'a leader and a standby',
    );
    expect([...states].sort()).toStrictEqual([0, 1]);
  });

  it('counts the objects by Ready, Stalled and Reconciling, the same on the leader and the standby', async () => {
    const expected: [string, number][] = [
      [objects('GmsaCredentialSpec', 'Ready', 'True'), 1],
      [objects('GmsaCredentialSpec', 'Ready', 'False'), 2],
      [objects('GmsaCredentialSpec', 'Ready', 'Unknown'), 0],
      [objects('GmsaCredentialSpec', 'Stalled', 'True'), 1],
      [objects('GmsaCredentialSpec', 'Stalled', 'False'), 2],
      [objects('GmsaCredentialSpec', 'Reconciling', 'True'), 1],
      [objects('EcsGmsaTask', 'Ready', 'Unknown'), 0],
    ];
    for (const op of replicas) {
      const seen = await eventually(
        async () => {
          const values = await Promise.all(
            expected.map(async ([series]): Promise<[string, number | undefined]> => [series, await sample(op, series)]),
          );
          return JSON.stringify(values) === JSON.stringify(expected) ? values : undefined;
        },
        60_000,
        `the counts on replica :${op.port} (log: ${op.proc.logPath})`,
      ).catch(async (err: unknown) => {
        const text = (await opsGet(op.port, '/metrics'))?.text ?? '';
        throw new Error(
          `${err instanceof Error ? err.message : String(err)}\n${text
            .split('\n')
            .filter((l) => l.startsWith('ecsgmsa_objects'))
            .join('\n')}`,
        );
      });
      expect(seen).toStrictEqual(expected);
    }
  });

  it('reports the age of the last successful reconcile on the leader only, no object names in any label', async () => {
    const leader = await eventually(
      async () => {
        const values = await Promise.all(replicas.map((r) => sample(r, leaderSeries)));
        return replicas[values.indexOf(1)];
      },
      30_000,
      'the leader',
    );
    const standby = replicas.find((r) => r !== leader)!;
    const age = await eventually(
      () => sample(leader, 'ecsgmsa_last_successful_reconcile_age_seconds{controller="gmsacredentialspec"}'),
      30_000,
      'an age on the leader',
    );
    expect(age).toBeGreaterThanOrEqual(0);
    expect(age).toBeLessThan(120);
    expect(
      await sample(standby, 'ecsgmsa_last_successful_reconcile_age_seconds{controller="gmsacredentialspec"}'),
    ).toBeUndefined();
    for (const op of replicas) {
      const text = (await opsGet(op.port, '/metrics'))?.text ?? '';
      for (const name of ['ready', 'stalled', 'waiting', ns]) expect(text).not.toMatch(new RegExp(`="${name}"`));
    }
  });
});
