// deploy/iam/operator-policy.json against the code: every AWS call the operator can make is granted,
// nothing else is, and resource scopes line up with the examples. (moto evaluates no IAM: this is the check.)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  allowedActions,
  allows,
  IMPLIED_ACTIONS,
  operatorPolicy,
  operatorSdkActions,
  resourcesOf,
  statementsFor,
} from './iamPolicy.js';
import { repoRoot } from './kustomize.js';

const policy = operatorPolicy();

describe('deploy/iam/operator-policy.json', () => {
  it('is a valid identity policy: version 2012-10-17, unique Sids, Allow only, no wildcard actions', () => {
    expect(policy.Version).toBe('2012-10-17');
    const sids = policy.Statement.map((s) => s.Sid);
    expect(new Set(sids).size).toBe(sids.length);
    for (const s of policy.Statement) {
      expect(s.Effect).toBe('Allow');
      for (const action of Array.isArray(s.Action) ? s.Action : [s.Action])
        expect(action).toMatch(/^[a-z0-9-]+:[A-Z][A-Za-z]+$/);
    }
  });

  it('grants every AWS API the operator calls (each SDK command in src/aws)', () => {
    const allowed = allowedActions(policy);
    const sdk = [...operatorSdkActions()].sort();
    expect(sdk.length).toBeGreaterThan(20);
    expect(sdk.filter((a) => !allowed.has(a))).toStrictEqual([]);
  });

  it('grants nothing else but what those calls imply (tag on create, PassRole, ListBucket, KMS)', () => {
    const sdk = operatorSdkActions();
    expect([...allowedActions(policy)].filter((a) => !sdk.has(a) && !IMPLIED_ACTIONS.includes(a)).sort()).toStrictEqual(
      [],
    );
  });

  it('uses Resource "*" only where the action has no resource-level permissions, or under a condition', () => {
    const star = policy.Statement.filter((s) => resourcesOf(s).includes('*'));
    const actions = star.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])).sort();
    expect(actions).toStrictEqual([
      'ecs:DeregisterTaskDefinition',
      'ecs:DescribeTaskDefinition',
      'ecs:ListTaskDefinitions',
      'ecs:RegisterTaskDefinition',
      'ecs:TagResource',
      'ssm:DescribeParameters',
      'sts:GetCallerIdentity',
    ]);
  });

  it('tags ECS task definitions only while registering them', () => {
    expect(statementsFor('ecs:TagResource', policy).map((s) => s.Condition)).toStrictEqual([
      { StringEquals: { 'ecs:CreateAction': 'RegisterTaskDefinition' } },
    ]);
  });

  it('reads and updates ECS services by service ARN only, never every service of the account', () => {
    const statements = [
      ...statementsFor('ecs:DescribeServices', policy),
      ...statementsFor('ecs:UpdateService', policy),
    ];
    expect(statements.length).toBeGreaterThan(0);
    for (const s of statements)
      for (const r of resourcesOf(s))
        expect(r).toMatch(/^arn:aws:ecs:[^:]+:\d{12}:service\/[^/]+\/[A-Za-z0-9][^/]*_\*$/);
    expect(allows('ecs:UpdateService', 'arn:aws:ecs:eu-west-1:111122223333:service/prod/payments_web', policy)).toBe(
      true,
    );
    expect(allows('ecs:UpdateService', 'arn:aws:ecs:eu-west-1:111122223333:service/prod/billing_web', policy)).toBe(
      false,
    );
    expect(allows('ecs:CreateService', 'arn:aws:ecs:eu-west-1:111122223333:service/prod/payments_web', policy)).toBe(
      false,
    );
  });

  it('passes roles to ECS tasks only', () => {
    const statements = statementsFor('iam:PassRole', policy);
    expect(statements.map((s) => s.Condition)).toStrictEqual([
      { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
    ]);
    for (const s of statements) for (const r of resourcesOf(s)) expect(r).toMatch(/^arn:aws:iam::\d{12}:role\//);
  });

  it('uses KMS keys only through SSM, Secrets Manager and S3', () => {
    for (const action of ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey']) {
      expect(statementsFor(action, policy).map((s) => s.Condition)).toStrictEqual([
        {
          StringLike: {
            'kms:ViaService': ['ssm.*.amazonaws.com', 'secretsmanager.*.amazonaws.com', 's3.*.amazonaws.com'],
          },
        },
      ]);
    }
  });

  it('covers the SSM parameters and secrets of the examples, and no parameter outside /gmsa/', () => {
    const docs = readdirSync(join(repoRoot, 'examples'))
      .filter((f) => f.endsWith('.yaml'))
      .flatMap((f) =>
        parseAllDocuments(readFileSync(join(repoRoot, 'examples', f), 'utf8')).map(
          (d) =>
            d.toJS() as {
              kind?: string;
              spec?: { storage?: { ssm?: { parameterName: string } }; domainless?: { store?: string; name: string } };
            },
        ),
      );
    const specs = docs.filter((d) => d.kind === 'GmsaCredentialSpec');
    const arns = specs.flatMap((d) => [
      ...(d.spec?.storage?.ssm
        ? [`ssm:PutParameter arn:aws:ssm:us-east-1:111122223333:parameter${d.spec.storage.ssm.parameterName}`]
        : []),
      ...(d.spec?.domainless?.store === 'SsmParameter'
        ? [`ssm:PutParameter arn:aws:ssm:us-east-1:111122223333:parameter${d.spec.domainless.name}`]
        : []),
      ...(d.spec?.domainless && d.spec.domainless.store !== 'SsmParameter'
        ? [
            `secretsmanager:CreateSecret arn:aws:secretsmanager:us-east-1:111122223333:secret:${d.spec.domainless.name}-AbCdEf`,
          ]
        : []),
    ]);
    expect(arns.length).toBeGreaterThan(4);
    for (const entry of arns) {
      const [action = '', arn = ''] = entry.split(' ');
      expect({ entry, allowed: allows(action, arn, policy) }).toStrictEqual({ entry, allowed: true });
    }
    expect(allows('ssm:PutParameter', 'arn:aws:ssm:us-east-1:111122223333:parameter/prod/db/password', policy)).toBe(
      false,
    );
    expect(
      allows(
        'secretsmanager:GetSecretValue',
        'arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf',
        policy,
      ),
    ).toBe(false);
  });
});
