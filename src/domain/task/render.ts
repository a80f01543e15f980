// Renders the exact RegisterTaskDefinition input of an EcsGmsaTask, with its canonical hash.
import { TAG_KEYS } from '../../api/group.js';
import type { ContainerDefinition, EcsGmsaTaskSpec, RegisterTaskDefinitionInput } from '../../api/types.js';
import { canonicalize, canonicalJson, sha256Hex } from '../canonical.js';
import { ownershipTags, type Owner } from '../ownership.js';
import { isServer2016 } from './osFamily.js';
import type { ResolvedCredentialSpec } from './resolvedCredentialSpec.js';

/**
 * Version of the canonical form hashed into `ecsgmsa.io/spec-sha256`. Bump it only with a
 * change of canonicalization, together with a rule reading older versions, so an upgrade
 * does not re-register every task.
 */
export const HASH_VERSION = '1';

export interface CredentialSpecUse {
  container: string;
  credentialSpec: string;
  reference: string;
}

export interface RenderedTaskDefinition {
  /** The exact input sent to ECS, tags included, in canonical key order. */
  input: RegisterTaskDefinitionInput;
  /** sha256 of the canonical input without the two hash tags. */
  specSha256: string;
  references: CredentialSpecUse[];
}

function renderContainer(
  container: ContainerDefinition,
  osFamily: string | undefined,
  resolved: ReadonlyMap<string, ResolvedCredentialSpec>,
): Omit<ContainerDefinition, 'gmsa'> {
  const { gmsa, ...rest } = container;
  if (!gmsa) return rest;
  const credSpec = resolved.get(gmsa.credentialSpecRef);
  if (!credSpec) throw new Error(`credential spec ${gmsa.credentialSpecRef} is not resolved`);
  const out: Omit<ContainerDefinition, 'gmsa'> = { ...rest, credentialSpecs: [credSpec.reference] };
  if (isServer2016(osFamily) && out.hostname === undefined) out.hostname = credSpec.account;
  return out;
}

function mergeTags(
  userTags: EcsGmsaTaskSpec['taskDefinition']['tags'],
  owner: Owner,
): { key: string; value: string }[] {
  const merged = new Map<string, string>();
  for (const tag of userTags ?? []) if (tag.key !== undefined) merged.set(tag.key, tag.value ?? '');
  for (const [key, value] of Object.entries(ownershipTags(owner))) merged.set(key, value);
  return [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, value]) => ({ key, value }));
}

/**
 * Strips `gmsa`, injects each container's `credentialSpecs`, applies the Windows Server 2016
 * hostname rule (set when absent; conflicts are a validation error, checked before), adds the
 * ownership tags, canonicalizes and hashes. Expects validated input with every reference resolved.
 */
export function renderTaskDefinition(
  spec: EcsGmsaTaskSpec,
  owner: Owner,
  resolved: ReadonlyMap<string, ResolvedCredentialSpec>,
): RenderedTaskDefinition {
  const { taskDefinition } = spec;
  const osFamily = taskDefinition.runtimePlatform?.operatingSystemFamily;
  const containers = taskDefinition.containerDefinitions.map((c) => renderContainer(c, osFamily, resolved));
  const unhashed = canonicalize({
    ...taskDefinition,
    containerDefinitions: containers,
    tags: mergeTags(taskDefinition.tags, owner),
  }) as RegisterTaskDefinitionInput;
  const specSha256 = sha256Hex(canonicalJson(unhashed));
  const hashTags = [
    { key: TAG_KEYS.hashVersion, value: HASH_VERSION },
    { key: TAG_KEYS.specSha256, value: specSha256 },
  ];
  const tags = [...(unhashed.tags ?? []), ...hashTags].sort((a, b) => ((a.key ?? '') < (b.key ?? '') ? -1 : 1));
  const references = taskDefinition.containerDefinitions.flatMap((c) => {
    const credSpec = c.gmsa ? resolved.get(c.gmsa.credentialSpecRef) : undefined;
    return credSpec ? [{ container: c.name ?? '', credentialSpec: credSpec.name, reference: credSpec.reference }] : [];
  });
  return { input: { ...unhashed, tags }, specSha256, references };
}
