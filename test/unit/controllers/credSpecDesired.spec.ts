// What a GmsaCredentialSpec asks for: admission (validation and tenancy together, as `render` reports
// them), its owner and tags, adoption, the size check, and where its objects go.
import type { GmsaCredentialSpec } from '../../../src/api/types.js';
import {
  admission,
  adoptionOf,
  desiredCredentials,
  desiredLocation,
  objectTags,
  ownerOf,
  sizeIssues,
} from '../../../src/controllers/gmsaCredentialSpec/desired.js';
import { renderDocuments } from '../../../src/domain/offline/renderDocuments.js';
import { DEFAULT_TENANCY, type TenancyConfig } from '../../../src/domain/tenancy/policy.js';
import { domainless, scope } from '../../fixtures/builders.js';
import { CLUSTER, credSpecResource, PARAMETER } from '../../fixtures/resources.js';

const ADOPTING: TenancyConfig = {
  ...DEFAULT_TENANCY,
  policy: { rules: [{ namespaces: ['team-a'], allowAdoption: true }] },
};

/** The errors `render` reports for `cr`, as `field: message`, in its order. */
function renderErrors(cr: GmsaCredentialSpec, tenancy: TenancyConfig): string[] {
  const report = renderDocuments([{ file: 'cr.yaml', document: 0, value: cr }], {
    accountId: scope.accountId,
    region: scope.region,
    clusterName: CLUSTER,
    tenancy,
  });
  return report.errors.map((f) => `${f.field}: ${f.message}`);
}

describe('admission of a GmsaCredentialSpec', () => {
  it('admits a valid spec naming what its namespace may use', () => {
    expect(
      admission(
        credSpecResource({ domainless: domainless({ name: 'gmsa/team-a/webapp01/ad-user' }) }),
        DEFAULT_TENANCY,
      ),
    ).toBeUndefined();
  });

  it.each<[string, Partial<GmsaCredentialSpec['spec']>]>([
    [
      'a domain SID that is an account SID',
      {
        domain: {
          dnsName: 'contoso.com',
          netBiosName: 'contoso',
          sid: 'S-1-5-21-1-2-3-1104',
          guid: '8665abd4-e947-4dd0-9a51-f8254943c90b',
        },
      },
    ],
    [
      'Linux credentials in SSM',
      { hostOs: 'Linux', domainless: domainless({ store: 'SsmParameter', name: '/gmsa/team-a/u' }) },
    ],
  ])('refuses %s as invalid (Stalled ValidationFailed)', (_case, spec) => {
    const refused = admission(credSpecResource(spec), DEFAULT_TENANCY);
    expect(refused?.kind).toBe('invalid');
  });

  it('refuses a name outside its namespace’s allowance as NotPermitted, naming the field', () => {
    const cr = credSpecResource({
      storage: { ssm: { parameterName: '/gmsa/team-b/webapp01/credspec', tier: 'Standard' } },
    });
    const refused = admission(cr, DEFAULT_TENANCY);
    expect(refused).toMatchObject({ kind: 'stalled', reason: 'NotPermitted' });
    expect(refused?.kind === 'stalled' && refused.message).toMatch(/^spec\.storage\.ssm\.parameterName: /);
  });

  it('reports validation and tenancy findings together, in the order `render` lists them', () => {
    const cr = credSpecResource({
      account: 'Way-Too-Long-Account-Name',
      storage: { ssm: { parameterName: '/gmsa/team-b/webapp01/credspec', tier: 'Standard' } },
      domainless: domainless({ name: 'gmsa/team-b/ad-user' }),
    });
    const refused = admission(cr, DEFAULT_TENANCY);
    if (refused?.kind !== 'invalid') throw new Error(`expected invalid, got ${JSON.stringify(refused)}`);
    const listed = refused.issues.map((i) => `${i.field}: ${i.message}`);
    expect(listed.map((l) => l.split(':')[0])).toStrictEqual([
      'spec.account',
      'spec.storage.ssm.parameterName',
      'spec.domainless.name',
    ]);
    expect(listed).toStrictEqual(renderErrors(cr, DEFAULT_TENANCY));
  });

  it('refuses a localFile resource whose ConfigMap name would be too long', () => {
    const cr = credSpecResource({ storage: { localFile: { path: 'a.json' } } }, { name: 'n'.repeat(245) });
    const refused = admission(cr, DEFAULT_TENANCY);
    expect(refused?.kind === 'invalid' && refused.issues.map((i) => i.field)).toStrictEqual(['metadata.name']);
  });

  it('admits anything a single-tenant operator is given, but never invalid input', () => {
    const single: TenancyConfig = { ...DEFAULT_TENANCY, singleTenant: true };
    const elsewhere = credSpecResource({ storage: { ssm: { parameterName: '/anywhere/credspec', tier: 'Standard' } } });
    expect(admission(elsewhere, single)).toBeUndefined();
    expect(admission(credSpecResource({ account: 'Way-Too-Long-Account-Name' }), single)?.kind).toBe('invalid');
  });
});

describe('owner, tags and adoption', () => {
  it('owns what it creates by cluster, kind, namespace and name', () => {
    expect(ownerOf(credSpecResource(), CLUSTER)).toStrictEqual({
      cluster: CLUSTER,
      kind: 'GmsaCredentialSpec',
      namespace: 'team-a',
      name: 'webapp01',
    });
  });

  it('tags with the user tags and the ownership tags, which win over a user tag of the same key', () => {
    const cr = credSpecResource({ tags: { team: 'a', 'ecsgmsa.io/name': 'spoofed' } });
    expect(objectTags(cr, ownerOf(cr, CLUSTER))).toStrictEqual({
      team: 'a',
      'ecsgmsa.io/cluster': CLUSTER,
      'ecsgmsa.io/kind': 'GmsaCredentialSpec',
      'ecsgmsa.io/namespace': 'team-a',
      'ecsgmsa.io/name': 'webapp01',
    });
  });

  it.each<[string, Record<string, string>, TenancyConfig, { annotated: boolean; permitted: boolean }]>([
    ['no annotation, default tenancy', {}, DEFAULT_TENANCY, { annotated: false, permitted: false }],
    [
      'annotated, default tenancy (adoption is off by default)',
      { 'ecsgmsa.io/adopt': 'true' },
      DEFAULT_TENANCY,
      { annotated: true, permitted: false },
    ],
    ['annotated "yes" is not "true"', { 'ecsgmsa.io/adopt': 'yes' }, ADOPTING, { annotated: false, permitted: true }],
    [
      'annotated where the policy allows adoption',
      { 'ecsgmsa.io/adopt': 'true' },
      ADOPTING,
      { annotated: true, permitted: true },
    ],
  ])('adoption: %s', (_case, annotations, tenancy, expected) => {
    expect(adoptionOf(credSpecResource({}, { annotations }), tenancy)).toStrictEqual(expected);
  });
});

describe('where the objects go', () => {
  it.each<[string, Partial<GmsaCredentialSpec['spec']>, object]>([
    [
      'SSM',
      {},
      {
        kind: 'ssm',
        arn: `arn:aws:ssm:us-east-1:111122223333:parameter${PARAMETER}`,
        region: 'us-east-1',
        parameterName: PARAMETER,
      },
    ],
    [
      'S3',
      { storage: { s3: { bucket: 'b', key: 'gmsa/team-a/w.json' } } },
      {
        kind: 's3',
        arn: 'arn:aws:s3:::b/gmsa/team-a/w.json',
        region: 'us-east-1',
        bucket: 'b',
        key: 'gmsa/team-a/w.json',
      },
    ],
    [
      'a local file (its ConfigMap)',
      { storage: { localFile: { path: 'w.json' } } },
      { kind: 'localFile', arn: 'file://w.json', region: 'us-east-1', configMapName: 'webapp01-credspec' },
    ],
  ])('records a location in %s', (_case, spec, location) => {
    expect(desiredLocation(credSpecResource(spec).spec, scope, 'webapp01')).toStrictEqual(location);
  });

  it.each<[string, Partial<GmsaCredentialSpec['spec']>, object | undefined]>([
    ['none without domainless', {}, undefined],
    [
      'Secrets Manager by default',
      { domainless: { ...domainless({ name: 'n' }), store: undefined } },
      { store: 'SecretsManager', region: 'eu-west-1', name: 'n' },
    ],
    [
      'an SSM parameter when asked',
      { domainless: domainless({ store: 'SsmParameter', name: '/n' }) },
      { store: 'SsmParameter', region: 'eu-west-1', name: '/n' },
    ],
  ])('records credentials: %s', (_case, spec, record) => {
    expect(desiredCredentials(credSpecResource(spec).spec, 'eu-west-1')).toStrictEqual(record);
  });
});

describe('sizeIssues: the document must fit its store before anything is written', () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `Account${i}`, scope: 'contoso.com' }));

  it('passes a document that fits the Standard tier', () => {
    expect(sizeIssues(credSpecResource().spec, scope)).toStrictEqual([]);
  });

  it('refuses a document too big for the Standard tier, measured with a secret ARN of the real length', () => {
    const spec = credSpecResource({
      additionalAccounts: many(60),
      domainless: domainless({ name: 'gmsa/team-a/u' }),
    }).spec;
    expect(sizeIssues(spec, scope).map((i) => i.severity)).toStrictEqual(['error']);
    const advanced = { ...spec, storage: { ssm: { parameterName: PARAMETER, tier: 'Advanced' as const } } };
    expect(sizeIssues(advanced, scope)).toStrictEqual([]);
  });
});
