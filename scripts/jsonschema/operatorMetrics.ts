// The operator's own metrics (names, types, labels, help), read from a fresh Metrics registry.
import { Metrics } from '../../src/observability/metrics.js';
import type { MetricInfo } from './referenceTables.js';

/** Every metric src/observability/metrics.ts registers, without prom-client's process metrics. */
export function operatorMetrics(): MetricInfo[] {
  return new Metrics({ processMetrics: false }).registry.getMetricsAsArray().map((m) => ({
    name: m.name,
    type: String(m.type),
    help: m.help,
    labelNames: (m as { labelNames?: readonly string[] }).labelNames ?? [],
  }));
}
