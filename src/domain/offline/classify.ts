// Sorts parsed documents into our kinds, other API groups (skipped) and malformed ones.
import { GROUP, VERSION, GMSA_CREDENTIAL_SPEC_KIND, ECS_GMSA_TASK_KIND, type OurKind } from '../../api/group.js';
import { describeDifference, looksLike } from './nearMiss.js';
import type { Finding, SkippedDocument, SourceDocument } from './types.js';

const OUR_API_VERSION = `${GROUP}/${VERSION}`;
const OUR_KINDS = [GMSA_CREDENTIAL_SPEC_KIND, ECS_GMSA_TASK_KIND] as const;

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

/** Why a kind of our group is not one we serve (naming the kind it imitates, if any). */
function unknownKind(kind: string): string {
  const imitated = OUR_KINDS.find((k) => looksLike(kind, k));
  if (imitated)
    return `"${kind}" is not ${imitated}, though it looks like it: ${describeDifference(kind, imitated)}; write ${imitated}`;
  return `unknown ${GROUP} kind "${kind}"; expected ${GMSA_CREDENTIAL_SPEC_KIND} or ${ECS_GMSA_TASK_KIND}`;
}

/** Files an object of our group: ours when apiVersion and kind are served, else an error. */
function classifyOurs(source: SourceDocument, object: Record<string, unknown>, out: Classified): void {
  const apiVersion = text(object.apiVersion);
  const kind = text(object.kind);
  if (apiVersion !== OUR_API_VERSION) {
    out.errors.push(problem(source, object, 'apiVersion', `"${apiVersion}" is not served; use ${OUR_API_VERSION}`));
  } else if (kind !== GMSA_CREDENTIAL_SPEC_KIND && kind !== ECS_GMSA_TASK_KIND) {
    out.errors.push(problem(source, object, 'kind', unknownKind(kind)));
  } else {
    out.ours.push({ source, kind, object });
  }
}

/** True for a kind a reader takes for ours: ours exactly, or ours in look-alike or invisible characters. */
function imitatesOurKind(kind: string): boolean {
  const unusual = /[^\x21-\x7e]/.test(kind);
  return OUR_KINDS.some((k) => kind === k || (unusual && looksLike(kind, k)));
}

/**
 * An apiVersion of another group that is a near miss of ours: our group without a version, our
 * group in another letter case or in look-alike characters, or any group on one of our kinds.
 * (A different kind of similar name in a real other group, e.g. windows.k8s.io's
 * GMSACredentialSpec, is not a near miss.)
 */
function nearMissOfOurs(apiVersion: string, kind: string): string | undefined {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? apiVersion : apiVersion.slice(0, slash);
  if (group === GROUP) return `"${apiVersion}" has no version; use ${OUR_API_VERSION}`;
  if (looksLike(group, GROUP))
    return `"${apiVersion}" is not ${OUR_API_VERSION}, though it looks like it: ${describeDifference(group, GROUP)}; write ${OUR_API_VERSION}`;
  if (imitatesOurKind(kind))
    return `"${apiVersion}" does not serve ${kind}; ${GROUP} kinds use apiVersion ${OUR_API_VERSION}`;
  return undefined;
}

function classifyOne(source: SourceDocument, out: Classified): void {
  const value = source.value;
  if (value === null || value === undefined) return; // an empty document, e.g. after a trailing ---
  if (typeof value !== 'object' || Array.isArray(value)) {
    out.errors.push(
      problem(source, {}, '', 'document is not a Kubernetes object (a YAML mapping with apiVersion and kind)'),
    );
    return;
  }
  const object = value as Record<string, unknown>;
  const apiVersion = text(object.apiVersion);
  const kind = text(object.kind);
  if (!apiVersion || !kind) {
    out.errors.push(
      problem(
        source,
        object,
        apiVersion ? 'kind' : 'apiVersion',
        'is missing; every document needs apiVersion and kind',
      ),
    );
  } else if (apiVersion.startsWith(`${GROUP}/`)) {
    classifyOurs(source, object, out);
  } else {
    const nearMiss = nearMissOfOurs(apiVersion, kind);
    if (nearMiss) out.errors.push(problem(source, object, 'apiVersion', nearMiss));
    else
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
