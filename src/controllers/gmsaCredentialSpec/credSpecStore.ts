// Stores the rendered CredSpec: an SSM String parameter, an S3 object, or a ConfigMap for localFile.
// Every write is preceded by a fresh ownership read; an object of anyone else is never written.
import { API_VERSION, GMSA_CREDENTIAL_SPEC_KIND, LABELS, MANAGER } from '../../api/group.js';
import type { GmsaCredentialSpec } from '../../api/types.js';
import type { AwsPorts } from '../../aws/ports.js';
import { configMapFor } from '../../domain/credspec/configMap.js';
import { kmsKeyDiffers } from '../../domain/kmsKey.js';
import type { RenderedCredentialSpec } from '../../domain/credspec/render.js';
import {
  decideExisting,
  ownershipOf,
  refusalMessage,
  type AdoptionRequest,
  type Owner,
  type Ownership,
} from '../../domain/ownership.js';
import type { ConfigMapStore } from '../../kube/configMaps.js';
import { BlockedError } from '../common/outcome.js';
import type { EnsureAction } from './events.js';

export interface CredSpecTarget {
  cr: GmsaCredentialSpec;
  rendered: RenderedCredentialSpec;
  ports: AwsPorts;
  configMaps: ConfigMapStore;
  owner: Owner;
  tags: Record<string, string>;
  adoption: AdoptionRequest;
}

export interface CredSpecResult {
  action: EnsureAction;
  where: string;
  configMapName?: string;
}

/** How a stored object differs from the desired one: not at all, in content, or only in its KMS key. */
type Difference = 'none' | 'content' | 'key';

/** S3's AWS managed key; with no kmsKeyId in the spec the bucket's default encryption applies instead. */
const S3_DEFAULT_KEY = 'alias/aws/s3';

/** How one kind of store reads and writes the CredSpec object. */
interface StoreOps {
  what: string;
  /** Whose the object is; `undefined` when it does not exist. */
  ownership(): Promise<Ownership | undefined>;
  /** How the stored object differs from the rendered one; `undefined` when it does not exist. */
  difference(): Promise<Difference | undefined>;
  create(): Promise<void>;
  update(): Promise<void>;
  /** Marks an adopted object as ours. */
  claim(sameContent: boolean): Promise<void>;
}

/** Whether the status already records this location as stored by us: steady state needs one read only. */
function established(t: CredSpecTarget): boolean {
  return t.cr.status?.credentialSpecArn === t.rendered.location.arn;
}

/** Throws the Stalled AlreadyExists outcome unless the object may be written; `adopt` when it is taken over. */
function mayWrite(t: CredSpecTarget, ops: StoreOps, ownership: Ownership): 'use' | 'adopt' {
  const decision = decideExisting(ownership, t.adoption);
  if (decision.kind === 'refuse')
    throw new BlockedError({
      kind: 'stalled',
      reason: 'AlreadyExists',
      message: refusalMessage(ops.what, decision.why),
    });
  return decision.kind;
}

/**
 * The one algorithm for every store: a recorded object whose content matches costs one read; any
 * write is preceded by a fresh ownership read; an object of anyone else is refused (Stalled AlreadyExists).
 */
async function ensureObject(t: CredSpecTarget, ops: StoreOps): Promise<EnsureAction> {
  const known = established(t) ? await ops.difference() : undefined;
  if (known === 'none') return 'unchanged';
  const ownership = await ops.ownership();
  if (ownership === undefined) {
    await ops.create();
    return 'created';
  }
  const decision = mayWrite(t, ops, ownership);
  const difference = known ?? (await ops.difference());
  if (difference === undefined) {
    await ops.create(); // deleted between the two reads
    return 'created';
  }
  if (decision === 'adopt') await ops.claim(difference === 'none');
  if (difference !== 'none') await ops.update();
  if (decision === 'adopt') return 'adopted';
  return ACTION_FOR[difference];
}

const ACTION_FOR: Record<Difference, EnsureAction> = { none: 'unchanged', content: 'updated', key: 'reencrypted' };

const TIER_RANK = { Standard: 0, Advanced: 1, 'Intelligent-Tiering': 1 } as const;

function ssmOps(t: CredSpecTarget, name: string, tier: 'Standard' | 'Advanced'): StoreOps {
  const parameters = t.ports.parameters;
  const value = t.rendered.bytes;
  return {
    what: `SSM parameter ${name}`,
    ownership: async () => {
      const tags = await parameters.getTags(name);
      return tags && ownershipOf(tags, t.owner);
    },
    difference: async () => {
      const current = await parameters.get(name);
      if (!current) return undefined;
      return current.value === value && current.type === 'String' ? 'none' : 'content';
    },
    create: async () =>
      void (await parameters.put({ name, value, type: 'String', tier, overwrite: false, tags: t.tags })),
    // Advanced cannot go back to Standard: keep the higher tier of what exists and what is asked.
    update: async () => {
      const existing = tier === 'Advanced' ? undefined : (await parameters.get(name, { includeMetadata: true }))?.tier;
      const write = existing && TIER_RANK[existing] > TIER_RANK[tier] ? 'Advanced' : tier;
      await parameters.put({ name, value, type: 'String', tier: write, overwrite: true });
    },
    claim: () => parameters.addTags(name, t.tags),
  };
}

function s3Ops(t: CredSpecTarget, s3: { bucket: string; key: string; kmsKeyId?: string }): StoreOps {
  const objects = t.ports.objects;
  const put = (): Promise<void> =>
    objects.put({
      bucket: s3.bucket,
      key: s3.key,
      body: t.rendered.bytes,
      contentType: 'application/json',
      tags: t.tags,
      ...(s3.kmsKeyId ? { kmsKeyId: s3.kmsKeyId } : {}),
    });
  return {
    what: `S3 object s3://${s3.bucket}/${s3.key}`,
    ownership: async () => {
      const tags = await objects.getTags(s3.bucket, s3.key);
      return tags && ownershipOf(tags, t.owner);
    },
    // The key is compared only when the spec names one: without it the bucket's default encryption decides.
    difference: async () => {
      const current = await objects.get(s3.bucket, s3.key);
      if (!current) return undefined;
      if (current.body !== t.rendered.bytes) return 'content';
      const desired = { kmsKeyId: s3.kmsKeyId, storeDefault: S3_DEFAULT_KEY };
      return s3.kmsKeyId !== undefined && kmsKeyDiffers(desired, current.kmsKeyId) ? 'key' : 'none';
    },
    create: put,
    update: put, // PutObject replaces the tags too
    claim: async (same) => {
      if (same) await objects.putTags(s3.bucket, s3.key, t.tags);
    },
  };
}

function configMapOps(t: CredSpecTarget, path: string): StoreOps & { name: string } {
  const { cr } = t;
  const namespace = cr.metadata.namespace ?? 'default';
  const { name, key } = configMapFor(cr.metadata.name, path);
  const data = { [key]: t.rendered.bytes };
  const owner = {
    apiVersion: API_VERSION,
    kind: GMSA_CREDENTIAL_SPEC_KIND,
    name: cr.metadata.name,
    uid: cr.metadata.uid ?? '',
  };
  const labels = { [LABELS.managedBy]: MANAGER, [LABELS.credentialSpec]: cr.metadata.name };
  const write = async (): Promise<void> => {
    const current = await t.configMaps.get(namespace, name);
    await t.configMaps.put({
      namespace,
      name,
      data,
      labels,
      owner,
      ...(current ? { resourceVersion: current.resourceVersion } : {}),
    });
  };
  return {
    name,
    what: `ConfigMap ${namespace}/${name}`,
    ownership: async () => {
      const current = await t.configMaps.get(namespace, name);
      if (!current) return undefined;
      return current.ownerUids.includes(owner.uid)
        ? 'ours'
        : current.ownerUids.length > 0
          ? 'foreign-operator-object'
          : 'unowned';
    },
    difference: async () => {
      const current = await t.configMaps.get(namespace, name);
      if (!current) return undefined;
      return JSON.stringify(current.data) === JSON.stringify(data) ? 'none' : 'content';
    },
    create: write,
    update: write,
    claim: async (same) => {
      if (same) await write(); // sets our owner reference
    },
  };
}

/** Ensures the CredSpec is stored as rendered; returns what was done. */
export async function ensureCredSpec(t: CredSpecTarget): Promise<CredSpecResult> {
  const { storage } = t.cr.spec;
  if (storage.ssm)
    return {
      action: await ensureObject(t, ssmOps(t, storage.ssm.parameterName, storage.ssm.tier ?? 'Standard')),
      where: `SSM parameter ${storage.ssm.parameterName} (String)`,
    };
  if (storage.s3)
    return {
      action: await ensureObject(t, s3Ops(t, storage.s3)),
      where: `S3 object s3://${storage.s3.bucket}/${storage.s3.key}`,
    };
  if (!storage.localFile) throw new Error('storage has none of ssm, s3, localFile');
  const path = storage.localFile.path;
  const ops = configMapOps(t, path);
  const { key } = configMapFor(t.cr.metadata.name, path);
  const where = `ConfigMap ${ops.name}: place its "${key}" at C:\\ProgramData\\Docker\\CredentialSpecs\\${path} on every container instance`;
  return { action: await ensureObject(t, ops), where, configMapName: ops.name };
}
