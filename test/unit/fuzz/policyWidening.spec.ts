// Property: no name a CredSpec may carry widens the IAM policies generated for it. Whatever the names,
// when validation and tenancy accept them, the policies grant exactly those objects: no "*", no "?"
// beyond Secrets Manager's -?????? suffix, no policy variable.
import fc from 'fast-check';
import type { GmsaCredentialSpecSpec } from '../../../src/api/types.js';
import { renderCredentialSpec } from '../../../src/domain/credspec/render.js';
import { checkCredentialSpecTenancy } from '../../../src/domain/tenancy/check.js';
import type { TenancyConfig } from '../../../src/domain/tenancy/policy.js';
import { errorsOf } from '../../../src/domain/validation/issue.js';
import { validateGmsaCredentialSpecSpec } from '../../../src/domain/validation/credentialSpecRules.js';

const SCOPE = { partition: 'aws' as const, region: 'us-east-1', accountId: '111122223333' };
const NS = 'team-a';
const EVERYTHING: TenancyConfig = { singleTenant: true, buckets: [], kmsKeys: [] };
const DEFAULTS: TenancyConfig = {
  singleTenant: false,
  buckets: ['corp-credspecs'],
  kmsKeys: ['arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
};

/** Pieces hostile names are made of: path tricks, IAM wildcards, variables, look-alikes, plain text. */
const piece = fc.constantFrom(
  '*',
  '?',
  '..',
  '.',
  '/',
  '${aws:username}',
  '${',
  '}',
  'gmsa',
  NS,
  'teаm-a',
  'A',
  'x',
  '-',
  '_',
  '\u0000',
  ' ',
  '%2A',
  '**',
);
const hostileName = fc.array(piece, { minLength: 1, maxLength: 8 }).map((parts) => parts.join(''));

const spec = (name: string, key: string, kms: string): GmsaCredentialSpecSpec => ({
  hostOs: 'Windows',
  account: 'WebApp01',
  domain: {
    dnsName: 'contoso.com',
    netBiosName: 'CONTOSO',
    sid: 'S-1-5-21-1-2-3',
    guid: '8665abd4-e947-4dd0-9a51-f8254943c90b',
  },
  storage: { s3: { bucket: 'corp-credspecs', key, kmsKeyId: kms } },
  domainless: { credentialsSecretRef: { name: 's' }, store: 'SecretsManager', name },
});

function resources(policy: unknown): string[] {
  const statements =
    (policy as { Statement?: { Resource?: string[]; Condition?: unknown }[] } | undefined)?.Statement ?? [];
  return statements.flatMap((s) => [...(s.Resource ?? []), JSON.stringify(s.Condition ?? {})]);
}

describe('generated IAM policies', () => {
  it.each([
    ['single tenant', EVERYTHING],
    ['the default confinement', DEFAULTS],
  ])('never widen beyond the named objects, whatever names are accepted (%s)', (_mode, tenancy) => {
    fc.assert(
      fc.property(
        hostileName,
        hostileName,
        fc.constantFrom(
          'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
          'alias/gmsa',
          'alias/*',
          'arn:aws:kms:us-east-1:111122223333:key/*',
          '1234abcd-12ab-34cd-56ef-1234567890ab',
        ),
        (name, key, kms) => {
          const s = spec(`gmsa/${NS}/${name}`, `gmsa/${NS}/${key}`, kms);
          const refused =
            errorsOf([...validateGmsaCredentialSpecSpec(s), ...checkCredentialSpecTenancy(tenancy, NS, s)]).length > 0;
          if (refused) return;
          const rendered = renderCredentialSpec(s, SCOPE);
          for (const r of [...resources(rendered.executionRolePolicy), ...resources(rendered.instanceRolePolicy)]) {
            expect(r.replace(/-\?{6}(?=$|")/g, '')).not.toMatch(/[*?]|\$\{/);
          }
        },
      ),
      { numRuns: 2000, seed: 20261130 },
    );
  });

  it('still accepts ordinary names (the property is not vacuous)', () => {
    const s = spec(
      `gmsa/${NS}/webapp01/ad-user`,
      `gmsa/${NS}/webapp01.json`,
      'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    );
    expect(
      errorsOf([...validateGmsaCredentialSpecSpec(s), ...checkCredentialSpecTenancy(DEFAULTS, NS, s)]),
    ).toStrictEqual([]);
  });
});
