// Every kind of input that can change an rpm step's output changes its cache key, and
// things that cannot (a macro the spec never mentions, a file elsewhere) do not.
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cacheKey } from '../../../src/cache/fingerprint.js';
import { stepInputs } from '../../../src/plan/inputs.js';
import type { InputContext } from '../../../src/plan/inputs.js';
import type { PlanStep } from '../../../src/plan/types.js';
import type { PackageSpec, SourceEntry } from '../../../src/specs/types.js';

let dir: string;
let specFile: string;
const SPEC = 'Name: hello\nVersion: 1.0\nRelease: 1%{?dist}\nSource0: hello-1.0.tar.gz\n%build\nmake\n';

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pb-inputs-'));
  await mkdir(path.join(dir, 'SPECS', 'hello'), { recursive: true });
  await mkdir(path.join(dir, 'SOURCES'));
  specFile = path.join(dir, 'SPECS', 'hello', 'hello.spec');
  await writeFile(specFile, SPEC);
  await writeFile(path.join(dir, 'SOURCES', 'hello-1.0.tar.gz'), 'tarball v1');
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

function step(sources: readonly SourceEntry[] = [{ kind: 'source', index: 0, value: 'hello-1.0.tar.gz', basename: 'hello-1.0.tar.gz', line: 4 }], deps: string[] = ['rpm:libgreet-1.0-1.ph5']): PlanStep {
  const spec: PackageSpec = {
    file: specFile, relPath: 'hello/hello.spec', name: 'hello', version: '1.0', release: '1.ph5', buildArch: 'x86_64',
    buildRequires: [], subpackages: [], sources, patches: [], hasCheck: false, arch: 'x86_64',
  };
  return { id: 'rpm:hello-1.0-1.ph5', kind: 'rpm', spec, specKey: 'hello-1.0-1.ph5', stage: 'packages', deps, target: 'packages', description: '' };
}

function ctx(over: Partial<InputContext> = {}): InputContext {
  return {
    imageId: 'sha256:image1', arch: 'x86_64', macros: { dist: '.ph5', photon_build_number: 'abc1234', with_check: '0' },
    buildSrcRpm: false, releaseVersion: '5.0', buildNumber: 'abc1234', depDigest: () => 'dep-digest-1',
    sourceDirs: [path.join(dir, 'SOURCES')], stageDir: path.join(dir, 'stage'), stageRpms: async () => [], ...over,
  };
}

const key = async (s: PlanStep, c: InputContext): Promise<string> => cacheKey(await stepInputs(s, c));

describe('rpm step cache key', () => {
  it('is stable for the same inputs', async () => {
    expect(await key(step(), ctx())).toBe(await key(step(), ctx()));
  });

  it('changes with the spec text', async () => {
    const before = await key(step(), ctx());
    await writeFile(specFile, SPEC.replace('make', 'make V=1'));
    expect(await key(step(), ctx())).not.toBe(before);
  });

  it('changes with a patch or any other file next to the spec', async () => {
    const before = await key(step(), ctx());
    await writeFile(path.join(dir, 'SPECS', 'hello', 'fix.patch'), '--- a\n+++ b\n');
    const withPatch = await key(step(), ctx());
    expect(withPatch).not.toBe(before);
    await writeFile(path.join(dir, 'SPECS', 'hello', 'fix.patch'), '--- a\n+++ c\n');
    expect(await key(step(), ctx())).not.toBe(withPatch);
  });

  it('changes with the bytes of a local source, or with a pinned source checksum', async () => {
    const before = await key(step(), ctx());
    await writeFile(path.join(dir, 'SOURCES', 'hello-1.0.tar.gz'), 'tarball v2');
    expect(await key(step(), ctx())).not.toBe(before);
    const pinned = (hex: string): SourceEntry[] => [{ kind: 'source', index: 0, value: 'hello-1.0.tar.gz', basename: 'hello-1.0.tar.gz', line: 4, checksum: { algorithm: 'sha512', hex } }];
    expect(await key(step(pinned('aa')), ctx())).not.toBe(await key(step(pinned('bb')), ctx()));
  });

  it('changes with a macro the spec uses, not with one it never mentions', async () => {
    const base = await key(step(), ctx());
    expect(await key(step(), ctx({ macros: { dist: '.ph6', photon_build_number: 'abc1234', with_check: '0' } }))).not.toBe(base);
    // the spec never says %{photon_build_number} or %{with_check}: a new commit changes nothing
    expect(await key(step(), ctx({ macros: { dist: '.ph5', photon_build_number: 'fff9999', with_check: '1' } }))).toBe(base);
  });

  it('changes with the builder image, the arch, -ba vs -bb, and a build-root dependency output', async () => {
    const base = await key(step(), ctx());
    expect(await key(step(), ctx({ imageId: 'sha256:image2' }))).not.toBe(base);
    expect(await key(step(), ctx({ arch: 'aarch64' }))).not.toBe(base);
    expect(await key(step(), ctx({ buildSrcRpm: true }))).not.toBe(base);
    expect(await key(step(), ctx({ depDigest: () => 'dep-digest-2' }))).not.toBe(base);
  });

  it('does not change with the release or build number (images use those, packages do not)', async () => {
    const base = await key(step(), ctx());
    expect(await key(step(), ctx({ releaseVersion: '6.0', buildNumber: 'zzz' }))).toBe(base);
  });
});
