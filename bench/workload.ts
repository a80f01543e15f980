// The benchmark's objects: N GmsaCredentialSpecs (mixed storage kinds, half domainless) and N EcsGmsaTasks.

export const BENCH_BUCKET = 'bench-credspecs';
const SID = 'S-1-5-21-2554468230-2647958158-2204241789';
const GUID = '8665abd4-e947-4dd0-9a51-f8254943c90b';

export interface Workload {
  namespaces: string[];
  secrets: object[];
  credSpecs: object[];
  tasks: object[];
}

/** Kind of storage and identity of CredSpec `i`: SSM / S3 / localFile in turn, every other one domainless. */
export function shapeOf(i: number): {
  storage: 'ssm' | 's3' | 'localFile';
  domainless: boolean;
  hostOs: 'Windows' | 'Linux';
} {
  const storage = (['ssm', 's3', 'localFile'] as const)[i % 3] ?? 'ssm';
  const domainless = i % 2 === 0;
  const hostOs = storage === 'localFile' || i % 4 === 1 ? 'Windows' : 'Linux';
  return { storage, domainless, hostOs };
}

function storageSpec(kind: 'ssm' | 's3' | 'localFile', ns: string, name: string): object {
  if (kind === 'ssm') return { ssm: { parameterName: `/gmsa/${ns}/${name}` } };
  if (kind === 's3') return { s3: { bucket: BENCH_BUCKET, key: `gmsa/${ns}/${name}.json` } };
  return { localFile: { path: `bench\\${name}.json` } };
}

/** The objects for `n` CredSpecs and `tasks` tasks, spread over namespaces of at most 500 objects. */
export function workload(n: number, tasks: number): Workload {
  const perNs = 500;
  const namespaces = Array.from({ length: Math.max(1, Math.ceil(n / perNs)) }, (_, i) => `bench-${i}`);
  const out: Workload = { namespaces, secrets: [], credSpecs: [], tasks: [] };
  for (let i = 0; i < n; i++) {
    const ns = namespaces[Math.floor(i / perNs)] ?? 'bench-0';
    const name = `id${i}`;
    const shape = shapeOf(i);
    const domainless = shape.domainless
      ? { domainless: { credentialsSecretRef: { name: `${name}-user` }, name: `gmsa/${ns}/${name}` } }
      : {};
    if (shape.domainless)
      out.secrets.push({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: `${name}-user`, namespace: ns },
        stringData: { username: `svc-${i}`, password: `bench-Pa55-${i}`, domainName: 'contoso.com' },
      });
    out.credSpecs.push({
      apiVersion: 'ecsgmsa.io/v1alpha1',
      kind: 'GmsaCredentialSpec',
      metadata: { name, namespace: ns },
      spec: {
        hostOs: shape.hostOs,
        account: `Acct${i}`.slice(0, 14),
        domain: { dnsName: 'contoso.com', netBiosName: 'contoso', sid: SID, guid: GUID },
        storage: storageSpec(shape.storage, ns, name),
        ...domainless,
      },
    });
  }
  for (let i = 0; i < tasks; i++)
    out.tasks.push(task(i % n, i, namespaces[Math.floor((i % n) / perNs)] ?? 'bench-0', 'img:1'));
  return out;
}

/** Task `i` referencing CredSpec `ref`, on the OS that CredSpec serves. */
export function task(ref: number, i: number, ns: string, image: string): object {
  const { hostOs } = shapeOf(ref);
  return {
    apiVersion: 'ecsgmsa.io/v1alpha1',
    kind: 'EcsGmsaTask',
    metadata: { name: `task${i}`, namespace: ns },
    spec: {
      taskDefinition: {
        family: `${ns}_task${i}`,
        executionRoleArn: `arn:aws:iam::123456789012:role/${ns}/exec`,
        requiresCompatibilities: ['EC2'],
        runtimePlatform: { operatingSystemFamily: hostOs === 'Windows' ? 'WINDOWS_SERVER_2022_CORE' : 'LINUX' },
        containerDefinitions: [{ name: 'app', image, memory: 256, gmsa: { credentialSpecRef: `id${ref}` } }],
      },
    },
  };
}

/** Service task `i` (family `<ns>_svc<i>`) referencing CredSpec `ref`; with `cluster`, it lists its service `<ns>_svc<i>` there. */
export function serviceTask(ref: number, i: number, ns: string, image: string, cluster?: string): object {
  const base = task(ref, i, ns, image) as { metadata: object; spec: { taskDefinition: Record<string, unknown> } };
  return {
    ...base,
    metadata: { name: `svc${i}`, namespace: ns },
    spec: {
      ...base.spec,
      taskDefinition: { ...base.spec.taskDefinition, family: `${ns}_svc${i}` },
      ...(cluster ? { services: [{ cluster, service: `${ns}_svc${i}` }] } : {}),
    },
  };
}
