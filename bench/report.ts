// The benchmark report: per phase, AWS calls and Kubernetes writes per object against the floor.

export interface Phase {
  name: string;
  ms: number;
  reconciles: number;
  rssPeakBytes: number;
  awsCalls: Record<string, number>;
  kubeWrites: Record<string, number>;
  /** CPU seconds by process during the phase (moto, etcd, kube-apiserver, operator, bench driver). */
  cpuSeconds: Record<string, number>;
  /** Objects the phase's per-object figures divide by. @default credSpecs + tasks */
  objects?: number;
  /** The minimum calls per object of some operations, to compare against. */
  floor?: Record<string, number>;
}

export interface BenchReport {
  credSpecs: number;
  tasks: number;
  /** Tasks that list an ECS service (the service phases). */
  services?: number;
  limits: string;
  concurrency: number;
  machine: string;
  phases: Phase[];
  peakRssBytes: number;
  /** The operator's NODE_OPTIONS (the Deployment's). */
  nodeOptions: string;
}

const WRITE = /\.(Put|Create|Register|Deregister|Delete|Add|Tag|Restore|Update)/;

/** `moto 120.0 s (20 %), ...`, largest first. */
function cpuShares(cpu: Record<string, number>): string {
  const total = Object.values(cpu).reduce((a, v) => a + v, 0);
  return Object.entries(cpu)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v.toFixed(1)} s (${total > 0 ? Math.round((100 * v) / total) : 0} %)`)
    .join(', ');
}

/** Markdown table of one report. */
export function formatReport(r: BenchReport): string {
  const all = r.credSpecs + r.tasks;
  const services = r.services ? ` + ${r.services} tasks with a service` : '';
  const lines = [
    `### ${r.credSpecs} CredSpecs + ${r.tasks} tasks${services} (AWS limits ${r.limits}, concurrency ${r.concurrency})`,
    '',
    '| phase | time (s) | objects/s | reconciles/object | AWS reads/object | AWS writes/object | k8s writes/object | peak RSS (MB) |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const p of r.phases) {
    const objects = p.objects ?? all;
    const calls = Object.entries(p.awsCalls);
    const writes = calls.filter(([k]) => WRITE.test(k)).reduce((a, [, v]) => a + v, 0);
    const reads = calls.reduce((a, [, v]) => a + v, 0) - writes;
    const kube = Object.values(p.kubeWrites).reduce((a, v) => a + v, 0);
    lines.push(
      `| ${p.name} | ${(p.ms / 1000).toFixed(1)} | ${(objects / (p.ms / 1000)).toFixed(1)} | ${(p.reconciles / objects).toFixed(2)} | ${(reads / objects).toFixed(2)} | ${(writes / objects).toFixed(2)} | ${(kube / objects).toFixed(2)} | ${(p.rssPeakBytes / 1e6).toFixed(0)} |`,
    );
  }
  const floored = r.phases.filter((p) => p.floor);
  if (floored.length > 0) {
    lines.push('', '| phase (per task with a service) | operation | calls/object | floor |', '|---|---|---|---|');
    for (const p of floored)
      for (const [op, floor] of Object.entries(p.floor ?? {}))
        lines.push(`| ${p.name} | ${op} | ${((p.awsCalls[op] ?? 0) / (p.objects ?? all)).toFixed(2)} | ${floor} |`);
  }
  lines.push('', '| phase | CPU seconds by process (share) |', '|---|---|');
  for (const p of r.phases) lines.push(`| ${p.name} | ${cpuShares(p.cpuSeconds)} |`);
  for (const p of r.phases) {
    const objects = p.objects ?? all;
    lines.push(
      '',
      `<details><summary>${p.name}: calls by operation</summary>`,
      '',
      ...Object.entries(p.awsCalls)
        .sort()
        .map(([k, v]) => `- ${k}: ${v} (${(v / objects).toFixed(2)}/object)`),
      ...Object.entries(p.kubeWrites)
        .sort()
        .map(([k, v]) => `- k8s ${k}: ${v}`),
      '',
      '</details>',
    );
  }
  return lines.join('\n');
}

const mb = (bytes: number): string => (bytes / 1048576).toFixed(1);

/** Memory per object and background rates of a scale run. */
export function formatScaleExtras(
  extras: {
    heap?: {
      idle: { totalBytes: number };
      loaded: { totalBytes: number; byCategory: { category: string; bytes: number; count: number }[] };
      perObjectBytes: Record<string, number>;
    };
    rss?: { idleBytes: number; loadedBytes: number };
    background?: {
      windowSeconds: number;
      sharePercent: number;
      buckets: { bucket: string; callsPerSecond: number; limitQps: number; percentOfLimit: number }[];
      resyncPeriodSeconds: Record<string, number>;
    };
  },
  objects: number,
): string {
  const lines: string[] = [];
  if (extras.heap && extras.rss) {
    const { idle, loaded, perObjectBytes } = extras.heap;
    lines.push(
      `Memory: RSS idle ${mb(extras.rss.idleBytes)} MiB, with ${objects} objects cached and reconciled ${mb(extras.rss.loadedBytes)} MiB; live heap ${mb(idle.totalBytes)} → ${mb(loaded.totalBytes)} MiB = ${Math.round((loaded.totalBytes - idle.totalBytes) / objects)} bytes per object.`,
      '',
      '| heap category | MiB (loaded) | objects | bytes per cached object (loaded − idle) |',
      '|---|---|---|---|',
      ...loaded.byCategory
        .slice(0, 15)
        .map((c) => `| ${c.category} | ${mb(c.bytes)} | ${c.count} | ${perObjectBytes[c.category] ?? '-'} |`),
    );
  }
  if (extras.background) {
    const b = extras.background;
    lines.push(
      '',
      `Background AWS calls in ${b.windowSeconds} s of steady state (share ${b.sharePercent} %); effective re-check period: ${JSON.stringify(b.resyncPeriodSeconds)} s`,
      '',
      '| bucket | calls/s | limit (qps) | % of limit |',
      '|---|---|---|---|',
      ...b.buckets.map((r) => `| ${r.bucket} | ${r.callsPerSecond} | ${r.limitQps} | ${r.percentOfLimit} |`),
    );
  }
  return lines.join('\n');
}

/** A waiting run. */
export function formatWaiting(r: {
  credSpecs: number;
  tasks: number;
  quotaFactor: number;
  phase: Phase;
  describesPerTask: number;
  registersPerTask: number;
  callsPerTaskVsFloor: number;
  throttled: number;
  statuses: {
    samples: number;
    rateLimitedTasks: number;
    rateLimitedAtOnce: number;
    staleSightings: number;
    unreportedAtOnce: number;
  };
  learnedLimits: Record<string, number>;
}): string {
  const s = r.statuses;
  return [
    `### ${r.credSpecs} CredSpecs + ${r.tasks} tasks at default limits, AWS quotas × ${r.quotaFactor}`,
    '',
    `converge ${(r.phase.ms / 1000).toFixed(1)} s; per task ${r.describesPerTask.toFixed(2)} DescribeTaskDefinition + ${r.registersPerTask.toFixed(2)} RegisterTaskDefinition = ${(r.callsPerTaskVsFloor * 100).toFixed(1)} % of the floor (1 + 1); ${r.throttled} calls throttled by the emulated quota; peak RSS ${mb(r.phase.rssPeakBytes)} MiB`,
    `status samples: ${s.samples}; tasks seen AwsRateLimited ${s.rateLimitedTasks} (at most ${s.rateLimitedAtOnce} at once); stale CredentialSpecNotReady sightings ${s.staleSightings}; at most ${s.unreportedAtOnce} tasks at once without any status yet`,
    `learned limits at the end: ${JSON.stringify(r.learnedLimits)}`,
    '',
    ...Object.entries(r.phase.awsCalls)
      .sort()
      .map(([k, v]) => `- ${k}: ${v}`),
  ].join('\n');
}

/** The memory comparison: one row per restart. */
export function formatMemory(
  runs: {
    nodeOptions: string;
    seconds: number;
    peakRssBytes: number;
    peakAnonBytes: number;
    settledRssBytes: number;
    operatorCpuSeconds: number;
  }[],
): string {
  return [
    '| NODE_OPTIONS | relist + reconcile (s) | peak RSS (MiB) | peak anonymous (MiB) | RSS settled (MiB) | operator CPU (s) |',
    '|---|---|---|---|---|---|',
    ...runs.map(
      (r) =>
        `| \`${r.nodeOptions}\` | ${r.seconds.toFixed(1)} | ${mb(r.peakRssBytes)} | ${mb(r.peakAnonBytes)} | ${mb(r.settledRssBytes)} | ${r.operatorCpuSeconds} |`,
    ),
  ].join('\n');
}
