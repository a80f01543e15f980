// Registers a new ECS revision only when the latest one this task owns differs from the desired input.
import type { DescribedTaskDefinition, TaskDefinitions } from '../../aws/ports.js';
import {
  decideExisting,
  familyRefusalMessage,
  ownershipOf,
  type AdoptionRequest,
  type Owner,
  type Ownership,
} from '../../domain/ownership.js';
import type { RenderedTaskDefinition } from '../../domain/task/render.js';
import { BlockedError } from '../common/outcome.js';
import { revisionMatches } from './revisionMatch.js';

export interface RegisterTarget {
  ecs: TaskDefinitions;
  rendered: RenderedTaskDefinition;
  owner: Owner;
  region: string;
  adoption: AdoptionRequest;
}

export interface Registered {
  arn: string;
  revision: number;
  action: 'unchanged' | 'registered' | 'adopted';
}

function active(d: DescribedTaskDefinition | undefined): DescribedTaskDefinition | undefined {
  return d?.status === 'ACTIVE' ? d : undefined;
}

/**
 * The family's newest ACTIVE revision is not ours: every ACTIVE revision is checked. A revision of
 * another resource is never built upon; revisions registered outside the operator only when adoption
 * is asked for and permitted. Throws the Stalled FamilyNotOwned outcome otherwise.
 */
async function checkForeignFamily(t: RegisterTarget, family: string): Promise<'none-foreign' | 'adopted'> {
  const arns = await t.ecs.listArns({ familyPrefix: family, status: 'ACTIVE' });
  let worst: Ownership = 'ours';
  for (const arn of arns) {
    const described = await t.ecs.describe(arn);
    const ownership = described ? ownershipOf(described.tags, t.owner) : 'ours';
    if (ownership === 'foreign-operator-object') worst = ownership;
    else if (ownership === 'unowned' && worst === 'ours') worst = ownership;
  }
  const decision = decideExisting(worst, t.adoption);
  if (decision.kind === 'refuse')
    throw new BlockedError({
      kind: 'stalled',
      reason: 'FamilyNotOwned',
      message: familyRefusalMessage(`${family} (${t.region})`, decision.why),
    });
  return decision.kind === 'adopt' ? 'adopted' : 'none-foreign';
}

/**
 * Registers when the newest ACTIVE revision is not ours or differs from the desired input; never on
 * top of a family holding revisions someone else registered (FamilyNotOwned) unless adopted.
 */
export async function ensureRegistered(t: RegisterTarget): Promise<Registered> {
  const family = t.rendered.input.family;
  const described = await t.ecs.describe(family);
  const newest = active(described);
  const ours = newest !== undefined && ownershipOf(newest.tags, t.owner) === 'ours';
  if (newest && ours && revisionMatches(newest, { input: t.rendered.input, specSha256: t.rendered.specSha256 })) {
    return { arn: newest.arn, revision: newest.revision, action: 'unchanged' };
  }
  // Nothing described: ECS describes a family's latest ACTIVE revision, so there is none, of anyone (a new
  // family: no listing needed). An INACTIVE newest does not mean no ACTIVE revision (an emulator describes the
  // latest whatever its status, or the newest was deregistered by hand): then every ACTIVE one is checked.
  const found = ours || described === undefined ? 'none-foreign' : await checkForeignFamily(t, family);
  const registered = await t.ecs.register(t.rendered.input);
  return { arn: registered.arn, revision: registered.revision, action: found === 'adopted' ? 'adopted' : 'registered' };
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
export async function pruneRevisions(
  ecs: TaskDefinitions,
  family: string,
  owner: Owner,
  keep: number,
): Promise<string[]> {
  const ours = await ownedActiveRevisions(ecs, family, owner);
  const stale = ours.slice(keep);
  for (const arn of stale) await ecs.deregister(arn);
  return stale;
}
