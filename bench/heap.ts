// Where the operator's heap goes: a V8 heap snapshot (taken on SIGUSR2 with --heapsnapshot-signal)
// summed by node type and constructor, so two snapshots give the cost per cached object.
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningOperator } from '../test/support/operator.js';

/** Bytes by category, largest first, and the total live heap. */
export interface HeapSummary {
  totalBytes: number;
  /** `type:name` (constructor for objects, type alone for strings, code, arrays...) → bytes and count. */
  byCategory: { category: string; bytes: number; count: number }[];
}

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

const NAMED = new Set(['object', 'native', 'hidden', 'closure']);

/** Sums a `.heapsnapshot` file by category. */
export function summarizeSnapshot(path: string, top = 25): HeapSummary {
  const snap = JSON.parse(readFileSync(path, 'utf8')) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const [iType, iName, iSize] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [number, number, number];
  const sums = new Map<string, { bytes: number; count: number }>();
  let total = 0;
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + iType] ?? 0] ?? '?';
    const name = NAMED.has(type) ? (snap.strings[snap.nodes[i + iName] ?? 0] ?? '').slice(0, 60) : '';
    const category = type === 'closure' ? 'closure' : name ? `${type}:${name}` : type;
    const size = snap.nodes[i + iSize] ?? 0;
    const sum = sums.get(category) ?? { bytes: 0, count: 0 };
    sum.bytes += size;
    sum.count += 1;
    sums.set(category, sum);
    total += size;
  }
  const byCategory = [...sums]
    .map(([category, s]) => ({ category, ...s }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, top);
  return { totalBytes: total, byCategory };
}

/** Asks the operator for a heap snapshot (SIGUSR2), waits until it is written, summarizes and deletes it. */
export async function snapshotOperator(op: RunningOperator, dir: string): Promise<HeapSummary> {
  const before = new Set(readdirSync(dir));
  op.proc.child.kill('SIGUSR2');
  const deadline = Date.now() + 300_000;
  for (;;) {
    const file = readdirSync(dir).find((f) => f.endsWith('.heapsnapshot') && !before.has(f));
    if (file) {
      const path = join(dir, file);
      const size = statSync(path).size;
      await new Promise((r) => setTimeout(r, 2000));
      // Written in one go at the end of the snapshot; a size that no longer moves means it is complete.
      if (size > 0 && statSync(path).size === size) {
        const summary = summarizeSnapshot(path);
        rmSync(path);
        return summary;
      }
      continue;
    }
    if (Date.now() > deadline) throw new Error('no heap snapshot written within 5 minutes');
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The difference of two summaries per category, per object (bytes), largest first. */
export function perObject(idle: HeapSummary, loaded: HeapSummary, objects: number, top = 12): Record<string, number> {
  const base = new Map(idle.byCategory.map((c) => [c.category, c.bytes]));
  return Object.fromEntries(
    loaded.byCategory
      .map((c) => [c.category, (c.bytes - (base.get(c.category) ?? 0)) / objects] as const)
      .filter(([, b]) => b > 0)
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => [k, Math.round(v)]),
  );
}
