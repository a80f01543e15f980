// `kustomize build` through the pinned binary that devenv/build-tools.sh builds (and caches) when missing.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { toolPath } from './tools.js';

const run = promisify(execFile);

/** The repository root. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** A rendered Kubernetes object. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

/** The path of the cached kustomize binary; the first call runs build-tools.sh (a no-op when cached). */
export function kustomizeBinary(): Promise<string> {
  return toolPath('kustomize');
}

/** `kustomize build <dir>` (relative to the repository root), parsed into objects. */
export async function kustomizeBuild(dir: string): Promise<KubeObject[]> {
  const { stdout } = await run(await kustomizeBinary(), ['build', join(repoRoot, dir)], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return parseAllDocuments(stdout)
    .map((doc) => doc.toJS() as KubeObject | null)
    .filter((obj): obj is KubeObject => obj !== null);
}
