// Rules between an EcsGmsaTask and the GmsaCredentialSpecs its containers reference.
import type { EcsGmsaTaskSpec } from '../../api/types.js';
import { hostOsOfFamily, isServer2016 } from '../task/osFamily.js';
import type { ResolvedCredentialSpec } from '../task/resolvedCredentialSpec.js';
import { error, warning, type ValidationIssue } from './issue.js';

const TD = 'spec.taskDefinition';

interface Use {
  field: string;
  hostname: string | undefined;
  credSpec: ResolvedCredentialSpec;
}

interface TaskFacts {
  os: string | undefined;
  region: string;
  fargate: boolean;
}

type UseRule = (use: Use, task: TaskFacts) => ValidationIssue[];

const osMatch: UseRule = ({ field, credSpec }, { os }) => {
  const taskOs = hostOsOfFamily(os);
  if (taskOs === undefined || taskOs === credSpec.hostOs) return [];
  return [
    error(
      `${field}.gmsa.credentialSpecRef`,
      `GmsaCredentialSpec "${credSpec.name}" is for ${credSpec.hostOs} hosts but the task runs ${os}`,
    ),
  ];
};

const regionMatch: UseRule = ({ field, credSpec }, { region }) =>
  credSpec.region === region
    ? []
    : [
        error(
          `${field}.gmsa.credentialSpecRef`,
          `GmsaCredentialSpec "${credSpec.name}" is stored in ${credSpec.region} but the task is registered in ${region}; the agent fetches with the task's region`,
        ),
      ];

const server2016: UseRule = ({ field, credSpec, hostname }, { os }) => {
  if (!isServer2016(os)) return [];
  if (credSpec.domainless)
    return [
      error(
        `${field}.gmsa.credentialSpecRef`,
        `Windows Server 2016 does not support domainless gMSA; GmsaCredentialSpec "${credSpec.name}" is domainless`,
      ),
    ];
  if (hostname !== undefined && hostname.toLowerCase() !== credSpec.account.toLowerCase()) {
    return [
      error(
        `${field}.hostname`,
        `on Windows Server 2016 the hostname must equal the gMSA account "${credSpec.account}" (or be omitted so the operator sets it), not "${hostname}"`,
      ),
    ];
  }
  return [];
};

const linuxFargate: UseRule = ({ field, credSpec }, { os, fargate }) => {
  if (!fargate || hostOsOfFamily(os) !== 'Linux') return [];
  if (!credSpec.domainless)
    return [
      error(
        `${field}.gmsa.credentialSpecRef`,
        `Linux on Fargate supports only domainless gMSA; GmsaCredentialSpec "${credSpec.name}" is domain-joined`,
      ),
    ];
  if (credSpec.storageKind === 'ssm')
    return [
      warning(
        `${field}.gmsa.credentialSpecRef`,
        'AWS documents Linux on Fargate with the CredSpec in S3; SSM is not documented there',
      ),
    ];
  return [];
};

const useRules: readonly UseRule[] = [osMatch, regionMatch, server2016, linuxFargate];

function taskWideRules(uses: readonly Use[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (new Set(uses.map((u) => u.credSpec.domainless)).size > 1) {
    issues.push(
      error(`${TD}.containerDefinitions`, 'a task must not mix domainless and domain-joined GmsaCredentialSpecs'),
    );
  }
  const domains = [...new Set(uses.map((u) => u.credSpec.domainDnsName))];
  if (domains.length > 1)
    issues.push(
      error(
        `${TD}.containerDefinitions`,
        `a task may use only one Active Directory domain; found ${domains.join(', ')}`,
      ),
    );
  return issues;
}

/**
 * Checks every container reference against its resolved GmsaCredentialSpec. References not in
 * `resolved` are reported by the caller (missing or not ready yet is waiting, not invalid).
 */
export function validateCrossObject(
  spec: EcsGmsaTaskSpec,
  taskRegion: string,
  resolved: ReadonlyMap<string, ResolvedCredentialSpec>,
): ValidationIssue[] {
  const td = spec.taskDefinition;
  const facts: TaskFacts = {
    os: td.runtimePlatform?.operatingSystemFamily,
    region: taskRegion,
    fargate: (td.requiresCompatibilities ?? []).includes('FARGATE'),
  };
  const uses: Use[] = td.containerDefinitions.flatMap((c, i) => {
    const credSpec = c.gmsa ? resolved.get(c.gmsa.credentialSpecRef) : undefined;
    return credSpec ? [{ field: `${TD}.containerDefinitions[${i}]`, hostname: c.hostname, credSpec }] : [];
  });
  return [...uses.flatMap((use) => useRules.flatMap((rule) => rule(use, facts))), ...taskWideRules(uses)];
}
