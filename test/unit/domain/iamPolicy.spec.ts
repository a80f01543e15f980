import {
  executionRolePolicy,
  instanceRolePolicy,
  type PolicyDocument,
} from '../../../src/domain/credspec/iamPolicy.js';
import { credSpecSpec, domainless, scope } from '../../fixtures/builders.js';

// The seed's two execution-role policies, verbatim except for placeholders.
const SEED_S3_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'VisualEditor',
      Effect: 'Allow',
      Action: ['s3:Get*', 's3:List*'],
      Resource: ['arn:aws:s3:::my-bucket', 'arn:aws:s3:::my-bucket/gmsa/webapp01.json'],
    },
  ],
};
const SEED_SSM_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['ssm:GetParameters'],
      Resource: ['arn:aws:ssm:us-east-1:111122223333:parameter/gmsa/webapp01/credspec'],
    },
  ],
};

function matches(pattern: string, value: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replaceAll('*', '.*')
      .replaceAll('?', '.')}$`,
  );
  return re.test(value);
}

/** True when every action/resource pair `ours` allows is allowed by `theirs`. */
function isSubset(ours: PolicyDocument, theirs: { Statement: { Action: string[]; Resource: string[] }[] }): boolean {
  return ours.Statement.every((s) =>
    s.Action.every((a) =>
      s.Resource.every((r) =>
        theirs.Statement.some((t) => t.Action.some((ta) => matches(ta, a)) && t.Resource.some((tr) => matches(tr, r))),
      ),
    ),
  );
}

describe('execution role policy', () => {
  it('reads an S3 CredSpec with s3:GetObject on the object only: a subset of the seed policy', () => {
    const policy = executionRolePolicy(
      credSpecSpec({ storage: { s3: { bucket: 'my-bucket', key: 'gmsa/webapp01.json' } } }),
      scope,
    );
    expect(policy).toStrictEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'ReadCredentialSpec',
          Effect: 'Allow',
          Action: ['s3:GetObject'],
          Resource: ['arn:aws:s3:::my-bucket/gmsa/webapp01.json'],
        },
      ],
    });
    expect(isSubset(policy, SEED_S3_POLICY)).toBe(true);
  });

  it('reads an SSM CredSpec with ssm:GetParameters on the parameter: the seed policy itself', () => {
    const policy = executionRolePolicy(credSpecSpec(), scope);
    expect(policy.Statement).toStrictEqual([{ Sid: 'ReadCredentialSpec', ...SEED_SSM_POLICY.Statement[0] }]);
    expect(isSubset(policy, SEED_SSM_POLICY)).toBe(true);
  });

  it('the subset check can fail (a broader policy is not a subset)', () => {
    const broad: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'x',
          Effect: 'Allow',
          Action: ['s3:PutObject'],
          Resource: ['arn:aws:s3:::my-bucket/gmsa/webapp01.json'],
        },
      ],
    };
    expect(isSubset(broad, SEED_S3_POLICY)).toBe(false);
  });

  it('has no CredSpec statement for a local file', () => {
    expect(
      executionRolePolicy(credSpecSpec({ storage: { localFile: { path: 'a.json' } } }), scope).Statement,
    ).toStrictEqual([]);
  });

  it('reads domainless credentials from Secrets Manager whatever the ARN suffix', () => {
    const policy = executionRolePolicy(credSpecSpec({ domainless: domainless() }), scope);
    expect(policy.Statement[1]).toStrictEqual({
      Sid: 'ReadDomainlessCredentials',
      Effect: 'Allow',
      Action: ['secretsmanager:GetSecretValue'],
      Resource: ['arn:aws:secretsmanager:us-east-1:111122223333:secret:gmsa/webapp01/ad-user-??????'],
    });
  });

  it('reads SSM-held domainless credentials and decrypts with the customer key through SSM only', () => {
    const spec = credSpecSpec({
      domainless: domainless({
        store: 'SsmParameter',
        name: '/gmsa/webapp01/ad-user',
        kmsKeyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
      }),
    });
    expect(executionRolePolicy(spec, scope).Statement.slice(1)).toStrictEqual([
      {
        Sid: 'ReadDomainlessCredentials',
        Effect: 'Allow',
        Action: ['ssm:GetParameters'],
        Resource: ['arn:aws:ssm:us-east-1:111122223333:parameter/gmsa/webapp01/ad-user'],
      },
      {
        Sid: 'DecryptDomainlessCredentials',
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        Resource: ['arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
        Condition: { StringEquals: { 'kms:ViaService': 'ssm.us-east-1.amazonaws.com' } },
      },
    ]);
  });

  it('never renders a wildcard for a KMS alias (validation refuses aliases first)', () => {
    const spec = credSpecSpec({ domainless: domainless({ kmsKeyId: 'alias/gmsa' }) });
    expect(() => executionRolePolicy(spec, scope)).toThrow('is not a key id or key ARN');
  });
});

describe('instance role policy', () => {
  it('is absent for a domain-joined identity', () => {
    expect(instanceRolePolicy(credSpecSpec(), scope)).toBeUndefined();
  });

  it('holds only the credentials statements for domainless', () => {
    expect(
      instanceRolePolicy(credSpecSpec({ domainless: domainless() }), scope)?.Statement.map((s) => s.Sid),
    ).toStrictEqual(['ReadDomainlessCredentials']);
  });
});
