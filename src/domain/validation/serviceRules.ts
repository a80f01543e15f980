// Validation of EcsGmsaTask `spec.services`: names ECS accepts, each service once, a bounded list. Pure.
import * as L from '../../api/limits.js';
import type { ServiceReference } from '../../api/types.js';
import { error, type ValidationIssue } from './issue.js';

const ECS_NAME = new RegExp(L.ECS_NAME_PATTERN);

function nameIssues(field: string, what: string, value: string): ValidationIssue[] {
  return ECS_NAME.test(value)
    ? []
    : [error(field, `"${value}" is not a valid ${what} name (1-255 letters, digits, "_" or "-"; no ARN)`)];
}

/** Findings for `spec.services` (absent: none). */
export function validateServices(services: readonly ServiceReference[] | undefined): ValidationIssue[] {
  if (services === undefined) return [];
  const issues: ValidationIssue[] = [];
  if (services.length > L.SERVICES_MAX)
    issues.push(error('spec.services', `at most ${L.SERVICES_MAX} services per EcsGmsaTask, got ${services.length}`));
  const seen = new Set<string>();
  services.forEach((s, i) => {
    const at = `spec.services[${i}]`;
    issues.push(
      ...nameIssues(`${at}.cluster`, 'cluster', s.cluster),
      ...nameIssues(`${at}.service`, 'service', s.service),
    );
    const key = `${s.cluster}/${s.service}`;
    if (seen.has(key)) issues.push(error(at, `service ${s.service} in cluster ${s.cluster} is listed twice`));
    seen.add(key);
  });
  return issues;
}
