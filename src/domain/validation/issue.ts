// A validation finding: the field it concerns and a message a user can act on.

export type Severity = 'error' | 'warning';

export interface ValidationIssue {
  /** Path from the object root, e.g. `spec.domain.sid` or `spec.taskDefinition.containerDefinitions[0].hostname`. */
  field: string;
  message: string;
  severity: Severity;
  /** Set on schema findings about shape (type, required, unknown field): later rules cannot run on such input. */
  structural?: true;
}

/** An error on `field`. */
export function error(field: string, message: string): ValidationIssue {
  return { field, message, severity: 'error' };
}

/** An error about the object's shape. */
export function structuralError(field: string, message: string): ValidationIssue {
  return { field, message, severity: 'error', structural: true };
}

/** A warning on `field`: reported, never blocking. */
export function warning(field: string, message: string): ValidationIssue {
  return { field, message, severity: 'warning' };
}

/** Only the errors. */
export function errorsOf(issues: readonly ValidationIssue[]): ValidationIssue[] {
  return issues.filter((i) => i.severity === 'error');
}

/** `field: message` lines, the form used in conditions, events and the CLI. */
export function formatIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((i) => `${i.field}: ${i.message}`).join('; ');
}
