// `helm template|lint|install` through the pinned binary devenv/build-tools.sh builds (and caches) when missing.
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { repoRoot, type KubeObject } from './kustomize.js';
import { runTool } from './tools.js';

/** The chart, relative to the repository root. */
export const CHART = 'charts/ecs-gmsa-operator';

/** What a helm command renders or installs from. */
export interface ChartValues {
  /** Values files, relative to the repository root, in order (later ones win). */
  files?: readonly string[];
  /** `--set key=value` pairs. */
  set?: readonly string[];
  /** `--set-file key=path` pairs (path relative to the repository root). */
  setFile?: readonly string[];
}

/** The values arguments of a helm command. */
export function valuesArgs(values: ChartValues): string[] {
  return [
    ...(values.files ?? []).flatMap((f) => ['-f', join(repoRoot, f)]),
    ...(values.set ?? []).flatMap((s) => ['--set', s]),
    ...(values.setFile ?? []).flatMap((s) => {
      const [key, path = ''] = s.split('=');
      return ['--set-file', `${key}=${join(repoRoot, path)}`];
    }),
  ];
}

/** Parses a multi-document YAML stream into objects, skipping empty documents. */
export function parseObjects(yaml: string): KubeObject[] {
  return parseAllDocuments(yaml)
    .map((doc) => doc.toJS() as KubeObject | null)
    .filter((obj): obj is KubeObject => obj !== null);
}

/** `helm template <release> <chart> -n <namespace> --include-crds ...`, parsed. */
export async function helmTemplate(
  release: string,
  namespace: string,
  values: ChartValues = {},
): Promise<KubeObject[]> {
  const { stdout } = await runTool('helm', [
    'template',
    release,
    join(repoRoot, CHART),
    '--namespace',
    namespace,
    '--include-crds',
    ...valuesArgs(values),
  ]);
  return parseObjects(stdout);
}

/** `helm lint --strict`: resolves with its output, rejects with it when the chart or the values are refused. */
export async function helmLint(values: ChartValues = {}): Promise<string> {
  const { stdout, stderr } = await runTool('helm', ['lint', '--strict', join(repoRoot, CHART), ...valuesArgs(values)]);
  return stdout + stderr;
}
