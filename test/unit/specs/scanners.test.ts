// The spec scanners are written for a cold process (native regexp tests and indexOf, no
// per-character loops); these properties pin them to their reference definitions on
// arbitrary text, including the characters each one treats specially.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitHeader } from '../../../src/specs/header-line.js';
import { matchClose } from '../../../src/specs/line-scan.js';
import { parseSpec } from '../../../src/specs/parse.js';
import { filesEntry, isSectionWord, sectionOf } from '../../../src/specs/sections.js';

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

/** sectionOf's definition (as it was written with the regexp). */
function referenceSectionOf(line: string): { keyword: string; args: string[] } | undefined {
  const m = /^%([a-z_]+)(?=\s|$)(.*)$/.exec(line);
  if (!m) return undefined;
  const dd = m[2]!.indexOf(' -- ');
  return { keyword: m[1]!, args: (dd >= 0 ? m[2]!.slice(0, dd) : m[2]!).split(/\s+/).filter(Boolean) };
}

/** filesEntry's definition (as it was written with the regexp). */
function referenceFilesEntry(line: string): string | undefined {
  let rest = line.trim();
  while (rest.startsWith('%')) {
    const m = /^%([a-z_]+)(\([^)]*\))?\s*/.exec(rest);
    if (!m) break;
    if (m[1] === 'exclude' || m[1] === 'defattr') return undefined;
    rest = rest.slice(m[0].length);
  }
  const end = rest.search(/\s/);
  const path = end < 0 ? rest : rest.slice(0, end);
  if (!path.startsWith('/') || /[*?[\]{}%]/.test(path)) return undefined;
  return path.replace(/\/+$/, '') || '/';
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

  it('sectionOf accepts exactly the section lines its pattern does', () => {
    const words = fc.constantFrom('%files', '%package', '%post', '%description', '%build', '%filesx', '%', '%Files', '%pre_');
    const tail = fc.string({ unit: fc.constantFrom(' ', '\t', '-n', 'x', '--', '\n', '\r', '\u00a0', 'y'), maxLength: 12 });
    fc.assert(
      fc.property(words, tail, (word, rest) => {
        const got = sectionOf(word + rest);
        const want = referenceSectionOf(word + rest);
        expect(got && { keyword: got.keyword, args: [...got.args] }).toEqual(want && isSectionWord(want.keyword) ? want : undefined);
      }),
      { numRuns: 3000 },
    );
  });

  it('filesEntry strips directives and keeps literal paths exactly as its pattern does', () => {
    const unit = fc.constantFrom('%dir', '%config', '(noreplace)', '(', ')', '%attr(0644,root,root)', '%exclude', '%defattr(-,root,root)', ' ', '\t', '/usr', '/bin/sh', '*', '%{x}', 'a', '/');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 6 }), (parts) => {
        const line = parts.join('');
        expect(filesEntry(line)).toBe(referenceFilesEntry(line));
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
