// OpenAPI schema of GmsaCredentialSpec: the source the CRD and the TypeScript types are generated from.
import * as L from '../limits.js';
import { deletionPolicySchema, reconcileStatusFields, regionSchema, tagsSchema } from './common.js';
import { arr, celString, int, obj, oneOf, str, type SchemaNode } from './openapi.js';

const accountName = (description: string): SchemaNode =>
  str({ pattern: L.ACCOUNT_NAME_PATTERN, minLength: 1, maxLength: L.ACCOUNT_NAME_MAX, description });

const domain = obj(
  {
    dnsName: str({
      pattern: L.DNS_NAME_PATTERN,
      maxLength: L.DNS_NAME_MAX,
      description: 'DNS name of the AD domain, e.g. contoso.com.',
    }),
    dnsTreeName: str({
      pattern: L.DNS_NAME_PATTERN,
      maxLength: L.DNS_NAME_MAX,
      description: 'DNS name of the forest root; defaults to dnsName.',
    }),
    netBiosName: str({
      pattern: L.NETBIOS_PATTERN,
      maxLength: 15,
      description:
        'NetBIOS name of the domain, e.g. CONTOSO. Required without spec.directory; with it, discovered when omitted and checked when given.',
    }),
    sid: str({
      pattern: L.DOMAIN_SID_PATTERN,
      maxLength: 48,
      description:
        "The domain's SID (not the account's), S-1-5-21-x-y-z. Required without spec.directory; with it, discovered when omitted and checked when given.",
    }),
    guid: str({
      pattern: L.GUID_PATTERN,
      maxLength: 36,
      description:
        "The domain's objectGUID (not the account's), without braces. Required without spec.directory; with it, discovered when omitted and checked when given.",
    }),
  },
  {
    title: 'ActiveDirectoryDomain',
    required: ['dnsName'],
    description: 'The Active Directory domain of the gMSA (Get-ADDomain).',
  },
);

const dataKeyReference = (title: string, kind: string, defaultKey: string): SchemaNode =>
  obj(
    {
      name: str({
        pattern: L.OBJECT_NAME_PATTERN,
        maxLength: L.OBJECT_NAME_MAX,
        description: `${kind} in the same namespace.`,
      }),
      key: str({
        pattern: L.DATA_KEY_PATTERN,
        maxLength: L.DATA_KEY_MAX,
        default: defaultKey,
        description: `Key of the ${kind} holding the PEM certificates.`,
      }),
    },
    { title, required: ['name'] },
  );

const directoryServer = obj(
  {
    url: str({
      pattern: L.DIRECTORY_URL_PATTERN,
      maxLength: L.DIRECTORY_URL_MAX,
      description:
        'ldaps://host[:636], or ldap://host[:389] on which StartTLS is always done before the bind (credentials never travel in clear text).',
    }),
    tlsServerName: str({
      pattern: L.DNS_NAME_PATTERN,
      maxLength: L.DNS_NAME_MAX,
      description: "The name the domain controller's certificate must carry; defaults to the URL's host.",
    }),
  },
  { title: 'DirectoryServer', required: ['url'] },
);

const directory = obj(
  {
    servers: arr(directoryServer, L.DIRECTORY_SERVERS_MAX, {
      minItems: 1,
      description:
        'Domain controllers to ask, in order. Without it they are found by DNS SRV (_ldap._tcp.dc._msdcs.<domain.dnsName>).',
    }),
    transport: oneOf(['LDAPS', 'StartTLS'], {
      description:
        'DNS SRV discovery only: LDAPS (port 636 on each controller, the default) or StartTLS (the SRV port, 389).',
    }),
    caBundle: obj(
      {
        configMapRef: dataKeyReference('CaBundleConfigMapReference', 'ConfigMap', 'ca.crt'),
        secretRef: dataKeyReference('CaBundleSecretReference', 'Secret', 'ca.crt'),
      },
      {
        title: 'CaBundle',
        description:
          "PEM certificates that issued the domain controllers' certificates (replacing the system trust store). Without it the operator's system CAs are trusted.",
        'x-kubernetes-validations': [
          {
            rule: '(has(self.configMapRef) ? 1 : 0) + (has(self.secretRef) ? 1 : 0) == 1',
            message: 'caBundle needs exactly one of configMapRef or secretRef',
          },
        ],
      },
    ),
    bindSecretRef: obj(
      {
        name: str({
          pattern: L.OBJECT_NAME_PATTERN,
          maxLength: L.OBJECT_NAME_MAX,
          description: 'Secret in the same namespace.',
        }),
      },
      {
        title: 'BindSecretReference',
        required: ['name'],
        description:
          'Domain-joined hosts only: a Secret with keys username (user@domain, DOMAIN\\user or a DN; a bare name gets @domainName or @domain.dnsName) and password, of any domain user, to bind with. Domainless binds as the domainless user.',
      },
    ),
    hostGroup: str({
      minLength: 1,
      maxLength: L.HOST_GROUP_MAX,
      description:
        "Domain-joined hosts only: the group of the ECS container instances' computer accounts (sAMAccountName or SID) that must be allowed to retrieve the gMSA passwords.",
    }),
  },
  {
    title: 'DirectoryConnection',
    description:
      'Verify the gMSA against Active Directory over LDAP (TLS always): the domain facts are discovered or checked, each account must exist as a gMSA whose msDS-GroupMSAMembership lets the domainless user (or the host group) retrieve its password.',
    'x-kubernetes-validations': [
      {
        rule: '!has(self.servers) || !has(self.transport)',
        message:
          "transport applies to DNS SRV discovery only; an explicit server's URL scheme chooses it (ldaps://, or ldap:// with StartTLS)",
        fieldPath: '.transport',
      },
    ],
  },
);

const additionalAccount = obj(
  {
    name: accountName('sAMAccountName of another gMSA, without the trailing $.'),
    scope: str({
      minLength: 1,
      maxLength: L.DNS_NAME_MAX,
      description: 'DNS or NetBIOS name of the domain the account belongs to.',
    }),
  },
  { title: 'AdditionalAccount', required: ['name', 'scope'] },
);

const kmsKeyId = (what: string): SchemaNode =>
  str({
    pattern: L.KMS_KEY_PATTERN,
    maxLength: 2048,
    description: `KMS key (id or key ARN; not an alias, which cannot be a policy resource) that encrypts ${what}; the execution role gets kms:Decrypt on exactly it.`,
  });

const noKmsAlias = {
  rule: "!has(self.kmsKeyId) || !self.kmsKeyId.contains('alias/')",
  message:
    'kmsKeyId must name the key by its id or key ARN, not an alias: the generated policy grants kms:Decrypt on exactly that key',
  fieldPath: '.kmsKeyId',
};

const storage = obj(
  {
    ssm: obj(
      {
        parameterName: str({
          pattern: L.SSM_PARAMETER_NAME_PATTERN,
          maxLength: L.SSM_PARAMETER_NAME_MAX,
          description: 'Parameter name, e.g. /gmsa/webapp01/credspec.',
        }),
        tier: oneOf(['Standard', 'Advanced'], {
          default: 'Standard',
          description: 'Parameter tier; Advanced cannot go back to Standard.',
        }),
      },
      {
        title: 'SsmStorage',
        description: 'Store the CredSpec as an SSM String parameter (Windows hosts read it without decryption).',
        required: ['parameterName'],
        'x-kubernetes-validations': [
          {
            rule: "!self.parameterName.lowerAscii().matches('^/?(aws|ssm)')",
            message: 'parameterName must not start with "aws" or "ssm" (reserved by AWS)',
            fieldPath: '.parameterName',
          },
        ],
      },
    ),
    s3: obj(
      {
        bucket: str({ pattern: L.S3_BUCKET_PATTERN, maxLength: 63, description: 'Bucket name.' }),
        key: str({ minLength: 1, maxLength: L.S3_KEY_MAX_BYTES, description: 'Object key, e.g. gmsa/webapp01.json.' }),
        kmsKeyId: kmsKeyId('the object (SSE-KMS)'),
      },
      {
        title: 'S3Storage',
        description: 'Store the CredSpec as an S3 object (application/json).',
        required: ['bucket', 'key'],
        'x-kubernetes-validations': [
          { rule: "!self.bucket.contains('..')", message: 'bucket must not contain ".."', fieldPath: '.bucket' },
          noKmsAlias,
        ],
      },
    ),
    localFile: obj(
      {
        path: str({
          pattern: L.LOCAL_FILE_PATH_PATTERN,
          maxLength: L.LOCAL_FILE_PATH_MAX,
          description: 'File path relative to C:\\ProgramData\\Docker\\CredentialSpecs, with \\ separators.',
        }),
      },
      {
        title: 'LocalFileStorage',
        description:
          'Windows only: the CredSpec is a file on each container instance; the operator publishes it in a ConfigMap.',
        required: ['path'],
        'x-kubernetes-validations': [
          {
            rule: "!self.path.split('\\\\').exists(p, p == '..' || p == '.')",
            message: 'path must stay inside C:\\ProgramData\\Docker\\CredentialSpecs (no "." or ".." segments)',
            fieldPath: '.path',
          },
        ],
      },
    ),
  },
  {
    title: 'CredentialSpecStorage',
    description: 'Where the CredSpec JSON is stored: exactly one of ssm, s3, localFile.',
    'x-kubernetes-validations': [
      {
        rule: '(has(self.ssm) ? 1 : 0) + (has(self.s3) ? 1 : 0) + (has(self.localFile) ? 1 : 0) == 1',
        message: 'exactly one of storage.ssm, storage.s3 or storage.localFile must be set',
      },
    ],
  },
);

const domainless = obj(
  {
    credentialsSecretRef: obj(
      {
        name: str({
          pattern: L.OBJECT_NAME_PATTERN,
          maxLength: L.OBJECT_NAME_MAX,
          description: 'Secret in the same namespace.',
        }),
      },
      {
        title: 'SecretReference',
        required: ['name'],
        description: 'Kubernetes Secret with keys username, password and domainName.',
      },
    ),
    store: oneOf(['SecretsManager', 'SsmParameter'], {
      default: 'SecretsManager',
      description: 'Where the credentials go; Linux hosts read only Secrets Manager.',
    }),
    name: str({
      minLength: 1,
      maxLength: 512,
      description: 'Secret name (SecretsManager) or parameter name with a leading / (SsmParameter).',
    }),
    kmsKeyId: kmsKeyId('the credentials'),
    recoveryWindowDays: int({
      minimum: 0,
      maximum: L.RECOVERY_WINDOW_MAX,
      default: L.RECOVERY_WINDOW_MIN,
      description: 'Secrets Manager recovery window on deletion; 0 deletes without recovery.',
    }),
  },
  {
    title: 'DomainlessCredentials',
    description: 'Domainless gMSA: the AD user credentials the host uses to fetch the gMSA password.',
    required: ['credentialsSecretRef', 'name'],
    'x-kubernetes-validations': [
      noKmsAlias,
      {
        rule: 'self.recoveryWindowDays == 0 || self.recoveryWindowDays >= 7',
        message: 'recoveryWindowDays must be 0 (no recovery) or 7-30',
        fieldPath: '.recoveryWindowDays',
      },
      {
        rule:
          "self.store != 'SsmParameter' || self.name.matches(" +
          celString(L.SSM_PARAMETER_NAME_PATTERN) +
          ") && self.name.startsWith('/')",
        message: 'an SsmParameter name is a parameter hierarchy starting with "/", e.g. /gmsa/webapp01/ad-user',
        fieldPath: '.name',
      },
      {
        rule: "self.store != 'SsmParameter' || !self.name.lowerAscii().matches('^/?(aws|ssm)')",
        message: 'an SsmParameter name must not start with "aws" or "ssm" (reserved by AWS)',
        fieldPath: '.name',
      },
      {
        rule: "self.store != 'SecretsManager' || self.name.matches(" + celString(L.SECRET_NAME_PATTERN) + ')',
        message: 'a Secrets Manager name allows only letters, digits and /_+=.@-',
        fieldPath: '.name',
      },
      {
        rule: "self.store != 'SecretsManager' || !self.name.matches(" + celString(L.SECRET_NAME_SUFFIX_PATTERN) + ')',
        message:
          'a Secrets Manager name must not end with a hyphen and six characters (AWS reads that as an ARN suffix)',
        fieldPath: '.name',
      },
    ],
  },
);

/** spec of GmsaCredentialSpec. */
export const gmsaCredentialSpecSpecSchema: SchemaNode = obj(
  {
    hostOs: oneOf(['Windows', 'Linux'], {
      description: 'Container host OS: decides the PluginInput shape and the allowed stores.',
    }),
    account: accountName('gMSA sAMAccountName without the trailing $ (at most 15 characters).'),
    domain,
    additionalAccounts: arr(additionalAccount, L.ADDITIONAL_ACCOUNTS_MAX, {
      description: 'Further gMSAs the container may use.',
    }),
    storage,
    domainless,
    directory,
    region: regionSchema,
    tags: tagsSchema,
    deletionPolicy: deletionPolicySchema,
  },
  {
    title: 'GmsaCredentialSpecSpec',
    description: 'Desired state: the gMSA identity, where its CredSpec is stored and, domainless, its credentials.',
    required: ['hostOs', 'account', 'domain', 'storage'],
    'x-kubernetes-validations': [
      {
        rule: "!has(self.storage.localFile) || self.hostOs == 'Windows'",
        message: 'storage.localFile is only supported on Windows hosts; use storage.ssm or storage.s3 for Linux',
        fieldPath: '.storage.localFile',
      },
      {
        rule: "!has(self.domainless) || self.hostOs == 'Windows' || self.domainless.store == 'SecretsManager'",
        message:
          'Linux hosts read domainless credentials only from Secrets Manager: set domainless.store to SecretsManager',
        fieldPath: '.domainless.store',
      },
      {
        rule: 'has(self.directory) || (has(self.domain.sid) && has(self.domain.guid) && has(self.domain.netBiosName))',
        message:
          'domain.sid, domain.guid and domain.netBiosName are required unless spec.directory is set (then the operator reads them from the domain)',
        fieldPath: '.domain',
      },
      {
        rule: '!has(self.directory) || has(self.domainless) || (has(self.directory.bindSecretRef) && has(self.directory.hostGroup))',
        message:
          'without domainless, directory needs bindSecretRef (a domain user to bind as) and hostGroup (the group of the ECS hosts that retrieves the gMSA password)',
        fieldPath: '.directory',
      },
      {
        rule: '!has(self.directory) || !has(self.domainless) || (!has(self.directory.bindSecretRef) && !has(self.directory.hostGroup))',
        message:
          'with domainless, the operator binds as the domainless user and checks that user: bindSecretRef and hostGroup are for domain-joined hosts only',
        fieldPath: '.directory',
      },
      {
        rule: '!has(self.storage.s3) || !has(self.tags) || size(self.tags) <= ' + String(L.MAX_USER_TAGS_S3),
        message: `S3 objects hold at most 10 tags, 4 of them the operator's: at most ${L.MAX_USER_TAGS_S3} user tags with storage.s3`,
        fieldPath: '.tags',
      },
    ],
  },
);

const location = obj(
  {
    kind: oneOf(['ssm', 's3', 'localFile'], { description: 'Storage kind.' }),
    arn: str({ maxLength: 2048, description: 'ARN of the object, or the file:// path for localFile.' }),
    region: str({ maxLength: 32, description: 'Region of the object.' }),
    parameterName: str({ maxLength: L.SSM_PARAMETER_NAME_MAX, description: 'ssm: the parameter name.' }),
    bucket: str({ maxLength: 63, description: 's3: the bucket.' }),
    key: str({ maxLength: L.S3_KEY_MAX_BYTES, description: 's3: the object key.' }),
    configMapName: str({ maxLength: L.OBJECT_NAME_MAX, description: 'localFile: the ConfigMap holding the JSON.' }),
  },
  { title: 'StorageLocation', required: ['kind', 'arn', 'region'], description: 'A storage location of the CredSpec.' },
);

const credentialsRecord = obj(
  {
    store: oneOf(['SecretsManager', 'SsmParameter'], { description: 'Where the credentials are stored.' }),
    region: str({ maxLength: 32, description: 'Region of the object.' }),
    name: str({ maxLength: 2048, description: 'Secret name (SecretsManager) or parameter name (SsmParameter).' }),
    arn: str({ maxLength: 2048, description: 'ARN, once the object exists.' }),
  },
  {
    title: 'CredentialsRecord',
    required: ['store', 'region', 'name'],
    description: 'A domainless credentials object the operator manages.',
  },
);

const discoveredDomain = obj(
  {
    dnsName: str({ maxLength: L.DNS_NAME_MAX, description: 'DNS name of the domain.' }),
    netBiosName: str({ maxLength: 15, description: 'NetBIOS name of the domain.' }),
    sid: str({ maxLength: 48, description: "The domain's SID." }),
    guid: str({ maxLength: 36, description: "The domain's objectGUID." }),
  },
  {
    title: 'DiscoveredDomain',
    required: ['dnsName', 'netBiosName', 'sid', 'guid'],
    description:
      'spec.directory: the domain as its domain controllers reported it at the last verification; omitted spec.domain fields are rendered from it.',
  },
);

/** status of GmsaCredentialSpec. */
export const gmsaCredentialSpecStatusSchema: SchemaNode = obj(
  {
    ...reconcileStatusFields,
    domain: discoveredDomain,
    credentialSpecArn: str({
      maxLength: 2048,
      description: 'ARN of the stored CredSpec (file:// path for localFile).',
    }),
    credentialSpecLocation: {
      ...location,
      description: 'Where the CredSpec is stored: recorded before the object is created, so it is never forgotten.',
    },
    credentialSpecReference: str({ maxLength: 2100, description: 'The credentialSpecs entry tasks use.' }),
    credentialsArn: str({ maxLength: 2048, description: 'ARN of the stored domainless credentials.' }),
    configMapName: str({
      maxLength: L.OBJECT_NAME_MAX,
      description: 'localFile: the ConfigMap holding the rendered JSON.',
    }),
    contentSha256: str({ maxLength: 64, description: 'sha256 of the stored CredSpec bytes.' }),
    executionRolePolicy: str({ maxLength: 8192, description: 'JSON IAM policy the task execution role needs.' }),
    instanceRolePolicy: str({
      maxLength: 8192,
      description: 'Domainless: JSON IAM policy for the container instance role.',
    }),
    previousLocations: arr(location, L.PREVIOUS_OBJECTS_MAX, {
      description:
        'Earlier storage locations still owned, kept for running tasks; removed on deletion under policy Delete.',
    }),
    credentials: {
      ...credentialsRecord,
      description: 'The domainless credentials object: recorded before it is created, so it is never forgotten.',
    },
    previousCredentials: arr(credentialsRecord, L.PREVIOUS_OBJECTS_MAX, {
      description:
        'Earlier credentials objects still owned (after a rename, a store change or removing domainless); removed on deletion under policy Delete.',
    }),
  },
  { title: 'GmsaCredentialSpecStatus', description: 'Observed state, written by the operator.' },
);
