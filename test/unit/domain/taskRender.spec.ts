import { renderTaskDefinition } from '../../../src/domain/task/render.js';
import type { Owner } from '../../../src/domain/ownership.js';
import { resolved, taskSpec } from '../../fixtures/builders.js';

const owner: Owner = { cluster: 'prod', kind: 'EcsGmsaTask', namespace: 'team-a', name: 'webapp' };
const refs = new Map([['webapp01', resolved()]]);

describe('task definition rendering', () => {
  it('strips gmsa, injects credentialSpecs and tags, in canonical key order', () => {
    const { input, references } = renderTaskDefinition(taskSpec(), owner, refs);
    expect(input.containerDefinitions).toStrictEqual([
      {
        credentialSpecs: ['credentialspec:arn:aws:ssm:us-east-1:111122223333:parameter/gmsa/webapp01/credspec'],
        image: 'mcr.microsoft.com/dotnet/framework/aspnet:4.8',
        memory: 1024,
        name: 'web',
      },
    ]);
    expect(Object.keys(input)).toStrictEqual([
      'containerDefinitions',
      'executionRoleArn',
      'family',
      'networkMode',
      'requiresCompatibilities',
      'runtimePlatform',
      'tags',
    ]);
    expect(input.tags?.map((t) => t.key)).toStrictEqual([
      'ecsgmsa.io/cluster',
      'ecsgmsa.io/hash-version',
      'ecsgmsa.io/kind',
      'ecsgmsa.io/name',
      'ecsgmsa.io/namespace',
      'ecsgmsa.io/spec-sha256',
    ]);
    expect(references).toStrictEqual([
      {
        container: 'web',
        credentialSpec: 'webapp01',
        reference: 'credentialspec:arn:aws:ssm:us-east-1:111122223333:parameter/gmsa/webapp01/credspec',
      },
    ]);
  });

  it('keeps user tags beside the ownership tags and records the hash in a tag', () => {
    const { input, specSha256 } = renderTaskDefinition(taskSpec({ tags: [{ key: 'team', value: 'a' }] }), owner, refs);
    expect(input.tags).toContainEqual({ key: 'team', value: 'a' });
    expect(input.tags).toContainEqual({ key: 'ecsgmsa.io/namespace', value: 'team-a' });
    expect(input.tags).toContainEqual({ key: 'ecsgmsa.io/spec-sha256', value: specSha256 });
    expect(specSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the same hash whatever the key order of the input', () => {
    const a = taskSpec();
    const b = taskSpec();
    b.taskDefinition = Object.fromEntries(Object.entries(b.taskDefinition).reverse()) as typeof b.taskDefinition;
    expect(renderTaskDefinition(a, owner, refs).specSha256).toBe(renderTaskDefinition(b, owner, refs).specSha256);
  });

  it.each([
    [
      'an image change',
      taskSpec({
        containerDefinitions: [{ name: 'web', image: 'other', memory: 1024, gmsa: { credentialSpecRef: 'webapp01' } }],
      }),
      refs,
    ],
    [
      'a new CredSpec reference string',
      taskSpec(),
      new Map([['webapp01', resolved({ reference: 'credspec:arn:aws:ssm:us-east-1:111122223333:parameter/gmsa/v2' })]]),
    ],
    [
      'a container order change',
      taskSpec({
        containerDefinitions: [
          { name: 'b', image: 'x', memory: 1 },
          {
            name: 'web',
            image: 'mcr.microsoft.com/dotnet/framework/aspnet:4.8',
            memory: 1024,
            gmsa: { credentialSpecRef: 'webapp01' },
          },
        ],
      }),
      refs,
    ],
  ])('changes the hash on %s', (_name, spec, resolvedRefs) => {
    expect(renderTaskDefinition(spec, owner, resolvedRefs).specSha256).not.toBe(
      renderTaskDefinition(taskSpec(), owner, refs).specSha256,
    );
  });

  it('sets the Server 2016 hostname to the gMSA account when absent', () => {
    const spec = taskSpec({
      networkMode: undefined,
      runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2016_FULL' },
    });
    expect(renderTaskDefinition(spec, owner, refs).input.containerDefinitions[0]?.hostname).toBe('WebApp01');
  });

  it('leaves hostname alone on other Windows versions', () => {
    expect(renderTaskDefinition(taskSpec(), owner, refs).input.containerDefinitions[0]).not.toHaveProperty('hostname');
  });

  it('keeps the user spec unchanged', () => {
    const spec = taskSpec();
    const before = JSON.stringify(spec);
    renderTaskDefinition(spec, owner, refs);
    expect(JSON.stringify(spec)).toBe(before);
  });
});
