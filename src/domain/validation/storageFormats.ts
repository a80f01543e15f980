// Name rules of each store: SSM parameters, S3 buckets and keys, Secrets Manager names, local files.
import * as L from '../../api/limits.js';
import { error, type ValidationIssue } from './issue.js';
import { unsafeNameIssues, windowsPathIssues } from './safeNames.js';

const SSM_NAME = new RegExp(L.SSM_PARAMETER_NAME_PATTERN);
const SECRET_NAME = new RegExp(L.SECRET_NAME_PATTERN);
const SECRET_SUFFIX = new RegExp(L.SECRET_NAME_SUFFIX_PATTERN);
const BUCKET = new RegExp(L.S3_BUCKET_PATTERN);
const LOCAL_PATH = new RegExp(L.LOCAL_FILE_PATH_PATTERN);

/** An SSM parameter name; `hierarchy` demands a leading `/` (domainless credentials). */
export function checkSsmParameterName(field: string, name: string, hierarchy = false): ValidationIssue[] {
  if (name.length > L.SSM_PARAMETER_NAME_MAX)
    return [error(field, `parameter name is ${name.length} characters; at most ${L.SSM_PARAMETER_NAME_MAX}`)];
  if (/^\/?(aws|ssm)/i.test(name)) return [error(field, `"${name}" starts with "aws" or "ssm", which AWS reserves`)];
  if (hierarchy && !name.startsWith('/'))
    return [error(field, `"${name}" must be a parameter hierarchy starting with "/", e.g. /gmsa/webapp01/ad-user`)];
  if (name.includes('/') && !name.startsWith('/'))
    return [error(field, `"${name}" has "/" separators but does not start with "/"; hierarchies start with "/"`)];
  if (name.split('/').length - 1 > 15)
    return [error(field, `"${name}" has more than 15 levels; SSM allows at most 15`)];
  if (!SSM_NAME.test(name))
    return [error(field, `"${name}" is not a valid parameter name (letters, digits, _ . - and / separators)`)];
  return [];
}

/** A Secrets Manager secret name. */
export function checkSecretName(field: string, name: string): ValidationIssue[] {
  if (!SECRET_NAME.test(name))
    return [error(field, `"${name}" is not a valid secret name (1-512 of letters, digits and /_+=.@-)`)];
  if (SECRET_SUFFIX.test(name))
    return [
      error(
        field,
        `"${name}" ends with a hyphen and six characters, which Secrets Manager reads as an ARN suffix; rename it`,
      ),
    ];
  return [];
}

/** An S3 bucket name. */
export function checkBucketName(field: string, bucket: string): ValidationIssue[] {
  if (!BUCKET.test(bucket))
    return [
      error(
        field,
        `"${bucket}" is not a valid bucket name (3-63 lowercase letters, digits, "." and "-", starting and ending with a letter or digit)`,
      ),
    ];
  if (bucket.includes('..')) return [error(field, `"${bucket}" contains ".."`)];
  if (/^\d+\.\d+\.\d+\.\d+$/.test(bucket))
    return [error(field, `"${bucket}" is formatted as an IP address, which S3 does not allow`)];
  return [];
}

/** An S3 object key: 1-1024 bytes of UTF-8. */
export function checkObjectKey(field: string, key: string): ValidationIssue[] {
  const bytes = Buffer.byteLength(key, 'utf8');
  if (bytes < 1 || bytes > L.S3_KEY_MAX_BYTES)
    return [error(field, `object key is ${bytes} bytes; 1-${L.S3_KEY_MAX_BYTES} allowed`)];
  // The key lands in the execution role's policy (s3:GetObject on bucket/key): it must grant exactly itself.
  return unsafeNameIssues(field, key);
}

/** A localFile path relative to C:\ProgramData\Docker\CredentialSpecs with `\` separators. */
export function checkLocalFilePath(field: string, path: string): ValidationIssue[] {
  if (path.includes('/'))
    return [error(field, `"${path}" uses "/"; Windows credential spec paths use "\\" separators`)];
  if (/^[A-Za-z]:|^\\/.test(path))
    return [error(field, `"${path}" is absolute; give a path relative to C:\\ProgramData\\Docker\\CredentialSpecs`)];
  if (path.split('\\').some((p) => p === '..' || p === '.'))
    return [
      error(field, `"${path}" must stay inside C:\\ProgramData\\Docker\\CredentialSpecs (no "." or ".." segments)`),
    ];
  if (path.length > L.LOCAL_FILE_PATH_MAX || !LOCAL_PATH.test(path)) {
    return [
      error(
        field,
        `"${path}" is not a valid file path (letters, digits, _ . ( ) - and spaces in "\\"-separated segments, at most ${L.LOCAL_FILE_PATH_MAX} characters)`,
      ),
    ];
  }
  return windowsPathIssues(field, path);
}
