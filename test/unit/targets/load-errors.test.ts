// Bad targets/*.yaml input: each case is one PhotonBuildError('target-definition') naming
// the file, line and key path, printed on one line, exit code 2.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PhotonBuildError } from '../../../src/errors.js';
import { loadCatalogue } from '../../../src/targets/load.js';

const FIXTURES = path.resolve(import.meta.dirname, '../../fixtures/targets');

async function loadError(fixture: string): Promise<PhotonBuildError> {
  const error = await loadCatalogue(path.join(FIXTURES, fixture)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PhotonBuildError);
  const pbe = error as PhotonBuildError;
  expect(pbe.reason).toBe('target-definition');
  expect(pbe.exitCode).toBe(2);
  expect(pbe.oneLine()).not.toContain('\n');
  return pbe;
}

describe('loadCatalogue rejects bad definitions', () => {
  const cases: readonly {
    fixture: string;
    file: string;
    line: number;
    key: string;
    message: RegExp;
  }[] = [
    { fixture: 'unknown-key', file: 'a.yaml', line: 9, key: 'targets[1].depend-on', message: /unknown key 'depend-on'/ },
    { fixture: 'cycle', file: 'a.yaml', line: 5, key: 'targets[0].depends-on[0]', message: /cycle: alpha -> beta -> gamma -> alpha/ },
    { fixture: 'self-cycle', file: 'a.yaml', line: 5, key: 'targets[0].depends-on[0]', message: /cycle: alpha -> alpha/ },
    { fixture: 'after-cycle', file: 'a.yaml', line: 5, key: 'targets[0].depends-on[0]', message: /cycle: alpha -> beta -> alpha/ },
    { fixture: 'dangling', file: 'a.yaml', line: 5, key: 'targets[0].depends-on[1]', message: /unknown target 'pakages'/ },
    { fixture: 'alias-reference', file: 'a.yaml', line: 10, key: 'targets[1].depends-on[0]', message: /'rpi3' is an alias, use 'rpi'/ },
    { fixture: 'duplicate-name', file: 'b.yaml', line: 7, key: 'targets[1].name', message: /duplicate target name 'iso' \(first defined at .*a\.yaml:3\)/ },
    { fixture: 'alias-is-name', file: 'a.yaml', line: 10, key: 'targets[1].aliases[1]', message: /alias 'iso' is already a target name/ },
    { fixture: 'duplicate-alias', file: 'a.yaml', line: 11, key: 'targets[1].aliases[1]', message: /alias 'rpi3' is already an alias of 'rpi'/ },
    { fixture: 'unknown-step', file: 'a.yaml', line: 6, key: 'targets[0].steps[1]', message: /unknown step kind 'imag'/ },
    { fixture: 'wrong-type', file: 'a.yaml', line: 5, key: 'targets[0].depends-on', message: /expected a list of strings, got string "packages"/ },
    { fixture: 'missing-key', file: 'a.yaml', line: 3, key: 'targets[0].description', message: /missing key 'description'/ },
    { fixture: 'unknown-group', file: 'a.yaml', line: 1, key: 'group', message: /unknown group 'images'/ },
  ];

  for (const c of cases) {
    it(`${c.fixture}: ${c.key}`, async () => {
      const error = await loadError(c.fixture);
      const file = path.join(FIXTURES, c.fixture, c.file);
      expect(error.location).toEqual({ file, line: c.line, key: c.key });
      expect(error.message).toMatch(c.message);
      expect(error.oneLine()).toBe(`${file}:${c.line}: ${c.key}: ${error.message}`);
    });
  }

  it('bad-yaml: a YAML syntax error names the file and line', async () => {
    const error = await loadError('bad-yaml');
    expect(error.location?.file).toBe(path.join(FIXTURES, 'bad-yaml', 'a.yaml'));
    expect(error.location?.line).toBeGreaterThanOrEqual(4);
    expect(error.message).toMatch(/^invalid YAML: /);
  });

  it('a directory without target files is an error', async () => {
    const error = await loadError('../../fixtures/targets');
    expect(error.message).toMatch(/no \*\.yaml target files/);
  });

  it('a missing directory is an error, not a crash', async () => {
    const error = await loadError('does-not-exist');
    expect(error.message).toMatch(/cannot read the targets directory/);
  });
});
