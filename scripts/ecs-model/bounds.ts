// Size bounds for the parts of RegisterTaskDefinitionRequest the ECS model leaves unbounded.
//
// Kubernetes estimates the cost of CEL rules from maxItems / maxProperties / maxLength, and rejects a CRD whose
// rules could cost too much; so every list, map and string in the CRD gets a finite bound. A model `max` always
// wins; otherwise the tables below apply, and the generator fails on a list or map that is in neither (a new
// model field then needs a deliberate choice here). Keys are `Structure.member`; `[]` marks list items and `{}`
// map values. The whole task definition may not exceed 64 KiB in ECS, which caps everything anyway: the numbers
// are generous where ECS documents no limit, exact where it does.

export interface Bounds {
  listMaxItems: Readonly<Record<string, number>>;
  mapMaxProperties: Readonly<Record<string, number>>;
  stringMaxLength: Readonly<Record<string, number>>;
  /** Strings with no model max, no table entry and a name not ending in `Arn`. */
  defaultStringMaxLength: number;
  /** Members whose name ends in `Arn`. */
  arnMaxLength: number;
}

/** maxItems of lists without a model max. Lists of enum values default to the number of values. */
export const LIST_MAX_ITEMS: Readonly<Record<string, number>> = {
  // ECS quota "Containers per task definition": 10 (fixed).
  'RegisterTaskDefinitionRequest.containerDefinitions': 10,
  // No documented quota; volume names are unique within the definition.
  'RegisterTaskDefinitionRequest.volumes': 100,
  // Documented: "You can specify a maximum of 10 constraints for each task."
  'RegisterTaskDefinitionRequest.placementConstraints': 10,
  // Deprecated (Elastic Inference ended 2023-04-15); at most one accelerator per container.
  'RegisterTaskDefinitionRequest.inferenceAccelerators': 10,
  // One link / dependency / volumesFrom per other container (10 containers at most).
  'ContainerDefinition.links': 10,
  'ContainerDefinition.dependsOn': 10,
  'ContainerDefinition.volumesFrom': 10,
  // Documented for containerPortRange: "a maximum of 100 port ranges per container"; same bound for mappings.
  'ContainerDefinition.portMappings': 100,
  // Docker allows any argv; generous.
  'ContainerDefinition.entryPoint': 256,
  'ContainerDefinition.command': 256,
  'HealthCheck.command': 256,
  // No documented quota; bounded in practice by the 64 KiB definition size.
  'ContainerDefinition.environment': 1000,
  'ContainerDefinition.secrets': 500,
  'LogConfiguration.secretOptions': 100,
  // Documented: "You can specify up to ten environment files."
  'ContainerDefinition.environmentFiles': 10,
  'ContainerDefinition.mountPoints': 100,
  // resolv.conf readers honour few entries (glibc: 3 servers); generous.
  'ContainerDefinition.dnsServers': 16,
  'ContainerDefinition.dnsSearchDomains': 16,
  'ContainerDefinition.extraHosts': 100,
  // Documented values: no-new-privileges, apparmor:, label:, credentialspec: (one each in practice).
  'ContainerDefinition.dockerSecurityOptions': 20,
  // 15 ulimit names (UlimitName), one entry each; room for new names.
  'ContainerDefinition.ulimits': 32,
  'ContainerDefinition.systemControls': 100,
  // ResourceType has 3 values, one requirement each; room for new types.
  'ContainerDefinition.resourceRequirements': 10,
  // Documented: "The maximum number of ARNs is 1."
  'ContainerDefinition.credentialSpecs': 1,
  // Documented: "You can specify a maximum of 50 container exit codes."
  'ContainerRestartPolicy.ignoredExitCodes': 50,
  // The docs list 38 valid names (ALL included).
  'KernelCapabilities.add': 64,
  'KernelCapabilities.drop': 64,
  'LinuxParameters.devices': 100,
  'LinuxParameters.tmpfs': 100,
  // The docs list 39 valid mount options.
  'Tmpfs.mountOptions': 64,
  // The docs list 7 App Mesh proxy properties.
  'ProxyConfiguration.properties': 20,
};

/** maxProperties of maps (the model gives none). */
export const MAP_MAX_PROPERTIES: Readonly<Record<string, number>> = {
  'ContainerDefinition.dockerLabels': 100,
  // awslogs, splunk, fluentd, gelf... each take a dozen or two options.
  'LogConfiguration.options': 64,
  'FirelensConfiguration.options': 64,
  'DockerVolumeConfiguration.driverOpts': 64,
  'DockerVolumeConfiguration.labels': 100,
};

/** maxLength of strings without a model max. */
export const STRING_MAX_LENGTH: Readonly<Record<string, number>> = {
  // Documented: "Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed."
  'RegisterTaskDefinitionRequest.family': 255,
  'ContainerDefinition.name': 255,
  'Volume.name': 255,
  // References to a container or volume name (255, above).
  'ContainerDependency.containerName': 255,
  'ProxyConfiguration.containerName': 255,
  'VolumeFrom.sourceContainer': 255,
  'MountPoint.sourceVolume': 255,
  // Documented: 255 characters before the `@`, then `@sha256:` and 64 hex digits: 255 + 72.
  'ContainerDefinition.image': 327,
  // Documented: "The name can include up to 64 characters."
  'PortMapping.name': 64,
  // ARNs (or SSM parameter names, which are shorter).
  'RepositoryCredentials.credentialsParameter': 2048,
  'FSxWindowsFileServerAuthorizationConfig.credentialsParameter': 2048,
  'Secret.valueFrom': 2048,
  'EnvironmentFile.value': 2048,
  // `credentialspecdomainless:` (25) + a 2048-character ARN; 2100 matches the status' reference field.
  'ContainerDefinition.credentialSpecs[]': 2100,
};

export const DEFAULT_BOUNDS: Bounds = {
  listMaxItems: LIST_MAX_ITEMS,
  mapMaxProperties: MAP_MAX_PROPERTIES,
  stringMaxLength: STRING_MAX_LENGTH,
  defaultStringMaxLength: 4096,
  arnMaxLength: 2048,
};
