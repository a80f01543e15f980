// deploy/monitoring with the real promtool: the rules pass `promtool check rules`, every alert has a unit
// test that fires it and one where it stays silent (`promtool test rules`, which fails when a rule
// changes under its tests), every PromQL expression of the Grafana dashboard parses, and rules and
// dashboard name only metrics the operator exports.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { Metrics } from '../../../src/observability/metrics.js';
import { repoRoot } from './kustomize.js';
import { runTool } from './tools.js';

const DIR = join(repoRoot, 'deploy/monitoring');
const RULES = join(DIR, 'alerts.rules.yaml');
const TESTS = join(DIR, 'alerts.test.yaml');

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
}
interface RuleTest {
  name: string;
  alert_rule_test?: { alertname: string; exp_alerts?: unknown[] }[];
}
interface Target {
  expr?: string;
  refId: string;
}
interface Panel {
  id: number;
  type: string;
  title: string;
  targets?: Target[];
  gridPos: { x: number; w: number };
  datasource?: { uid: string };
}
interface Dashboard {
  uid: string;
  panels: Panel[];
  templating: { list: { name: string; type: string; query: string | { query: string } }[] };
}

const rules = (parse(readFileSync(RULES, 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules);
const alerts = rules.flatMap((r) => (r.alert ? [r.alert] : []));
const tests = (parse(readFileSync(TESTS, 'utf8')) as { tests: RuleTest[] }).tests;
const dashboard = JSON.parse(readFileSync(join(DIR, 'grafana-dashboard.json'), 'utf8')) as Dashboard;

/** What Grafana substitutes before a query reaches Prometheus, with values that keep it valid PromQL. */
const GRAFANA_VARIABLES: [RegExp, string][] = [
  [/\$__rate_interval/g, '5m'],
  [/\$namespace/g, '.*'],
  [/\$job/g, '.*'],
];
const substitute = (expr: string): string =>
  GRAFANA_VARIABLES.reduce((e, [pattern, value]) => e.replace(pattern, value), expr);

/** Every PromQL expression of the dashboard: panel targets, and the selectors inside label_values() of its variables. */
function dashboardExpressions(): { where: string; expr: string }[] {
  const targets = dashboard.panels.flatMap((p) =>
    (p.targets ?? []).map((t) => ({ where: `panel ${p.id} "${p.title}" ${t.refId}`, expr: t.expr ?? '' })),
  );
  const variables = dashboard.templating.list
    .filter((v) => v.type === 'query')
    .map((v) => {
      const query = typeof v.query === 'string' ? v.query : v.query.query;
      return {
        where: `variable ${v.name}`,
        expr: /^label_values\((.+),\s*[a-z_]+\)$/.exec(query)?.[1] ?? `not label_values(): ${query}`,
      };
    });
  return [...targets, ...variables].map(({ where, expr }) => ({ where, expr: substitute(expr) }));
}

/** Metric names in an expression: every identifier written as a selector (`name{...}`). */
const metricNames = (expr: string): string[] => [...expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\{/g)].map((m) => m[1]!);

/** Every series name the operator exports (histograms with their _bucket, _sum and _count). */
function exportedNames(): Set<string> {
  const names = new Metrics().registry.getMetricsAsArray().flatMap((m) => {
    const type = String(m.type);
    if (type === 'histogram') return [`${m.name}_bucket`, `${m.name}_sum`, `${m.name}_count`];
    if (type === 'summary') return [m.name, `${m.name}_sum`, `${m.name}_count`];
    return [m.name];
  });
  return new Set(names);
}

/** A rule file with one recording rule per expression, for `promtool check rules` to parse. */
function recordingRules(exprs: readonly string[]): string {
  return stringify({
    groups: [{ name: 'dashboard', rules: exprs.map((expr, i) => ({ record: `dashboard:expr_${i}`, expr })) }],
  });
}

const scratch = (): string => mkdtempSync(join(tmpdir(), 'ecsgmsa-promtool-'));

describe('deploy/monitoring/alerts.rules.yaml', () => {
  it('passes promtool check rules', async () => {
    const { stdout } = await runTool('promtool', ['check', 'rules', RULES]);
    expect(stdout).toContain(`SUCCESS: ${rules.length} rules found`);
    expect(alerts).toHaveLength(7);
  });

  it('passes its promtool unit tests (alerts.test.yaml)', async () => {
    const { stdout } = await runTool('promtool', ['test', 'rules', TESTS]);
    expect(stdout).toContain('SUCCESS');
  });

  it('has, for every alert, a test where it fires and one where it stays silent', () => {
    const cases = tests.flatMap((t) => t.alert_rule_test ?? []);
    const fires = new Set(cases.filter((c) => (c.exp_alerts ?? []).length > 0).map((c) => c.alertname));
    const silent = new Set(cases.filter((c) => (c.exp_alerts ?? []).length === 0).map((c) => c.alertname));
    expect({
      untested: alerts.filter((a) => !fires.has(a)),
      neverSilent: alerts.filter((a) => !silent.has(a)),
    }).toStrictEqual({ untested: [], neverSilent: [] });
    expect([...new Set(cases.map((c) => c.alertname))].filter((a) => !alerts.includes(a))).toStrictEqual([]);
  });

  it('makes the unit tests fail when a rule changes under them (a threshold raised)', async () => {
    const dir = scratch();
    const raised = readFileSync(RULES, 'utf8').replace(
      'status="True"}) > 0\n        for: 15m',
      'status="True"}) > 5\n        for: 15m',
    );
    expect(raised).not.toBe(readFileSync(RULES, 'utf8'));
    writeFileSync(join(dir, 'alerts.rules.yaml'), raised);
    copyFileSync(TESTS, join(dir, 'alerts.test.yaml'));
    await expect(runTool('promtool', ['test', 'rules', join(dir, 'alerts.test.yaml')])).rejects.toThrow(
      /EcsGmsaObjectsStalled/,
    );
  });

  it('names only metrics the operator exports', () => {
    const exported = exportedNames();
    const used = rules.flatMap((r) => metricNames(r.expr));
    expect(used.length).toBeGreaterThan(rules.length);
    expect([...new Set(used)].filter((n) => !exported.has(n))).toStrictEqual([]);
  });
});

describe('deploy/monitoring/grafana-dashboard.json', () => {
  const expressions = dashboardExpressions();

  it('has a query in every panel, unique panel ids and refIds, all on the selected data source', () => {
    const panels = dashboard.panels.filter((p) => p.type !== 'row');
    expect(panels.length).toBeGreaterThan(20);
    expect(new Set(dashboard.panels.map((p) => p.id)).size).toBe(dashboard.panels.length);
    for (const p of panels) {
      expect({
        panel: p.title,
        targets: (p.targets ?? []).length > 0,
        refIds: new Set(p.targets?.map((t) => t.refId)).size === p.targets?.length,
      }).toStrictEqual({ panel: p.title, targets: true, refIds: true });
      expect({ panel: p.title, uid: p.datasource?.uid, fits: p.gridPos.x + p.gridPos.w <= 24 }).toStrictEqual({
        panel: p.title,
        uid: '${datasource}',
        fits: true,
      });
    }
  });

  it('has only PromQL that promtool parses (each expression as a recording rule)', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'dashboard.rules.yaml'), recordingRules(expressions.map((e) => e.expr)));
    const { stdout } = await runTool('promtool', ['check', 'rules', join(dir, 'dashboard.rules.yaml')]);
    expect(stdout).toContain(`SUCCESS: ${expressions.length} rules found`);
  });

  it('would be caught with an expression promtool cannot parse (the check is live)', async () => {
    const dir = scratch();
    writeFileSync(
      join(dir, 'broken.rules.yaml'),
      recordingRules([...expressions.map((e) => e.expr), 'sum by (kind) (ecsgmsa_objects{condition="Ready"}']),
    );
    await expect(runTool('promtool', ['check', 'rules', join(dir, 'broken.rules.yaml')])).rejects.toThrow(
      /parse error|unclosed|unexpected/,
    );
  });

  it('names only metrics the operator exports, in every expression', () => {
    const exported = exportedNames();
    for (const { where, expr } of expressions) {
      const names = metricNames(expr);
      expect({ where, selects: names.length > 0, unknown: names.filter((n) => !exported.has(n)) }).toStrictEqual({
        where,
        selects: true,
        unknown: [],
      });
    }
  });

  it('shows every alert it refers to by name, and only alerts that exist', () => {
    const mentioned = [...JSON.stringify(dashboard).matchAll(/EcsGmsa[A-Za-z]+/g)].map((m) => m[0]);
    expect(mentioned.length).toBeGreaterThan(3);
    expect([...new Set(mentioned)].filter((a) => !alerts.includes(a))).toStrictEqual([]);
  });
});
