// Memory: N CredSpecs and N tasks converge once; then the operator restarts with each NODE_OPTIONS variant
// in turn and relists and reconciles everything, the memory peak of a run. Compares heap settings on the
// same objects, the same machine, minutes apart.
import { counterSum, RssSampler } from '../measure.js';
import { collection, pool, scrape, sleep, waitAllReady, type Rig } from '../rig.js';
import type { Workload } from '../workload.js';

export interface MemoryOptions {
  n: number;
  t: number;
  concurrency: number;
  variants: string[];
  repeat: number;
  log(s: string): void;
}

/** One restart under one NODE_OPTIONS. */
export interface MemoryRun {
  nodeOptions: string;
  seconds: number;
  peakRssBytes: number;
  peakAnonBytes: number;
  /** RSS 10 s after every object was reconciled. */
  settledRssBytes: number;
  operatorCpuSeconds: number;
}

/** Runs the memory comparison on a started rig. */
export async function runMemory(rig: Rig, w: Workload, o: MemoryOptions): Promise<MemoryRun[]> {
  const first = await rig.launch({ limits: 'lifted', concurrency: o.concurrency, resyncPeriod: '24h' });
  await pool([...w.credSpecs, ...w.tasks], 16, (m) =>
    rig.http.request({ method: 'POST', path: collection(m as never), body: m }),
  );
  await waitAllReady(rig.http, o.n, o.t, o.log);
  await first.stop();
  const runs: MemoryRun[] = [];
  for (let r = 0; r < o.repeat; r++)
    for (const nodeOptions of o.variants) {
      const started = Date.now();
      const op = await rig.launch({ limits: 'lifted', concurrency: o.concurrency, resyncPeriod: '24h', nodeOptions });
      const pid = op.proc.child.pid ?? 0;
      const rss = new RssSampler(pid);
      rss.start(100);
      while (counterSum(await scrape(op), 'controller_runtime_reconcile_total') < o.n + o.t) await sleep(500);
      const seconds = (Date.now() - started) / 1000;
      await sleep(10_000);
      const settled = rss.sample();
      rss.stop();
      const cpu = Number((await scrape(op)).match(/^process_cpu_seconds_total (\S+)/m)?.[1] ?? 0);
      await op.stop();
      runs.push({
        nodeOptions,
        seconds,
        peakRssBytes: rss.peak,
        peakAnonBytes: rss.peakAnon,
        settledRssBytes: settled,
        operatorCpuSeconds: cpu,
      });
      o.log(
        `  ${nodeOptions}: peak ${(rss.peak / 1048576).toFixed(1)} MiB (anon ${(rss.peakAnon / 1048576).toFixed(1)}), settled ${(settled / 1048576).toFixed(1)} MiB, ${seconds.toFixed(1)} s, cpu ${cpu} s`,
      );
    }
  return runs;
}
