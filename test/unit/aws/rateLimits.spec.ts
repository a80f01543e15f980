import { DEFAULT_RATE_LIMITS, knownOperations } from '../../../src/aws/rateLimitDefaults.js';
import { createAwsRateLimiter, parseRateLimitOverrides, resolveRateLimit } from '../../../src/aws/rateLimits.js';
import { fakeSleepClock, flush } from './fixtures.js';

describe('parseRateLimitOverrides', () => {
  it.each([
    [
      'qps alone gives burst = ceil(qps)',
      ['ecs.RegisterTaskDefinition=5'],
      { 'ecs.RegisterTaskDefinition': { qps: 5, burst: 5 } },
    ],
    ['qps/burst', ['ecs.RegisterTaskDefinition=5/40'], { 'ecs.RegisterTaskDefinition': { qps: 5, burst: 40 } }],
    [
      'a fractional qps keeps a burst of at least 1',
      ['ssm.PutParameter=0.5'],
      { 'ssm.PutParameter': { qps: 0.5, burst: 1 } },
    ],
    ['unlimited for everything', ['*=unlimited'], { '*': 'unlimited' }],
    ['a whole service', ['s3.*=10/20'], { 's3.*': { qps: 10, burst: 20 } }],
    [
      'several entries, also comma-separated, spaces around =',
      ['ssm.PutParameter = 2', 'ecs.*=unlimited, secretsmanager.CreateSecret=7/9'],
      {
        'ssm.PutParameter': { qps: 2, burst: 2 },
        'ecs.*': 'unlimited',
        'secretsmanager.CreateSecret': { qps: 7, burst: 9 },
      },
    ],
    ['no entries', [], {}],
  ])('accepts %s', (_name, entries, limits) => {
    expect(parseRateLimitOverrides(entries)).toStrictEqual({ limits, errors: [] });
  });

  it.each([
    [
      'no =',
      'ecs.RegisterTaskDefinition',
      '"ecs.RegisterTaskDefinition": expected service.Operation=qps[/burst], e.g. ecs.RegisterTaskDefinition=5/40',
    ],
    [
      'an unknown service',
      'ec2.RunInstances=1',
      '"ec2.RunInstances=1": unknown service "ec2" (known: ssm, secretsmanager, s3, ecs)',
    ],
    [
      'an unknown operation',
      'ecs.RegisterTaskDefinitions=1',
      '"ecs.RegisterTaskDefinitions=1": unknown operation "RegisterTaskDefinitions" for ecs (known: DeregisterTaskDefinition, DescribeServices, DescribeTaskDefinition, ListTaskDefinitions, RegisterTaskDefinition, UpdateService)',
    ],
    ['a target without an operation', 'ecs=1', '"ecs=1": target "ecs" must be service.Operation, service.* or *'],
    [
      'a target with too many dots',
      'ecs.a.b=1',
      '"ecs.a.b=1": target "ecs.a.b" must be service.Operation, service.* or *',
    ],
    ['a word as rate', 'ecs.*=fast', '"ecs.*=fast": "fast" must be qps, qps/burst or unlimited (e.g. 5 or 5/40)'],
    ['a negative rate', 'ecs.*=-1', '"ecs.*=-1": "-1" must be qps, qps/burst or unlimited (e.g. 5 or 5/40)'],
    ['a zero rate', 'ecs.*=0', '"ecs.*=0": qps must be greater than 0, got "0"'],
    ['a zero burst', 'ecs.*=1/0', '"ecs.*=1/0": burst must be a whole number of at least 1, got "0"'],
    ['a fractional burst', 'ecs.*=1/2.5', '"ecs.*=1/2.5": burst must be a whole number of at least 1, got "2.5"'],
    ['two slashes', 'ecs.*=1/2/3', '"ecs.*=1/2/3": "1/2/3" must be qps, qps/burst or unlimited (e.g. 5 or 5/40)'],
  ])('rejects %s with a clear message', (_name, entry, message) => {
    expect(parseRateLimitOverrides([entry])).toStrictEqual({ errors: [message] });
  });

  it('reports every bad entry and a target given twice, and returns no limits then', () => {
    const result = parseRateLimitOverrides(['ssm.PutParameter=1', 'ssm.PutParameter=2', 'x=1']);
    expect(result.limits).toBeUndefined();
    expect(result.errors).toStrictEqual([
      '"ssm.PutParameter=2": ssm.PutParameter is given more than once',
      '"x=1": target "x" must be service.Operation, service.* or *',
    ]);
  });
});

describe('default rate limits', () => {
  it('list every operation once', () => {
    const ops = DEFAULT_RATE_LIMITS.flatMap((g) => g.operations);
    expect(new Set(ops).size).toBe(ops.length);
    expect(knownOperations('ssm')).toStrictEqual([
      'AddTagsToResource',
      'DeleteParameter',
      'DescribeParameters',
      'GetParameter',
      'GetParameters',
      'ListTagsForResource',
      'PutParameter',
    ]);
  });

  it.each([
    ['ssm.PutParameter', 3, 3],
    ['ssm.GetParameter', 40, 40],
    ['ssm.AddTagsToResource', 5, 5],
    ['secretsmanager.PutSecretValue', 50, 50],
    ['secretsmanager.GetSecretValue', 100, 100],
    ['s3.PutObject', 100, 100],
    ['s3.GetObject', 200, 200],
    ['ecs.RegisterTaskDefinition', 1, 20],
    ['ecs.DeregisterTaskDefinition', 1, 20],
    ['ecs.DescribeTaskDefinition', 20, 50],
  ])('%s: %d/s burst %d', (key, qps, burst) => {
    expect(resolveRateLimit(key, {}).setting).toStrictEqual({ qps, burst });
  });

  it('shares one bucket among SSM reads', () => {
    expect(
      new Set(
        ['ssm.GetParameter', 'ssm.GetParameters', 'ssm.ListTagsForResource'].map((k) => resolveRateLimit(k, {}).bucket),
      ).size,
    ).toBe(1);
  });
});

describe('resolveRateLimit precedence', () => {
  const overrides = {
    '*': 'unlimited',
    'ecs.*': { qps: 9, burst: 9 },
    'ssm.GetParameter': { qps: 1, burst: 2 },
  } as const;

  it('an exact override splits the operation out of its shared group', () => {
    expect(resolveRateLimit('ssm.GetParameter', overrides)).toStrictEqual({
      bucket: 'ssm.GetParameter',
      setting: { qps: 1, burst: 2 },
    });
    expect(resolveRateLimit('ssm.GetParameters', overrides)).toStrictEqual({
      bucket: 'ssm.reads',
      setting: 'unlimited',
    });
  });

  it('service.* beats * and keeps the default grouping', () => {
    expect(resolveRateLimit('ecs.ListTaskDefinitions', overrides)).toStrictEqual({
      bucket: 'ecs.reads',
      setting: { qps: 9, burst: 9 },
    });
  });

  it('an operation in no default group is unlimited without a wildcard', () => {
    expect(resolveRateLimit('s3.HeadObject', {})).toStrictEqual({ bucket: 's3.HeadObject', setting: 'unlimited' });
  });
});

describe('createAwsRateLimiter', () => {
  it('lets a burst through, then paces ecs.RegisterTaskDefinition at 1/s on the injected clock', async () => {
    const { clock, sleepClock } = fakeSleepClock();
    const limiter = createAwsRateLimiter({ clock: sleepClock });
    const done: number[] = [];
    for (let i = 0; i < 22; i++) void limiter.acquire('ecs', 'RegisterTaskDefinition').then(() => done.push(i));
    await flush();
    expect(done).toHaveLength(20);
    clock.advance(999);
    await flush();
    expect(done).toHaveLength(20);
    clock.advance(1);
    await flush();
    expect(done).toHaveLength(21);
    clock.advance(1000);
    await flush();
    expect(done).toStrictEqual([...Array(22).keys()]);
  });

  it('keeps buckets apart per group and lifts limits marked unlimited', async () => {
    const { sleepClock } = fakeSleepClock();
    const limiter = createAwsRateLimiter({ clock: sleepClock, overrides: { 'ssm.*': 'unlimited' } });
    let passed = 0;
    for (let i = 0; i < 1000; i++) void limiter.acquire('ssm', 'PutParameter').then(() => passed++);
    for (let i = 0; i < 22; i++) void limiter.acquire('ecs', 'RegisterTaskDefinition').then(() => passed++);
    await flush();
    expect(passed).toBe(1020); // ECS registrations keep their own 1/s, burst 20
  });
});
