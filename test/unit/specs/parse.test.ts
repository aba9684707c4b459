import { describe, expect, it } from 'vitest';
import { parseSpec } from '../../../src/specs/parse.js';
import { PhotonBuildError } from '../../../src/errors.js';
import { names, parseFixture } from './helpers.js';

describe('parseSpec macros', () => {
  const spec = parseFixture('macros.spec', { packageMacros: new Map([['macros', ['hello_flavour blue']]]) });
  const req = names(spec.subpackages[0]!.requires);

  it('expands %define/%global (multi-word) and Version from macros', () => {
    expect(spec.version).toBe('3.14');
    expect(spec.release).toBe('1.ph5');
    expect(names(spec.subpackages[0]!.provides)).toEqual(['a', 'value', 'with', 'several', 'words']);
  });

  it('handles %{?x} %{?x:y} %{!?x:y} and bare %x like rpm', () => {
    expect(req).toContain('a-3');
    expect(req).toContain('b');
    expect(req).toContain('c-set');
    expect(req).toContain('d-unset');
    expect(req).toContain('e-x');
    expect(req).toContain('f-3');
  });

  it('%undefine removes a macro', () => {
    expect(req).toContain('g-gone');
  });

  it('%{expand:} re-expands, %(shell) and %{lua:} yield nothing, string built-ins work', () => {
    expect(req).toContain('h-3');
    expect(req).toContain('i-end');
    expect(req).toContain('j-/a/b-y.tar');
    expect(req).toContain('k-z');
  });

  it('defines rpm built-ins per arch (_libdir is /usr/lib64)', () => {
    expect(req).toContain('l-x86_64-/usr/lib64-/usr-/usr/bin-/etc');
    const arm = parseFixture('macros.spec', { arch: 'aarch64' });
    expect(names(arm.subpackages[0]!.requires)).toContain('l-aarch64-/usr/lib64-/usr-/usr/bin-/etc');
  });

  it('%{!x:y} with x defined yields x (rpm), not y (build.py master)', () => {
    expect(req).toContain('m-3');
  });

  it('uses Photon macros and pkg_build_options macros of the package', () => {
    expect(req).toContain('n-0-5.0');
    expect(req).toContain('o-blue');
  });

  it('ignores function-like macro definitions safely', () => {
    expect(() => parseFixture('macros.spec')).not.toThrow();
  });
});

describe('parseSpec conditionals', () => {
  const br = (arch: string, withCheck = '0') => names(parseFixture('conditionals.spec', { arch, macros: [['with_check', withCheck]] }).buildRequires);

  it('evaluates %if/%elif/%else with numbers, strings, && || ! and parentheses', () => {
    const x = br('x86_64');
    expect(x).toEqual(['no-check', 'on-x86', 'logic-ok', 'compare-ok', 'multi-arch', 'not-ix86', 'not-arm', 'outer-else', 'alive-ok']);
  });

  it('follows %ifarch/%ifnarch per arch', () => {
    const a = br('aarch64');
    expect(a).toContain('on-arm');
    expect(a).toContain('multi-arch');
    expect(a).not.toContain('not-arm');
  });

  it('includes check-only BuildRequires only with with_check=1', () => {
    expect(br('x86_64', '1')).toContain('check-only');
    expect(br('x86_64', '1')).toContain('wrong-else');
    expect(br('x86_64', '0')).not.toContain('check-only');
  });
});

describe('parseSpec structure', () => {
  it('follows %include relative to the spec dir, including %include %{SOURCE1}', () => {
    const spec = parseFixture('include.spec');
    expect(names(spec.buildRequires)).toEqual(['from-include']);
    expect(names(spec.subpackages[0]!.requires)).toEqual(['plain-42']);
    expect(spec.includes?.map((f) => f.split('/').pop())).toEqual(['include-extra.inc', 'include-plain.inc']);
  });

  it('reads subpackages (-n, suffix), inheritance, %files and BuildArch', () => {
    const spec = parseFixture('subpackages.spec');
    expect(spec.subpackages.map((s) => s.name)).toEqual(['subs', 'subs-devel', 'python3-subs', 'subs-nofiles']);
    const devel = spec.subpackages[1]!;
    expect(devel.version).toBe('1.2');
    expect(devel.release).toBe('3.ph5');
    expect(devel.epoch).toBe(2);
    expect(devel.buildArch).toBe('noarch');
    expect(devel.requires[0]).toMatchObject({ name: 'subs', op: '=', version: '2:1.2-3.ph5' });
    expect(devel.provides[0]).toMatchObject({ name: 'subs-headers', op: '=', version: '1.2' });
    expect(devel.files).toEqual(['/etc/subs.conf', '/usr/include/subs', '/usr/include/subs.h']);
    expect(spec.subpackages[3]!.hasFiles).toBe(false);
    expect(spec.hasCheck).toBe(true);
  });

  it('parses deps: commas, versions, Requires(qualifiers), rich deps, file deps', () => {
    const spec = parseFixture('subpackages.spec');
    expect(spec.buildRequires.slice(0, 2)).toMatchObject([{ name: 'gcc', op: '>=', version: '12' }, { name: 'make' }]);
    const rich = spec.buildRequires[2]!;
    expect(rich.alternatives?.map((a) => a.name)).toEqual(['python3-devel', 'python3-minimal']);
    expect(rich.rich).toBe('(python3-devel or python3-minimal)');
    const main = spec.subpackages[0]!;
    const useradd = main.requires.find((d) => d.name === '/usr/sbin/useradd');
    expect(useradd).toMatchObject({ isFile: true, qualifier: 'pre' });
    expect(main.requires.find((d) => d.name === 'coreutils')?.qualifier).toBe('post,postun');
    expect(names(main.requires)).toEqual(expect.arrayContaining(['openjdk11-jre', 'foo', 'bar', 'baz', 'ver']));
    expect(main.requires.find((d) => d.name === 'baz')?.conditional).toBe(true);
    expect(main.requires.find((d) => d.name === 'ver')).toMatchObject({ op: '>=', version: '1:2.0-1' });
    expect(names(main.obsoletes)).toEqual(['oldsubs']);
    expect(names(main.conflicts)).toEqual(['enemy']);
  });

  it('adds the scriptlet interpreters rpm requires (/bin/sh, -p prog)', () => {
    const main = parseFixture('subpackages.spec').subpackages[0]!;
    const interp = main.requires.filter((d) => d.qualifier === 'interp').map((d) => d.name);
    expect(interp).toEqual(['/bin/sh', '/sbin/ldconfig']);
  });

  it('numbers sources and patches (unnumbered = 0) and attaches sha defines by basename prefix', () => {
    const spec = parseFixture('sources.spec');
    expect(spec.sources.map((s) => [s.index, s.basename, s.checksum?.algorithm, s.checksum?.hex])).toEqual([
      [0, 'srcs-2.0.tar.gz', 'sha512', '0123abcd'],
      [1, 'extra-data-1.zip', 'sha256', 'ffee'],
      [7, 'local.conf', undefined, undefined],
    ]);
    expect(spec.patches.map((p) => [p.index, p.basename])).toEqual([
      [0, 'first.patch'],
      [3, 'third.patch'],
    ]);
  });

  it('records ExclusiveArch', () => {
    expect(parseFixture('exclusive.spec').exclusiveArch).toEqual(['aarch64']);
  });

  it('reparses BuildArch: noarch specs with %_target_cpu noarch, as rpm does', () => {
    const text = 'Name: n\nVersion: 1\nRelease: 1\nBuildArch: noarch\n%ifarch x86_64\nRequires: only-x86\n%endif\n%description\nd\n%files\n';
    const spec = parseSpec(text, { file: '/t/n.spec', relPath: 'n.spec', arch: 'x86_64' });
    expect(spec.subpackages[0]!.requires).toEqual([]);
  });
});

describe('parseSpec errors', () => {
  const error = (name: string): PhotonBuildError => {
    try {
      parseFixture(`bad/${name}`);
    } catch (e) {
      if (e instanceof PhotonBuildError) return e;
      throw e;
    }
    throw new Error('expected an error');
  };

  it.each([
    ['unterminated-if.spec', 'unterminated %if', 4],
    ['else-without-if.spec', '%else without %if', 4],
    ['missing-version.spec', 'missing Version', 1],
    ['macro-loop.spec', 'recursion depth', 4],
    ['bad-expression.spec', "bad %if expression '(1'", 4],
  ])('%s: one-line spec-syntax error with file and line', (name, message, line) => {
    const e = error(name);
    expect(e.reason).toBe('spec-syntax');
    expect(e.message).toContain(message);
    expect(e.location?.file).toMatch(new RegExp(`bad/${name.replace('.', '\\.')}$`));
    expect(e.location?.line).toBe(line);
    expect(e.oneLine()).not.toContain('\n');
  });
});
