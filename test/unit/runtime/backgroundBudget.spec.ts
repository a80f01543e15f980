import { BackgroundBudget } from '../../../src/runtime/backgroundBudget.js';
import { FakeClock } from '../../fixtures/fakeClock.js';

function budget(rates: Record<string, number | undefined>, share = 0.1): { clock: FakeClock; b: BackgroundBudget } {
  const clock = new FakeClock(0);
  return { clock, b: new BackgroundBudget({ share, rateOf: (bucket) => rates[bucket], clock }) };
}

describe('BackgroundBudget', () => {
  it('lets background work go while its buckets are out of debt', () => {
    const { b } = budget({ 'r:ecs.reads': 20 });
    expect(b.waitMs(['r:ecs.reads'])).toBe(0);
  });

  it('charges actual calls and repays them at the share of the bucket rate (10 % of 20/s = 2/s)', () => {
    const { clock, b } = budget({ 'r:ecs.reads': 20 });
    b.charge(new Map([['r:ecs.reads', 6]])); // 2 tokens of burst, 4 of debt
    expect(b.waitMs(['r:ecs.reads'])).toBe(2000);
    clock.advance(1500);
    expect(b.waitMs(['r:ecs.reads'])).toBe(500);
    clock.advance(500);
    expect(b.waitMs(['r:ecs.reads'])).toBe(0);
  });

  it('holds work back by its slowest bucket only, and never by an unlimited one', () => {
    const { b } = budget({ 'r:ssm.reads': 40, 'r:s3.reads': 200, 'r:lifted': undefined });
    b.charge(
      new Map([
        ['r:ssm.reads', 8],
        ['r:s3.reads', 8],
        ['r:lifted', 1000],
      ]),
    );
    expect(b.waitMs(['r:ssm.reads', 'r:s3.reads', 'r:lifted'])).toBe(1000);
    expect(b.waitMs(['r:s3.reads', 'r:lifted'])).toBe(0);
  });

  it('follows the learned rate of a bucket: a halved limit halves the background share', () => {
    const rates: Record<string, number> = { 'r:ecs.reads': 20 };
    const clock = new FakeClock(0);
    const b = new BackgroundBudget({ share: 0.1, rateOf: (k) => rates[k], clock });
    b.charge(new Map([['r:ecs.reads', 4]]));
    rates['r:ecs.reads'] = 10;
    expect(b.waitMs(['r:ecs.reads'])).toBe(2000);
  });
});
