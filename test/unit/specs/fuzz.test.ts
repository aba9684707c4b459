import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../../src/specs/parse.js';
import { PhotonBuildError } from '../../../src/errors.js';

const HEADER = 'Name: fuzz\nVersion: 1\nRelease: 1\n';

const piece = fc.constantFrom(
  '%{', '}', '%(', ')', '%[', ']', '%%', '%', '%{?', '%{!?', '%{!', ':', '%{expand:', '%{lua:', '%a', '%b', '%{a}', '%{b}',
  '%define a %{b}', '%define b %{a}', '%global a %{a}x', '%define f() %1 %{f}', '%undefine a', '%if ', '%if 1', '%if 0',
  '%else', '%endif', '%elif 1', '%ifarch x86_64', '%ifnarch %{ix86}', '%package -n p', '%package x', '%files', '%description',
  '%include x', 'Requires: ', 'BuildRequires: (', ' or ', ' and ', ' >= ', '1.0', ',', 'Source0: s', '%define sha512 s=ab',
  '%{?a:%{b}}', '%{!?a:%{a}}', '"', '&&', '||', '!', '(', '==', '\\', '\n', ' ', 'x', 'Name: other',
);

const soup = fc.array(piece, { maxLength: 60 }).map((parts) => parts.join(''));

function parse(text: string): unknown {
  return parseSpec(text, { file: '/fuzz/f.spec', relPath: 'f.spec', arch: 'x86_64', readInclude: () => '%include x\n' });
}

function onlyPhotonErrors(text: string): void {
  try {
    parse(text);
  } catch (e) {
    if (!(e instanceof PhotonBuildError)) throw e;
    expect(e.oneLine()).not.toContain('\n');
  }
}

describe('parseSpec never throws anything but PhotonBuildError and always terminates', () => {
  it('random macro soups', () => {
    fc.assert(fc.property(soup, (s) => onlyPhotonErrors(HEADER + s)), { numRuns: 400 });
  });

  it('random line soups', () => {
    fc.assert(fc.property(fc.array(soup, { maxLength: 30 }), (lines) => onlyPhotonErrors(HEADER + lines.join('\n'))), { numRuns: 300 });
  });

  it('deep nesting of braces and conditionals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), (depth) => {
        onlyPhotonErrors(HEADER + 'Requires: ' + '%{?a:'.repeat(depth) + 'x' + '}'.repeat(depth) + '\n');
        onlyPhotonErrors(HEADER + '%if 1\n'.repeat(depth) + 'Requires: y\n' + '%endif\n'.repeat(depth));
      }),
      { numRuns: 40 },
    );
  });

  it('self-referencing and exponential macros end in a spec-syntax error', () => {
    const loop = `%define a %{a}\n${HEADER}Requires: %{a}\n`;
    expect(() => parse(loop)).toThrow(PhotonBuildError);
    const defs = Array.from({ length: 40 }, (_, i) => `%define m${i} %{m${i + 1}}%{m${i + 1}}`).join('\n');
    const bomb = `${defs}\n%define m40 x\n${HEADER}Requires: %{m0}\n`;
    let error: unknown;
    try {
      parse(bomb);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PhotonBuildError);
    expect((error as PhotonBuildError).reason).toBe('spec-syntax');
  });

  it('self-including files stop at the include depth limit', () => {
    const text = `${HEADER}%include x\n`;
    expect(() => parse(text)).toThrow(/nested too deeply/);
  });
});
