// Mutated manifests against the real apiserver and the live operator. The oracle is not our validator:
// it is the apiserver's verdict, the AWS state and invariants (no crash, no write for a refused object,
// a message naming a field, nothing stored for others lost or clobbered).
import { EXAMPLE_TENANCY } from '../../fixtures/tenancy.js';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { KubeApiError } from '../../../src/kube/errors.js';
import { KubeHttp } from '../../../src/kube/http.js';
import { renderDocuments } from '../../../src/domain/offline/renderDocuments.js';
import { resetAws, testEnv } from '../../env/connect.js';
import { validCredSpec, type Manifest } from '../../fixtures/manifests.js';
import { mutatedManifest } from '../../fixtures/mutations.js';
import { create, createAdUserSecret, eventually, freshNamespace, installOurCrds } from '../../support/kube.js';
import { opsGet } from '../../support/operatorProcess.js';
import { startOperator, type RunningOperator } from '../../support/operator.js';

let http: KubeHttp;
let op: RunningOperator;
let ssm: SSMClient;

interface Obj {
  metadata: { generation: number };
  status?: {
    observedGeneration?: number;
    conditions?: { type: string; status: string; reason: string; message: string }[];
  };
}

beforeAll(async () => {
  await resetAws();
  http = new KubeHttp(testEnv().kubeConfig());
  await installOurCrds(http);
  ssm = new SSMClient(testEnv().awsClientConfig());
  op = await startOperator({ kubeconfigPath: testEnv().kubeconfigPath, awsEndpoint: testEnv().awsEndpoint });
});

afterAll(async () => {
  await op?.stop();
});

const plural = (m: Manifest): string => (m.kind === 'EcsGmsaTask' ? 'ecsgmsatasks' : 'gmsacredentialspecs');

/** The settled outcome of an accepted object: Ready, or a Stalled/waiting condition. */
async function settle(m: Manifest): Promise<{ status: string; reason: string; message: string }> {
  return eventually(
    async () => {
      const o = await http.request<Obj>({
        method: 'GET',
        path: `/apis/ecsgmsa.io/v1alpha1/namespaces/${m.metadata.namespace ?? ''}/${plural(m)}/${m.metadata.name}`,
      });
      const ready = o.status?.conditions?.find((c) => c.type === 'Ready');
      return o.status?.observedGeneration === o.metadata.generation && ready ? ready : undefined;
    },
    30_000,
    `${m.kind} ${m.metadata.name} settled`,
  );
}

describe('live fuzzing', () => {
  it('accepted objects converge or stall with a field-specific message; refused ones are refused offline too; nothing else is clobbered', async () => {
    const ns = await freshNamespace(http, 'fuzz');
    await createAdUserSecret(
      http,
      { namespace: ns, name: 'webapp01-ad-user' },
      { username: 'u', password: 'fuzz-Pa55' },
    );
    const bystander: Manifest = { ...validCredSpec(ns), metadata: { name: 'bystander', namespace: ns } };
    (bystander.spec as { storage: object }).storage = { ssm: { parameterName: `/gmsa/${ns}/bystander` } };
    (bystander.spec as { domainless?: object }).domainless = undefined;
    await create(http, JSON.parse(JSON.stringify(bystander)) as Manifest);
    const stored = async (): Promise<string | undefined> =>
      (await ssm.send(new GetParameterCommand({ Name: `/gmsa/${ns}/bystander` })).catch(() => undefined))?.Parameter
        ?.Value;
    await eventually(stored, 30_000, 'bystander stored');
    const before = (await ssm.send(new GetParameterCommand({ Name: `/gmsa/${ns}/bystander` }))).Parameter?.Value;

    const samples = fc.sample(
      fc.integer({ min: 0, max: 1e6 }).chain((i) => mutatedManifest(ns, `f${i}`)),
      { numRuns: 40, seed: 2026 },
    );
    const seen = new Set<string>();
    let accepted = 0;
    for (const m of samples) {
      if (seen.has(m.metadata.name)) continue;
      seen.add(m.metadata.name);
      const writesBefore = op.proxy.writes().length;
      const refused = await create(http, JSON.parse(JSON.stringify(m)) as Manifest).then(
        () => undefined,
        (err: unknown) => err,
      );
      if (refused) {
        expect(refused).toBeInstanceOf(KubeApiError);
        const offline = renderDocuments(
          [validCredSpec(ns), m].map((value, document) => ({ file: 'f.yaml', document, value })),
          { accountId: '123456789012', region: 'us-east-1', clusterName: 'default', tenancy: EXAMPLE_TENANCY },
        );
        expect({
          name: m.metadata.name,
          refusedOffline: offline.errors.some((e) => e.name === m.metadata.name),
        }).toStrictEqual({ name: m.metadata.name, refusedOffline: true });
        expect(op.proxy.writes().slice(writesBefore)).toStrictEqual([]);
        continue;
      }
      accepted += 1;
      const ready = await settle(m);
      const namesWhat =
        /spec\.|Secret|GmsaCredentialSpec|already exists|family|ECS|ecs\.|ssm\.|s3\.|secretsmanager\./.test(
          ready.message,
        );
      if (ready.status !== 'True')
        expect({ name: m.metadata.name, message: ready.message, namesWhat }).toMatchObject({
          name: m.metadata.name,
          namesWhat: true,
        });
    }
    // Both paths must have been exercised, or the test proves nothing.
    expect(accepted).toBeGreaterThan(0);
    expect(seen.size - accepted).toBeGreaterThan(0);
    expect((await opsGet(op.port, '/healthz'))?.status).toBe(200);
    expect(op.proc.child.exitCode).toBeNull();
    expect((await ssm.send(new GetParameterCommand({ Name: `/gmsa/${ns}/bystander` }))).Parameter?.Value).toBe(before);
    expect(readFileSync(op.proc.logPath, 'utf8')).not.toContain('fuzz-Pa55');
  });
});
