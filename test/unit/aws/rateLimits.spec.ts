import { DEFAULT_RATE_LIMITS, knownOperations } from '../../../src/aws/rateLimitDefaults.js';
import {
  createAwsRateLimiter,
  parseRateLimitOverrides,
  RateLimitWaitAborted,
  resolveRateLimit,
} from '../../../src/aws/rateLimits.js';
import { fakeLimiterClock, flush } from './fixtures.js';

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
      configured: true,
    });
    expect(resolveRateLimit('ssm.GetParameters', overrides)).toStrictEqual({
      bucket: 'ssm.reads',
      setting: 'unlimited',
      configured: true,
    });
  });

  it('service.* beats * and keeps the default grouping', () => {
    expect(resolveRateLimit('ecs.ListTaskDefinitions', overrides)).toStrictEqual({
      bucket: 'ecs.reads',
      setting: { qps: 9, burst: 9 },
      configured: true,
    });
  });

  it('an operation in no default group is unlimited without a wildcard', () => {
    expect(resolveRateLimit('s3.HeadObject', {})).toStrictEqual({
      bucket: 's3.HeadObject',
      setting: 'unlimited',
      configured: false,
    });
  });

  it('a default limit is not configured: learning may raise it', () => {
    expect(resolveRateLimit('ecs.RegisterTaskDefinition', {}).configured).toBe(false);
  });
});

describe('createAwsRateLimiter', () => {
  it('lets a burst through, then paces ecs.RegisterTaskDefinition at 1/s on the injected clock', async () => {
    const clock = fakeLimiterClock();
    const limiter = createAwsRateLimiter({ clock });
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
    const limiter = createAwsRateLimiter({ clock: fakeLimiterClock(), overrides: { 'ssm.*': 'unlimited' } });
    let passed = 0;
    for (let i = 0; i < 1000; i++) void limiter.acquire('ssm', 'PutParameter').then(() => passed++);
    for (let i = 0; i < 22; i++) void limiter.acquire('ecs', 'RegisterTaskDefinition').then(() => passed++);
    await flush();
    expect(passed).toBe(1020); // ECS registrations keep their own 1/s, burst 20
  });

  it('announces a wait of 2 s or more once, with the operation, region, limit and estimate, before the call goes', async () => {
    const clock = fakeLimiterClock();
    const events: string[] = [];
    const limiter = createAwsRateLimiter({
      clock,
      region: 'eu-west-1',
      hooks: {
        onLongWait: (wait) => {
          events.push(`announced ${wait.operation} ${wait.region} ${wait.limit.qps}/s ${wait.estimateMs} ms`);
          return Promise.resolve();
        },
      },
    });
    for (let i = 0; i < 20; i++) void limiter.acquire('ecs', 'RegisterTaskDefinition');
    void limiter.acquire('ecs', 'RegisterTaskDefinition').then(() => events.push('21st sent'));
    void limiter.acquire('ecs', 'RegisterTaskDefinition').then(() => events.push('22nd sent'));
    await flush();
    expect(events).toStrictEqual(['announced ecs.RegisterTaskDefinition eu-west-1 1/s 2000 ms']);
    clock.advance(2000);
    await flush();
    expect(events).toStrictEqual([
      'announced ecs.RegisterTaskDefinition eu-west-1 1/s 2000 ms',
      '21st sent',
      '22nd sent',
    ]);
  });

  it('holds the call until the announcement is written, so "waiting" never lands after the result', async () => {
    const clock = fakeLimiterClock();
    let written: () => void = () => undefined;
    const limiter = createAwsRateLimiter({
      clock,
      hooks: { noticeMs: 0, onLongWait: () => new Promise<void>((resolve) => (written = resolve)) },
    });
    for (let i = 0; i < 3; i++) void limiter.acquire('ssm', 'PutParameter'); // the burst
    let sent = false;
    void limiter.acquire('ssm', 'PutParameter').then(() => (sent = true));
    clock.advance(5000);
    await flush();
    expect(sent).toBe(false);
    written();
    await flush();
    expect(sent).toBe(true);
  });

  it("ends a caller's wait when its signal aborts, before anything is sent", async () => {
    const stop = new AbortController();
    const limiter = createAwsRateLimiter({ clock: fakeLimiterClock(), hooks: { signal: () => stop.signal } });
    for (let i = 0; i < 3; i++) await limiter.acquire('ssm', 'PutParameter');
    const waiting = limiter.acquire('ssm', 'PutParameter');
    const reason = new Error('shutting down');
    stop.abort(reason);
    await expect(waiting).rejects.toStrictEqual(new RateLimitWaitAborted('ssm.PutParameter', reason));
    await expect(waiting).rejects.toMatchObject({ cause: reason });
  });

  it('reports each admitted call by region-qualified bucket, and the limits in force', async () => {
    const calls: string[] = [];
    const limiter = createAwsRateLimiter({
      clock: fakeLimiterClock(),
      region: 'us-east-1',
      hooks: { onCall: (bucket) => calls.push(bucket) },
    });
    await limiter.acquire('ecs', 'DescribeTaskDefinition');
    await limiter.acquire('ssm', 'GetParameter');
    await limiter.acquire('ssm', 'ListTagsForResource');
    expect(calls).toStrictEqual(['us-east-1:ecs.reads', 'us-east-1:ssm.reads', 'us-east-1:ssm.reads']);
    expect(limiter.limits()).toStrictEqual(
      new Map([
        ['us-east-1:ecs.reads', { qps: 20, burst: 50 }],
        ['us-east-1:ssm.reads', { qps: 40, burst: 40 }],
      ]),
    );
  });

  it('halves a bucket on a throttling answer and slows its waiters at once', async () => {
    const clock = fakeLimiterClock();
    const limiter = createAwsRateLimiter({ clock });
    for (let i = 0; i < 20; i++) await limiter.acquire('ecs', 'RegisterTaskDefinition');
    let sent = 0;
    for (let i = 0; i < 2; i++) void limiter.acquire('ecs', 'RegisterTaskDefinition').then(() => sent++);
    limiter.feedback('ecs', 'RegisterTaskDefinition', 'throttled');
    expect(limiter.limits().get('default:ecs.RegisterTaskDefinition')).toStrictEqual({ qps: 0.5, burst: 10 });
    // Below the documented quota, the background follows the lower, learned limit.
    expect(limiter.backgroundLimits().get('default:ecs.RegisterTaskDefinition')).toStrictEqual({ qps: 0.5, burst: 10 });
    clock.advance(1999);
    await flush();
    expect(sent).toBe(0);
    clock.advance(1);
    await flush();
    expect(sent).toBe(1);
  });

  it('raises a default limit while callers wait and AWS keeps accepting: a raised quota is found', async () => {
    const clock = fakeLimiterClock();
    const limiter = createAwsRateLimiter({ clock });
    let sent = 0;
    for (let i = 0; i < 200; i++)
      void limiter.acquire('ecs', 'RegisterTaskDefinition').then(() => {
        sent++;
        limiter.feedback('ecs', 'RegisterTaskDefinition', 'accepted');
      });
    for (let s = 0; s < 60; s++) {
      clock.advance(1000);
      await flush();
    }
    // 20 at once, then a rate growing by 0.1/s each second: far more than the 60 a fixed 1/s allows.
    expect(sent).toBeGreaterThan(200 - 1);
    expect(limiter.limits().get('default:ecs.RegisterTaskDefinition')?.qps).toBeGreaterThan(5);
    // Periodic re-checks still take their share of the documented quota, not of the learned rate.
    expect(limiter.backgroundLimits().get('default:ecs.RegisterTaskDefinition')).toStrictEqual({ qps: 1, burst: 20 });
  });

  it('never raises a configured limit', async () => {
    const clock = fakeLimiterClock();
    const limiter = createAwsRateLimiter({ clock, overrides: { 'ecs.RegisterTaskDefinition': { qps: 2, burst: 1 } } });
    for (let i = 0; i < 50; i++)
      void limiter
        .acquire('ecs', 'RegisterTaskDefinition')
        .then(() => limiter.feedback('ecs', 'RegisterTaskDefinition', 'accepted'));
    for (let s = 0; s < 10; s++) {
      clock.advance(1000);
      await flush();
    }
    expect(limiter.limits().get('default:ecs.RegisterTaskDefinition')).toStrictEqual({ qps: 2, burst: 1 });
  });
});
