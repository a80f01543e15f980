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
