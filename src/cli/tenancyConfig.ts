// The one loader of tenancy settings, for `run`, `render` and `validate` alike: the flags plus the policy file.
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { formatIssues } from '../domain/validation/issue.js';
import type { TenancyConfig } from '../domain/tenancy/policy.js';
import { parseTenancyPolicy } from '../domain/tenancy/policyFile.js';

/** The tenancy flags as given on a command line. */
export interface TenancyFlags {
  singleTenant?: boolean;
  tenancyPolicy?: string;
  s3Buckets?: readonly string[];
  kmsKeys?: readonly string[];
}

/** The tenancy settings, or why the policy file cannot be used (`file` names it). */
export async function loadTenancyConfig(
  flags: TenancyFlags,
): Promise<{ config?: TenancyConfig; problem?: { file: string; message: string } }> {
  const base: TenancyConfig = {
    singleTenant: flags.singleTenant === true,
    buckets: [...(flags.s3Buckets ?? [])],
    kmsKeys: [...(flags.kmsKeys ?? [])],
  };
  const file = flags.tenancyPolicy;
  if (!file) return { config: base };
  let value: unknown;
  try {
    value = parse(await readFile(file, 'utf8')) as unknown;
  } catch (err: unknown) {
    const code = (err as { code?: string }).code;
    return {
      problem: {
        file,
        message:
          code === 'ENOENT'
            ? 'no such file or directory'
            : `cannot read tenancy policy: ${err instanceof Error ? err.message : String(err)}`,
      },
    };
  }
  const { policy, issues } = parseTenancyPolicy(value);
  return policy
    ? { config: { ...base, policy } }
    : { problem: { file, message: `invalid tenancy policy: ${formatIssues(issues)}` } };
}
