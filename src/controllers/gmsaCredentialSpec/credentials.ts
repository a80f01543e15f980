// Stores the domainless AD user credentials in Secrets Manager or SSM (SecureString), writing only on change.
import type { DomainlessCredentials } from '../../api/types.js';
import type { AwsPorts } from '../../aws/ports.js';
import { isAwsError } from '../../aws/errors.js';
import { requestTokenFor } from '../../aws/requestToken.js';
import { ssmParameterArn, type AwsScope } from '../../domain/arns.js';
import type { Owner } from '../../domain/ownership.js';
import { decideExisting } from '../ownershipCheck.js';
import { existingAction, type EnsureAction } from '../writeDecision.js';

export interface CredentialsTarget {
  domainless: DomainlessCredentials;
  /** The credentials JSON; never logged. */
  value: string;
  ports: AwsPorts;
  scope: AwsScope;
  owner: Owner;
  tags: Record<string, string>;
  adopt: boolean;
  /** status.credentialsArn: an object we already manage needs no ownership read. */
  knownArn?: string;
}

export interface CredentialsResult {
  arn: string;
  action: EnsureAction;
  where: string;
}

function secretIsKnown(t: CredentialsTarget): t is CredentialsTarget & { knownArn: string } {
  return t.knownArn !== undefined && t.knownArn.includes(`:secret:${t.domainless.name}-`);
}

/** Writes a new version when the value differs; the token is salted with the current version so A→B→A is a new version. */
async function putIfChanged(t: CredentialsTarget, arn: string, current: { value: string; versionId: string } | undefined): Promise<boolean> {
  if (current?.value === t.value) return false;
  const clientRequestToken = requestTokenFor(t.value, `${arn}|${current?.versionId ?? ''}`);
  await t.ports.secrets.putValue({ secretId: arn, value: t.value, clientRequestToken });
  return true;
}

/** The current value of a secret we already manage; `undefined` when gone or scheduled for deletion. */
async function knownValue(t: CredentialsTarget, arn: string): Promise<{ value: string; versionId: string } | undefined> {
  try {
    return await t.ports.secrets.getValue(arn);
  } catch (err: unknown) {
    if (isAwsError(err) && err.class === 'terminal') return undefined; // scheduled for deletion: describe and restore
    throw err;
  }
}

async function createSecret(t: CredentialsTarget, where: string): Promise<CredentialsResult> {
  const kms = t.domainless.kmsKeyId ? { kmsKeyId: t.domainless.kmsKeyId } : {};
  const created = await t.ports.secrets.create({ name: t.domainless.name, value: t.value, tags: t.tags, clientRequestToken: requestTokenFor(t.value, t.domainless.name), ...kms });
  return { arn: created.arn, action: 'created', where };
}

async function ensureSecret(t: CredentialsTarget): Promise<CredentialsResult> {
  const where = `Secrets Manager secret ${t.domainless.name}`;
  if (secretIsKnown(t)) {
    const current = await knownValue(t, t.knownArn);
    if (current) return { arn: t.knownArn, action: (await putIfChanged(t, t.knownArn, current)) ? 'updated' : 'unchanged', where };
  }
  const found = await t.ports.secrets.describe(t.domainless.name);
  if (!found) return createSecret(t, where);
  const decision = decideExisting({ what: where, sameContent: false, tags: found.arn === t.knownArn ? undefined : found.tags }, t.owner, t.adopt);
  if (decision === 'adopt') await t.ports.secrets.tag(found.arn, t.tags);
  if (found.deletedDate) await t.ports.secrets.restore(found.arn);
  const changed = await putIfChanged(t, found.arn, await t.ports.secrets.getValue(found.arn));
  const action: EnsureAction = found.deletedDate && decision !== 'adopt' ? 'restored' : existingAction(decision, changed);
  return { arn: found.arn, action, where };
}

async function ensureSsmSecureString(t: CredentialsTarget): Promise<CredentialsResult> {
  const { name, kmsKeyId } = t.domainless;
  const where = `SSM SecureString parameter ${name}`;
  const arn = ssmParameterArn(t.scope, name);
  const current = await t.ports.parameters.get(name, { withDecryption: true });
  const base = { name, value: t.value, type: 'SecureString' as const, ...(kmsKeyId ? { keyId: kmsKeyId } : {}) };
  if (!current) {
    await t.ports.parameters.put({ ...base, overwrite: false, tags: t.tags });
    return { arn, action: 'created', where };
  }
  const sameContent = current.value === t.value && current.type === 'SecureString';
  const tags = t.knownArn === current.arn ? undefined : await t.ports.parameters.getTags(name);
  const decision = decideExisting({ what: where, sameContent, tags }, t.owner, t.adopt);
  if (decision === 'adopt') await t.ports.parameters.addTags(name, t.tags);
  if (!sameContent) await t.ports.parameters.put({ ...base, overwrite: true });
  return { arn: current.arn, action: existingAction(decision, !sameContent), where };
}

/** Ensures the credentials are stored as desired; returns their ARN and what was done. */
export function ensureCredentials(t: CredentialsTarget): Promise<CredentialsResult> {
  return t.domainless.store === 'SsmParameter' ? ensureSsmSecureString(t) : ensureSecret(t);
}
