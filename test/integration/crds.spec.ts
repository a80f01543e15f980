// The CRDs on the real apiserver: they install, every example applies, invalid objects are refused
// with the schema's or CEL rule's message, and `validate` refuses the same objects.
import { EXAMPLE_TENANCY } from '../fixtures/tenancy.js';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { KubeApiError } from '../../src/kube/errors.js';
import { KubeHttp } from '../../src/kube/http.js';
import { renderDocuments } from '../../src/domain/offline/renderDocuments.js';
import { testEnv } from '../env/connect.js';
import { exampleManifests, INVALID_CASES, validCredSpec, validTask, type Manifest } from '../fixtures/manifests.js';
import { create, freshNamespace, installOurCrds } from '../support/kube.js';

const examples = readdirSync(fileURLToPath(new URL('../../examples/', import.meta.url))).filter((f) =>
  f.endsWith('.yaml'),
);
let http: KubeHttp;

beforeAll(async () => {
  http = new KubeHttp(testEnv().kubeConfig());
  await installOurCrds(http);
});

async function rejection(obj: Manifest): Promise<KubeApiError> {
  try {
    await create(http, obj);
  } catch (err: unknown) {
    if (err instanceof KubeApiError) return err;
    throw err;
  }
  throw new Error(`the apiserver accepted ${obj.kind} ${obj.metadata.name}`);
}

describe('CRDs on the apiserver', () => {
  it.each(examples)('%s applies', async (file) => {
    const ns = await freshNamespace(http, 'example');
    for (const manifest of exampleManifests(file, ns)) await create(http, manifest);
    const list = await http.request<{ items: unknown[] }>({
      method: 'GET',
      path: `/apis/ecsgmsa.io/v1alpha1/namespaces/${ns}/gmsacredentialspecs`,
    });
    expect(list.items.length).toBeGreaterThan(0);
  });

  it('fills schema defaults on the server', async () => {
    const ns = await freshNamespace(http, 'defaults');
    const created = await create<{
      spec: {
        deletionPolicy: string;
        domainless: { store: string; recoveryWindowDays: number };
        storage: { ssm: { tier: string } };
      };
    }>(http, validCredSpec(ns));
    expect(created.spec.deletionPolicy).toBe('Delete');
    expect(created.spec.domainless).toMatchObject({ store: 'SecretsManager', recoveryWindowDays: 7 });
    expect(created.spec.storage.ssm.tier).toBe('Standard');
    const task = await create<{ spec: { revisionHistoryLimit: number } }>(http, validTask(ns));
    expect(task.spec.revisionHistoryLimit).toBe(5);
  });

  it('accepts a 15-character gMSA account name (sAMAccountName: 15 plus "$"), and so does validate', async () => {
    const ns = await freshNamespace(http, 'account15');
    const obj = validCredSpec(ns);
    const spec = obj.spec as { account: string; additionalAccounts?: { name: string; scope: string }[] };
    spec.account = 'WebApplication1';
    spec.additionalAccounts = [{ name: 'ReportingSvc001', scope: 'contoso.com' }];
    const created = await create<{ spec: { account: string } }>(http, obj);
    expect(created.spec.account).toBe('WebApplication1');
    const report = renderDocuments([{ file: 'f.yaml', document: 0, value: obj }], {
      accountId: '000000000000',
      region: 'us-east-1',
      clusterName: 'default',
      tenancy: EXAMPLE_TENANCY,
    });
    expect(report.errors).toStrictEqual([]);
  });

  it.each(INVALID_CASES.map((c) => [c.name, c] as const))('refuses %s, and so does validate', async (_name, c) => {
    const ns = await freshNamespace(http, 'invalid');
    const obj = c.build(ns);
    const err = await rejection(obj);
    expect([400, 422]).toContain(err.status);
    expect(err.message).toContain(c.server);
    const docs = obj.kind === 'EcsGmsaTask' ? [validCredSpec(ns), obj] : [obj];
    const report = renderDocuments(
      docs.map((value, document) => ({ file: 'f.yaml', document, value })),
      { accountId: '000000000000', region: 'us-east-1', clusterName: 'default', tenancy: EXAMPLE_TENANCY },
    );
    expect(report.errors.map((e) => e.field)).toContain(c.field);
  });
});
