// tools/argocd-health reproduces Argo CD's Lua set-up, not just "some Lua": these cases pin the facts
// a health script author runs into in Argo CD (util/lua/lua.go, util/lua/oslib_safe.go,
// gitops-engine/pkg/health/health.go), each with a throwaway argocd-cm holding one script.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildHealthTool, runVerdict } from './healthTools.js';

let binary = '';
beforeAll(() => {
  binary = buildHealthTool('argocd');
}, 600_000);

/** An argocd-cm holding `script` as the health check of example.com/Widget. */
function configMap(script: string, extraData: Record<string, string> = {}): string {
  const data = { 'resource.customizations.health.example.com_Widget': script, ...extraData };
  const path = join(mkdtempSync(join(tmpdir(), 'argocd-cm-')), 'argocd-cm.json');
  writeFileSync(
    path,
    JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'argocd-cm', namespace: 'argocd' }, data }),
  );
  return path;
}

const widget = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name: 'w', generation: 7 },
  ...extra,
});
const health = (script: string, object: unknown = widget(), extraData?: Record<string, string>): string =>
  runVerdict(binary, [configMap(script, extraData)], object);

describe("Argo CD's Lua set-up", () => {
  it.each([
    ['no string library', 'return {status = "Healthy", message = type(string)}', 'Healthy|nil'],
    [
      'no global os (Argo CD registers its safe os under the table library name)',
      'return {status = "Healthy", message = type(os)}',
      'Healthy|nil',
    ],
    [
      'require("os") gives time and date only',
      'local os = require("os"); return {status = "Healthy", message = type(os.time) .. type(os.date) .. type(os.exit) .. type(os.getenv)}',
      'Healthy|functionfunctionnilnil',
    ],
    [
      'no math, io or coroutine library',
      'return {status = "Healthy", message = type(math) .. type(io) .. type(coroutine)}',
      'Healthy|nilnilnil',
    ],
    [
      'base and table functions are there',
      'local t = {}; table.insert(t, tostring(1)); return {status = "Healthy", message = t[1] .. type(pairs) .. type(pcall)}',
      'Healthy|1functionfunction',
    ],
    [
      'actionParams is an empty table',
      'return {status = "Healthy", message = type(actionParams) .. tostring(next(actionParams))}',
      'Healthy|tablenil',
    ],
  ])('%s', (_name, script, verdict) => {
    expect(health(script)).toBe(verdict);
  });

  it('useOpenLibs: "true" opens the standard libraries', () => {
    expect(
      health('return {status = "Healthy", message = type(string) .. type(os)}', widget(), {
        'resource.customizations.useOpenLibs.example.com_Widget': 'true',
      }),
    ).toBe('Healthy|tabletable');
  });

  it('builds obj from the JSON: integers are numbers, a null list element is dropped, a null field is absent', () => {
    const script =
      'return {status = "Healthy", message = tostring(obj.metadata.generation + 1) .. " " .. #obj.spec.items .. " " .. tostring(obj.spec.gone) .. " " .. tostring(obj.spec.flag)}';
    expect(health(script, widget({ spec: { items: [1, null, 'x'], gone: null, flag: false } }))).toBe(
      'Healthy|8 2 nil false',
    );
  });

  it('stops a script after 1 s and shows Unknown', () => {
    const started = Date.now();
    expect(health('while true do end')).toBe('Unknown|<string>:1: context deadline exceeded');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it.each([
    ['a runtime error, without a stack trace', 'error("boom")', 'Unknown|<string>:1: boom'],
    ["a status outside Argo CD's set", 'return {status = "Fine"}', 'Unknown|Lua returned an invalid health status'],
    ['a string instead of a table', 'return "Healthy"', 'Unknown|expect table output from Lua script, not string'],
    ['an empty table (JSON [])', 'return {}', '|'],
    ['nothing', 'local x = 1', '|'],
  ])('reads the result as Argo CD does: %s', (_name, script, verdict) => {
    expect(health(script)).toBe(verdict);
  });

  it('calls an object being deleted "Pending deletion" without running its script', () => {
    expect(
      health('error("must not run")', widget({ metadata: { name: 'w', deletionTimestamp: '2025-01-01T00:00:00Z' } })),
    ).toBe('Progressing|Pending deletion');
  });

  it('exits 1 naming the group and kind when the ConfigMap has no health check for them', () => {
    const result = spawnSync(binary, [configMap('return {}')], {
      input: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }),
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('no health check for ConfigMap');
  });
});
