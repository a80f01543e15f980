// Limits on what `render` and `validate` read: generous for any real manifest, small enough that a
// hostile or broken input (a huge scalar, millions of keys) fails fast with a clear error instead of
// taking minutes or gigabytes. Each applies to one input: a file, or stdin.

/** The limits of one input. */
export interface InputLimits {
  /**
   * Bytes per input. The apiserver stores objects of at most 1.5 MiB, so this leaves room for
   * hundreds of large objects in one file; reading stops as soon as it is exceeded.
   * @default 8 MiB
   */
  maxBytes: number;
  /** YAML documents per input. @default 10000 */
  maxDocuments: number;
  /**
   * YAML nodes per input: keys, values, list items, aliases and flow collections, counted by a
   * lexer pass before anything is built (a parsed node costs a few hundred bytes). A large CRD has
   * about 30,000. @default 500000
   */
  maxNodes: number;
}

/** The limits the CLI applies (documented in docs/reference.md, "Offline commands"). */
export const INPUT_LIMITS: InputLimits = {
  maxBytes: 8 * 1024 * 1024,
  maxDocuments: 10_000,
  maxNodes: 500_000,
};
