// Splits a preamble line `Tag(qualifier): value` into its parts, exactly as the pattern
// /^([A-Za-z][A-Za-z0-9]*)\s*(?:\(([^)]*)\))?\s*:\s*(.*)$/ does. Knows nothing about what
// the tags mean.
//
// Scanned with sticky regexps' test() (native, and without the match array exec() would
// allocate) rather than per-character loops: the parser runs mostly before the optimizing
// compiler has caught up (a cold process parses ~1100 specs once), where a native match
// costs a fraction of a JavaScript loop, and match arrays for ~25k header lines would
// be ~4 MB of garbage.

import { skipBlanks } from './chars.js';

export interface HeaderLine {
  /** As written (not lowercased). */
  readonly tag: string;
  /** Between the parentheses, untrimmed; undefined without parentheses. */
  readonly qualifier: string | undefined;
  /** After the colon and the blanks following it, untrimmed at the end. */
  readonly value: string;
}

const TAG = /[A-Za-z][A-Za-z0-9]*/y;
/** What `.` does not match: the value may not contain one. */
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/g;

export function splitHeader(text: string): HeaderLine | undefined {
  TAG.lastIndex = 0;
  if (!TAG.test(text)) return undefined;
  const tag = text.slice(0, TAG.lastIndex);
  let i = skipBlanks(text, TAG.lastIndex);
  let qualifier: string | undefined;
  if (i < text.length && text.charCodeAt(i) === 40) {
    // '(' … ')': without the closing parenthesis the whole pattern fails.
    const close = text.indexOf(')', i + 1);
    if (close < 0) return undefined;
    qualifier = text.slice(i + 1, close);
    i = skipBlanks(text, close + 1);
  }
  if (i >= text.length || text.charCodeAt(i) !== 58) return undefined; // ':'
  i = skipBlanks(text, i + 1);
  LINE_TERMINATOR.lastIndex = i;
  if (LINE_TERMINATOR.test(text)) return undefined;
  return { tag, qualifier, value: text.slice(i) };
}
