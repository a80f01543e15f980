// Counts documents and nodes of a YAML text with the yaml package's lexer: linear time, constant
// memory, nothing built. Used to refuse oversized input before parsing it.
import { Lexer } from 'yaml';

/** What the lexer saw, counted up to the first limit passed. */
export interface YamlShape {
  documents: number;
  nodes: number;
}

const DOCUMENT = '\u0002'; // the lexer's "document starts" marker
const SCALAR = '\u001f'; // the lexer's "plain or block scalar follows" marker
const LAYOUT = /^(?:[ \t]*|\r?\n|#.*|%.*|\uFEFF)$/; // whitespace, line breaks, comments, directives, BOM

/** A token that is a node of its own: a scalar, an alias, a list item or a flow collection. */
function isNode(token: string): boolean {
  const first = token[0];
  return (
    token === SCALAR ||
    token === '-' ||
    first === '"' ||
    first === "'" ||
    first === '*' ||
    first === '[' ||
    first === '{'
  );
}

/**
 * Counts the documents and nodes of `text`, stopping early once `stopAt` documents or nodes are
 * exceeded. A `---` directly after the lexer's document marker belongs to the same document.
 */
export function yamlShape(text: string, stopAt: YamlShape): YamlShape {
  const shape: YamlShape = { documents: 0, nodes: 0 };
  let documentJustStarted = false;
  for (const token of new Lexer().lex(text)) {
    if (token === DOCUMENT) {
      shape.documents++;
      documentJustStarted = true;
    } else if (token === '---') {
      if (!documentJustStarted) shape.documents++;
      documentJustStarted = false;
    } else if (!LAYOUT.test(token)) {
      documentJustStarted = false;
      if (isNode(token)) shape.nodes++;
    }
    if (shape.documents > stopAt.documents || shape.nodes > stopAt.nodes) break;
  }
  return shape;
}
