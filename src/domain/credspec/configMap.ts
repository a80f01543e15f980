// The ConfigMap that publishes a localFile CredSpec: its name and key, and the names Kubernetes would refuse. Pure.
import type { GmsaCredentialSpecSpec } from '../../api/types.js';
import { OBJECT_NAME_MAX } from '../../api/limits.js';
import { error, type ValidationIssue } from '../validation/issue.js';

const SUFFIX = '-credspec';

/**
 * The ConfigMap of a localFile CredSpec: `<CR name>-credspec`, holding one key named after the
 * file. A ConfigMap key allows only letters, digits, `-`, `_` and `.`, while a Windows file name
 * may hold spaces and parentheses: those become `_` (the condition message names the key and the path).
 */
export function configMapFor(crName: string, path: string): { name: string; key: string } {
  const base = path.split('\\').pop() ?? path;
  const key = base.replace(/[^-._a-zA-Z0-9]/g, '_');
  return { name: `${crName}${SUFFIX}`, key: key.startsWith('..') ? `_${key.slice(1)}` : key };
}

/** Findings for a localFile CredSpec whose ConfigMap name Kubernetes would refuse (too long). */
export function configMapNameIssues(crName: string, spec: GmsaCredentialSpecSpec): ValidationIssue[] {
  if (!spec.storage.localFile) return [];
  const max = OBJECT_NAME_MAX - SUFFIX.length;
  if (crName.length <= max) return [];
  return [
    error(
      'metadata.name',
      `with storage.localFile the name may have at most ${max} characters: the CredSpec is published in the ConfigMap "<name>${SUFFIX}", and a ConfigMap name has at most ${OBJECT_NAME_MAX}`,
    ),
  ];
}
