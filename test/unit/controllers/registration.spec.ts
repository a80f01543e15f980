// ensureRegistered, ownedActiveRevisions and pruneRevisions on the fake ECS: a revision is registered
// only when the newest one of ours differs, never on top of revisions someone else registered.
import { refusal } from '../../support/refusal.js';
import type { RegisterTaskDefinitionInput } from '../../../src/aws/ports.js';
import { blockedFor } from '../../../src/controllers/common/outcome.js';
import {
  ensureRegistered,
  ownedActiveRevisions,
  pruneRevisions,
  type RegisterTarget,
} from '../../../src/controllers/ecsGmsaTask/registration.js';
import type { AdoptionRequest, Owner } from '../../../src/domain/ownership.js';
import { renderTaskDefinition, type RenderedTaskDefinition } from '../../../src/domain/task/render.js';
import { FakeAws } from '../../fakes/aws.js';
import type { FakeTaskDefinitions } from '../../fakes/taskDefinitions.js';
import { resolved } from '../../fixtures/builders.js';
import { FAMILY, owner, taskResource } from '../../fixtures/resources.js';

const US = owner('EcsGmsaTask', 'web');
const THEM = owner('EcsGmsaTask', 'web', 'team-b');
const NO_ADOPTION: AdoptionRequest = { annotated: false, permitted: false };

function render(image = 'mcr.microsoft.com/dotnet/framework/aspnet:4.8', by: Owner = US): RenderedTaskDefinition {
  const task = taskResource({
    containerDefinitions: [{ name: 'web', image, memory: 1024, gmsa: { credentialSpecRef: 'webapp01' } }],
  });
  return renderTaskDefinition(task.spec, by, new Map([['webapp01', resolved()]]));
}

/** A revision made outside the operator: no tags at all. */
function untagged(): RegisterTaskDefinitionInput {
  const { tags: _tags, ...input } = render().input;
  return input;
}

function setup(adoption: AdoptionRequest = NO_ADOPTION): {
  aws: FakeAws;
  ecs: FakeTaskDefinitions;
  target: RegisterTarget;
} {
  const aws = new FakeAws();
  const ecs = aws.forRegion('us-east-1').taskDefinitions;
  return { aws, ecs, target: { ecs, rendered: render(), owner: US, region: 'us-east-1', adoption } };
}

async function seed(
  aws: FakeAws,
  ecs: FakeTaskDefinitions,
  inputs: RegisterTaskDefinitionInput[],
  inactive: number[] = [],
): Promise<void> {
  for (const input of inputs) await ecs.register(input);
  for (const revision of inactive) await ecs.deregister(`${FAMILY}:${revision}`);
  aws.log.clear();
}

describe('ensureRegistered', () => {
  it('registers revision 1 of a new family, tagged as ours', async () => {
    const { ecs, target } = setup();
    await expect(ensureRegistered(target)).resolves.toStrictEqual({
      arn: `arn:aws:ecs:us-east-1:111122223333:task-definition/${FAMILY}:1`,
      revision: 1,
      action: 'registered',
    });
    expect(ecs.peek(FAMILY)[0]?.tags).toMatchObject({ 'ecsgmsa.io/namespace': 'team-a', 'ecsgmsa.io/name': 'web' });
  });

  it('leaves a family whose newest revision is ours and matches unchanged, with one describe', async () => {
    const { aws, ecs, target } = setup();
    await seed(aws, ecs, [render('img:old').input, render().input]);
    await expect(ensureRegistered(target)).resolves.toMatchObject({ revision: 2, action: 'unchanged' });
    expect(aws.log.operations()).toStrictEqual(['DescribeTaskDefinition']);
  });

  it('registers a new revision when the newest one of ours differs, without listing the family', async () => {
    const { aws, ecs, target } = setup();
    await seed(aws, ecs, [render('img:old').input]);
    await expect(ensureRegistered(target)).resolves.toMatchObject({ revision: 2, action: 'registered' });
    expect(aws.log.operations()).toStrictEqual(['DescribeTaskDefinition', 'RegisterTaskDefinition']);
  });

  it('matches a revision an older release registered (another hash version) by its described content', async () => {
    const { aws, ecs, target } = setup();
    const older = render();
    const tags = (older.input.tags ?? []).map((t) =>
      t.key === 'ecsgmsa.io/hash-version'
        ? { key: t.key, value: '0' }
        : t.key === 'ecsgmsa.io/spec-sha256'
          ? { key: t.key, value: 'older' }
          : t,
    );
    await seed(aws, ecs, [{ ...older.input, tags }]);
    await expect(ensureRegistered(target)).resolves.toMatchObject({ revision: 1, action: 'unchanged' });
  });

  it('builds on our newest revision even when an older, adopted one was made outside the operator', async () => {
    const { aws, ecs, target } = setup();
    await seed(aws, ecs, [untagged(), render('img:old').input]);
    await expect(ensureRegistered(target)).resolves.toMatchObject({ revision: 3, action: 'registered' });
  });

  it.each<[string, () => RegisterTaskDefinitionInput[], number[], AdoptionRequest, RegExp]>([
    [
      'revisions of another resource',
      () => [render(undefined, THEM).input],
      [],
      { annotated: true, permitted: true },
      /owned by another resource/,
    ],
    [
      'revisions made outside the operator, without the adopt annotation',
      () => [untagged()],
      [],
      NO_ADOPTION,
      /annotate the resource ecsgmsa.io\/adopt/,
    ],
    [
      'revisions made outside the operator, where the policy forbids adoption',
      () => [untagged()],
      [],
      { annotated: true, permitted: false },
      /does not allow adoption/,
    ],
    [
      'an older ACTIVE revision of another resource behind our INACTIVE newest',
      () => [render(undefined, THEM).input, render().input],
      [2],
      NO_ADOPTION,
      /owned by another resource/,
    ],
    [
      'a foreign revision among ours, the newest being foreign',
      () => [render().input, render('img:theirs', THEM).input],
      [],
      NO_ADOPTION,
      /owned by another resource/,
    ],
  ])(
    'refuses a family holding %s (Stalled FamilyNotOwned), registering nothing',
    async (_case, inputs, inactive, adoption, message) => {
      const { aws, ecs, target } = setup(adoption);
      await seed(aws, ecs, inputs(), inactive);
      const before = ecs.peek(FAMILY).length;
      const err = await refusal(ensureRegistered(target));
      expect(err.blocked).toMatchObject({ kind: 'stalled', reason: 'FamilyNotOwned' });
      expect(err.message).toMatch(message);
      expect(err.message).toContain(`${FAMILY} (us-east-1)`);
      expect(err.message).not.toMatch(/team-b/);
      expect(ecs.peek(FAMILY)).toHaveLength(before);
    },
  );

  it('adopts a family of revisions made outside the operator, annotated and permitted, leaving theirs as they are', async () => {
    const { aws, ecs, target } = setup({ annotated: true, permitted: true });
    await seed(aws, ecs, [untagged()]);
    await expect(ensureRegistered(target)).resolves.toMatchObject({ revision: 2, action: 'adopted' });
    expect(ecs.peek(FAMILY).map((r) => [r.revision, r.status, r.tags['ecsgmsa.io/name']])).toStrictEqual([
      [1, 'ACTIVE', undefined],
      [2, 'ACTIVE', 'web'],
    ]);
  });

  it('registers into a family whose only revisions are INACTIVE, whoever made them', async () => {
    const { aws, ecs, target } = setup();
    await seed(aws, ecs, [render(undefined, THEM).input, untagged()], [1, 2]);
    await expect(ensureRegistered(target)).resolves.toMatchObject({ revision: 3, action: 'registered' });
  });

  it.each([
    ['a throttled describe', 'DescribeTaskDefinition', 'throttled', { kind: 'retrying', reason: 'AwsRetrying' }],
    [
      'a registration refused by IAM (iam:PassRole)',
      'RegisterTaskDefinition',
      'access-denied',
      { kind: 'stalled', reason: 'AccessDenied' },
    ],
    [
      'a registration ECS refused as invalid',
      'RegisterTaskDefinition',
      'terminal',
      { kind: 'stalled', reason: 'AwsRejected' },
    ],
  ] as const)('surfaces %s as its Blocked outcome, registering nothing', async (_case, operation, failure, blocked) => {
    const { aws, ecs, target } = setup();
    aws.fail(operation, failure);
    const err: unknown = await ensureRegistered(target).catch((e: unknown) => e);
    expect(blockedFor(err)).toMatchObject(blocked);
    expect(ecs.peek(FAMILY)).toHaveLength(0);
  });
});

describe('ownedActiveRevisions and pruneRevisions', () => {
  /** r1 ours, r2 untagged (adopted family), r3 ours, r4 another's, r5 ours INACTIVE, r6 ours, r7 ours. */
  async function mixed(): Promise<{ aws: FakeAws; ecs: FakeTaskDefinitions }> {
    const { aws, ecs } = setup();
    const ours = render().input;
    await seed(aws, ecs, [ours, untagged(), ours, render(undefined, THEM).input, ours, ours, ours], [5]);
    return { aws, ecs };
  }
  const arn = (revision: number): string => `arn:aws:ecs:us-east-1:111122223333:task-definition/${FAMILY}:${revision}`;

  it('lists the ACTIVE revisions of ours, newest first', async () => {
    const { ecs } = await mixed();
    await expect(ownedActiveRevisions(ecs, FAMILY, US)).resolves.toStrictEqual([arn(7), arn(6), arn(3), arn(1)]);
  });

  it('deregisters ours beyond the newest `keep`, leaving everyone else’s revisions alone', async () => {
    const { ecs } = await mixed();
    await expect(pruneRevisions(ecs, FAMILY, US, 2)).resolves.toStrictEqual([arn(3), arn(1)]);
    expect(ecs.peek(FAMILY).map((r) => `${r.revision}:${r.status}`)).toStrictEqual([
      '1:INACTIVE',
      '2:ACTIVE',
      '3:INACTIVE',
      '4:ACTIVE',
      '5:INACTIVE',
      '6:ACTIVE',
      '7:ACTIVE',
    ]);
  });

  it('deregisters nothing while ours are within the limit', async () => {
    const { aws, ecs } = await mixed();
    await expect(pruneRevisions(ecs, FAMILY, US, 4)).resolves.toStrictEqual([]);
    expect(aws.log.count('DeregisterTaskDefinition')).toBe(0);
  });

  it('stops at a failing deregister: the error surfaces, the next prune finishes the job', async () => {
    const { aws, ecs } = await mixed();
    aws.fail('DeregisterTaskDefinition', 'throttled');
    await expect(pruneRevisions(ecs, FAMILY, US, 2)).rejects.toMatchObject({ class: 'throttled' });
    await expect(pruneRevisions(ecs, FAMILY, US, 2)).resolves.toStrictEqual([arn(3), arn(1)]);
  });
});
