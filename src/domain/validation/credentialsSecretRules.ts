// Validation of a domainless credentials Secret's content. Messages name keys and lengths, never values.
import * as L from '../../api/limits.js';
import { checkDnsName } from './formats.js';
import { error, type ValidationIssue } from './issue.js';

/** The AD user credentials as stored for the ECS CCG plugin. */
export interface DomainlessUserCredentials {
  username: string;
  password: string;
  domainName: string;
}

const KEYS = ['username', 'password', 'domainName'] as const;

/**
 * Checks the decoded data of the Secret named `secretName` and returns the credentials when
 * valid. Secret values never appear in the issues.
 */
export function validateCredentialsSecret(
  secretName: string,
  data: Readonly<Record<string, string>>,
): { credentials?: DomainlessUserCredentials; issues: ValidationIssue[] } {
  const field = `secret ${secretName}`;
  const missing = KEYS.filter((k) => !data[k]);
  if (missing.length > 0) {
    return {
      issues: [
        error(
          field,
          `key${missing.length > 1 ? 's' : ''} ${missing.join(', ')} missing or empty; the Secret needs username, password and domainName`,
        ),
      ],
    };
  }
  const credentials: DomainlessUserCredentials = {
    username: data.username ?? '',
    password: data.password ?? '',
    domainName: data.domainName ?? '',
  };
  const issues: ValidationIssue[] = [];
  for (const key of ['username', 'password'] as const) {
    const length = credentials[key].length;
    if (length > L.CREDENTIAL_FIELD_MAX)
      issues.push(error(`${field}.${key}`, `is ${length} characters; at most ${L.CREDENTIAL_FIELD_MAX} allowed`));
  }
  const domainIssues = checkDnsName(`${field}.domainName`, credentials.domainName).map((i) =>
    error(i.field, 'is not a valid DNS domain name, e.g. contoso.com'),
  );
  issues.push(...domainIssues);
  return issues.length > 0 ? { issues } : { credentials, issues };
}

/** The JSON the CCG plugin reads: `{"username","password","domainName"}` in that order. */
export function credentialsSecretString(credentials: DomainlessUserCredentials): string {
  return JSON.stringify({
    username: credentials.username,
    password: credentials.password,
    domainName: credentials.domainName,
  });
}
