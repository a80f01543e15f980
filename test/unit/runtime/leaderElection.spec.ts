import {
  LeaderElector,
  type LeaseRecord,
  type LeaseStore,
  type StoredLease,
} from '../../../src/runtime/leaderElection.js';
import { FakeClock } from '../../fixtures/fakeClock.js';

/** An in-memory Lease with real optimistic concurrency; `failing` simulates an unreachable API server. */
class MemoryLease implements LeaseStore {
  lease: StoredLease | undefined;
  failing = false;
  private rv = 0;
  get(): Promise<StoredLease | undefined> {
    return this.failing ? Promise.reject(new Error('unreachable')) : Promise.resolve(this.lease);
  }
  create(record: LeaseRecord): Promise<StoredLease> {
    if (this.failing) return Promise.reject(new Error('unreachable'));
    if (this.lease) return Promise.reject(new Error('409 exists'));
    this.lease = { record, resourceVersion: String(++this.rv) };
    return Promise.resolve(this.lease);
  }
  update(record: LeaseRecord, resourceVersion: string): Promise<StoredLease> {
    if (this.failing) return Promise.reject(new Error('unreachable'));
    if (this.lease?.resourceVersion !== resourceVersion) return Promise.reject(new Error('409 conflict'));
    this.lease = { record, resourceVersion: String(++this.rv) };
    return Promise.resolve(this.lease);
  }
}

/** One replica's connection to the shared lease; `cut` makes it unreachable (crash or partition). */
class Link implements LeaseStore {
  cut = false;
  constructor(private readonly store: MemoryLease) {}
  get(): Promise<StoredLease | undefined> {
    return this.cut ? Promise.reject(new Error('unreachable')) : this.store.get();
  }
  create(record: LeaseRecord): Promise<StoredLease> {
    return this.cut ? Promise.reject(new Error('unreachable')) : this.store.create(record);
  }
  update(record: LeaseRecord, resourceVersion: string): Promise<StoredLease> {
    return this.cut ? Promise.reject(new Error('unreachable')) : this.store.update(record, resourceVersion);
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

async function step(clock: FakeClock, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 500) {
    clock.advance(500);
    await settle();
  }
}

function elector(identity: string, store: LeaseStore, clock: FakeClock) {
  const events: string[] = [];
  const e = new LeaderElector({
    identity,
    store,
    clock,
    onStartedLeading: () => events.push('started'),
    onStoppedLeading: () => events.push('stopped'),
  });
  return { e, events };
}

describe('LeaderElector', () => {
  it('exactly one of two candidates leads', async () => {
    const clock = new FakeClock();
    const store = new MemoryLease();
    const a = elector('a', store, clock);
    const b = elector('b', store, clock);
    a.e.start();
    await settle();
    b.e.start();
    await step(clock, 30_000);
    expect([a.e.isLeader, b.e.isLeader]).toStrictEqual([true, false]);
    expect(store.lease?.record.holderIdentity).toBe('a');
  });

  it('a released lease passes to the standby at its next retry', async () => {
    const clock = new FakeClock();
    const store = new MemoryLease();
    const a = elector('a', store, clock);
    a.e.start();
    await settle();
    const b = elector('b', store, clock);
    b.e.start();
    await step(clock, 4000);
    await a.e.stop();
    await step(clock, 2000);
    expect(b.e.isLeader).toBe(true);
    expect(store.lease?.record.leaseTransitions).toBe(1);
  });

  it('after a crash (no release) the standby waits out the lease duration', async () => {
    const clock = new FakeClock();
    const store = new MemoryLease();
    const link = new Link(store);
    const a = elector('a', link, clock);
    a.e.start();
    await settle();
    link.cut = true; // a crashed: it renews no more
    const b = elector('b', store, clock);
    b.e.start();
    await step(clock, 14_000);
    expect(b.e.isLeader).toBe(false);
    await step(clock, 4000);
    expect(b.e.isLeader).toBe(true);
  });

  it('a leader that cannot renew for the renew deadline stops leading, once', async () => {
    const clock = new FakeClock();
    const store = new MemoryLease();
    const a = elector('a', store, clock);
    a.e.start();
    await settle();
    expect(a.events).toStrictEqual(['started']);
    store.failing = true;
    await step(clock, 8000);
    expect(a.e.isLeader).toBe(true);
    await step(clock, 4000);
    expect(a.e.isLeader).toBe(false);
    store.failing = false;
    await step(clock, 30_000);
    expect(a.events).toStrictEqual(['started', 'stopped']);
  });

  it('release empties the holder so the next candidate acquires without waiting', async () => {
    const clock = new FakeClock();
    const store = new MemoryLease();
    const a = elector('a', store, clock);
    a.e.start();
    await settle();
    await a.e.stop();
    expect(store.lease?.record.holderIdentity).toBe('');
    const b = elector('b', store, clock);
    b.e.start();
    await settle();
    expect(b.e.isLeader).toBe(true);
  });
});
