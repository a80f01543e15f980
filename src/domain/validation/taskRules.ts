// Validation of an EcsGmsaTask spec on its own: tenancy rules of DESIGN.md section 1 and ECS input rules.
import * as L from '../../api/limits.js';
import type { ContainerDefinition, EcsGmsaTaskSpec, TaskDefinition } from '../../api/types.js';
import { isServer2016, isWindowsFamily } from '../task/osFamily.js';
import { checkRegion, checkTag } from './formats.js';
import { error, type ValidationIssue } from './issue.js';
import { validateServices } from './serviceRules.js';

const FAMILY = new RegExp(L.FAMILY_PATTERN);
const ROLE_ARN = new RegExp(L.ROLE_ARN_PATTERN);
/** Tags the operator adds to a revision: 4 ownership tags and 2 hash tags. */
const RESERVED_TASK_TAGS = L.OWNERSHIP_TAG_COUNT + 2;
const TD = 'spec.taskDefinition';

type Rule = (td: TaskDefinition) => ValidationIssue[];

function containerIssues(c: ContainerDefinition, i: number, td: TaskDefinition): ValidationIssue[] {
  const field = `${TD}.containerDefinitions[${i}]`;
  const issues: ValidationIssue[] = [];
  if (c.name === undefined || !FAMILY.test(c.name))
    issues.push(error(`${field}.name`, 'a container name is 1-255 letters, digits, "_" or "-"'));
  if (c.credentialSpecs !== undefined) {
    issues.push(
      error(
        `${field}.credentialSpecs`,
        'credentialSpecs is written by the operator from gmsa.credentialSpecRef; remove it and reference a GmsaCredentialSpec',
      ),
    );
  }
  if ((c.dockerSecurityOptions ?? []).some((o) => o.toLowerCase().startsWith('credentialspec'))) {
    issues.push(
      error(
        `${field}.dockerSecurityOptions`,
        'dockerSecurityOptions must not name a credential spec; use gmsa.credentialSpecRef',
      ),
    );
  }
  if (td.memory === undefined && c.memory === undefined && c.memoryReservation === undefined) {
    issues.push(
      error(
        `${field}.memory`,
        'set memory or memoryReservation on the container, or memory on the task: ECS requires one',
      ),
    );
  }
  return issues;
}

const family: Rule = (td) =>
  FAMILY.test(td.family)
    ? []
    : [error(`${TD}.family`, `"${td.family}" is not a valid family (1-255 letters, digits, "_" or "-")`)];

const containers: Rule = (td) => {
  if (td.containerDefinitions.length === 0)
    return [error(`${TD}.containerDefinitions`, 'at least one container is required')];
  const names = td.containerDefinitions.map((c) => c.name);
  const duplicate = names.find((n, i) => n !== undefined && names.indexOf(n) !== i);
  const issues = duplicate ? [error(`${TD}.containerDefinitions`, `container name "${duplicate}" is used twice`)] : [];
  return [...issues, ...td.containerDefinitions.flatMap((c, i) => containerIssues(c, i, td))];
};

const gmsaPrerequisites: Rule = (td) => {
  if (!td.containerDefinitions.some((c) => c.gmsa)) return [];
  const issues: ValidationIssue[] = [];
  if (!td.runtimePlatform?.operatingSystemFamily) {
    issues.push(
      error(
        `${TD}.runtimePlatform.operatingSystemFamily`,
        'a task with gmsa.credentialSpecRef needs runtimePlatform.operatingSystemFamily (the OS decides the gMSA rules)',
      ),
    );
  }
  if (!td.executionRoleArn)
    issues.push(
      error(
        `${TD}.executionRoleArn`,
        'a task with gmsa.credentialSpecRef needs executionRoleArn: the execution role fetches the CredSpec',
      ),
    );
  return issues;
};

const roles: Rule = (td) =>
  (['executionRoleArn', 'taskRoleArn'] as const).flatMap((key) => {
    const arn = td[key];
    return arn !== undefined && !ROLE_ARN.test(arn)
      ? [error(`${TD}.${key}`, `"${arn}" is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)`)]
      : [];
  });

const windowsNetworkMode: Rule = (td) => {
  if (!isWindowsFamily(td.runtimePlatform?.operatingSystemFamily)) return [];
  if (td.networkMode !== 'bridge' && td.networkMode !== 'host') return [];
  return [
    error(
      `${TD}.networkMode`,
      `"${td.networkMode}" does not exist on Windows; use awsvpc, or omit networkMode for the default (NAT)`,
    ),
  ];
};

const windowsGmsa: Rule = (td) => {
  const os = td.runtimePlatform?.operatingSystemFamily;
  if (!isWindowsFamily(os) || !td.containerDefinitions.some((c) => c.gmsa)) return [];
  const issues: ValidationIssue[] = [];
  if ((td.requiresCompatibilities ?? []).includes('FARGATE')) {
    issues.push(
      error(`${TD}.requiresCompatibilities`, 'gMSA is not supported for Windows containers on Fargate; use EC2'),
    );
  }
  if (isServer2016(os) && td.networkMode === 'awsvpc') {
    issues.push(
      error(
        `${TD}.networkMode`,
        'Windows Server 2016 needs the container hostname to equal the gMSA account, and hostname is not allowed with awsvpc: omit networkMode (default NAT)',
      ),
    );
  }
  return issues;
};

const tags: Rule = (td) => {
  const list = td.tags ?? [];
  const max = L.MAX_TAGS_PER_RESOURCE - RESERVED_TASK_TAGS;
  const issues =
    list.length > max
      ? [
          error(
            `${TD}.tags`,
            `${list.length} tags; at most ${max} fit beside the operator's ${RESERVED_TASK_TAGS} tags`,
          ),
        ]
      : [];
  return [...issues, ...list.flatMap((t, i) => checkTag(`${TD}.tags[${i}]`, t.key ?? '', t.value ?? ''))];
};

const rules: readonly Rule[] = [family, containers, gmsaPrerequisites, roles, windowsNetworkMode, windowsGmsa, tags];

/** Every error about `spec` on its own (references to CredSpecs are checked by the cross-object rules). */
export function validateEcsGmsaTaskSpec(spec: EcsGmsaTaskSpec): ValidationIssue[] {
  const regionIssues = spec.region !== undefined ? checkRegion('spec.region', spec.region) : [];
  return [...regionIssues, ...rules.flatMap((rule) => rule(spec.taskDefinition)), ...validateServices(spec.services)];
}
