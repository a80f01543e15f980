// Reads and checks a tenancy policy file (YAML or JSON).
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { formatIssues } from '../domain/validation/issue.js';
import { parseTenancyPolicy, type TenancyPolicy } from '../domain/tenancy/policy.js';
import type { InputProblem } from './readDocuments.js';

/** The policy in `file`, or the problems that make it unusable. */
export async function loadTenancyPolicy(file: string): Promise<{ policy?: TenancyPolicy; problems: InputProblem[] }> {
  let value: unknown;
  try {
    value = parse(await readFile(file, 'utf8')) as unknown;
  } catch (err: unknown) {
    const code = (err as { code?: string }).code;
    return { problems: [{ file, message: code === 'ENOENT' ? 'no such file or directory' : `cannot read tenancy policy: ${err instanceof Error ? err.message : String(err)}` }] };
  }
  const { policy, issues } = parseTenancyPolicy(value);
  return policy ? { policy, problems: [] } : { problems: [{ file, message: `invalid tenancy policy: ${formatIssues(issues)}` }] };
}
