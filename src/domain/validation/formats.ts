// Field-level format checks with messages a user can act on. Each returns issues, never throws.
import * as L from '../../api/limits.js';
import { error, type ValidationIssue } from './issue.js';

const re = (pattern: string): RegExp => new RegExp(pattern);
const ACCOUNT = re(L.ACCOUNT_NAME_PATTERN);
const DNS = re(L.DNS_NAME_PATTERN);
const NETBIOS = re(L.NETBIOS_PATTERN);
const SID = re(L.DOMAIN_SID_PATTERN);
const GUID = re(L.GUID_PATTERN);
const REGION = re(L.REGION_PATTERN);
const KMS = re(L.KMS_KEY_PATTERN);

/** A gMSA sAMAccountName without `$`. */
export function checkAccountName(field: string, name: string): ValidationIssue[] {
  if (name.endsWith('$'))
    return [error(field, `"${name}" ends with "$"; give the sAMAccountName without the trailing "$"`)];
  if (name.length > L.ACCOUNT_NAME_MAX) {
    return [
      error(
        field,
        `"${name}" is ${name.length} characters; a gMSA sAMAccountName allows at most ${L.ACCOUNT_NAME_MAX} plus "$"`,
      ),
    ];
  }
  if (name.length === 0) return [error(field, 'must not be empty')];
  if (!ACCOUNT.test(name)) {
    return [
      error(
        field,
        `"${name}" contains a character a sAMAccountName does not allow (${L.ACCOUNT_NAME_FORBIDDEN_CHARS}, "$" or whitespace)`,
      ),
    ];
  }
  return [];
}

/** An RFC 1123 DNS name, labels ≤ 63, total ≤ 253. */
export function checkDnsName(field: string, name: string): ValidationIssue[] {
  if (name.length > L.DNS_NAME_MAX)
    return [
      error(
        field,
        `"${name.slice(0, 40)}..." is ${name.length} characters; a DNS name allows at most ${L.DNS_NAME_MAX}`,
      ),
    ];
  const long = name.split('.').find((label) => label.length > 63);
  if (long)
    return [
      error(
        field,
        `label "${long.slice(0, 20)}..." of "${name}" is ${long.length} characters; a DNS label allows at most 63`,
      ),
    ];
  if (!DNS.test(name))
    return [
      error(
        field,
        `"${name}" is not a valid DNS name (letters, digits and inner hyphens in dot-separated labels, e.g. contoso.com)`,
      ),
    ];
  return [];
}

/** A NetBIOS domain name. */
export function checkNetBiosName(field: string, name: string): ValidationIssue[] {
  if (name.length === 0 || name.length > 15)
    return [error(field, `"${name}" is ${name.length} characters; a NetBIOS name has 1-15`)];
  if (!NETBIOS.test(name))
    return [error(field, `"${name}" contains a character a NetBIOS name does not allow (\\/:*?"<>|. or whitespace)`)];
  return [];
}

/** The domain SID (not an account SID). */
export function checkDomainSid(field: string, sid: string): ValidationIssue[] {
  if (SID.test(sid)) return [];
  if (/^S-1-5-21-\d+-\d+-\d+-\d+$/.test(sid)) {
    return [
      error(field, `"${sid}" is an account SID (it ends in a RID); use the domain's SID, S-1-5-21 and three numbers`),
    ];
  }
  return [error(field, `"${sid}" is not a domain SID; expected S-1-5-21-<n>-<n>-<n> (Get-ADDomain).DomainSID`)];
}

/** The domain objectGUID. */
export function checkGuid(field: string, guid: string): ValidationIssue[] {
  if (GUID.test(guid)) return [];
  if (/^\{.*\}$/.test(guid)) return [error(field, `"${guid}" has braces; write the GUID without them`)];
  return [error(field, `"${guid}" is not a GUID; expected 8-4-4-4-12 hexadecimal digits (Get-ADDomain).ObjectGUID`)];
}

/** An AWS region name. */
export function checkRegion(field: string, region: string): ValidationIssue[] {
  return REGION.test(region) ? [] : [error(field, `"${region}" is not an AWS region name such as us-east-1`)];
}

/** A KMS key id, key ARN, alias or alias ARN. */
export function checkKmsKey(field: string, key: string): ValidationIssue[] {
  if (!KMS.test(key)) return [error(field, `"${key}" is not a KMS key id, key ARN, alias/<name> or alias ARN`)];
  // The execution role gets kms:Decrypt on this key; an alias cannot be a policy resource, and every key
  // of the account (key/*) would grant more than this one.
  if (key.includes('alias/'))
    return [
      error(
        field,
        `"${key}" is an alias: name the key by its id or key ARN, so the generated policy grants kms:Decrypt on exactly that key`,
      ),
    ];
  return [];
}

/** User tags (a map): count, key length and reserved prefixes, value length. */
export function checkTagMap(field: string, tags: Readonly<Record<string, string>>, maxTags: number): ValidationIssue[] {
  const entries = Object.entries(tags);
  const issues =
    entries.length > maxTags
      ? [error(field, `${entries.length} tags; at most ${maxTags} fit beside the operator's ownership tags`)]
      : [];
  for (const [key, value] of entries) issues.push(...checkTag(`${field}[${JSON.stringify(key)}]`, key, value));
  return issues;
}

const TAG_CHARACTER = new RegExp(`^[${L.TAG_CHARACTER_CLASS}]$`, 'u');

/** The first character AWS refuses in a tag key or value, JSON-quoted so a control character shows; undefined if none. */
function badTagCharacter(text: string): string | undefined {
  const bad = [...text].find((c) => !TAG_CHARACTER.test(c));
  return bad === undefined ? undefined : JSON.stringify(bad);
}

const TAG_ALPHABET = 'letters, digits, spaces and _ . : / = + - @ only';

/** One tag's key and value, by AWS's rules (lengths count characters, not UTF-16 units). */
export function checkTag(field: string, key: string, value: string): ValidationIssue[] {
  const keyLength = [...key].length;
  if (keyLength < 1 || keyLength > L.TAG_KEY_MAX)
    return [error(field, `tag key is ${keyLength} characters; 1-${L.TAG_KEY_MAX} allowed`)];
  const reserved = L.RESERVED_TAG_PREFIXES.find((p) => key.toLowerCase().startsWith(p));
  if (reserved) return [error(field, `tag key "${key}" starts with the reserved prefix "${reserved}"`)];
  const badInKey = badTagCharacter(key);
  if (badInKey) return [error(field, `tag key holds ${badInKey}, which AWS refuses in tags (${TAG_ALPHABET})`)];
  const valueLength = [...value].length;
  if (valueLength > L.TAG_VALUE_MAX)
    return [error(field, `tag value is ${valueLength} characters; at most ${L.TAG_VALUE_MAX} allowed`)];
  const badInValue = badTagCharacter(value);
  if (badInValue) return [error(field, `tag value holds ${badInValue}, which AWS refuses in tags (${TAG_ALPHABET})`)];
  return [];
}
