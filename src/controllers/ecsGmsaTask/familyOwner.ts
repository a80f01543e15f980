// Which EcsGmsaTask owns a task definition family when several name it: pure.
import type { EcsGmsaTask } from '../../api/types.js';

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
export function familyOwner(claimants: readonly EcsGmsaTask[], family: string, region: string): EcsGmsaTask | undefined {
  return [...claimants.filter((t) => registeredThere(t, family, region))].sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || key(a).localeCompare(key(b)))[0];
}
