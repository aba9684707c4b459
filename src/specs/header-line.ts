// Splits a preamble line `Tag(qualifier): value` into its parts with the pattern rpm's
// header lines follow. Knows nothing about what the tags mean.
//
// One regular expression, not a char-code scanner: the spec parser runs mostly before the
// optimizing compiler has caught up (a cold process parses ~1100 specs once), and there a
// native regexp match costs a fraction of a per-character JavaScript loop.

export interface HeaderLine {
  /** As written (not lowercased). */
  readonly tag: string;
  /** Between the parentheses, untrimmed; undefined without parentheses. */
  readonly qualifier: string | undefined;
  /** After the colon and the blanks following it, untrimmed at the end. */
  readonly value: string;
}

/** `.` stops at line terminators and there is no `m` flag: a value spanning lines fails. */
const HEADER = /^([A-Za-z][A-Za-z0-9]*)\s*(?:\(([^)]*)\))?\s*:\s*(.*)$/;

export function splitHeader(text: string): HeaderLine | undefined {
  const m = HEADER.exec(text);
  return m ? { tag: m[1]!, qualifier: m[2], value: m[3]! } : undefined;
}
