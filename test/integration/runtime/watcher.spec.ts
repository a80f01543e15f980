// The watcher against a real apiserver: events, recovery after an apiserver restart, relist on 410.
import { KubeHttp } from '../../../src/kube/http.js';
import { apiListWatch } from '../../../src/kube/listWatch.js';
import { CONFIG_MAPS } from '../../../src/kube/resources.js';
import { systemClock } from '../../../src/runtime/clock.js';
import type { ListWatch } from '../../../src/runtime/listWatch.js';
import { slimForCache } from '../../../src/runtime/cacheTransforms.js';
import { Watcher, type ChangeType } from '../../../src/runtime/watcher.js';
import { startEnv, type TestEnv } from '../../../devenv/index.js';
import { eventually, freshNamespace } from '../../support/kube.js';

interface ConfigMap {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; resourceVersion?: string; managedFields?: unknown };
  data?: Record<string, string>;
}

const quiet = { info: () => undefined, warn: () => undefined, debug: () => undefined };

function watcherFor(listWatch: ListWatch<ConfigMap>, timeoutSeconds = 300) {
  const seen: string[] = [];
  const watcher = new Watcher<ConfigMap>({
    name: 'cm',
    listWatch,
    clock: systemClock,
    log: quiet,
    transform: slimForCache,
    timeoutSeconds,
    backoffMs: { base: 100, max: 1000 },
  });
  watcher.onChange((type: ChangeType, obj) => seen.push(`${type}:${obj.metadata.name}:${obj.data?.v ?? ''}`));
  void watcher.run();
  return { watcher, seen };
}

async function putConfigMap(http: KubeHttp, ns: string, name: string, v: string): Promise<void> {
  const path = `/api/v1/namespaces/${ns}/configmaps`;
  const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data: { v } };
  try {
    await http.request({ method: 'POST', path, body });
  } catch {
    await http.request({
      method: 'PATCH',
      path: `${path}/${name}`,
      contentType: 'application/merge-patch+json',
      body: { data: { v } },
    });
  }
}

const sawValue = (seen: string[], entry: string) => () => Promise.resolve(seen.includes(entry) ? true : undefined);

describe('Watcher on the real apiserver', () => {
  let env: TestEnv;
  let http: KubeHttp;

  beforeAll(async () => {
    env = await startEnv({ watchCache: false });
    http = new KubeHttp(env.kubeConfig());
  });

  afterAll(async () => {
    await env?.stop();
  });

  it('syncs, sees adds, updates and deletes, and caches without managedFields', async () => {
    const ns = await freshNamespace(http, 'watch');
    await putConfigMap(http, ns, 'before', '1');
    const { watcher, seen } = watcherFor(apiListWatch<ConfigMap>(http, { type: CONFIG_MAPS, namespace: ns }));
    await watcher.waitForSync();
    expect(watcher.store.get(`${ns}/before`)?.metadata).not.toHaveProperty('managedFields');
    await putConfigMap(http, ns, 'after', '1');
    await putConfigMap(http, ns, 'after', '2');
    await http.request({ method: 'DELETE', path: `/api/v1/namespaces/${ns}/configmaps/before` });
    await eventually(sawValue(seen, 'deleted:before:1'));
    expect(seen).toStrictEqual(['added:before:1', 'added:after:1', 'updated:after:2', 'deleted:before:1']);
    watcher.stop();
  });

  it('transforms each page of a paginated list as it arrives and returns every object', async () => {
    const ns = await freshNamespace(http, 'pages');
    for (const name of ['a', 'b', 'c', 'd', 'e']) await putConfigMap(http, ns, name, name);
    const listWatch = apiListWatch<ConfigMap>(http, { type: CONFIG_MAPS, namespace: ns, pageSize: 2 });
    let transformed = 0;
    const { items } = await listWatch.list({
      transform: (obj) => {
        transformed += 1;
        return slimForCache(obj);
      },
    });
    expect(items.map((cm) => cm.metadata.name)).toStrictEqual(['a', 'b', 'c', 'd', 'e']);
    expect(transformed).toBe(5);
    for (const cm of items) expect(cm.metadata).not.toHaveProperty('managedFields');
  });

  it('recovers after the apiserver process restarts, without losing an update', async () => {
    const ns = await freshNamespace(http, 'restart');
    const { watcher, seen } = watcherFor(apiListWatch<ConfigMap>(http, { type: CONFIG_MAPS, namespace: ns }));
    await watcher.waitForSync();
    await putConfigMap(http, ns, 'cm', 'before-restart');
    await eventually(sawValue(seen, 'added:cm:before-restart'));
    await env.restartApiServer();
    await putConfigMap(http, ns, 'cm', 'after-restart');
    await eventually(sawValue(seen, 'updated:cm:after-restart'), 60_000, 'the update made after the restart');
    watcher.stop();
  });

  it('relists after 410 Gone (history compacted) and still delivers the update', async () => {
    const ns = await freshNamespace(http, 'gone');
    const inner = apiListWatch<ConfigMap>(http, { type: CONFIG_MAPS, namespace: ns });
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let watches = 0;
    // Hold the first watch back until the history it would start from has been compacted away.
    const delayed: ListWatch<ConfigMap> = {
      list: (options) => inner.list(options),
      watch: async (request) => {
        if (watches++ === 0) await held;
        return await inner.watch(request);
      },
    };
    await putConfigMap(http, ns, 'cm', 'old');
    const { watcher, seen } = watcherFor(delayed);
    await watcher.waitForSync();
    await putConfigMap(http, ns, 'cm', 'new');
    await putConfigMap(http, ns, 'other', 'x');
    await compactEtcd(env.etcdEndpoint);
    release();
    await eventually(sawValue(seen, 'updated:cm:new'), 30_000, 'the update hidden by compaction');
    expect(watches).toBeGreaterThanOrEqual(2);
    watcher.stop();
  });
});

/** Compacts etcd's whole history through its gRPC gateway. */
async function compactEtcd(endpoint: string): Promise<void> {
  const range = await fetch(`${endpoint}/v3/kv/range`, {
    method: 'POST',
    body: JSON.stringify({ key: Buffer.from('/').toString('base64') }),
  });
  const { header } = (await range.json()) as { header: { revision: string } };
  const res = await fetch(`${endpoint}/v3/kv/compaction`, {
    method: 'POST',
    body: JSON.stringify({ revision: header.revision, physical: true }),
  });
  if (!res.ok) throw new Error(`etcd compaction failed: ${res.status} ${await res.text()}`);
}
