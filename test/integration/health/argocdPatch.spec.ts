// deploy/argocd/argocd-cm-patch.yaml is generated from the .lua scripts: it must be up to date and
// must carry each script byte for byte once parsed as YAML.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { HEALTH_SCRIPTS, healthKey, renderArgoCdPatch } from '../../../scripts/argocd/argocdPatch.js';

const dir = fileURLToPath(new URL('../../../deploy/argocd/', import.meta.url));
const read = (file: string): string => readFileSync(join(dir, file), 'utf8');

describe('deploy/argocd/argocd-cm-patch.yaml', () => {
  const committed = read('argocd-cm-patch.yaml');

  it('matches what scripts/argocd/generate.ts renders (run `npx tsx scripts/argocd/generate.ts` after editing a .lua file)', () => {
    expect(committed).toBe(renderArgoCdPatch(read));
  });

  it('parses to the argocd-cm ConfigMap holding every script unchanged under its health key', () => {
    const doc = parse(committed) as {
      apiVersion: string;
      kind: string;
      metadata: { name: string; namespace: string };
      data: Record<string, string>;
    };
    expect([doc.apiVersion, doc.kind, doc.metadata.name, doc.metadata.namespace]).toEqual([
      'v1',
      'ConfigMap',
      'argocd-cm',
      'argocd',
    ]);
    expect(Object.keys(doc.data)).toEqual([
      'resource.customizations.health.ecsgmsa.io_GmsaCredentialSpec',
      'resource.customizations.health.ecsgmsa.io_EcsGmsaTask',
    ]);
    for (const { kind, file } of HEALTH_SCRIPTS) expect(doc.data[healthKey(kind)]).toBe(read(file));
  });

  it('refuses a script the block scalar would alter', () => {
    expect(() => renderArgoCdPatch(() => 'return {}')).toThrow('exactly one newline');
    expect(() => renderArgoCdPatch(() => 'return {}\n\n')).toThrow('exactly one newline');
    expect(() => renderArgoCdPatch(() => '  return {}\n')).toThrow('must not be indented');
    expect(() => renderArgoCdPatch(() => 'return {}\r\n')).toThrow('carriage returns');
  });
});
