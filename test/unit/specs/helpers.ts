import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSpec, type ParseSpecOptions } from '../../../src/specs/parse.js';
import type { PackageSpec } from '../../../src/specs/types.js';

export const SPEC_FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/specs');

export function parseFixture(name: string, opts: Partial<ParseSpecOptions> = {}): PackageSpec {
  const file = path.join(SPEC_FIXTURES, name);
  return parseSpec(readFileSync(file, 'utf8'), {
    file,
    relPath: name,
    arch: 'x86_64',
    macros: [['dist', '.ph5'], ['with_check', '0'], ['photon_release_version', '5.0']],
    readInclude: (f) => readFileSync(f, 'utf8'),
    ...opts,
  });
}

export function names(deps: readonly { readonly name: string }[]): string[] {
  return deps.map((d) => d.name);
}
