import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../../src/specs/parse.js';
import { PhotonBuildError } from '../../../src/errors.js';
import { splitHeader } from '../../../src/specs/header-line.js';
import { parseDependencies } from '../../../src/specs/deps.js';

const parse = (body: string) =>
  parseSpec(`Name: m\nVersion: 1\nRelease: 1\n${body}\n%description\nd\n`, { file: '/virtual/m.spec', relPath: 'm.spec', arch: 'x86_64' });

const requires = (body: string) => parse(body).subpackages[0]!.requires.map((d) => d.name);

describe('memoised macro expansion', () => {
  it('sees a redefinition of a macro the memoised body uses', () => {
    // %define pushes and %undefine pops (rpm), so the last one is back to "one"; then gone.
    const req = requires(['%define inner one', '%define outer x-%{inner}', 'Requires: %{outer}', '%define inner two', 'Requires: %{outer} %outer', '%undefine inner', 'Requires: %{outer}', '%undefine inner', 'Requires: %{outer}'].join('\n'));
    expect(req).toEqual(['x-one', 'x-two', 'x-two', 'x-one', 'x-%{inner}']);
  });

  it('does not reuse an expansion that defines macros or calls a function macro', () => {
    const req = requires(['%define f() f-%1', '%define twice %{f a}%{f b}', 'Requires: %{twice} %{twice}', '%define bump %{global n 1}n%{n}', 'Requires: %{bump}'].join('\n'));
    expect(req).toEqual(['f-af-b', 'f-af-b', 'n1']);
  });

  it('still charges the expansion budget on every reuse', () => {
    // Each %{big} costs ~1000 calls; a million calls must still be refused.
    const lines = ['%define a x', '%define b %{a}%{a}%{a}%{a}%{a}%{a}%{a}%{a}%{a}%{a}', '%define c %{b}%{b}%{b}%{b}%{b}%{b}%{b}%{b}%{b}%{b}', '%define big %{c}%{c}%{c}%{c}%{c}%{c}%{c}%{c}%{c}%{c}'];
    for (let i = 0; i < 2100; i++) lines.push('Provides: %{big}');
    let error: unknown;
    try {
      parse(lines.join('\n'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PhotonBuildError);
    expect((error as PhotonBuildError).message).toContain('macro expansion too large');
  });

  it('keeps the depth limit for a memoised body reused deeper down', () => {
    // A chain 60 deep is fine at the top; reached through 10 more levels it passes rpm's 64.
    const chain = Array.from({ length: 60 }, (_, i) => `%define l${i} %{l${i + 1}}`).concat('%define l60 end');
    expect(requires([...chain, 'Requires: %{l0}'].join('\n'))).toEqual(['end']);
    const wrap = Array.from({ length: 10 }, (_, i) => `%define w${i} %{w${i + 1}}`).concat('%define w10 %{l0}');
    expect(() => parse([...chain, ...wrap, 'Requires: %{l0}', 'Requires: %{w0}'].join('\n'))).toThrow(/recursion depth/);
  });
});

describe('header and dependency scanners', () => {
  it('split Tag(qualifier): value like the pattern they replace', () => {
    expect(splitHeader('Requires(post):  /bin/sh')).toEqual({ tag: 'Requires', qualifier: 'post', value: '/bin/sh' });
    expect(splitHeader('Name : x ')).toEqual({ tag: 'Name', qualifier: undefined, value: 'x ' });
    expect(splitHeader('Requires(post: x')).toBeUndefined();
    expect(splitHeader('1Name: x')).toBeUndefined();
    expect(splitHeader('Name: a\rb')).toBeUndefined();
    expect(splitHeader('Name x')).toBeUndefined();
  });

  it('read names, operators and versions separated by blanks or commas', () => {
    // "=2" is one word: the operator is taken from it and the next word is the version.
    const deps = parseDependencies('a >= 1.2, b,c = 2 /bin/sh d <= 3', { line: 7, qualifier: 'pre' });
    expect(deps.map((d) => [d.name, d.op, d.version, d.isFile])).toEqual([
      ['a', '>=', '1.2', undefined],
      ['b', undefined, undefined, undefined],
      ['c', '=', '2', undefined],
      ['/bin/sh', undefined, undefined, true],
      ['d', '<=', '3', undefined],
    ]);
    expect(Object.keys(deps[0]!)).toEqual(['name', 'op', 'version', 'line', 'qualifier']);
    expect(parseDependencies('x =2 y', { line: 1 }).map((d) => [d.name, d.op, d.version])).toEqual([['x', '=', 'y']]);
  });
});
