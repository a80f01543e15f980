// `render` and `validate`: offline validation and rendering of manifests for pull-request review.
import type { Partition } from '../domain/partition.js';
import { DEFAULT_TENANCY } from '../domain/tenancy/policy.js';
import { renderDocuments } from '../domain/offline/renderDocuments.js';
import type { Finding, RenderReport } from '../domain/offline/types.js';
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE } from './exitCodes.js';
import { readDocuments, type InputProblem } from './readDocuments.js';
import { loadTenancyConfig, type TenancyFlags } from './tenancyConfig.js';

export interface OfflineOptions {
  files: string[];
  accountId: string;
  region: string;
  partition?: Partition;
  clusterName: string;
  /** The same tenancy settings the operator takes, so a pull request is judged as the operator will. */
  tenancy: TenancyFlags;
}

/** Where a command writes. */
export interface Output {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

function problemFinding(p: InputProblem): Finding {
  return { file: p.file, document: p.document ?? -1, kind: '', namespace: '', name: '', field: '', message: p.message };
}

async function build(
  options: OfflineOptions,
  stdin?: NodeJS.ReadableStream,
): Promise<{ report: RenderReport; unreadable: boolean }> {
  const read = await readDocuments(options.files, stdin);
  const tenancy = await loadTenancyConfig(options.tenancy);
  const report = renderDocuments(read.documents, {
    accountId: options.accountId,
    region: options.region,
    clusterName: options.clusterName,
    ...(options.partition ? { partition: options.partition } : {}),
    tenancy: tenancy.config ?? DEFAULT_TENANCY,
  });
  const problems = [...(tenancy.problem ? [tenancy.problem] : []), ...read.problems];
  report.errors.unshift(...problems.map(problemFinding));
  return { report, unreadable: problems.length > 0 };
}

function exitCode(report: RenderReport, unreadable: boolean): number {
  if (unreadable) return EXIT_USAGE;
  return report.errors.length > 0 ? EXIT_INVALID : EXIT_OK;
}

/** Prints the JSON report; returns the exit code. */
export async function renderCommand(
  options: OfflineOptions,
  out: Output,
  stdin?: NodeJS.ReadableStream,
): Promise<number> {
  const { report, unreadable } = await build(options, stdin);
  out.stdout(`${JSON.stringify(report, null, 2)}\n`);
  return exitCode(report, unreadable);
}

function location(f: Finding): string {
  const doc = f.document >= 0 ? `#${f.document}` : '';
  const object = f.kind ? ` ${f.kind} ${f.namespace}/${f.name}` : '';
  return `${f.file}${doc}${object}`;
}

function line(level: string, f: Finding): string {
  const field = f.field ? `${f.field}: ` : '';
  return `${level}: ${location(f)}: ${field}${f.message}`;
}

/** Prints findings for humans; returns the exit code. */
export async function validateCommand(
  options: OfflineOptions,
  out: Output,
  stdin?: NodeJS.ReadableStream,
): Promise<number> {
  const { report, unreadable } = await build(options, stdin);
  for (const f of report.errors) out.stderr(`${line('error', f)}\n`);
  for (const f of report.warnings) out.stderr(`${line('warning', f)}\n`);
  for (const s of report.skipped) out.stdout(`skipped: ${s.file}#${s.document} ${s.apiVersion} ${s.kind} ${s.name}\n`);
  const valid = report.credentialSpecs.length + report.taskDefinitions.length;
  out.stdout(
    `${valid} valid, ${report.errors.length} error${report.errors.length === 1 ? '' : 's'}, ${report.warnings.length} warning${report.warnings.length === 1 ? '' : 's'}, ${report.skipped.length} skipped\n`,
  );
  return exitCode(report, unreadable);
}
