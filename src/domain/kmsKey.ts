// Whether the KMS key a stored object reports is the key the spec asks for. Pure string rules.
//
// AWS names one key in several forms: a key id (`1234abcd-…` or `mrk-…`), a key ARN
// (`arn:<p>:kms:<region>:<account>:key/<id>`), an alias (`alias/aws/ssm`) or an alias ARN. The spec
// accepts key ids and key ARNs only; the stores report what they choose (S3: the key ARN; SSM and
// Secrets Manager: often the form that was written; an AWS managed key by its alias or not at all).
// The rule, without asking KMS:
//   - key vs key: same key id (case-insensitive); when both are ARNs, also the same partition,
//     region and account (a key id is unique only within one account and region);
//   - alias vs alias: same alias name, and the same region and account when both are ARNs;
//   - the store's AWS managed key is reported by its alias (SSM: `alias/aws/ssm`, also as an alias
//     ARN) or not at all (Secrets Manager): it is the desired key exactly when the spec names none;
//     with no key in the spec, any other key or alias reported differs;
//   - a key in the spec vs another alias reported: undecidable without kms:DescribeKey, so treated
//     as the same key. This never re-writes in a loop when the forms differ; it misses a change only
//     when someone wrote the object with an alias of their own out of band.
// Naming the AWS managed key itself by key id in the spec would re-write on every pass: omit kmsKeyId instead.

/** The AWS managed key SSM encrypts a SecureString with when no key is given. */
export const SSM_DEFAULT_KEY = 'alias/aws/ssm';
/** The AWS managed key Secrets Manager encrypts with when no key is given (DescribeSecret then omits KmsKeyId). */
export const SECRETS_MANAGER_DEFAULT_KEY = 'alias/aws/secretsmanager';

interface KeyName {
  kind: 'key' | 'alias';
  name: string;
  /** `partition:region:account` of an ARN; undefined for a bare id or alias. */
  home?: string;
}

const KMS_ARN = /^arn:([^:]+):kms:([^:]*):([^:]*):(key|alias)\/(.+)$/;

function parse(ref: string): KeyName {
  const arn = KMS_ARN.exec(ref);
  if (arn) {
    const [, partition, region, account, kind, name] = arn;
    return { kind: kind === 'alias' ? 'alias' : 'key', name: name ?? '', home: `${partition}:${region}:${account}` };
  }
  if (ref.startsWith('alias/')) return { kind: 'alias', name: ref.slice('alias/'.length) };
  return { kind: 'key', name: ref };
}

/** What a store encrypts with: the key the spec names, else the store's AWS managed key (an alias). */
export interface DesiredKey {
  kmsKeyId?: string;
  storeDefault: string;
}

/**
 * Whether `observed` (what the store reports; `undefined` when it reports none, i.e. its default key)
 * provably names another key than the one desired. See the module comment for the rule.
 */
export function kmsKeyDiffers(desired: DesiredKey, observed: string | undefined): boolean {
  const got = parse(observed ?? desired.storeDefault);
  const isDefault = got.kind === 'alias' && `alias/${got.name}` === desired.storeDefault;
  if (isDefault || desired.kmsKeyId === undefined) return isDefault !== (desired.kmsKeyId === undefined);
  const want = parse(desired.kmsKeyId);
  if (want.kind !== got.kind) return false;
  const sameName = want.kind === 'key' ? want.name.toLowerCase() === got.name.toLowerCase() : want.name === got.name;
  if (!sameName) return true;
  return want.home !== undefined && got.home !== undefined && want.home !== got.home;
}
