// Stores the domainless AD user credentials in Secrets Manager or SSM (SecureString). Ownership first:
// a value is read only after the object's tags say it is ours, and written only when it differs.
import type { CredentialsRecord } from '../../api/types.js';
import type { AwsPorts } from '../../aws/ports.js';
import { newRequestToken } from '../../aws/requestToken.js';
import { ssmParameterArn, type AwsScope } from '../../domain/arns.js';
import { kmsKeyDiffers, SECRETS_MANAGER_DEFAULT_KEY, SSM_DEFAULT_KEY } from '../../domain/kmsKey.js';
import {
  decideExisting,
  ownershipOf,
  refusalMessage,
  type AdoptionRequest,
  type Owner,
} from '../../domain/ownership.js';
import { BlockedError } from '../common/outcome.js';
import type { EnsureAction } from './events.js';

export interface CredentialsTarget {
  record: CredentialsRecord;
  kmsKeyId?: string;
  /** The credentials JSON; never logged. */
  value: string;
  ports: AwsPorts;
  scope: AwsScope;
  owner: Owner;
  tags: Record<string, string>;
  adoption: AdoptionRequest;
}

export interface CredentialsResult {
  arn: string;
  action: EnsureAction;
  where: string;
}

/** Throws the Stalled AlreadyExists outcome unless the object may be used; true when it is adopted. */
function mayUse(t: CredentialsTarget, what: string, tags: Record<string, string>): boolean {
  const decision = decideExisting(ownershipOf(tags, t.owner), t.adoption);
  if (decision.kind === 'refuse')
    throw new BlockedError({ kind: 'stalled', reason: 'AlreadyExists', message: refusalMessage(what, decision.why) });
  return decision.kind === 'adopt';
}

async function createSecret(t: CredentialsTarget, where: string): Promise<CredentialsResult> {
  const created = await t.ports.secrets.create({
    name: t.record.name,
    value: t.value,
    tags: t.tags,
    clientRequestToken: newRequestToken(),
    ...(t.kmsKeyId ? { kmsKeyId: t.kmsKeyId } : {}),
  });
  return { arn: created.arn, action: 'created', where };
}

async function ensureSecret(t: CredentialsTarget): Promise<CredentialsResult> {
  const { name } = t.record;
  const where = `Secrets Manager secret ${name}`;
  const secrets = t.ports.secrets;
  const found = await secrets.describe(name);
  if (!found) return createSecret(t, where);
  const adopted = mayUse(t, where, found.tags);
  // Restored before anything else: AWS refuses to tag or write a secret scheduled for deletion.
  if (found.deletedDate) await secrets.restore(found.arn);
  if (adopted) await secrets.tag(found.arn, t.tags);
  const current = await secrets.getValue(found.arn);
  // Deleted without recovery between the two reads: a new value for it would be refused, so create it again.
  if (!current) return createSecret(t, where);
  // The key first, so a new value below is encrypted with the desired key (UpdateSecret re-encrypts the rest).
  const rekeyed = kmsKeyDiffers({ kmsKeyId: t.kmsKeyId, storeDefault: SECRETS_MANAGER_DEFAULT_KEY }, found.kmsKeyId);
  if (rekeyed) await secrets.setKey(found.arn, t.kmsKeyId ?? SECRETS_MANAGER_DEFAULT_KEY);
  const changed = current.value !== t.value;
  if (changed) await secrets.putValue({ secretId: found.arn, value: t.value, clientRequestToken: newRequestToken() });
  const action = actionOf({ adopted, restored: found.deletedDate !== undefined, rekeyed, changed });
  return { arn: found.arn, action, where };
}

/** The one action reported for an existing object, the most telling first. */
function actionOf(done: { adopted: boolean; restored?: boolean; rekeyed: boolean; changed: boolean }): EnsureAction {
  if (done.adopted) return 'adopted';
  if (done.restored === true) return 'restored';
  if (done.rekeyed) return 'reencrypted';
  return done.changed ? 'updated' : 'unchanged';
}

async function ensureSecureString(t: CredentialsTarget): Promise<CredentialsResult> {
  const { name } = t.record;
  const where = `SSM SecureString parameter ${name}`;
  const arn = ssmParameterArn(t.scope, name);
  const parameters = t.ports.parameters;
  const base = { name, value: t.value, type: 'SecureString' as const, ...(t.kmsKeyId ? { keyId: t.kmsKeyId } : {}) };
  const desiredKey = { kmsKeyId: t.kmsKeyId, storeDefault: SSM_DEFAULT_KEY };
  const tags = await parameters.getTags(name);
  if (tags === undefined) {
    await parameters.put({ ...base, overwrite: false, tags: t.tags });
    return { arn, action: 'created', where };
  }
  const adopted = mayUse(t, where, tags);
  if (adopted) await parameters.addTags(name, t.tags);
  // The metadata (one DescribeParameters, nothing decrypted) tells the key in use.
  const current = await parameters.get(name, { withDecryption: true, includeMetadata: true });
  if (!current) {
    // Gone between the two reads: created again, with its tags.
    await parameters.put({ ...base, overwrite: false, tags: t.tags });
    return { arn, action: 'created', where };
  }
  const rekeyed = current.type === 'SecureString' && kmsKeyDiffers(desiredKey, current.keyId);
  const changed = current.value !== t.value || current.type !== 'SecureString';
  // The key is always sent on overwrite: SSM keeps the previous key when none is given.
  if (changed || rekeyed) await parameters.put({ ...base, keyId: t.kmsKeyId ?? SSM_DEFAULT_KEY, overwrite: true });
  return { arn, action: actionOf({ adopted, rekeyed, changed }), where };
}

/** Ensures the credentials are stored as desired; returns their ARN and what was done. */
export function ensureCredentials(t: CredentialsTarget): Promise<CredentialsResult> {
  return t.record.store === 'SsmParameter' ? ensureSecureString(t) : ensureSecret(t);
}
