// The spec scanners are written for a cold process (native regexp tests and indexOf, no
// per-character loops); these properties pin them to their reference definitions on
// arbitrary text, including the characters each one treats specially.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitHeader } from '../../../src/specs/header-line.js';
import { matchClose } from '../../../src/specs/line-scan.js';
import { parseSpec } from '../../../src/specs/parse.js';

/** The pattern splitHeader implements, as its comment states it. */
const HEADER = /^([A-Za-z][A-Za-z0-9]*)\s*(?:\(([^)]*)\))?\s*:\s*(.*)$/;

/** Bracket matching by visiting every character (the definition). */
function referenceMatchClose(text: string, open: number, o: string, c: string): number {
  let level = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === o) level++;
    else if (text[i] === c && --level === 0) return i;
  }
  return -1;
}

const headerish = fc.string({ unit: fc.constantFrom('N', 'a', 'm', 'e', '1', ' ', '\t', '(', ')', ':', 'x', '\r', '\n', '\u2028', '\u00a0', '\f', '-', '%') , maxLength: 24 });

describe('spec scanners against their definitions', () => {
  it('splitHeader splits exactly as the header pattern does', () => {
    fc.assert(
      fc.property(headerish, (text) => {
        const m = HEADER.exec(text);
        expect(splitHeader(text)).toEqual(m ? { tag: m[1], qualifier: m[2], value: m[3] } : undefined);
      }),
      { numRuns: 3000 },
    );
  });

  it('matchClose finds the same closing bracket as a character walk', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('{', '}', '(', ')', 'a', '%'), maxLength: 30 }), fc.nat(30), (text, at) => {
        const open = Math.min(at, text.length);
        for (const [o, c] of [['{', '}'], ['(', ')']] as const) {
          expect(matchClose(text, open, o, c)).toBe(referenceMatchClose(text, open, o, c));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('a directive after a lone carriage return inside a script section is still seen, as rpm\'s line reader and `^` do', () => {
    const text = ['Name: a', 'Version: 1', 'Release: 1', '%description', 'd', '%build', 'echo a\r%if 0', '%package sub', 'Summary: s', '%description sub', 'd', '%endif', '%files', ''].join('\n');
    const spec = parseSpec(text, { file: '/v/a.spec', relPath: 'a.spec', arch: 'x86_64' });
    expect(spec.subpackages.map((p) => p.name)).toEqual(['a']);
  });
});
