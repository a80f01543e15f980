// Formats and limits from DOMAIN-RULES.md, shared by the CRD schemas and the domain validators.
// Patterns are RE2-compatible (the apiserver evaluates them with Go's regexp): no lookaround.

/** A domain SID: S-1-5-21 followed by three sub-authorities. */
export const DOMAIN_SID_PATTERN = '^S-1-5-21-\\d{1,10}-\\d{1,10}-\\d{1,10}$';
/** A bare GUID, 8-4-4-4-12 hex digits, no braces. */
export const GUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
/**
 * A gMSA's sAMAccountName without the trailing `$`: a gMSA is a computer account, whose
 * sAMAccountName is at most 15 characters (the NetBIOS name limit) plus `$`. None of
 * `"/\[]:;|=,+*?<>@`, whitespace or `$`.
 */
export const ACCOUNT_NAME_PATTERN = '^[^"/\\\\\\[\\]:;|=,+*?<>@\\s$]{1,15}$';
export const ACCOUNT_NAME_MAX = 15;
export const ACCOUNT_NAME_FORBIDDEN_CHARS = '"/\\[]:;|=,+*?<>@';
/** NetBIOS domain name: 1-15 characters, no whitespace or `\/:*?"<>|.`. */
export const NETBIOS_PATTERN = '^[^\\\\/:*?"<>|.\\s]{1,15}$';
/** RFC 1123 DNS name: labels of 1-63 alphanumerics and inner hyphens, at most 253 characters. */
export const DNS_NAME_PATTERN =
  '^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$';
export const DNS_NAME_MAX = 253;
/** An AWS region name such as us-east-1, cn-north-1 or us-gov-west-1. */
export const REGION_PATTERN = '^[a-z]{2}(-[a-z]+)+-\\d{1,2}$';
/** SSM parameter name: `a-zA-Z0-9_.-`, hierarchies start with `/`, at most 15 levels. */
export const SSM_PARAMETER_NAME_PATTERN = '^((/[a-zA-Z0-9_.-]+){1,15}|[a-zA-Z0-9_.-]+)$';
export const SSM_PARAMETER_NAME_MAX = 1011;
/** S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens, starting and ending alphanumeric. */
export const S3_BUCKET_PATTERN = '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$';
export const S3_KEY_MAX_BYTES = 1024;
/** Secrets Manager secret name characters. */
export const SECRET_NAME_PATTERN = '^[A-Za-z0-9/_+=.@-]{1,512}$';
/** A secret name must not end in a hyphen plus six characters: AWS would read it as an ARN suffix. */
export const SECRET_NAME_SUFFIX_PATTERN = '-[A-Za-z0-9]{6}$';
/** A localFile path: relative to C:\ProgramData\Docker\CredentialSpecs, `\` separators. */
export const LOCAL_FILE_PATH_PATTERN = '^[A-Za-z0-9_.() -]+(\\\\[A-Za-z0-9_.() -]+)*$';
export const LOCAL_FILE_PATH_MAX = 200;
/** KMS key: a key id, key ARN, alias name or alias ARN. */
export const KMS_KEY_PATTERN =
  '^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:(key|alias)/[A-Za-z0-9/_-]+|alias/[A-Za-z0-9/_-]+|[0-9a-fA-F-]{36}|mrk-[0-9a-f]{32})$';
/** An IAM role ARN. */
export const ROLE_ARN_PATTERN = '^arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}$';
/** ECS task definition family and container names. */
export const FAMILY_PATTERN = '^[A-Za-z0-9_-]{1,255}$';
/** ECS cluster and service names: 1-255 letters, digits, "_" or "-". */
export const ECS_NAME_PATTERN = '^[A-Za-z0-9_-]{1,255}$';
export const ECS_NAME_MAX = 255;
/** ECS services one EcsGmsaTask may roll out (DescribeServices takes 10 per call: at most 2 calls per cluster). */
export const SERVICES_MAX = 20;
/** A Kubernetes object name (DNS-1123 subdomain). */
export const OBJECT_NAME_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
export const OBJECT_NAME_MAX = 253;

/** Tags: at most 50 per resource in ECS, SSM and Secrets Manager; S3 objects hold 10. */
export const TAG_KEY_MAX = 128;
export const TAG_VALUE_MAX = 256;
/** Ownership tags the operator adds to every object (cluster, kind, namespace, name). */
export const OWNERSHIP_TAG_COUNT = 4;
export const MAX_TAGS_PER_RESOURCE = 50;
export const MAX_TAGS_PER_S3_OBJECT = 10;
/** User tags allowed beside the ownership tags. */
export const MAX_USER_TAGS = MAX_TAGS_PER_RESOURCE - OWNERSHIP_TAG_COUNT;
export const MAX_USER_TAGS_S3 = MAX_TAGS_PER_S3_OBJECT - OWNERSHIP_TAG_COUNT;
/** Tag key prefixes users may not set (in any letter case): `aws:` is AWS's, `ecsgmsa.io/` is ours. */
export const RESERVED_TAG_PREFIXES = ['aws:', 'ecsgmsa.io/'] as const;
/**
 * The characters AWS allows in tag keys and values (ECS, SSM, Secrets Manager and S3 alike): letters,
 * separators (spaces), numbers and `_ . : / = + - @`. Unicode classes: JavaScript needs the `u` flag;
 * RE2 (CRD patterns and CEL) reads them as they are.
 */
export const TAG_CHARACTER_CLASS = '\\p{L}\\p{Z}\\p{N}_.:/=+\\-@';
/** A whole tag key or value of {@link TAG_CHARACTER_CLASS} characters. */
export const TAG_CHARACTERS_PATTERN = `^[${TAG_CHARACTER_CLASS}]*$`;

/** Domainless user credentials: username and password under 104 characters. */
export const CREDENTIAL_FIELD_MAX = 103;
/** SSM parameter value sizes. */
export const SSM_STANDARD_MAX_BYTES = 4096;
export const SSM_ADVANCED_MAX_BYTES = 8192;
/** Secrets Manager deletion recovery window: 0 (force delete) or 7-30 days. */
export const RECOVERY_WINDOW_MIN = 7;
export const RECOVERY_WINDOW_MAX = 30;
/** Additional gMSA accounts per CredSpec (a sensible bound; none is documented). */
export const ADDITIONAL_ACCOUNTS_MAX = 20;
/** Revision history kept per EcsGmsaTask. */
export const REVISION_HISTORY_MAX = 100;

/**
 * Earlier objects (CredSpec locations, credentials, task families) a status keeps for cleanup on
 * deletion. A change that would exceed it is refused before anything is written.
 */
export const PREVIOUS_OBJECTS_MAX = 32;

/**
 * An explicit domain controller URL: `ldaps://host[:port]` or `ldap://host[:port]` (StartTLS), host a DNS name,
 * an IPv4 address or a bracketed IPv6 address; no user info, path, query or fragment.
 */
export const DIRECTORY_URL_PATTERN =
  '^ldaps?://([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\\[[0-9A-Fa-f:.]+\\])(:[0-9]{1,5})?/?$';
export const DIRECTORY_URL_MAX = 300;
/** Explicit domain controllers per CredSpec. */
export const DIRECTORY_SERVERS_MAX = 10;
/** A host group: a sAMAccountName (at most 256 characters in AD) or a SID. */
export const HOST_GROUP_MAX = 256;
/** A ConfigMap or Secret data key. */
export const DATA_KEY_PATTERN = '^[-._a-zA-Z0-9]+$';
export const DATA_KEY_MAX = 253;
