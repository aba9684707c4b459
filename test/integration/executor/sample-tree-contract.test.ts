// The sample tree as the rest of photon-build reads it: the project's tree and spec
// loaders accept it, every spec's sources verify, and the lists name real packages.
import { cp, mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { loadTree } from '../../../src/tree/load.js';
import { loadSpecs } from '../../../src/specs/load.js';
import { collectSources } from '../../../src/executor/local-sources.js';
import { SAMPLE_TREE_DIR } from '../../../src/paths.js';

describe('sample tree contract', () => {
  it('loads, parses, and every source matches its sha512', async () => {
    const tree = await loadTree({ dir: SAMPLE_TREE_DIR, env: {}, isSample: true });
    expect(tree.config.distTag).toBe('.ph5');
    expect(tree.config.releaseVersion).toBe('5.0');
    expect(tree.config.toolchainStage1).toEqual(['filesystem', 'glibc']);
    expect(tree.config.toolchainStage2).toEqual(['photon-rpm-macros']);
    const index = await loadSpecs(tree, 'x86_64');
    // the Raspberry Pi boot packages are aarch64-only (ExclusiveArch)
    expect(index.skipped.map((k) => k.relPath).sort()).toEqual(['raspberrypi-firmware/raspberrypi-firmware.spec', 'u-boot-rpi3/u-boot-rpi3.spec']);
    const names = index.specs.map((s) => s.name).sort();
    expect(names).toEqual(['busybox', 'filesystem', 'glibc', 'hello', 'libgreet', 'linux', 'photon-init', 'photon-release', 'photon-repos', 'photon-rpm-macros', 'sample-tools']);
    let verified = 0;
    for (const spec of index.specs) {
      expect(spec.release).toBe('1.ph5');
      for (const s of spec.sources) {
        expect(s.checksum?.algorithm, `${spec.name} ${s.basename}`).toBe('sha512');
        verified++;
      }
      await collectSources(spec, { treeDir: SAMPLE_TREE_DIR });
    }
    expect(verified).toBe(3);
    const tools = index.specs.find((s) => s.name === 'sample-tools')!;
    expect(tools.subpackages.map((p) => p.name)).toEqual(['sample-tools', 'sample-tools-libs', 'sample-tools-devel', 'sample-tools-doc']);
    expect(tools.subpackages.find((p) => p.name === 'sample-tools-doc')?.buildArch).toBe('noarch');
    const hello = index.specs.find((s) => s.name === 'hello')!;
    expect(hello.buildRequires.map((d) => d.name)).toEqual(['libgreet-devel']);

    const rpmNames = new Set(index.specs.flatMap((s) => s.subpackages.filter((p) => p.hasFiles).map((p) => p.name)));
    for (const list of tree.packageLists.values()) {
      for (const pkg of list.packages) expect(rpmNames.has(pkg), `${list.name}: ${pkg}`).toBe(true);
    }
    for (const required of ['packages_minimal', 'packages_installer_initrd', 'packages_full', 'packages_ova', 'packages_rpi', 'packages_rt', 'packages_basic', 'packages_ami', 'packages_gce', 'packages_azure']) {
      expect(tree.packageLists.has(required), required).toBe(true);
    }
  });

  it('tools/make-sources.sh regenerates SOURCES/ byte for byte', async () => {
    const copy = await mkdtemp(path.join(os.tmpdir(), 'pb-test-executor-sources-'));
    try {
      await cp(path.join(SAMPLE_TREE_DIR, 'tools'), path.join(copy, 'tools'), { recursive: true });
      await mkdir(path.join(copy, 'SOURCES'));
      await execa('sh', [path.join(copy, 'tools', 'make-sources.sh')]);
      const names = (await readdir(path.join(SAMPLE_TREE_DIR, 'SOURCES'))).sort();
      expect((await readdir(path.join(copy, 'SOURCES'))).sort()).toEqual(names);
      for (const n of names) {
        const a = await readFile(path.join(SAMPLE_TREE_DIR, 'SOURCES', n));
        const b = await readFile(path.join(copy, 'SOURCES', n));
        expect(b.equals(a), n).toBe(true);
      }
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });
});
