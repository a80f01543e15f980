// Resolves each container's gmsa.credentialSpecRef to a Ready GmsaCredentialSpec in the same namespace: pure.
import type { EcsGmsaTask, GmsaCredentialSpec } from '../../api/types.js';
import { resolveCredentialSpec, type ResolvedCredentialSpec } from '../../domain/task/resolvedCredentialSpec.js';
import { BlockedError } from '../outcome.js';

/** True when the CredSpec's Ready is True for its current generation and it published a reference. */
export function isReadyCredSpec(cr: GmsaCredentialSpec): boolean {
  const ready = cr.status?.conditions?.find((c) => c.type === 'Ready');
  return ready?.status === 'True' && cr.status?.observedGeneration === cr.metadata.generation && !!cr.status?.credentialSpecReference && !cr.metadata.deletionTimestamp;
}

/** Names of the CredSpecs the task references, in container order, without duplicates. */
export function referencedNames(task: EcsGmsaTask): string[] {
  return [...new Set(task.spec.taskDefinition.containerDefinitions.flatMap((c) => (c.gmsa ? [c.gmsa.credentialSpecRef] : [])))];
}

/**
 * Every reference resolved, or a waiting BlockedError (CredentialSpecNotReady) naming what is
 * missing or not ready: the task is re-queued when those CredSpecs change.
 */
export function resolveReferences(task: EcsGmsaTask, lookup: (name: string) => GmsaCredentialSpec | undefined, defaultRegion: string): Map<string, ResolvedCredentialSpec> {
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
  const parts = [...(missing.length > 0 ? [`not found: ${missing.join(', ')}`] : []), ...(notReady.length > 0 ? [`not Ready: ${notReady.join(', ')}`] : [])];
  return new BlockedError({ kind: 'waiting', reason: 'CredentialSpecNotReady', message: `GmsaCredentialSpec ${parts.join('; ')} (namespace ${task.metadata.namespace ?? 'default'}); waiting` });
}
