// Names that reach an ARN, an IAM policy or a file path must mean exactly themselves. Pure.
import { error, type ValidationIssue } from './issue.js';

/** Windows device names: a file of that name (any extension) is the device, not a file. */
const DEVICE = /^(CON|PRN|AUX|NUL|CONIN\$|CONOUT\$|COM[0-9¹²³]|LPT[0-9¹²³])(\..*)?$/i;

/**
 * Findings for a name that would not mean exactly itself where it lands: a `.` or `..` segment (a
 * path escape), an IAM wildcard (`*`, `?`), a policy variable (`${...}`) or a control character.
 * `separators` are the path separators of that name.
 */
export function unsafeNameIssues(
  field: string,
  value: string,
  separators: readonly string[] = ['/'],
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) issues.push(error(field, 'must not contain control characters'));
  if (/[*?]/.test(value))
    issues.push(
      error(
        field,
        `"${value}" contains "*" or "?": IAM reads them as wildcards, so the name would grant more than itself`,
      ),
    );
  if (value.includes('${')) issues.push(error(field, `"${value}" contains "\${": IAM reads it as a policy variable`));
  const segments = separators.reduce<string[]>((parts, sep) => parts.flatMap((p) => p.split(sep)), [value]);
  if (segments.some((s) => s === '.' || s === '..'))
    issues.push(error(field, `"${value}" has a "." or ".." segment: names must not climb out of their prefix`));
  return issues;
}

/** Findings for a Windows file path: device names and segments Windows would silently shorten. */
export function windowsPathIssues(field: string, path: string): ValidationIssue[] {
  const segments = path.split('\\');
  const issues: ValidationIssue[] = [];
  if (segments.some((s) => DEVICE.test(s)))
    issues.push(error(field, `"${path}" names a Windows device (CON, PRN, AUX, NUL, COM1-9, LPT1-9), not a file`));
  if (segments.some((s) => /[. ]$/.test(s)))
    issues.push(
      error(
        field,
        `"${path}" has a segment ending in "." or a space, which Windows drops: the file would have another name`,
      ),
    );
  return issues;
}
