// Stores the domainless AD user credentials in Secrets Manager or SSM (SecureString). Ownership first:
// a value is read only after the object's tags say it is ours, and written only when it differs.
import type { CredentialsRecord } from '../../api/types.js';
import type { AwsPorts } from '../../aws/ports.js';
import { newRequestToken } from '../../aws/requestToken.js';
import { ssmParameterArn, type AwsScope } from '../../domain/arns.js';
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
  const changed = current.value !== t.value;
  if (changed) await secrets.putValue({ secretId: found.arn, value: t.value, clientRequestToken: newRequestToken() });
  const action: EnsureAction = adopted ? 'adopted' : found.deletedDate ? 'restored' : changed ? 'updated' : 'unchanged';
  return { arn: found.arn, action, where };
}

async function ensureSecureString(t: CredentialsTarget): Promise<CredentialsResult> {
  const { name } = t.record;
  const where = `SSM SecureString parameter ${name}`;
  const arn = ssmParameterArn(t.scope, name);
  const parameters = t.ports.parameters;
  const base = { name, value: t.value, type: 'SecureString' as const, ...(t.kmsKeyId ? { keyId: t.kmsKeyId } : {}) };
  const tags = await parameters.getTags(name);
  if (tags === undefined) {
    await parameters.put({ ...base, overwrite: false, tags: t.tags });
    return { arn, action: 'created', where };
  }
  const adopted = mayUse(t, where, tags);
  if (adopted) await parameters.addTags(name, t.tags);
  const current = await parameters.get(name, { withDecryption: true });
  if (!current) {
    // Gone between the two reads: created again, with its tags.
    await parameters.put({ ...base, overwrite: false, tags: t.tags });
    return { arn, action: 'created', where };
  }
  const changed = current.value !== t.value || current.type !== 'SecureString';
  if (changed) await parameters.put({ ...base, overwrite: true });
  return { arn, action: adopted ? 'adopted' : changed ? 'updated' : 'unchanged', where };
}

/** Ensures the credentials are stored as desired; returns their ARN and what was done. */
export function ensureCredentials(t: CredentialsTarget): Promise<CredentialsResult> {
  return t.record.store === 'SsmParameter' ? ensureSecureString(t) : ensureSecret(t);
}
