// deploy/iam/operator-policy.json as data, and the IAM actions behind the AWS calls the operator makes.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './kustomize.js';

export interface Statement {
  Sid: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export function operatorPolicy(): { Version: string; Statement: Statement[] } {
  return JSON.parse(readFileSync(join(repoRoot, 'deploy/iam/operator-policy.json'), 'utf8')) as {
    Version: string;
    Statement: Statement[];
  };
}

const list = (v: string | string[]): string[] => (Array.isArray(v) ? v : [v]);

/** Every action an Allow statement grants. */
export function allowedActions(policy = operatorPolicy()): Set<string> {
  return new Set(policy.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => list(s.Action)));
}

/** The statements granting `action`. */
export function statementsFor(action: string, policy = operatorPolicy()): Statement[] {
  return policy.Statement.filter((s) => s.Effect === 'Allow' && list(s.Action).includes(action));
}

/** The resources of a statement as a list. */
export const resourcesOf = (s: Statement): string[] => list(s.Resource);

/** IAM service prefix of each adapter file in src/aws. */
const ADAPTERS: Record<string, string> = {
  'ssm.ts': 'ssm',
  'secretsManager.ts': 'secretsmanager',
  's3.ts': 's3',
  'ecs.ts': 'ecs',
  'ecsServices.ts': 'ecs',
  'accountId.ts': 'sts',
};

/** `service:Operation` for every SDK command src/aws sends (each command is the IAM action of the same name). */
export function operatorSdkActions(): Set<string> {
  const dir = join(repoRoot, 'src/aws');
  const actions = new Set<string>();
  for (const file of readdirSync(dir)) {
    const text = readFileSync(join(dir, file), 'utf8');
    const commands = [...text.matchAll(/new (\w+)Command\(/g)].map((m) => m[1] ?? '');
    if (commands.length === 0) continue;
    const service = ADAPTERS[file];
    if (!service)
      throw new Error(
        `src/aws/${file} sends ${commands.join(', ')}: add it to ADAPTERS in test/integration/deploy/iamPolicy.ts`,
      );
    for (const c of commands) actions.add(`${service}:${c}`);
  }
  return actions;
}

/** The IAM action a recorded wire call needs (S3's HEAD is authorized as GetObject). */
export function actionOfCall(call: { service: string; operation: string }): string {
  if (call.service === 's3' && call.operation === 'HeadObject') return 's3:GetObject';
  return `${call.service}:${call.operation}`;
}

/**
 * Actions the policy grants beyond the SDK commands, each needed implicitly by one of them:
 * tag-on-create and role passing for RegisterTaskDefinition, 404-instead-of-403 for GetObject,
 * and customer-managed KMS keys behind SSM SecureString, Secrets Manager and S3 SSE-KMS.
 */
export const IMPLIED_ACTIONS = [
  'ecs:TagResource',
  'iam:PassRole',
  's3:ListBucket',
  'kms:Encrypt',
  'kms:Decrypt',
  'kms:GenerateDataKey',
];

/** IAM's ARN matching: `*` any run of characters, `?` one character. */
export function arnMatches(pattern: string, arn: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replaceAll('*', '.*')
    .replaceAll('?', '.');
  return new RegExp(`^${source}$`).test(arn);
}

/** True when some Allow statement grants `action` on `arn` (conditions aside). */
export function allows(action: string, arn: string, policy = operatorPolicy()): boolean {
  return statementsFor(action, policy).some((s) => resourcesOf(s).some((r) => arnMatches(r, arn)));
}
