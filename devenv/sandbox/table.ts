// The sandbox's live table: each resource's Ready state, reason and ARN or revision.
import type { KubeHttp } from '../../src/kube/http.js';
import { asExpected, EXPECTED_READY_REASON, type ExampleState } from './expectations.js';

interface Row {
  metadata: { name: string; namespace: string; annotations?: Record<string, string> };
  status?: {
    conditions?: { type: string; status: string; reason: string; message?: string }[];
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

export interface TableRow extends ExampleState {
  kind: 'GmsaCredentialSpec' | 'EcsGmsaTask';
  name: string;
  where: string;
  /** Ready's message (not in the table: the closing note prints it for examples that are not Ready). */
  message: string;
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
  const expectedReason = r.metadata.annotations?.[EXPECTED_READY_REASON];
  return {
    kind,
    name: `${r.metadata.namespace}/${r.metadata.name}`,
    ready: ready?.status ?? 'Unknown',
    reason: ready?.reason ?? '',
    where: whereOf(kind, r.status),
    message: ready?.message ?? '',
    ...(expectedReason !== undefined ? { expectedReason } : {}),
  };
}

/** Every GmsaCredentialSpec and EcsGmsaTask, CredSpecs first. */
export async function tableRows(http: KubeHttp): Promise<TableRow[]> {
  const specs = (await list(http, 'gmsacredentialspecs')).map((r) => toRow('GmsaCredentialSpec', r));
  const tasks = (await list(http, 'ecsgmsatasks')).map((r) => toRow('EcsGmsaTask', r));
  return [...specs, ...tasks];
}

type Column = 'kind' | 'name' | 'ready' | 'reason' | 'where';

/** Fixed-width text of the rows; an example meant to fail says so next to its reason. */
export function formatTable(rows: readonly TableRow[]): string {
  const header: Record<Column, string> = {
    kind: 'KIND',
    name: 'NAMESPACE/NAME',
    ready: 'READY',
    reason: 'REASON',
    where: 'ARN / FAMILY:REVISION (ECS SERVICES)',
  };
  const cells = rows.map((r): Record<Column, string> => ({
    ...r,
    reason:
      r.expectedReason === undefined
        ? r.reason
        : `${r.reason} (${asExpected(r) ? 'as expected' : `expected ${r.expectedReason}`})`,
  }));
  const all = [header, ...cells];
  const width = (f: Column): number => Math.max(...all.map((r) => r[f].length));
  const cols: Column[] = ['kind', 'name', 'ready', 'reason'];
  return all.map((r) => [...cols.map((c) => r[c].padEnd(width(c))), r.where].join('  ')).join('\n');
}

/** What the examples that are not Ready say: the message tells what to fix (for the broken example: in AD). */
export function closingNote(rows: readonly TableRow[]): string {
  const notReady = rows.filter((r) => r.ready !== 'True');
  if (notReady.length === 0) return '[sandbox] every example is Ready';
  return [
    '[sandbox] not Ready, and what each says to do:',
    ...notReady.map(
      (r) =>
        `  ${r.kind} ${r.name}: ${r.reason}${r.expectedReason !== undefined ? ' (meant to fail)' : ''}\n    ${r.message}`,
    ),
  ].join('\n');
}
