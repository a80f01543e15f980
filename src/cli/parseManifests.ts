// Parses manifest text the way kubectl and the apiserver read YAML (sigs.k8s.io/yaml, i.e. YAML 1.1
// as go-yaml v2 resolves it), in time linear in the input, within INPUT_LIMITS.
import {
  Composer,
  LineCounter,
  Parser,
  visit,
  type Document,
  type DocumentOptions,
  type ParseOptions,
  type SchemaOptions,
  type Tags,
} from 'yaml';
import type { SourceDocument } from '../domain/offline/types.js';
import type { InputLimits } from './inputLimits.js';
import { yamlShape } from './yamlShape.js';

/** A file or document that could not be read or parsed. */
export interface InputProblem {
  file: string;
  document?: number;
  message: string;
}

export interface ParsedInput {
  documents: SourceDocument[];
  problems: InputProblem[];
}

/**
 * go-yaml v2 resolves plain `yes`/`no`/`on`/`off`/`y`/`n` (any case form) to booleans, `0777` to an
 * octal number and `<<` merge keys, like the yaml package's YAML 1.1 schema; it leaves timestamps
 * and sexagesimal numbers (`1:20`) as strings, so those tags are dropped.
 */
function goYamlV2Tags(tags: Tags): Tags {
  return tags.filter((tag) => {
    const t = tag as { tag?: string; format?: string };
    return t.tag !== 'tag:yaml.org,2002:timestamp' && t.format !== 'TIME';
  });
}

/**
 * Duplicate keys are checked by duplicateKeys() below: the yaml package's own check compares each
 * key with every earlier key of its mapping, which made 40,000 keys take tens of seconds.
 */
export const KUBECTL_YAML: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  schema: 'yaml-1.1',
  customTags: goYamlV2Tags,
  merge: true,
  uniqueKeys: false,
};

/** The first key that repeats an earlier key of its mapping (as JSON would name it), in one pass. */
function duplicateKey(doc: Document): { key: string; offset: number } | undefined {
  let found: { key: string; offset: number } | undefined;
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = pair.key as { value?: unknown; range?: [number, number, number] } | null;
        // A merge key (<<) may repeat: each merges another mapping, as go-yaml v2 does.
        if (key === null || typeof key !== 'object' || !('value' in key) || typeof key.value === 'symbol') continue;
        const name = String(key.value);
        if (seen.has(name)) {
          found = { key: name, offset: key.range?.[0] ?? 0 };
          return visit.BREAK;
        }
        seen.add(name);
      }
      return undefined;
    },
  });
  return found;
}

function at(lines: LineCounter, offset: number): string {
  const { line, col } = lines.linePos(offset);
  return line > 0 ? ` at line ${line}, column ${col}` : '';
}

function toSource(file: string, index: number, doc: Document, lines: LineCounter): SourceDocument | InputProblem {
  const first = doc.errors[0];
  if (first)
    return {
      file,
      document: index,
      message: `YAML syntax error${at(lines, first.pos[0])}: ${first.message.split('\n')[0] ?? ''}`,
    };
  const duplicate = duplicateKey(doc);
  if (duplicate)
    return {
      file,
      document: index,
      message: `YAML error${at(lines, duplicate.offset)}: duplicate key "${duplicate.key}" in a mapping`,
    };
  return { file, document: index, value: doc.toJS({ maxAliasCount: 100 }) as unknown };
}

function limitProblem(file: string, text: string, limits: InputLimits): InputProblem | undefined {
  const shape = yamlShape(text, { documents: limits.maxDocuments, nodes: limits.maxNodes });
  const n = (value: number): string => value.toLocaleString('en');
  if (shape.documents > limits.maxDocuments)
    return {
      file,
      message: `more than ${n(limits.maxDocuments)} YAML documents; the limit per input is ${n(limits.maxDocuments)}: split the file`,
    };
  if (shape.nodes > limits.maxNodes)
    return {
      file,
      message: `more than ${n(limits.maxNodes)} YAML nodes (keys, values, list items); the limit per input is ${n(limits.maxNodes)}: split the file`,
    };
  return undefined;
}

/**
 * Parses every document of `text` (from `file`) into plain values; a document with a syntax error
 * or a duplicate key becomes a problem naming it. Each document's syntax tree is dropped once
 * converted, so memory follows the values, not the tree.
 */
export function parseManifests(file: string, text: string, limits: InputLimits): ParsedInput {
  const out: ParsedInput = { documents: [], problems: [] };
  const tooBig = limitProblem(file, text, limits);
  if (tooBig) {
    out.problems.push(tooBig);
    return out;
  }
  const lines = new LineCounter();
  const composer = new Composer(KUBECTL_YAML);
  let index = 0;
  const take = (doc: Document): void => {
    const parsed = toSource(file, index++, doc, lines);
    if ('value' in parsed) out.documents.push(parsed);
    else out.problems.push(parsed);
  };
  for (const token of new Parser(lines.addNewLine).parse(text)) for (const doc of composer.next(token)) take(doc);
  for (const doc of composer.end()) take(doc);
  return out;
}
