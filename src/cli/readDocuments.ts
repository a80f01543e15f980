// Reads multi-document YAML from files, directories or stdin ("-") into located documents.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { SourceDocument } from '../domain/offline/types.js';

/** A file or document that could not be read or parsed. */
export interface InputProblem {
  file: string;
  document?: number;
  message: string;
}

export interface ReadResult {
  documents: SourceDocument[];
  problems: InputProblem[];
}

const MANIFEST = /\.(ya?ml|json)$/i;

async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
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

function parse(file: string, text: string, out: ReadResult): void {
  parseAllDocuments(text).forEach((doc, index) => {
    const first = doc.errors[0];
    if (first) {
      const line = first.linePos?.[0];
      out.problems.push({ file, document: index, message: `YAML syntax error${line ? ` at line ${line.line}, column ${line.col}` : ''}: ${first.message.split('\n')[0] ?? ''}` });
      return;
    }
    out.documents.push({ file, document: index, value: doc.toJS({ maxAliasCount: 100 }) as unknown });
  });
}

function describe(err: unknown): string {
  const code = (err as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return err instanceof Error ? err.message : String(err);
}

/** Reads every path; problems name the file (and document) instead of throwing. */
export async function readDocuments(paths: readonly string[], stdin: NodeJS.ReadableStream = process.stdin): Promise<ReadResult> {
  const out: ReadResult = { documents: [], problems: [] };
  for (const path of paths) {
    try {
      for (const file of await expand(path)) {
        const text = file === '-' ? await readStdin(stdin) : await readFile(file, 'utf8');
        parse(file === '-' ? '<stdin>' : file, text, out);
      }
    } catch (err: unknown) {
      out.problems.push({ file: path, message: describe(err) });
    }
  }
  return out;
}
