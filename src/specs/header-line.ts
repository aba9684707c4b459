// Splits a preamble line `Tag(qualifier): value` into its parts, exactly as the pattern
// /^([A-Za-z][A-Za-z0-9]*)\s*(?:\(([^)]*)\))?\s*:\s*(.*)$/ does, without a match array
// per line. Knows nothing about what the tags mean.
import { isAsciiAlnum, isAsciiLetter, isLineTerminator, isSpace } from './chars.js';

export interface HeaderLine {
  /** As written (not lowercased). */
  readonly tag: string;
  /** Between the parentheses, untrimmed; undefined without parentheses. */
  readonly qualifier: string | undefined;
  /** After the colon and the blanks following it, untrimmed at the end. */
  readonly value: string;
}

export function splitHeader(text: string): HeaderLine | undefined {
  const n = text.length;
  if (n === 0 || !isAsciiLetter(text.charCodeAt(0))) return undefined;
  let i = 1;
  while (i < n && isAsciiAlnum(text.charCodeAt(i))) i++;
  const tag = text.slice(0, i);
  while (i < n && isSpace(text.charCodeAt(i))) i++;
  let qualifier: string | undefined;
  if (text.charCodeAt(i) === 40) {
    // '(' … ')': without the closing parenthesis the whole pattern fails.
    const close = text.indexOf(')', i + 1);
    if (close < 0) return undefined;
    qualifier = text.slice(i + 1, close);
    i = close + 1;
    while (i < n && isSpace(text.charCodeAt(i))) i++;
  }
  if (text.charCodeAt(i) !== 58) return undefined; // ':'
  i++;
  while (i < n && isSpace(text.charCodeAt(i))) i++;
  for (let k = i; k < n; k++) if (isLineTerminator(text.charCodeAt(k))) return undefined;
  return { tag, qualifier, value: text.slice(i) };
}
