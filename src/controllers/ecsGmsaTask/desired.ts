// What an EcsGmsaTask asks for, computed from its spec and the caches: whether it may be acted on
// (validation, tenancy, the family claim), its references resolved, and the input to register. Pure.
import { ANNOTATIONS } from '../../api/group.js';
import { canonicalJson, sha256Hex } from '../../domain/canonical.js';
import type { EcsGmsaTask, GmsaCredentialSpec } from '../../api/types.js';
import type { AdoptionRequest, Owner } from '../../domain/ownership.js';
import { renderTaskDefinition, type RenderedTaskDefinition } from '../../domain/task/render.js';
import { resolveCredentialSpec, type ResolvedCredentialSpec } from '../../domain/task/resolvedCredentialSpec.js';
import { checkTaskTenancy } from '../../domain/tenancy/check.js';
import { adoptionPermitted, type TenancyConfig } from '../../domain/tenancy/policy.js';
import { validateCrossObject } from '../../domain/validation/crossObjectRules.js';
import { errorsOf, formatIssues } from '../../domain/validation/issue.js';
import { validateEcsGmsaTaskSpec } from '../../domain/validation/taskRules.js';
import { BlockedError, type Blocked } from '../common/outcome.js';

/** What the decisions read besides the task: the settings and the caches. */
export interface TaskContext {
  tenancy: TenancyConfig;
  defaultRegion: string;
  clusterName: string;
  /** Every EcsGmsaTask naming `family` in `region`. */
  claimants(region: string, family: string): EcsGmsaTask[];
  /** A GmsaCredentialSpec of the task's namespace. */
  credentialSpec(name: string): GmsaCredentialSpec | undefined;
}

/** Everything computed before acting. */
export interface Desired {
  region: string;
  owner: Owner;
  adoption: AdoptionRequest;
  rendered: RenderedTaskDefinition;
  /** {@link credentialContentSha256} of the references: what a deployment of the revision carries. */
  credentialSpecSha256: string;
}

/**
 * sha256 over the `contentSha256` of every referenced GmsaCredentialSpec, by name. It changes when the
 * document behind an unchanged reference changes: the services then need a new deployment, not a
 * new revision.
 */
export function credentialContentSha256(references: ReadonlyMap<string, ResolvedCredentialSpec>): string {
  const entries = [...references.values()]
    .map((r) => [r.name, r.contentSha256 ?? ''])
    .sort(([a = ''], [b = '']) => a.localeCompare(b));
  return sha256Hex(canonicalJson(entries));
}

/**
 * Why `task` may not be acted on: its spec breaks a rule (every finding at once, in the order
 * `render` lists them), its namespace may not use what it names, or another task registered the
 * family. `undefined`: go ahead.
 */
export function admission(task: EcsGmsaTask, ctx: TaskContext): Blocked | undefined {
  const namespace = task.metadata.namespace ?? 'default';
  const region = task.spec.region ?? ctx.defaultRegion;
  const issues = errorsOf(validateEcsGmsaTaskSpec(task.spec));
  const denied = checkTaskTenancy(ctx.tenancy, namespace, task.spec);
  if (issues.length > 0) return { kind: 'invalid', issues: [...issues, ...denied] };
  if (denied.length > 0) return { kind: 'stalled', reason: 'NotPermitted', message: formatIssues(denied) };
  const family = task.spec.taskDefinition.family;
  const owner = familyOwner(ctx.claimants(region, family), family, region);
  if (!owner || owner.metadata.uid === task.metadata.uid) return undefined;
  // Another namespace's object is never named.
  const who = owner.metadata.namespace === namespace ? `EcsGmsaTask ${owner.metadata.name}` : 'another resource';
  return {
    kind: 'stalled',
    reason: 'FamilyConflict',
    message: `family ${family} in ${region} is claimed by ${who}; choose another family`,
  };
}

/** Cross-object rules and rendering, given resolved references; throws the invalid outcome. */
export function desiredTask(
  task: EcsGmsaTask,
  references: Map<string, ResolvedCredentialSpec>,
  ctx: TaskContext,
): Desired {
  const region = task.spec.region ?? ctx.defaultRegion;
  const crossIssues = errorsOf(validateCrossObject(task.spec, region, references));
  if (crossIssues.length > 0) throw new BlockedError({ kind: 'invalid', issues: crossIssues });
  const owner: Owner = {
    cluster: ctx.clusterName,
    kind: 'EcsGmsaTask',
    namespace: task.metadata.namespace ?? 'default',
    name: task.metadata.name,
  };
  const adoption = {
    annotated: task.metadata.annotations?.[ANNOTATIONS.adopt] === 'true',
    permitted: adoptionPermitted(ctx.tenancy, owner.namespace),
  };
  return {
    region,
    owner,
    adoption,
    rendered: renderTaskDefinition(task.spec, owner, references),
    credentialSpecSha256: credentialContentSha256(references),
  };
}

/** True when the CredSpec's Ready is True for its current generation and it published a reference. */
export function isReadyCredSpec(cr: GmsaCredentialSpec): boolean {
  const ready = cr.status?.conditions?.find((c) => c.type === 'Ready');
  return (
    ready?.status === 'True' &&
    cr.status?.observedGeneration === cr.metadata.generation &&
    !!cr.status?.credentialSpecReference &&
    !cr.metadata.deletionTimestamp
  );
}

/** Names of the CredSpecs the task references, in container order, without duplicates. */
export function referencedNames(task: EcsGmsaTask): string[] {
  return [
    ...new Set(
      task.spec.taskDefinition.containerDefinitions.flatMap((c) => (c.gmsa ? [c.gmsa.credentialSpecRef] : [])),
    ),
  ];
}

/**
 * Every reference resolved, or a waiting BlockedError (CredentialSpecNotReady) naming what is
 * missing or not ready: the task is re-queued when those CredSpecs change.
 */
export function resolveReferences(
  task: EcsGmsaTask,
  lookup: (name: string) => GmsaCredentialSpec | undefined,
  defaultRegion: string,
): Map<string, ResolvedCredentialSpec> {
  const resolved = new Map<string, ResolvedCredentialSpec>();
  const missing: string[] = [];
  const notReady: string[] = [];
  for (const name of referencedNames(task)) {
    const cr = lookup(name);
    if (!cr) missing.push(name);
    else if (!isReadyCredSpec(cr)) notReady.push(name);
    else resolved.set(name, resolveCredentialSpec(cr, cr.status?.credentialSpecReference ?? '', defaultRegion));
  }
  if (missing.length > 0 || notReady.length > 0) throw notReadyError(task, missing, notReady);
  return resolved;
}

function notReadyError(task: EcsGmsaTask, missing: string[], notReady: string[]): BlockedError {
  const parts = [
    ...(missing.length > 0 ? [`not found: ${missing.join(', ')}`] : []),
    ...(notReady.length > 0 ? [`not Ready: ${notReady.join(', ')}`] : []),
  ];
  return new BlockedError({
    kind: 'waiting',
    reason: 'CredentialSpecNotReady',
    message: `GmsaCredentialSpec ${parts.join('; ')} (namespace ${task.metadata.namespace ?? 'default'}); waiting`,
  });
}

function key(t: EcsGmsaTask): string {
  return `${t.metadata.namespace ?? ''}/${t.metadata.name}`;
}

/** The family and region of a task definition ARN (`arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>`). */
export function familyOfArn(arn: string | undefined): { family: string; region: string } | undefined {
  const m = /^arn:[^:]+:ecs:([^:]+):[^:]*:task-definition\/([^:]+):\d+$/.exec(arn ?? '');
  return m?.[1] && m[2] ? { region: m[1], family: m[2] } : undefined;
}

/** True when `task` registered a revision of `family` in `region` (its status says so), not merely tried to. */
function registeredThere(task: EcsGmsaTask, family: string, region: string): boolean {
  const registered = familyOfArn(task.status?.taskDefinitionArn);
  return registered?.family === family && registered.region === region;
}

/**
 * The owner among `claimants` (every task naming `family` in `region`): the one that registered a
 * revision there (the oldest, should a race have let two register). A task that only tried (refused
 * with FamilyNotOwned) or registered in another region never counts, so nobody can squat a family by
 * naming it; while nobody has registered, nobody is refused here and AWS-side ownership decides
 * (the first registration wins, the others find its revisions: FamilyNotOwned).
 */
export function familyOwner(
  claimants: readonly EcsGmsaTask[],
  family: string,
  region: string,
): EcsGmsaTask | undefined {
  return [...claimants.filter((t) => registeredThere(t, family, region))].sort(
    (a, b) =>
      (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') ||
      key(a).localeCompare(key(b)),
  )[0];
}
