// Reads multi-document YAML from files, directories or stdin ("-") into located documents, within
// INPUT_LIMITS (bytes are counted while reading, so an oversized input is never held whole).
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { SourceDocument } from '../domain/offline/types.js';
import { INPUT_LIMITS, type InputLimits } from './inputLimits.js';
import { parseManifests, type InputProblem } from './parseManifests.js';

export type { InputProblem } from './parseManifests.js';

export interface ReadResult {
  documents: SourceDocument[];
  problems: InputProblem[];
}

const MANIFEST = /\.(ya?ml|json)$/i;

/** An input over the byte limit; thrown by readCapped, reported with the file's name. */
class InputTooLarge extends Error {
  constructor(maxBytes: number) {
    super(
      `larger than ${maxBytes.toLocaleString('en')} bytes; the limit per input is ${maxBytes.toLocaleString('en')} bytes (${maxBytes / 1024 / 1024} MiB): split the file`,
    );
  }
}

/** The stream's text, refusing more than `maxBytes` as soon as they arrive. */
async function readCapped(stream: NodeJS.ReadableStream, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    total += buffer.length;
    if (total > maxBytes) {
      (stream as { destroy?: () => void }).destroy?.();
      throw new InputTooLarge(maxBytes);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Expands a directory into its manifest files (sorted, not recursive). */
async function expand(path: string): Promise<string[]> {
  if (path === '-') return [path];
  const info = await stat(path);
  if (!info.isDirectory()) return [path];
  const names = (await readdir(path)).filter((n) => MANIFEST.test(n)).sort();
  return names.map((n) => join(path, n));
}

function describe(err: unknown): string {
  const code = (err as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return err instanceof Error ? err.message : String(err);
}

async function readOne(
  file: string,
  stdin: NodeJS.ReadableStream,
  limits: InputLimits,
  out: ReadResult,
): Promise<void> {
  const name = file === '-' ? '<stdin>' : file;
  try {
    const text = await readCapped(file === '-' ? stdin : createReadStream(file), limits.maxBytes);
    const parsed = parseManifests(name, text, limits);
    out.documents.push(...parsed.documents);
    out.problems.push(...parsed.problems);
  } catch (err: unknown) {
    out.problems.push({ file: name, message: describe(err) });
  }
}

/** Reads every path; problems name the file (and document) instead of throwing. */
export async function readDocuments(
  paths: readonly string[],
  stdin: NodeJS.ReadableStream = process.stdin,
  limits: InputLimits = INPUT_LIMITS,
): Promise<ReadResult> {
  const out: ReadResult = { documents: [], problems: [] };
  for (const path of paths) {
    let files: string[];
    try {
      files = await expand(path);
    } catch (err: unknown) {
      out.problems.push({ file: path, message: describe(err) });
      continue;
    }
    for (const file of files) await readOne(file, stdin, limits, out);
  }
  return out;
}
