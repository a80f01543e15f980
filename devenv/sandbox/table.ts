// The sandbox's live table: each resource's Ready state, reason and ARN or revision.
import type { KubeHttp } from '../../src/kube/http.js';

interface Row {
  metadata: { name: string; namespace: string };
  status?: {
    conditions?: { type: string; status: string; reason: string }[];
    credentialSpecArn?: string;
    taskDefinitionArn?: string;
    family?: string;
    revision?: number;
    services?: {
      cluster: string;
      service: string;
      state: string;
      taskDefinitionArn?: string;
      runningCount?: number;
      desiredCount?: number;
    }[];
  };
}

export interface TableRow {
  kind: 'GmsaCredentialSpec' | 'EcsGmsaTask';
  name: string;
  ready: string;
  reason: string;
  where: string;
}

async function list(http: KubeHttp, plural: string): Promise<Row[]> {
  return (await http.request<{ items: Row[] }>({ method: 'GET', path: `/apis/ecsgmsa.io/v1alpha1/${plural}` })).items;
}

/** `cluster/service → family:revision State running/desired` for each listed ECS service. */
function servicesOf(status: Row['status']): string {
  return (status?.services ?? [])
    .map((s) => {
      const revision = s.taskDefinitionArn?.split('/').pop();
      const counts = s.desiredCount !== undefined ? ` ${s.runningCount ?? 0}/${s.desiredCount}` : '';
      return `${s.cluster}/${s.service}${revision ? ` → ${revision}` : ''} ${s.state}${counts}`;
    })
    .join(', ');
}

function whereOf(kind: TableRow['kind'], status: Row['status']): string {
  if (kind === 'GmsaCredentialSpec') return status?.credentialSpecArn ?? '';
  const revision = status?.family ? `${status.family}:${status.revision ?? '?'}` : '';
  const services = servicesOf(status);
  return services ? `${revision}  services: ${services}` : revision;
}

function toRow(kind: TableRow['kind'], r: Row): TableRow {
  const ready = r.status?.conditions?.find((c) => c.type === 'Ready');
  return {
    kind,
    name: `${r.metadata.namespace}/${r.metadata.name}`,
    ready: ready?.status ?? 'Unknown',
    reason: ready?.reason ?? '',
    where: whereOf(kind, r.status),
  };
}

/** Every GmsaCredentialSpec and EcsGmsaTask, CredSpecs first. */
export async function tableRows(http: KubeHttp): Promise<TableRow[]> {
  const specs = (await list(http, 'gmsacredentialspecs')).map((r) => toRow('GmsaCredentialSpec', r));
  const tasks = (await list(http, 'ecsgmsatasks')).map((r) => toRow('EcsGmsaTask', r));
  return [...specs, ...tasks];
}

/** Fixed-width text of the rows. */
export function formatTable(rows: readonly TableRow[]): string {
  const header: TableRow = {
    kind: 'KIND' as TableRow['kind'],
    name: 'NAMESPACE/NAME',
    ready: 'READY',
    reason: 'REASON',
    where: 'ARN / FAMILY:REVISION (ECS SERVICES)',
  };
  const all = [header, ...rows];
  const width = (f: keyof TableRow): number => Math.max(...all.map((r) => r[f].length));
  const cols: (keyof TableRow)[] = ['kind', 'name', 'ready', 'reason'];
  return all.map((r) => [...cols.map((c) => r[c].padEnd(width(c))), r.where].join('  ')).join('\n');
}
