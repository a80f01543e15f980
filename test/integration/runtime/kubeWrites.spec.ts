// Status writes happen only on change, events are deduplicated, finalizer patches never drop another's.
import { KubeHttp } from '../../../src/kube/http.js';
import { kubeEventRecorder } from '../../../src/kube/events.js';
import { ObjectClient } from '../../../src/kube/objects.js';
import { GMSA_CREDENTIAL_SPEC_PLURAL, GROUP, VERSION } from '../../../src/api/group.js';
import { systemClock } from '../../../src/runtime/clock.js';
import { testEnv } from '../../env/connect.js';
import { validCredSpec } from '../../fixtures/manifests.js';
import { create, freshNamespace, installOurCrds } from '../../support/kube.js';

interface Cr {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; uid: string; resourceVersion: string; finalizers?: string[] };
  status?: unknown;
}

const type = { group: GROUP, version: VERSION, plural: GMSA_CREDENTIAL_SPEC_PLURAL };
let http: KubeHttp;
let client: ObjectClient<Cr>;
const writes: string[] = [];

beforeAll(async () => {
  http = new KubeHttp(testEnv().kubeConfig());
  client = new ObjectClient<Cr>(http, type, (verb) => writes.push(verb));
  await installOurCrds(http);
});

async function fresh(): Promise<Cr> {
  const ns = await freshNamespace(http, 'writes');
  return create<Cr>(http, validCredSpec(ns));
}

describe('Kubernetes writes', () => {
  it('writes status through the subresource only when it changed', async () => {
    const cr = await fresh();
    const status = {
      observedGeneration: 1,
      conditions: [
        {
          type: 'Ready',
          status: 'False',
          reason: 'Progressing',
          message: 'x',
          lastTransitionTime: '2026-01-01T00:00:00Z',
        },
      ],
    };
    expect(await client.writeStatus(cr, status)).toBe(true);
    const after = await client.get(cr.metadata.namespace, cr.metadata.name);
    expect(after?.status).toStrictEqual(status);
    expect(await client.writeStatus(after!, structuredClone(status))).toBe(false);
    const again = await client.get(cr.metadata.namespace, cr.metadata.name);
    expect(again?.metadata.resourceVersion).toBe(after?.metadata.resourceVersion);
  });

  it("adds and removes our finalizer without dropping another controller's", async () => {
    const cr = await fresh();
    await client.addFinalizer(cr, 'other.io/keep');
    const withOther = (await client.get(cr.metadata.namespace, cr.metadata.name))!;
    await client.addFinalizer(withOther, 'ecsgmsa.io/cleanup');
    const both = (await client.get(cr.metadata.namespace, cr.metadata.name))!;
    expect(both.metadata.finalizers).toStrictEqual(['other.io/keep', 'ecsgmsa.io/cleanup']);
    // Another controller reorders the list after we read it: our guarded patch must fail, not remove theirs.
    await http.request({
      method: 'PATCH',
      path: `/apis/${GROUP}/${VERSION}/namespaces/${cr.metadata.namespace}/${GMSA_CREDENTIAL_SPEC_PLURAL}/${cr.metadata.name}`,
      contentType: 'application/merge-patch+json',
      body: { metadata: { finalizers: ['ecsgmsa.io/cleanup', 'other.io/keep'] } },
    });
    await expect(client.removeFinalizer(both, 'ecsgmsa.io/cleanup')).rejects.toMatchObject({ status: 422 });
    const current = (await client.get(cr.metadata.namespace, cr.metadata.name))!;
    await client.removeFinalizer(current, 'ecsgmsa.io/cleanup');
    expect((await client.get(cr.metadata.namespace, cr.metadata.name))?.metadata.finalizers).toStrictEqual([
      'other.io/keep',
    ]);
  });

  it('deduplicates identical events and keeps distinct ones', async () => {
    const cr = await fresh();
    const recorder = kubeEventRecorder({ http, clock: systemClock, instance: 'test' });
    await recorder.record(cr, 'Normal', 'CredentialSpecStored', 'stored in SSM');
    await recorder.record(cr, 'Normal', 'CredentialSpecStored', 'stored in SSM');
    await recorder.record(cr, 'Warning', 'AwsError', 'throttled');
    const events = await http.request<{ items: { reason: string; type: string; regarding: { uid: string } }[] }>({
      method: 'GET',
      path: `/apis/events.k8s.io/v1/namespaces/${cr.metadata.namespace}/events`,
    });
    expect(events.items.map((e) => `${e.type}/${e.reason}`).sort()).toStrictEqual([
      'Normal/CredentialSpecStored',
      'Warning/AwsError',
    ]);
    expect(events.items.every((e) => e.regarding.uid === cr.metadata.uid)).toBe(true);
  });
});
