// What an EcsGmsaTask asks for: admission (validation, tenancy, the family claim), its references
// resolved or waited for, and the input to register.
import type { EcsGmsaTask, GmsaCredentialSpec } from '../../../src/api/types.js';
import { BlockedError } from '../../../src/controllers/common/outcome.js';
import {
  admission,
  desiredTask,
  familyOfArn,
  isReadyCredSpec,
  referencedNames,
  resolveReferences,
  type TaskContext,
} from '../../../src/controllers/ecsGmsaTask/desired.js';
import { renderDocuments } from '../../../src/domain/offline/renderDocuments.js';
import { DEFAULT_TENANCY, type TenancyConfig } from '../../../src/domain/tenancy/policy.js';
import { resolved, scope } from '../../fixtures/builders.js';
import { CLUSTER, credSpecResource, FAMILY, taskResource } from '../../fixtures/resources.js';

/** What `fn` throws; `undefined` when it returns. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e: unknown) {
    return e;
  }
  return undefined;
}

const REFERENCE = 'credentialspec:arn:aws:ssm:us-east-1:111122223333:parameter/gmsa/team-a/webapp01/credspec';
const arnIn = (region: string, family = FAMILY) => `arn:aws:ecs:${region}:111122223333:task-definition/${family}:1`;

function context(claimants: EcsGmsaTask[] = [], tenancy: TenancyConfig = DEFAULT_TENANCY): TaskContext {
  return {
    tenancy,
    defaultRegion: 'us-east-1',
    clusterName: CLUSTER,
    claimants: (region, family) =>
      claimants.filter((t) => (t.spec.region ?? 'us-east-1') === region && t.spec.taskDefinition.family === family),
    credentialSpec: () => undefined,
  };
}

/** Another task naming the same family, which registered there when `registered`. */
function claimant(name: string, namespace: string, registered: boolean): EcsGmsaTask {
  return taskResource(
    {},
    { name, namespace, uid: `uid-${name}`, creationTimestamp: '2026-01-01T00:00:00Z' },
    registered ? { taskDefinitionArn: arnIn('us-east-1') } : {},
  );
}

function readyCredSpec(name = 'webapp01', overrides: Partial<GmsaCredentialSpec> = {}): GmsaCredentialSpec {
  const cr = credSpecResource({}, { name, generation: 2 });
  return {
    ...cr,
    status: {
      observedGeneration: 2,
      credentialSpecReference: REFERENCE,
      conditions: [
        { type: 'Ready', status: 'True', reason: 'Ready', message: '', lastTransitionTime: '2026-11-30T10:00:00Z' },
      ],
    },
    ...overrides,
  };
}

describe('admission of an EcsGmsaTask', () => {
  it('admits a valid task in its own families', () => {
    expect(admission(taskResource(), context())).toBeUndefined();
  });

  it('refuses a family outside its namespace’s allowance as NotPermitted', () => {
    expect(admission(taskResource({ family: 'webapp' }), context())).toMatchObject({
      kind: 'stalled',
      reason: 'NotPermitted',
    });
  });

  it('reports validation and tenancy findings together, in the order `render` lists them', () => {
    const task = taskResource({
      family: 'webapp',
      containerDefinitions: [
        {
          name: 'web',
          image: 'img',
          memory: 512,
          gmsa: { credentialSpecRef: 'webapp01' },
          credentialSpecs: ['credentialspec:file://x.json'],
        },
      ],
    });
    delete task.spec.taskDefinition.runtimePlatform;
    const refused = admission(task, context());
    if (refused?.kind !== 'invalid') throw new Error(`expected invalid, got ${JSON.stringify(refused)}`);
    const listed = refused.issues.map((i) => `${i.field}: ${i.message}`);
    expect(listed.at(-1)).toMatch(/^spec\.taskDefinition\.family: /);
    const report = renderDocuments([{ file: 't.yaml', document: 0, value: task }], {
      accountId: scope.accountId,
      region: scope.region,
      clusterName: CLUSTER,
      tenancy: DEFAULT_TENANCY,
    });
    expect(listed).toStrictEqual(report.errors.map((f) => `${f.field}: ${f.message}`));
  });

  it.each<[string, EcsGmsaTask[], string | undefined]>([
    [
      'a task of the same namespace that registered there is named',
      [claimant('other', 'team-a', true)],
      'family team-a_webapp in us-east-1 is claimed by EcsGmsaTask other; choose another family',
    ],
    [
      'a task of another namespace is never named',
      [claimant('other', 'team-b', true)],
      'family team-a_webapp in us-east-1 is claimed by another resource; choose another family',
    ],
    ['a task that only named the family claims nothing', [claimant('other', 'team-a', false)], undefined],
    [
      'the task itself is no conflict',
      [
        {
          ...claimant('web', 'team-a', true),
          metadata: { ...claimant('web', 'team-a', true).metadata, uid: 'uid-web' },
        },
      ],
      undefined,
    ],
  ])('family claims: %s', (_case, claimants, message) => {
    const refused = admission(taskResource(), context(claimants));
    if (message === undefined) expect(refused).toBeUndefined();
    else expect(refused).toStrictEqual({ kind: 'stalled', reason: 'FamilyConflict', message });
  });

  it('looks up claimants in the task’s own region, the default when it names none', () => {
    const seen: string[] = [];
    const ctx = { ...context(), claimants: (region: string, family: string) => (seen.push(`${region}/${family}`), []) };
    admission(taskResource(), ctx);
    admission({ ...taskResource(), spec: { ...taskResource().spec, region: 'eu-west-1' } }, ctx);
    expect(seen).toStrictEqual([`us-east-1/${FAMILY}`, `eu-west-1/${FAMILY}`]);
  });
});

describe('resolveReferences', () => {
  const lookup = (crs: GmsaCredentialSpec[]) => (name: string) => crs.find((c) => c.metadata.name === name);
  const twoContainers = (a: string, b: string): EcsGmsaTask =>
    taskResource({
      containerDefinitions: [
        { name: 'web', image: 'img', memory: 512, gmsa: { credentialSpecRef: a } },
        { name: 'sidecar', image: 'img', memory: 512, gmsa: { credentialSpecRef: b } },
      ],
    });

  it('resolves every Ready CredSpec once, however many containers name it', () => {
    const refs = resolveReferences(twoContainers('webapp01', 'webapp01'), lookup([readyCredSpec()]), 'us-east-1');
    expect([...refs.keys()]).toStrictEqual(['webapp01']);
    expect(refs.get('webapp01')).toMatchObject({
      name: 'webapp01',
      reference: REFERENCE,
      region: 'us-east-1',
      hostOs: 'Windows',
    });
  });

  it('resolves nothing for a task without gmsa containers', () => {
    const task = taskResource({ containerDefinitions: [{ name: 'web', image: 'img', memory: 512 }] });
    expect(resolveReferences(task, lookup([]), 'us-east-1').size).toBe(0);
  });

  const notReady: [string, GmsaCredentialSpec][] = [
    [
      'Ready False',
      readyCredSpec('webapp01', {
        status: {
          ...readyCredSpec().status,
          conditions: [{ type: 'Ready', status: 'False', reason: 'AwsRetrying', message: '', lastTransitionTime: 't' }],
        },
      }),
    ],
    [
      'Ready for an older generation',
      readyCredSpec('webapp01', { status: { ...readyCredSpec().status, observedGeneration: 1 } }),
    ],
    [
      'Ready without a published reference',
      readyCredSpec('webapp01', { status: { ...readyCredSpec().status, credentialSpecReference: undefined } }),
    ],
    [
      'being deleted',
      { ...readyCredSpec(), metadata: { ...readyCredSpec().metadata, deletionTimestamp: '2026-11-30T10:00:00Z' } },
    ],
    ['without any status', { ...readyCredSpec(), status: undefined }],
  ];

  it.each(notReady)('waits for a CredSpec %s (CredentialSpecNotReady)', (_case, cr) => {
    expect(isReadyCredSpec(cr)).toBe(false);
    expect(() => resolveReferences(taskResource(), lookup([cr]), 'us-east-1')).toThrow(
      new BlockedError({
        kind: 'waiting',
        reason: 'CredentialSpecNotReady',
        message: 'GmsaCredentialSpec not Ready: webapp01 (namespace team-a); waiting',
      }),
    );
  });

  it('names what is missing and what is not Ready, in one waiting outcome', () => {
    const err = thrown(() =>
      resolveReferences(
        twoContainers('gone', 'webapp01'),
        lookup([readyCredSpec('webapp01', { status: undefined })]),
        'us-east-1',
      ),
    );
    expect(err).toBeInstanceOf(BlockedError);
    expect((err as BlockedError).blocked).toStrictEqual({
      kind: 'waiting',
      reason: 'CredentialSpecNotReady',
      message: 'GmsaCredentialSpec not found: gone; not Ready: webapp01 (namespace team-a); waiting',
    });
  });

  it('lists referenced names in container order without duplicates', () => {
    expect(referencedNames(twoContainers('b', 'a'))).toStrictEqual(['b', 'a']);
  });
});

describe('desiredTask', () => {
  const refs = (overrides: Parameters<typeof resolved>[0] = {}) =>
    new Map([['webapp01', resolved({ reference: REFERENCE, ...overrides })]]);

  it('renders the input with the CredSpec reference, owned by this task, in its region', () => {
    const desired = desiredTask(taskResource(), refs(), context());
    expect(desired.region).toBe('us-east-1');
    expect(desired.owner).toStrictEqual({ cluster: CLUSTER, kind: 'EcsGmsaTask', namespace: 'team-a', name: 'web' });
    expect(desired.adoption).toStrictEqual({ annotated: false, permitted: false });
    expect(desired.rendered.input.containerDefinitions[0]).toMatchObject({ credentialSpecs: [REFERENCE] });
    expect(desired.rendered.input.containerDefinitions[0]).not.toHaveProperty('gmsa');
  });

  it.each<[string, Parameters<typeof resolved>[0]]>([
    ['a CredSpec for Linux hosts in a Windows task', { hostOs: 'Linux' }],
    ['a CredSpec stored in another region', { region: 'eu-west-1' }],
  ])('refuses %s as invalid', (_case, overrides) => {
    const err = thrown(() => desiredTask(taskResource(), refs(overrides), context()));
    expect(err).toBeInstanceOf(BlockedError);
    expect((err as BlockedError).blocked.kind).toBe('invalid');
  });

  it('lets a warning through (Linux on Fargate with the CredSpec in SSM)', () => {
    const task = taskResource({
      requiresCompatibilities: ['FARGATE'],
      runtimePlatform: { operatingSystemFamily: 'LINUX' },
      networkMode: 'awsvpc',
      cpu: '512',
      memory: '1024',
    });
    expect(() =>
      desiredTask(task, refs({ hostOs: 'Linux', domainless: true, storageKind: 'ssm' }), context()),
    ).not.toThrow();
  });

  it('asks for adoption where annotated and permitted', () => {
    const tenancy: TenancyConfig = {
      ...DEFAULT_TENANCY,
      policy: { rules: [{ namespaces: ['team-a'], allowAdoption: true }] },
    };
    const task = taskResource({}, { annotations: { 'ecsgmsa.io/adopt': 'true' } });
    expect(desiredTask(task, refs(), context([], tenancy)).adoption).toStrictEqual({
      annotated: true,
      permitted: true,
    });
  });
});

describe('familyOfArn', () => {
  it.each([
    [arnIn('eu-west-1', 'fam_1'), { region: 'eu-west-1', family: 'fam_1' }],
    ['arn:aws-cn:ecs:cn-north-1:1:task-definition/f:12', { region: 'cn-north-1', family: 'f' }],
    ['arn:aws:ecs:us-east-1:1:task-definition/f', undefined],
    ['arn:aws:ssm:us-east-1:1:parameter/f:1', undefined],
    [undefined, undefined],
  ])('reads %s as %p', (arn, expected) => {
    expect(familyOfArn(arn)).toStrictEqual(expected);
  });
});
