// Shared pieces of the fault suites: a small workload, convergence checks and the invariants afterwards.
import { DescribeTaskDefinitionCommand, ECSClient, ListTaskDefinitionsCommand } from '@aws-sdk/client-ecs';
import { GetParametersByPathCommand, SSMClient } from '@aws-sdk/client-ssm';
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { KubeHttp } from '../../../src/kube/http.js';
import { create, createAdUserSecret, eventually } from '../../support/kube.js';

const SID = 'S-1-5-21-2554468230-2647958158-2204241789';
const GUID = '8665abd4-e947-4dd0-9a51-f8254943c90b';

export interface AwsClients {
  ssm: SSMClient;
  sm: SecretsManagerClient;
  ecs: ECSClient;
}

/** `n` CredSpecs (SSM; every other one domainless, force-deleted on deletion) and one task each. */
export async function createWorkload(http: KubeHttp, ns: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    if (i % 2 === 0)
      await createAdUserSecret(http, { namespace: ns, name: `u${i}` }, { username: 'u', password: `chaos-Pa55-${i}` });
    const domainless =
      i % 2 === 0
        ? { domainless: { credentialsSecretRef: { name: `u${i}` }, name: `gmsa/${ns}/u${i}`, recoveryWindowDays: 0 } }
        : {};
    await create(http, {
      apiVersion: 'ecsgmsa.io/v1alpha1',
      kind: 'GmsaCredentialSpec',
      metadata: { name: `c${i}`, namespace: ns },
      spec: {
        hostOs: 'Windows',
        account: `Chaos${i}`,
        domain: { dnsName: 'contoso.com', netBiosName: 'contoso', sid: SID, guid: GUID },
        storage: { ssm: { parameterName: `/gmsa/${ns}/c${i}` } },
        ...domainless,
      },
    });
    await create(http, taskManifest(ns, i, 'img:1'));
  }
}

export function taskManifest(
  ns: string,
  i: number,
  image: string,
): { apiVersion: string; kind: string; metadata: { name: string; namespace: string }; spec: object } {
  return {
    apiVersion: 'ecsgmsa.io/v1alpha1',
    kind: 'EcsGmsaTask',
    metadata: { name: `t${i}`, namespace: ns },
    spec: {
      taskDefinition: {
        family: `${ns}_chaos-t${i}`,
        executionRoleArn: `arn:aws:iam::123456789012:role/${ns}/exec`,
        runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' },
        containerDefinitions: [{ name: 'app', image, memory: 256, gmsa: { credentialSpecRef: `c${i}` } }],
      },
    },
  };
}

interface Listed {
  items: {
    metadata: { name: string; generation: number };
    spec: { taskDefinition?: { containerDefinitions: { image?: string }[] } };
    status?: {
      observedGeneration?: number;
      conditions?: { type: string; status: string }[];
      taskDefinitionArn?: string;
    };
  }[];
}

/** Waits until every object of the namespace is Ready at its generation (and every task spec shows `image`, when given). */
export async function waitConverged(
  http: KubeHttp,
  ns: string,
  n: number,
  timeoutMs: number,
  image?: string,
): Promise<void> {
  await eventually(
    async () => {
      const specs = await http.request<Listed>({
        method: 'GET',
        path: `/apis/ecsgmsa.io/v1alpha1/namespaces/${ns}/gmsacredentialspecs`,
      });
      const tasks = await http.request<Listed>({
        method: 'GET',
        path: `/apis/ecsgmsa.io/v1alpha1/namespaces/${ns}/ecsgmsatasks`,
      });
      // Converged: Ready for the current generation, not a Ready left over from an older spec.
      const ready = (l: Listed): number =>
        l.items.filter(
          (i) =>
            i.status?.observedGeneration === i.metadata.generation &&
            i.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
        ).length;
      return ready(specs) === n && ready(tasks) === n ? true : undefined;
    },
    timeoutMs,
    `all ${n}+${n} objects in ${ns} Ready`,
  );
  if (image)
    await eventually(
      async () => ((await registeredImages(http, ns)).every((i) => i === image) ? true : undefined),
      timeoutMs,
      `every task registered with ${image}`,
    );
}

async function registeredImages(http: KubeHttp, ns: string): Promise<string[]> {
  const tasks = await http.request<Listed>({
    method: 'GET',
    path: `/apis/ecsgmsa.io/v1alpha1/namespaces/${ns}/ecsgmsatasks`,
  });
  return tasks.items.map((t) => t.spec.taskDefinition?.containerDefinitions[0]?.image ?? '');
}

/** Invariant: every family holds exactly `expected` ACTIVE revisions, each with a different spec hash (no duplicate for one spec). */
export async function assertNoDuplicateRevisions(
  aws: AwsClients,
  ns: string,
  n: number,
  expected: number,
): Promise<void> {
  for (let i = 0; i < n; i++) {
    const arns =
      (await aws.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: `${ns}_chaos-t${i}`, status: 'ACTIVE' })))
        .taskDefinitionArns ?? [];
    const hashes = await Promise.all(
      arns.map(
        async (arn) =>
          (
            await aws.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn, include: ['TAGS'] }))
          ).tags?.find((t) => t.key === 'ecsgmsa.io/spec-sha256')?.value,
      ),
    );
    expect({ family: i, revisions: arns.length }).toStrictEqual({ family: i, revisions: expected });
    expect(new Set(hashes).size).toBe(hashes.length);
  }
}

/** Invariant after deleting every CR: nothing of the namespace left in AWS. */
export async function assertNoOrphans(aws: AwsClients, ns: string, n: number): Promise<void> {
  const params = await aws.ssm.send(new GetParametersByPathCommand({ Path: `/chaos/${ns}`, Recursive: true }));
  expect(params.Parameters ?? []).toStrictEqual([]);
  const secrets = await aws.sm.send(new ListSecretsCommand({}));
  expect((secrets.SecretList ?? []).filter((s) => s.Name?.startsWith(`chaos/${ns}/`))).toStrictEqual([]);
  for (let i = 0; i < n; i++) {
    const active =
      (await aws.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: `${ns}_chaos-t${i}`, status: 'ACTIVE' })))
        .taskDefinitionArns ?? [];
    expect({ family: i, active }).toStrictEqual({ family: i, active: [] });
  }
}

/** Deletes every CR of the namespace and waits until they are gone (finalizers done). */
export async function deleteAll(http: KubeHttp, ns: string, timeoutMs: number): Promise<void> {
  for (const plural of ['ecsgmsatasks', 'gmsacredentialspecs']) {
    await http.request({ method: 'DELETE', path: `/apis/ecsgmsa.io/v1alpha1/namespaces/${ns}/${plural}` });
  }
  await eventually(
    async () => {
      const left = await Promise.all(
        ['ecsgmsatasks', 'gmsacredentialspecs'].map((p) =>
          http.request<Listed>({ method: 'GET', path: `/apis/ecsgmsa.io/v1alpha1/namespaces/${ns}/${p}` }),
        ),
      );
      return left.every((l) => l.items.length === 0) ? true : undefined;
    },
    timeoutMs,
    `every CR of ${ns} deleted`,
  );
}

/** Changes every task's image (the update that must not be lost). */
export async function updateImages(http: KubeHttp, ns: string, n: number, image: string): Promise<void> {
  for (let i = 0; i < n; i++) {
    await http.request({
      method: 'PATCH',
      path: `/apis/ecsgmsa.io/v1alpha1/namespaces/${ns}/ecsgmsatasks/t${i}`,
      contentType: 'application/merge-patch+json',
      body: { spec: taskManifest(ns, i, image).spec },
    });
  }
}
