import { EventDedup, eventHash } from '../../../src/kube/eventDedup.js';

describe('event deduplication', () => {
  it('drops an identical event within the window and lets it through after', () => {
    const d = new EventDedup({ windowMs: 1000 });
    expect([d.firstInWindow('a', 0), d.firstInWindow('a', 999), d.firstInWindow('a', 1000)]).toStrictEqual([
      true,
      false,
      true,
    ]);
  });

  it('tells different events apart, and a forgotten one is recorded again', () => {
    const d = new EventDedup({ windowMs: 1000 });
    expect([d.firstInWindow('a', 0), d.firstInWindow('b', 0)]).toStrictEqual([true, true]);
    d.forget('a');
    expect(d.firstInWindow('a', 1)).toBe(true);
  });

  it('stays within its capacity, forgetting the oldest first', () => {
    const d = new EventDedup({ windowMs: 60_000, capacity: 100 });
    for (let i = 0; i < 1000; i++) d.firstInWindow(`event ${i}`, i);
    expect(d.size).toBe(100);
    expect(d.firstInWindow('event 999', 1000)).toBe(false);
    expect(d.firstInWindow('event 0', 1000)).toBe(true);
  });

  it('forgets expired events as new ones come', () => {
    const d = new EventDedup({ windowMs: 10 });
    for (let i = 0; i < 100; i++) d.firstInWindow(`event ${i}`, i);
    expect(d.size).toBeLessThanOrEqual(11);
  });

  it('hashes 100,000 distinct event keys without a collision, to integers below 2^52', () => {
    const hashes = new Set<number>();
    for (let i = 0; i < 100_000; i++) {
      const h = eventHash(
        JSON.stringify([`uid-${i % 5000}`, `ns-${i % 7}`, 'Normal', 'CredentialSpecStored', `m${i}`]),
      );
      expect(Number.isSafeInteger(h) && h >= 0 && h < 2 ** 52).toBe(true);
      hashes.add(h);
    }
    expect(hashes.size).toBe(100_000);
  });
});
