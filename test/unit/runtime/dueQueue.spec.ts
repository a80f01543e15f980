import { DueQueue } from '../../../src/runtime/dueQueue.js';

describe('DueQueue', () => {
  it('hands keys out by due time, ties in the order they were set', () => {
    const q = new DueQueue();
    q.set('c', 30, 0);
    q.set('a', 10, 0);
    q.set('b', 10, 1);
    q.set('d', 5, 2);
    expect([q.pop(), q.pop(), q.pop(), q.pop(), q.pop()].map((e) => e?.key)).toStrictEqual([
      'd',
      'a',
      'b',
      'c',
      undefined,
    ]);
  });

  it('keeps one schedule per key: the last set wins, a deleted key never surfaces', () => {
    const q = new DueQueue();
    q.set('a', 10, 0);
    q.set('a', 50, 7);
    q.set('b', 20, 0);
    q.delete('b');
    expect(q.size).toBe(1);
    expect(q.pop()).toStrictEqual({ key: 'a', dueAt: 50, since: 7 });
    expect(q.pop()).toBeUndefined();
  });

  it('stays small when the same keys are rescheduled many times', () => {
    const q = new DueQueue();
    for (let round = 0; round < 1000; round++) for (const k of ['a', 'b', 'c']) q.set(k, round, round);
    expect(q.size).toBe(3);
    expect((q as unknown as { heap: unknown[] }).heap.length).toBeLessThan(100);
    expect(q.peek()?.dueAt).toBe(999);
  });

  it('orders 10,000 random keys correctly', () => {
    const q = new DueQueue();
    const dues = Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 10_007);
    dues.forEach((d, i) => q.set(`k${i}`, d, 0));
    const out: number[] = [];
    for (let e = q.pop(); e; e = q.pop()) out.push(e.dueAt);
    expect(out).toStrictEqual([...dues].sort((a, b) => a - b));
  });
});
