// The ECS services the examples list (EcsGmsaTask spec.services): the sandbox does what a user does once
// outside the operator, which never creates services. It creates each cluster up front and, once the
// task registered its first revision, the service running that revision; then it asks for a reconcile.
import { CreateClusterCommand, CreateServiceCommand, DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import type { KubeHttp } from '../../src/kube/http.js';
import { awsClientConfig, TEST_REGION } from '../awsClients.js';
import type { Manifest } from './apply.js';

/** One service an example task lists. */
export interface ListedService {
  namespace: string;
  task: string;
  cluster: string;
  service: string;
}

interface TaskManifest extends Manifest {
  spec?: { services?: { cluster: string; service: string }[] };
}

/** Every service the EcsGmsaTasks among `manifests` list. */
export function listedServices(manifests: readonly Manifest[]): ListedService[] {
  return manifests
    .filter((m): m is TaskManifest => m.kind === 'EcsGmsaTask')
    .flatMap((m) =>
      (m.spec?.services ?? []).map((s) => ({
        namespace: m.metadata.namespace ?? 'default',
        task: m.metadata.name,
        cluster: s.cluster,
        service: s.service,
      })),
    );
}

/** The sandbox's ECS services: clusters first, each service once its task has a revision. */
export class ExampleServices {
  private readonly ecs: ECSClient;
  private readonly created = new Set<string>();

  constructor(
    endpoint: string,
    private readonly listed: readonly ListedService[],
    private readonly print: (text: string) => void,
  ) {
    this.ecs = new ECSClient(awsClientConfig({ awsEndpoint: endpoint, region: TEST_REGION }));
  }

  /** Creates every listed cluster (CreateCluster is idempotent). */
  async createClusters(): Promise<void> {
    for (const cluster of new Set(this.listed.map((s) => s.cluster)))
      await this.ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  }

  /** Creates the services whose task registered a revision; true once every one exists. */
  async createServices(http: KubeHttp): Promise<boolean> {
    for (const s of this.listed) {
      const key = `${s.cluster}/${s.service}`;
      if (this.created.has(key)) continue;
      const path = `/apis/ecsgmsa.io/v1alpha1/namespaces/${s.namespace}/ecsgmsatasks/${s.task}`;
      const task = await http.request<{ status?: { taskDefinitionArn?: string } }>({ method: 'GET', path });
      const revision = task.status?.taskDefinitionArn;
      if (!revision) continue;
      if (!(await this.exists(s))) {
        await this.ecs.send(
          new CreateServiceCommand({
            cluster: s.cluster,
            serviceName: s.service,
            taskDefinition: revision,
            desiredCount: 2,
          }),
        );
        this.print(
          `[sandbox] created ECS service ${key} running ${revision.split('/').pop() ?? revision} (in AWS you create it once yourself: the operator never creates services)\n`,
        );
      }
      this.created.add(key);
      await http.request({
        method: 'PATCH',
        path,
        contentType: 'application/merge-patch+json',
        body: { metadata: { annotations: { 'ecsgmsa.io/reconcile-requested-at': new Date().toISOString() } } },
      });
    }
    return this.created.size === new Set(this.listed.map((s) => `${s.cluster}/${s.service}`)).size;
  }

  private async exists(s: ListedService): Promise<boolean> {
    const out = await this.ecs.send(new DescribeServicesCommand({ cluster: s.cluster, services: [s.service] }));
    return (out.services ?? []).some((x) => x.status === 'ACTIVE');
  }

  close(): void {
    this.ecs.destroy();
  }
}
