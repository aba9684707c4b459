// The real targets/*.yaml: every master target with its build.py group, the old names as
// aliases, build.py's implicit pre-reqs and rpm-env wiring, and the *-cached variants.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { targetClosure } from '../../../src/graph/targets.js';
import { loadCatalogue } from '../../../src/targets/load.js';
import { listTargets } from '../../../src/targets/listing.js';
import type { TargetCatalogue, TargetGroup } from '../../../src/targets/types.js';

const MASTER: Readonly<Record<TargetGroup, readonly string[]>> = {
  image: ['iso', 'ami', 'gce', 'azure', 'rpi', 'ova', 'all', 'src-iso', 'ls1012afrwy', 'photon-docker-image', 'k8s-docker-images', 'all-images', 'minimal-iso', 'basic-iso', 'rt-iso'],
  'rpm-build': ['packages', 'packages-minimal', 'packages-basic', 'packages-rt', 'packages-initrd', 'packages-docker', 'updated-packages', 'tool-chain-stage1', 'tool-chain-stage2', 'check-packages', 'ostree-repo', 'generate-yaml-files', 'create-repo', 'distributed-build', 'extra-packages'],
  'build-environment': ['packages-cached', 'sources', 'sources-cached', 'publish-rpms', 'publish-x-rpms', 'publish-rpms-cached', 'publish-x-rpms-cached', 'photon-stage'],
  cleanup: ['clean', 'clean-install', 'clean-chroot', 'clean-stage-rpms', 'clean-stage-for-incremental-build'],
  'tool-checkup': ['check-pre-reqs', 'check-spec-files', 'initialize-constants'],
  utilities: ['generate-dep-lists', 'pkgtree', 'imgtree', 'who-needs', 'print-upward-deps', 'pull-stage-rpms'],
};
const ISO_FAMILY = ['iso', 'minimal-iso', 'basic-iso', 'rt-iso', 'src-iso'];
const RPM_ENV = ['check-pre-reqs', 'photon-stage', 'sources', 'publish-rpms', 'publish-x-rpms', 'check-spec-files', 'generate-dep-lists'];

let catalogue: TargetCatalogue;
beforeAll(async () => {
  catalogue = await loadCatalogue();
});
const closureNames = (name: string): string[] => targetClosure(catalogue, name).map((t) => t.name);

describe('targets/*.yaml', () => {
  it('lists the 52 master targets, each in its build.py group, plus 4.0\'s ova_uefi', () => {
    const listed = listTargets(catalogue);
    expect(listed).toHaveLength(53);
    for (const [group, names] of Object.entries(MASTER)) {
      const extra = group === 'image' ? ['ova_uefi'] : [];
      expect(listed.filter((t) => t.group === group).map((t) => t.name).sort()).toEqual([...names, ...extra].sort());
    }
  });

  it('keeps internal targets out of the 52 and marks them', () => {
    const internal = listTargets(catalogue, { all: true }).filter((t) => t.internal);
    expect(internal.map((t) => t.name)).toContain('rpm-env');
    for (const t of internal) expect(Object.values(MASTER).flat()).not.toContain(t.name);
  });

  it('resolves the names users still type as aliases', () => {
    const expected: Record<string, string> = {
      rpi3: 'rpi',
      check: 'check-packages',
      'install-photon-docker-image': 'photon-docker-image',
      'check-tools': 'check-pre-reqs',
      'check-docker': 'check-pre-reqs',
      'check-docker-service': 'check-pre-reqs',
      'check-docker-py': 'check-pre-reqs',
      'check-bison': 'check-pre-reqs',
      'check-texinfo': 'check-pre-reqs',
      'check-g++': 'check-pre-reqs',
      'check-gawk': 'check-pre-reqs',
      'check-repo-tool': 'check-pre-reqs',
      'check-kpartx': 'check-pre-reqs',
      'check-sanity': 'check-pre-reqs',
      'check-pyopenssl': 'check-pre-reqs',
      'start-docker': 'check-pre-reqs',
    };
    expect(Object.fromEntries(catalogue.aliases)).toEqual(expected);
  });

  it('makes every non-cleanup target reach check-pre-reqs, and no cleanup target', () => {
    for (const t of catalogue.targets.values()) {
      if (t.name === 'check-pre-reqs' || t.name === 'initialize-constants') continue;
      const reaches = closureNames(t.name).includes('check-pre-reqs');
      expect(reaches, t.name).toBe(t.group !== 'cleanup');
    }
  });

  it('starts every target from initialize-constants', () => {
    for (const t of catalogue.targets.values()) expect(closureNames(t.name), t.name).toContain('initialize-constants');
  });

  it('gives rpm-build targets and the iso family the rpm-env prerequisites', () => {
    const rpmBuild = [...catalogue.targets.values()].filter((t) => t.group === 'rpm-build' && t.name !== 'rpm-env').map((t) => t.name);
    for (const name of [...rpmBuild, ...ISO_FAMILY]) {
      const names = closureNames(name);
      for (const prereq of RPM_ENV) expect(names, `${name} needs ${prereq}`).toContain(prereq);
    }
  });

  it('makes every image build the packages it installs', () => {
    for (const t of catalogue.targets.values()) {
      if (t.group !== 'image' || t.steps.length === 0) continue;
      const built = targetClosure(catalogue, t.name).filter((d) => d.steps.includes('build-packages'));
      expect(built.length, t.name).toBeGreaterThan(0);
      const builtLists = new Set(built.flatMap((d) => d.packageLists));
      for (const list of t.packageLists) {
        expect(builtLists.has(list) || builtLists.has('all-specs'), `${t.name} installs ${list}`).toBe(true);
      }
    }
  });

  it('keeps *-cached variants as separate targets chosen by an environment variable', () => {
    const variants = [...catalogue.targets.values()].filter((t) => t.chosenByEnv !== undefined);
    expect(Object.fromEntries(variants.map((t) => [t.name, t.chosenByEnv]))).toEqual({
      'packages-cached': 'PHOTON_CACHE_PATH',
      'sources-cached': 'PHOTON_SOURCES_PATH',
      'publish-rpms-cached': 'PHOTON_PUBLISH_RPMS_PATH',
      'publish-x-rpms-cached': 'PHOTON_PUBLISH_XRPMS_PATH',
    });
    expect(catalogue.targets.get('sources-cached')!.insteadOf).toEqual(['sources']);
  });

  it('fixes the arch of the aarch64-only boards', () => {
    expect(catalogue.targets.get('rpi')!.arch).toBe('aarch64');
    expect(catalogue.targets.get('ls1012afrwy')!.arch).toBe('aarch64');
    expect(catalogue.targets.get('iso')!.arch).toBeUndefined();
  });

  it('names the package lists and artifacts of the images', () => {
    expect(catalogue.targets.get('minimal-iso')!.packageLists).toEqual(['packages_minimal.json', 'packages_installer_initrd.json']);
    expect(catalogue.targets.get('iso')!.packageLists).toEqual(['all-specs']);
    expect(catalogue.targets.get('iso')!.outputs).toContain('photon-{release}-{build}.{arch}.iso');
    for (const t of catalogue.targets.values()) {
      if (t.group === 'image' && t.steps.includes('image')) expect(t.format, t.name).toBeDefined();
    }
  });

  it('records where each target is defined', () => {
    const iso = catalogue.targets.get('iso')!;
    expect(path.basename(iso.file)).toBe('image.yaml');
    expect(iso.line).toBeGreaterThan(1);
  });
});
