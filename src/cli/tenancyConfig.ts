// The one loader of tenancy settings, for `run`, `render` and `validate` alike: the flags plus the policy file.
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { formatIssues } from '../domain/validation/issue.js';
import type { TenancyConfig } from '../domain/tenancy/policy.js';
import { parseTenancyPolicy } from '../domain/tenancy/policyFile.js';
import { domainPatternProblem, serverPatternProblem } from '../domain/tenancy/directories.js';
import { patternProblem } from '../domain/tenancy/patterns.js';

/** The first unusable --directory-domain / --directory-server pattern, as a problem naming the flag. */
function directoryFlagProblem(flags: TenancyFlags): { file: string; message: string } | undefined {
  const lists: [string, readonly string[], (p: string) => string | undefined][] = [
    ['--directory-domain', flags.directoryDomains ?? [], domainPatternProblem],
    ['--directory-server', flags.directoryServers ?? [], serverPatternProblem],
  ];
  for (const [flag, patterns, problem] of lists) {
    for (const pattern of patterns) {
      const why = patternProblem(pattern) ?? problem(pattern);
      if (why) return { file: flag, message: `"${pattern}": ${why}` };
    }
  }
  return undefined;
}

/** The tenancy flags as given on a command line. */
export interface TenancyFlags {
  singleTenant?: boolean;
  tenancyPolicy?: string;
  s3Buckets?: readonly string[];
  kmsKeys?: readonly string[];
  directoryDomains?: readonly string[];
  directoryServers?: readonly string[];
}

/** What the flags alone configure. */
function flagConfig(flags: TenancyFlags): TenancyConfig {
  return {
    singleTenant: flags.singleTenant === true,
    buckets: [...(flags.s3Buckets ?? [])],
    kmsKeys: [...(flags.kmsKeys ?? [])],
    directoryDomains: [...(flags.directoryDomains ?? [])],
    directoryServers: [...(flags.directoryServers ?? [])],
  };
}

/** The tenancy settings, or why the policy file cannot be used (`file` names it). */
export async function loadTenancyConfig(
  flags: TenancyFlags,
): Promise<{ config?: TenancyConfig; problem?: { file: string; message: string } }> {
  const base = flagConfig(flags);
  const flagProblem = directoryFlagProblem(flags);
  if (flagProblem) return { problem: flagProblem };
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
