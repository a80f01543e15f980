// Stores the rendered CredSpec: an SSM String parameter, an S3 object, or a ConfigMap for localFile.
import { API_VERSION, GMSA_CREDENTIAL_SPEC_KIND } from '../../api/group.js';
import type { GmsaCredentialSpec } from '../../api/types.js';
import type { AwsPorts } from '../../aws/ports.js';
import type { RenderedCredentialSpec } from '../../domain/credspec/render.js';
import type { Owner } from '../../domain/ownership.js';
import type { ConfigMapStore } from '../../kube/configMaps.js';
import { decideExisting } from '../ownershipCheck.js';
import { existingAction, type EnsureAction } from '../writeDecision.js';

export interface CredSpecTarget {
  cr: GmsaCredentialSpec;
  rendered: RenderedCredentialSpec;
  ports: AwsPorts;
  configMaps: ConfigMapStore;
  owner: Owner;
  tags: Record<string, string>;
  adopt: boolean;
}

export interface CredSpecResult {
  action: EnsureAction;
  where: string;
  configMapName?: string;
}

/** Whether the status already records this exact location as ours (then no ownership read is needed). */
function known(t: CredSpecTarget): boolean {
  return t.cr.status?.credentialSpecArn === t.rendered.location.arn;
}

const TIER_RANK = { Standard: 0, Advanced: 1, 'Intelligent-Tiering': 1 } as const;

async function ensureSsm(t: CredSpecTarget, name: string, tier: 'Standard' | 'Advanced'): Promise<CredSpecResult> {
  const where = `SSM parameter ${name} (String)`;
  const current = await t.ports.parameters.get(name);
  if (!current) {
    await t.ports.parameters.put({ name, value: t.rendered.bytes, type: 'String', tier, overwrite: false, tags: t.tags });
    return { action: 'created', where };
  }
  const sameContent = current.value === t.rendered.bytes && current.type === 'String';
  const decision = decideExisting({ what: `SSM parameter ${name}`, sameContent, tags: known(t) ? undefined : await t.ports.parameters.getTags(name) }, t.owner, t.adopt);
  if (decision === 'adopt') await t.ports.parameters.addTags(name, t.tags);
  if (!sameContent) await t.ports.parameters.put({ name, value: t.rendered.bytes, type: 'String', tier: await tierToWrite(t, name, tier), overwrite: true });
  return { action: existingAction(decision, !sameContent), where };
}

/**
 * Advanced cannot go back to Standard: keeps the higher tier of what exists and what is asked
 * (the tier costs a metadata read, paid only when writing).
 */
async function tierToWrite(t: CredSpecTarget, name: string, tier: 'Standard' | 'Advanced'): Promise<'Standard' | 'Advanced'> {
  if (tier === 'Advanced') return tier;
  const existing = (await t.ports.parameters.get(name, { includeMetadata: true }))?.tier;
  return existing && TIER_RANK[existing] > TIER_RANK[tier] ? 'Advanced' : tier;
}

async function ensureS3(t: CredSpecTarget, s3: { bucket: string; key: string; kmsKeyId?: string }): Promise<CredSpecResult> {
  const where = `S3 object s3://${s3.bucket}/${s3.key}`;
  const put = (): Promise<void> =>
    t.ports.objects.put({ bucket: s3.bucket, key: s3.key, body: t.rendered.bytes, contentType: 'application/json', tags: t.tags, ...(s3.kmsKeyId ? { kmsKeyId: s3.kmsKeyId } : {}) });
  const current = await t.ports.objects.get(s3.bucket, s3.key);
  if (!current) {
    await put();
    return { action: 'created', where };
  }
  const sameContent = current.body === t.rendered.bytes;
  const decision = decideExisting({ what: where, sameContent, tags: known(t) ? undefined : await t.ports.objects.getTags(s3.bucket, s3.key) }, t.owner, t.adopt);
  if (!sameContent) await put(); // PutObject replaces the tags too
  else if (decision === 'adopt') await t.ports.objects.putTags(s3.bucket, s3.key, t.tags);
  return { action: existingAction(decision, !sameContent), where };
}

/** The ConfigMap of a localFile CredSpec: `<cr name>-credspec`, key = the file's base name. */
export function configMapFor(crName: string, path: string): { name: string; key: string } {
  const base = path.split('\\').pop() ?? path;
  return { name: `${crName}-credspec`, key: base };
}

async function ensureConfigMap(t: CredSpecTarget, path: string): Promise<CredSpecResult> {
  const { cr } = t;
  const namespace = cr.metadata.namespace ?? 'default';
  const { name, key } = configMapFor(cr.metadata.name, path);
  const where = `ConfigMap ${name}: place its "${key}" at C:\\ProgramData\\Docker\\CredentialSpecs\\${path} on every container instance`;
  const data = { [key]: t.rendered.bytes };
  const owner = { apiVersion: API_VERSION, kind: GMSA_CREDENTIAL_SPEC_KIND, name: cr.metadata.name, uid: cr.metadata.uid ?? '' };
  const labels = { 'app.kubernetes.io/managed-by': 'ecs-gmsa-operator', 'ecsgmsa.io/credential-spec': cr.metadata.name };
  const current = await t.configMaps.get(namespace, name);
  if (!current) {
    await t.configMaps.put({ namespace, name, data, labels, owner });
    return { action: 'created', where, configMapName: name };
  }
  const ours = current.ownerUids.includes(owner.uid);
  const sameContent = JSON.stringify(current.data) === JSON.stringify(data);
  const decision = decideExisting({ what: `ConfigMap ${namespace}/${name}`, sameContent, tags: ours ? undefined : {} }, t.owner, t.adopt);
  if (!sameContent || decision === 'adopt') await t.configMaps.put({ namespace, name, data, labels, owner, resourceVersion: current.resourceVersion });
  return { action: existingAction(decision, !sameContent), where, configMapName: name };
}

/** Ensures the CredSpec is stored as rendered; returns what was done. */
export function ensureCredSpec(t: CredSpecTarget): Promise<CredSpecResult> {
  const { storage } = t.cr.spec;
  if (storage.ssm) return ensureSsm(t, storage.ssm.parameterName, storage.ssm.tier ?? 'Standard');
  if (storage.s3) return ensureS3(t, storage.s3);
  if (storage.localFile) return ensureConfigMap(t, storage.localFile.path);
  throw new Error('storage has none of ssm, s3, localFile');
}
