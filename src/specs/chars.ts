// Character-class tests by char code for the spec scanners, matching the regular
// expression classes they replace exactly (JavaScript's \s, rpm's line terminators).

/** JavaScript's `\s`. */
export function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || (c >= 0xa0 && (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff));
}

/** What `.` does not match: \n, \r, U+2028, U+2029. */
export function isLineTerminator(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

export function isAsciiLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

const BLANKS = /\s*/y;

/** Index after the (JavaScript `\s`) blanks starting at `from` (a sticky regexp: native, no match array). */
export function skipBlanks(text: string, from: number): number {
  BLANKS.lastIndex = from;
  BLANKS.test(text);
  return BLANKS.lastIndex;
}
