// Every value of a spec that names an AWS resource or grants host access: what the tenancy rules govern. Pure.
import type { ContainerDefinition, EcsGmsaTaskSpec, GmsaCredentialSpecSpec, TaskDefinition } from '../../api/types.js';
import { canonicalDirectoryUrl, parseDirectoryUrl } from '../directory/serverUrl.js';
import type { HostAccess } from './policy.js';

/** One governed value and the field it was read from. */
export type Reference =
  | {
      field: string;
      kind:
        | 'ssmParameter'
        | 'secret'
        | 'kmsKey'
        | 'taskFamily'
        | 'role'
        | 'fileSystem'
        /** A domain whose controllers DNS SRV discovery finds (lowercase DNS name). */
        | 'directoryDomain'
        /** An explicit domain controller, canonical `scheme://host:port`. */
        | 'directoryServer';
      value: string;
    }
  | { field: string; kind: 's3Object'; bucket: string; key: string }
  | { field: string; kind: 'hostAccess'; feature: keyof HostAccess; value?: string }
  /** An ECS service `spec.services` rolls out (cluster and service names, in the task's region). */
  | { field: string; kind: 'service'; cluster: string; service: string }
  /** A reference of a form the operator cannot judge (e.g. a secret reference to another service): refused. */
  | { field: string; kind: 'unrecognized'; value: string; expected: string };

type Volume = NonNullable<TaskDefinition['volumes']>[number];

/** An SSM parameter or Secrets Manager secret named by a task (`valueFrom`, `credentialsParameter`). */
export function secretReference(field: string, value: string): Reference {
  const arn = /^arn:[^:]+:(ssm|secretsmanager):[^:]*:[^:]*:(?:parameter(\/.*)|secret:([^:]+))(?::.*)?$/.exec(value);
  if (arn?.[1] === 'ssm' && arn[2]) return { field, kind: 'ssmParameter', value: arn[2] };
  if (arn?.[1] === 'secretsmanager' && arn[3]) return { field, kind: 'secret', value: arn[3] };
  if (value.startsWith('arn:'))
    return { field, kind: 'unrecognized', value, expected: 'an SSM parameter or Secrets Manager secret ARN' };
  return { field, kind: 'ssmParameter', value }; // a bare name is an SSM parameter in the task's region
}

/** An S3 object named by its ARN (environment files, FireLens configuration). */
function s3Reference(field: string, value: string): Reference {
  const m = /^arn:[^:]+:s3:::([^/]+)\/(.+)$/.exec(value);
  return m?.[1] && m[2]
    ? { field, kind: 's3Object', bucket: m[1], key: m[2] }
    : { field, kind: 'unrecognized', value, expected: 'an S3 object ARN (arn:aws:s3:::bucket/key)' };
}

function containerReferences(c: ContainerDefinition, i: number): Reference[] {
  const at = `spec.taskDefinition.containerDefinitions[${i}]`;
  const refs: Reference[] = [];
  (c.secrets ?? []).forEach((s, j) => refs.push(secretReference(`${at}.secrets[${j}].valueFrom`, s.valueFrom)));
  (c.logConfiguration?.secretOptions ?? []).forEach((s, j) =>
    refs.push(secretReference(`${at}.logConfiguration.secretOptions[${j}].valueFrom`, s.valueFrom)),
  );
  if (c.repositoryCredentials?.credentialsParameter)
    refs.push(
      secretReference(`${at}.repositoryCredentials.credentialsParameter`, c.repositoryCredentials.credentialsParameter),
    );
  return [...refs, ...containerS3Objects(c, at), ...containerHostAccess(c, at)];
}

function containerS3Objects(c: ContainerDefinition, at: string): Reference[] {
  const refs = (c.environmentFiles ?? []).map((f, j) => s3Reference(`${at}.environmentFiles[${j}].value`, f.value));
  const firelens = c.firelensConfiguration?.options;
  if (firelens?.['config-file-type'] === 's3' && firelens['config-file-value'])
    refs.push(s3Reference(`${at}.firelensConfiguration.options.config-file-value`, firelens['config-file-value']));
  return refs;
}

function containerHostAccess(c: ContainerDefinition, at: string): Reference[] {
  const refs: Reference[] = [];
  if (c.privileged === true) refs.push({ field: `${at}.privileged`, kind: 'hostAccess', feature: 'privileged' });
  (c.linuxParameters?.capabilities?.add ?? []).forEach((cap, j) =>
    refs.push({
      field: `${at}.linuxParameters.capabilities.add[${j}]`,
      kind: 'hostAccess',
      feature: 'capabilities',
      value: cap,
    }),
  );
  if ((c.linuxParameters?.devices ?? []).length > 0)
    refs.push({ field: `${at}.linuxParameters.devices`, kind: 'hostAccess', feature: 'devices' });
  // Options naming a credential spec are refused by validation; every other option weakens isolation.
  if ((c.dockerSecurityOptions ?? []).length > 0)
    refs.push({ field: `${at}.dockerSecurityOptions`, kind: 'hostAccess', feature: 'dockerSecurityOptions' });
  return refs;
}

function volumeReferences(v: Volume, i: number): Reference[] {
  const at = `spec.taskDefinition.volumes[${i}]`;
  const refs: Reference[] = [];
  if (v.host?.sourcePath !== undefined)
    refs.push({ field: `${at}.host.sourcePath`, kind: 'hostAccess', feature: 'hostPaths', value: v.host.sourcePath });
  if (Object.keys(v.dockerVolumeConfiguration?.driverOpts ?? {}).length > 0)
    refs.push({
      field: `${at}.dockerVolumeConfiguration.driverOpts`,
      kind: 'hostAccess',
      feature: 'volumeDriverOptions',
    });
  if (v.efsVolumeConfiguration)
    refs.push({
      field: `${at}.efsVolumeConfiguration.fileSystemId`,
      kind: 'fileSystem',
      value: v.efsVolumeConfiguration.fileSystemId,
    });
  const fsx = v.fsxWindowsFileServerVolumeConfiguration;
  if (fsx) {
    refs.push({
      field: `${at}.fsxWindowsFileServerVolumeConfiguration.fileSystemId`,
      kind: 'fileSystem',
      value: fsx.fileSystemId,
    });
    refs.push(
      secretReference(
        `${at}.fsxWindowsFileServerVolumeConfiguration.authorizationConfig.credentialsParameter`,
        fsx.authorizationConfig.credentialsParameter,
      ),
    );
  }
  return refs;
}

function taskHostAccess(td: TaskDefinition): Reference[] {
  const at = 'spec.taskDefinition';
  const refs: Reference[] = [];
  if (td.networkMode === 'host') refs.push({ field: `${at}.networkMode`, kind: 'hostAccess', feature: 'hostNetwork' });
  if (td.pidMode === 'host') refs.push({ field: `${at}.pidMode`, kind: 'hostAccess', feature: 'hostPid' });
  if (td.ipcMode === 'host') refs.push({ field: `${at}.ipcMode`, kind: 'hostAccess', feature: 'hostIpc' });
  return refs;
}

/** What an EcsGmsaTask names and asks for. */
export function taskReferences(spec: EcsGmsaTaskSpec): Reference[] {
  const td = spec.taskDefinition;
  const at = 'spec.taskDefinition';
  const roles: Reference[] = (['executionRoleArn', 'taskRoleArn'] as const).flatMap((key) =>
    td[key] !== undefined ? [{ field: `${at}.${key}`, kind: 'role' as const, value: td[key] }] : [],
  );
  return [
    { field: `${at}.family`, kind: 'taskFamily', value: td.family },
    ...roles,
    ...td.containerDefinitions.flatMap(containerReferences),
    ...(td.volumes ?? []).flatMap(volumeReferences),
    ...taskHostAccess(td),
    ...(spec.services ?? []).map((s, i): Reference => ({
      field: `spec.services[${i}]`,
      kind: 'service',
      cluster: s.cluster,
      service: s.service,
    })),
  ];
}

/** The domain controllers spec.directory makes the operator contact: a domain to discover, or explicit URLs. */
function directoryReferences(spec: GmsaCredentialSpecSpec): Reference[] {
  const directory = spec.directory;
  if (!directory) return [];
  if (!directory.servers)
    return [{ field: 'spec.directory', kind: 'directoryDomain', value: spec.domain.dnsName.toLowerCase() }];
  return directory.servers.map((server, i): Reference => {
    const field = `spec.directory.servers[${i}].url`;
    const parsed = parseDirectoryUrl(server.url);
    return typeof parsed === 'string'
      ? { field, kind: 'unrecognized', value: server.url, expected: 'an ldaps:// or ldap:// URL' }
      : { field, kind: 'directoryServer', value: canonicalDirectoryUrl(parsed) };
  });
}

/** What a GmsaCredentialSpec names. */
export function credentialSpecReferences(spec: GmsaCredentialSpecSpec): Reference[] {
  const { storage, domainless } = spec;
  const refs: Reference[] = [];
  if (storage.ssm)
    refs.push({ field: 'spec.storage.ssm.parameterName', kind: 'ssmParameter', value: storage.ssm.parameterName });
  if (storage.s3)
    refs.push({ field: 'spec.storage.s3', kind: 's3Object', bucket: storage.s3.bucket, key: storage.s3.key });
  if (storage.s3?.kmsKeyId)
    refs.push({ field: 'spec.storage.s3.kmsKeyId', kind: 'kmsKey', value: storage.s3.kmsKeyId });
  if (domainless) {
    refs.push({
      field: 'spec.domainless.name',
      kind: domainless.store === 'SsmParameter' ? 'ssmParameter' : 'secret',
      value: domainless.name,
    });
    if (domainless.kmsKeyId)
      refs.push({ field: 'spec.domainless.kmsKeyId', kind: 'kmsKey', value: domainless.kmsKeyId });
  }
  return [...refs, ...directoryReferences(spec)];
}
