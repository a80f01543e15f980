// Registers a new ECS revision only when the latest one this task owns differs from the desired input.
import type { DescribedTaskDefinition, TaskDefinitions } from '../../aws/ports.js';
import { ownershipOf, type Owner } from '../../domain/ownership.js';
import type { RenderedTaskDefinition } from '../../domain/task/render.js';
import { BlockedError } from '../outcome.js';
import { revisionMatches } from './revisionMatch.js';

export interface RegisterTarget {
  ecs: TaskDefinitions;
  rendered: RenderedTaskDefinition;
  owner: Owner;
  /** status.taskDefinitionArn: the revision to compare first (one read in steady state). */
  knownArn?: string;
}

export interface Registered {
  arn: string;
  revision: number;
  action: 'unchanged' | 'registered';
}

function usable(d: DescribedTaskDefinition | undefined): d is DescribedTaskDefinition {
  return d !== undefined && d.status === 'ACTIVE';
}

/**
 * The revision to compare with: the family's latest ACTIVE revision when it is ours (robust to a
 * status not yet caught up with our last registration), else the one the status records.
 */
async function latest(t: RegisterTarget): Promise<DescribedTaskDefinition | undefined> {
  const newest = await t.ecs.describe(t.rendered.input.family);
  if (!usable(newest) || ownershipOf(newest.tags, t.owner) === 'ours' || !t.knownArn || newest.arn === t.knownArn) return usable(newest) ? newest : undefined;
  const known = await t.ecs.describe(t.knownArn);
  return usable(known) ? known : newest;
}

/** Refuses a family whose latest revision belongs to another EcsGmsaTask (or another cluster's). */
function checkFamilyOwner(current: DescribedTaskDefinition, owner: Owner): void {
  if (ownershipOf(current.tags, owner) !== 'foreign-operator-object') return;
  const other = `${current.tags['ecsgmsa.io/namespace'] ?? '?'}/${current.tags['ecsgmsa.io/name'] ?? '?'} (cluster ${current.tags['ecsgmsa.io/cluster'] ?? '?'})`;
  throw new BlockedError({ kind: 'stalled', reason: 'FamilyConflict', message: `family ${current.family} is registered by EcsGmsaTask ${other}; choose another family` });
}

/** Registers when needed; `registered` only when a new revision was created. */
export async function ensureRegistered(t: RegisterTarget): Promise<Registered> {
  const current = await latest(t);
  if (current) {
    checkFamilyOwner(current, t.owner);
    const ours = ownershipOf(current.tags, t.owner) === 'ours';
    if (ours && revisionMatches(current, { input: t.rendered.input, specSha256: t.rendered.specSha256 })) {
      return { arn: current.arn, revision: current.revision, action: 'unchanged' };
    }
  }
  const registered = await t.ecs.register(t.rendered.input);
  return { arn: registered.arn, revision: registered.revision, action: 'registered' };
}

/** ACTIVE revisions of `family` registered by `owner`, newest first. */
export async function ownedActiveRevisions(ecs: TaskDefinitions, family: string, owner: Owner): Promise<string[]> {
  const arns = await ecs.listArns({ familyPrefix: family, status: 'ACTIVE' });
  const ours: string[] = [];
  for (const arn of [...arns].reverse()) {
    const described = await ecs.describe(arn);
    if (described && ownershipOf(described.tags, owner) === 'ours') ours.push(arn);
  }
  return ours;
}

/** Deregisters the owner's ACTIVE revisions beyond the newest `keep`; returns how many. */
export async function pruneRevisions(ecs: TaskDefinitions, family: string, owner: Owner, keep: number): Promise<string[]> {
  const ours = await ownedActiveRevisions(ecs, family, owner);
  const stale = ours.slice(keep);
  for (const arn of stale) await ecs.deregister(arn);
  return stale;
}
