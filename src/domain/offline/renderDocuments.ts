// Offline rendering of a set of documents: references resolved between them, findings located by file and document.
import { GMSA_CREDENTIAL_SPEC_KIND } from '../../api/group.js';
import type { EcsGmsaTask, GmsaCredentialSpec } from '../../api/types.js';
import type { AwsScope } from '../arns.js';
import { omittedDomainFields, withPlaceholders } from '../credspec/domain.js';
import { renderCredentialSpec } from '../credspec/render.js';
import { partitionOf } from '../partition.js';
import { renderTaskDefinition } from '../task/render.js';
import { resolveCredentialSpec, type ResolvedCredentialSpec } from '../task/resolvedCredentialSpec.js';
import { checkDocumentSize } from '../validation/credentialSpecRules.js';
import { validateCrossObject } from '../validation/crossObjectRules.js';
import { error, type ValidationIssue } from '../validation/issue.js';
import { classifyDocuments } from './classify.js';
import { checkObject, type CheckedObject } from './checkObject.js';
import { checkCredentialSpecTenancy, checkTaskTenancy } from '../tenancy/check.js';
import type { Finding, OfflineContext, RenderReport, SourceDocument } from './types.js';

interface Located<T> {
  source: SourceDocument;
  object: T;
}

function report(
  out: RenderReport,
  doc: Located<GmsaCredentialSpec | EcsGmsaTask>,
  issues: readonly ValidationIssue[],
): void {
  const { metadata, kind } = doc.object;
  for (const issue of issues) {
    const finding: Finding = {
      file: doc.source.file,
      document: doc.source.document,
      kind,
      namespace: metadata.namespace ?? 'default',
      name: metadata.name,
      field: issue.field,
      message: issue.message,
    };
    (issue.severity === 'error' ? out.errors : out.warnings).push(finding);
  }
}

function scopeFor(region: string, ctx: OfflineContext): AwsScope {
  return { partition: ctx.partition ?? partitionOf(region), region, accountId: ctx.accountId };
}

function key(namespace: string | undefined, name: string): string {
  return `${namespace ?? 'default'}/${name}`;
}

function renderCredSpecs(
  docs: Located<GmsaCredentialSpec>[],
  ctx: OfflineContext,
  out: RenderReport,
): Map<string, ResolvedCredentialSpec> {
  const resolved = new Map<string, ResolvedCredentialSpec>();
  for (const doc of docs) {
    const { metadata } = doc.object;
    // spec.directory lets the operator discover these when applied: shown as unknown here.
    const unknown = omittedDomainFields(doc.object.spec.domain).map((field) => `spec.domain.${field}`);
    const spec = unknown.length > 0 ? withPlaceholders(doc.object.spec) : doc.object.spec;
    const scope = scopeFor(spec.region ?? ctx.region, ctx);
    const rendered = renderCredentialSpec(spec, scope);
    const sizeIssues = checkDocumentSize(spec, rendered.bytes);
    report(out, doc, sizeIssues);
    if (sizeIssues.length > 0) continue;
    const entry = {
      namespace: metadata.namespace ?? 'default',
      name: metadata.name,
      document: rendered.document,
      reference: rendered.reference,
      arn: rendered.location.arn,
      executionRolePolicy: rendered.executionRolePolicy,
    };
    out.credentialSpecs.push({
      ...entry,
      ...(unknown.length > 0 ? { unknownUntilApplied: unknown } : {}),
      ...(rendered.credentialsArn ? { credentialsArn: rendered.credentialsArn } : {}),
      ...(rendered.instanceRolePolicy ? { instanceRolePolicy: rendered.instanceRolePolicy } : {}),
    });
    resolved.set(
      key(metadata.namespace, metadata.name),
      resolveCredentialSpec(doc.object, rendered.reference, ctx.region),
    );
  }
  return resolved;
}

function referenceIssues(
  task: EcsGmsaTask,
  known: ReadonlySet<string>,
  resolved: ReadonlyMap<string, ResolvedCredentialSpec>,
): ValidationIssue[] {
  return task.spec.taskDefinition.containerDefinitions.flatMap((c, i) => {
    const ref = c.gmsa?.credentialSpecRef;
    if (ref === undefined || resolved.has(ref)) return [];
    const field = `spec.taskDefinition.containerDefinitions[${i}].gmsa.credentialSpecRef`;
    const why = known.has(key(task.metadata.namespace, ref))
      ? 'has errors (see its findings)'
      : `is not among the given documents in namespace ${task.metadata.namespace ?? 'default'}`;
    return [error(field, `${GMSA_CREDENTIAL_SPEC_KIND} "${ref}" ${why}`)];
  });
}

function familyIssues(task: EcsGmsaTask, families: Map<string, string>): ValidationIssue[] {
  const family = task.spec.taskDefinition.family;
  const owner = families.get(family);
  const self = key(task.metadata.namespace, task.metadata.name);
  if (owner !== undefined && owner !== self)
    return [error('spec.taskDefinition.family', `family "${family}" is already used by EcsGmsaTask ${owner}`)];
  families.set(family, self);
  return [];
}

interface TaskRenderInput {
  docs: Located<EcsGmsaTask>[];
  known: ReadonlySet<string>;
  resolved: ReadonlyMap<string, ResolvedCredentialSpec>;
}

/** The resolved CredSpecs grouped by namespace, keyed by name (built once: no pass per task). */
function byNamespace(
  resolved: ReadonlyMap<string, ResolvedCredentialSpec>,
): Map<string, Map<string, ResolvedCredentialSpec>> {
  const out = new Map<string, Map<string, ResolvedCredentialSpec>>();
  for (const [k, v] of resolved) {
    const slash = k.indexOf('/');
    const namespace = k.slice(0, slash);
    const names = out.get(namespace) ?? new Map<string, ResolvedCredentialSpec>();
    names.set(k.slice(slash + 1), v);
    out.set(namespace, names);
  }
  return out;
}

function renderTasks(input: TaskRenderInput, ctx: OfflineContext, out: RenderReport): void {
  const families = new Map<string, string>();
  const grouped = byNamespace(input.resolved);
  for (const doc of input.docs) {
    const task = doc.object;
    const namespace = task.metadata.namespace ?? 'default';
    const inNamespace = grouped.get(namespace) ?? new Map<string, ResolvedCredentialSpec>();
    const issues = [
      ...referenceIssues(task, input.known, inNamespace),
      ...familyIssues(task, families),
      ...validateCrossObject(task.spec, task.spec.region ?? ctx.region, inNamespace),
    ];
    report(out, doc, issues);
    if (issues.some((i) => i.severity === 'error')) continue;
    const owner = { cluster: ctx.clusterName, kind: task.kind, namespace, name: task.metadata.name };
    out.taskDefinitions.push({
      namespace,
      name: task.metadata.name,
      input: renderTaskDefinition(task.spec, owner, inNamespace).input,
    });
  }
}

function tenancyIssues(checked: CheckedObject, ctx: OfflineContext): ValidationIssue[] {
  if (checked.issues.some((i) => i.structural)) return [];
  const namespace = checked.object.metadata.namespace ?? 'default';
  return checked.kind === 'GmsaCredentialSpec'
    ? checkCredentialSpecTenancy(ctx.tenancy, namespace, checked.object.spec)
    : checkTaskTenancy(ctx.tenancy, namespace, checked.object.spec);
}

/** Validates and renders every document; never throws on bad input. */
export function renderDocuments(sources: readonly SourceDocument[], ctx: OfflineContext): RenderReport {
  const classified = classifyDocuments(sources);
  const out: RenderReport = {
    credentialSpecs: [],
    taskDefinitions: [],
    errors: [...classified.errors],
    warnings: [],
    skipped: classified.skipped,
  };
  const credSpecs: Located<GmsaCredentialSpec>[] = [];
  const tasks: Located<EcsGmsaTask>[] = [];
  const known = new Set<string>();
  const seen = new Set<string>();
  for (const doc of classified.ours) {
    const checked = checkObject(doc);
    const located = { source: doc.source, object: checked.object };
    const id = `${checked.kind}/${key(checked.object.metadata.namespace, checked.object.metadata.name)}`;
    const duplicate = seen.has(id)
      ? [
          error(
            'metadata.name',
            `${checked.kind} ${key(checked.object.metadata.namespace, checked.object.metadata.name)} is defined twice`,
          ),
        ]
      : [];
    seen.add(id);
    if (checked.kind === 'GmsaCredentialSpec')
      known.add(key(checked.object.metadata.namespace, checked.object.metadata.name));
    const issues = [...checked.issues, ...duplicate, ...tenancyIssues(checked, ctx)];
    report(out, located, issues);
    if (issues.some((i) => i.severity === 'error')) continue;
    if (checked.kind === 'GmsaCredentialSpec') credSpecs.push({ source: doc.source, object: checked.object });
    else tasks.push({ source: doc.source, object: checked.object });
  }
  const resolved = renderCredSpecs(credSpecs, ctx, out);
  renderTasks({ docs: tasks, known, resolved }, ctx, out);
  return out;
}
