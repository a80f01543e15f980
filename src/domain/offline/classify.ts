// Sorts parsed documents into our kinds, other API groups (skipped) and malformed ones.
import { GROUP, VERSION, GMSA_CREDENTIAL_SPEC_KIND, ECS_GMSA_TASK_KIND, type OurKind } from '../../api/group.js';
import type { Finding, SkippedDocument, SourceDocument } from './types.js';

export interface OurDocument {
  source: SourceDocument;
  kind: OurKind;
  object: Record<string, unknown>;
}

export interface Classified {
  ours: OurDocument[];
  skipped: SkippedDocument[];
  errors: Finding[];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function nameOf(object: Record<string, unknown>): { name: string; namespace: string } {
  const metadata = (object.metadata ?? {}) as Record<string, unknown>;
  return { name: text(metadata.name), namespace: text(metadata.namespace) || 'default' };
}

function problem(source: SourceDocument, object: Record<string, unknown>, field: string, message: string): Finding {
  return { file: source.file, document: source.document, kind: text(object.kind), ...nameOf(object), field, message };
}

/** Files an object of our group: ours when apiVersion and kind are served, else an error. */
function classifyOurs(source: SourceDocument, object: Record<string, unknown>, out: Classified): void {
  const apiVersion = text(object.apiVersion);
  const kind = text(object.kind);
  if (apiVersion !== `${GROUP}/${VERSION}`) {
    out.errors.push(problem(source, object, 'apiVersion', `"${apiVersion}" is not served; use ${GROUP}/${VERSION}`));
  } else if (kind !== GMSA_CREDENTIAL_SPEC_KIND && kind !== ECS_GMSA_TASK_KIND) {
    out.errors.push(problem(source, object, 'kind', `unknown ${GROUP} kind "${kind}"; expected ${GMSA_CREDENTIAL_SPEC_KIND} or ${ECS_GMSA_TASK_KIND}`));
  } else {
    out.ours.push({ source, kind, object });
  }
}

function classifyOne(source: SourceDocument, out: Classified): void {
  const value = source.value;
  if (value === null || value === undefined) return; // an empty document, e.g. after a trailing ---
  if (typeof value !== 'object' || Array.isArray(value)) {
    out.errors.push(problem(source, {}, '', 'document is not a Kubernetes object (a YAML mapping with apiVersion and kind)'));
    return;
  }
  const object = value as Record<string, unknown>;
  const apiVersion = text(object.apiVersion);
  const kind = text(object.kind);
  if (!apiVersion || !kind) {
    out.errors.push(problem(source, object, apiVersion ? 'kind' : 'apiVersion', 'is missing; every document needs apiVersion and kind'));
  } else if (apiVersion.startsWith(`${GROUP}/`)) {
    classifyOurs(source, object, out);
  } else {
    out.skipped.push({ file: source.file, document: source.document, apiVersion, kind, name: nameOf(object).name });
  }
}

/** Classifies every document; the order of `ours` is the input order. */
export function classifyDocuments(sources: readonly SourceDocument[]): Classified {
  const out: Classified = { ours: [], skipped: [], errors: [] };
  for (const source of sources) classifyOne(source, out);
  return out;
}

export { nameOf };
