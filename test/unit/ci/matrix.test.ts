// computeMatrix on the real targets/*.yaml: which (target, arch) jobs exist, the package
// stage each shares, what is skipped and why, and the usage errors.
import { beforeAll, describe, expect, it } from 'vitest';
import { computeMatrix, parseArches } from '../../../src/ci/matrix.js';
import { PhotonBuildError } from '../../../src/errors.js';
import { unsupportedImage } from '../../../src/plan/build-plan.js';
import { loadCatalogue } from '../../../src/targets/load.js';
import type { TargetCatalogue } from '../../../src/targets/types.js';

const BOTH = ['x86_64', 'aarch64'];
let catalogue: TargetCatalogue;
beforeAll(async () => {
  catalogue = await loadCatalogue();
});

const jobs = (names: string[], arches = BOTH): string[] => computeMatrix(catalogue, names, arches).include.map((e) => `${e.target}/${e.arch}`);
const stageOf = (name: string): string => computeMatrix(catalogue, [name], ['x86_64']).include[0]!.packages;

function thrown(fn: () => unknown): PhotonBuildError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(PhotonBuildError);
    return error as PhotonBuildError;
  }
  throw new Error('expected a PhotonBuildError');
}

describe('computeMatrix', () => {
  it('gives targets without an arch a job on every arch and arch-fixed targets only theirs (rpi3 → rpi on aarch64)', () => {
    const m = computeMatrix(catalogue, ['iso', 'ova', 'rpi3', 'ls1012afrwy'], BOTH);
    expect(m.include.map((e) => `${e.target}/${e.arch}`).filter((j) => j.endsWith('x86_64'))).toEqual(['iso/x86_64', 'ova/x86_64']);
    expect(m.skipped.filter((s) => s.arch === 'x86_64')).toEqual([
      { target: 'rpi', arch: 'x86_64', reason: 'rpi builds only for aarch64' },
      { target: 'ls1012afrwy', arch: 'x86_64', reason: 'ls1012afrwy builds only for aarch64' },
    ]);
    expect(m.include.map((e) => `${e.target}/${e.arch}`).filter((j) => j.endsWith('aarch64')).slice(0, 2)).toEqual(['iso/aarch64', 'ova/aarch64']);
  });

  it('skips the formats the planner refuses, with its reason, and runs them once implemented', () => {
    const m = computeMatrix(catalogue, ['rpi', 'k8s-docker-images'], BOTH);
    for (const name of ['rpi', 'k8s-docker-images']) {
      const why = unsupportedImage(catalogue.targets.get(name)!);
      const arches = name === 'rpi' ? ['aarch64'] : BOTH;
      for (const arch of arches) {
        if (why === undefined) expect(m.include).toContainEqual(expect.objectContaining({ target: name, arch }));
        else expect(m.skipped).toContainEqual({ target: name, arch, reason: `${name}: ${why}` });
      }
    }
    expect(m.skipped).toContainEqual({ target: 'rpi', arch: 'x86_64', reason: 'rpi builds only for aarch64' });
  });

  it('names the package stage each job shares: the rpm-build targets that build every list it builds or installs', () => {
    expect(stageOf('iso')).toBe('packages');
    expect(stageOf('photon-docker-image')).toBe('packages');
    expect(stageOf('src-iso')).toBe('packages-minimal');
    // The installer initrd is not in packages_minimal.json or packages_ova.json, so its
    // rpm-build target joins the stage.
    expect(stageOf('minimal-iso')).toBe('packages-minimal+packages-initrd');
    expect(stageOf('ova_uefi')).toBe('packages-ova+packages-initrd');
    expect(computeMatrix(catalogue, ['ami'], ['aarch64']).include[0]).toEqual({
      target: 'ami',
      arch: 'aarch64',
      packages: 'packages-ami+packages-initrd',
      packageTargets: ['packages-ami', 'packages-initrd'],
      lists: ['packages_ami.json', 'packages_installer_initrd.json'],
    });
    expect(computeMatrix(catalogue, ['ova'], ['x86_64']).include[0]!.lists).toEqual(['packages_installer_initrd.json', 'packages_ova.json']);
  });

  it('a package target is its own stage', () => {
    expect(stageOf('packages')).toBe('packages');
    expect(stageOf('packages-minimal')).toBe('packages-minimal');
    expect(stageOf('extra-packages')).toBe('extra-packages');
  });

  it('lists each package stage once per arch, in first-use order', () => {
    const m = computeMatrix(catalogue, ['iso', 'photon-docker-image', 'ova', 'minimal-iso'], BOTH);
    expect(m.packageStages.map((s) => `${s.packages}/${s.arch}`)).toEqual([
      'packages/x86_64',
      'packages/aarch64',
      'packages-ova+packages-initrd/x86_64',
      'packages-ova+packages-initrd/aarch64',
      'packages-minimal+packages-initrd/x86_64',
      'packages-minimal+packages-initrd/aarch64',
    ]);
    expect(m.packageStages[2]!.packageTargets).toEqual(['packages-ova', 'packages-initrd']);
  });

  it('expands aggregates into their images and drops repeats', () => {
    expect(jobs(['all-images', 'ova', 'ova_uefi', 'ova'], ['x86_64'])).toEqual(['ami/x86_64', 'gce/x86_64', 'azure/x86_64', 'ova/x86_64', 'ova_uefi/x86_64']);
    const all = computeMatrix(catalogue, ['all'], BOTH);
    const images = ['iso', 'photon-docker-image', 'k8s-docker-images', 'ami', 'gce', 'azure', 'ova', 'src-iso', 'minimal-iso', 'basic-iso', 'rt-iso', 'rpi', 'ls1012afrwy'];
    const considered = [...all.include, ...all.skipped].map((e) => e.target);
    expect(new Set(considered)).toEqual(new Set(images));
    // each (target, arch) once, either a job or skipped
    expect(considered).toHaveLength(images.length * 2);
  });

  it('skips targets that build neither packages nor images, with the reason', () => {
    const m = computeMatrix(catalogue, ['clean', 'iso'], ['x86_64']);
    expect(m.include.map((e) => e.target)).toEqual(['iso']);
    expect(m.skipped).toEqual([{ target: 'clean', arch: 'x86_64', reason: 'clean builds neither packages nor images' }]);
  });

  it('an unknown target is an unknown-target error (exit 2) with suggestions', () => {
    const e = thrown(() => computeMatrix(catalogue, ['iso', 'isso'], BOTH));
    expect(e.reason).toBe('unknown-target');
    expect(e.exitCode).toBe(2);
    expect(e.oneLine()).toMatch(/unknown target 'isso'.*did you mean: .*\biso\b/);
  });

  it('no target or a bad arch is a usage error', () => {
    expect(thrown(() => computeMatrix(catalogue, [], BOTH)).reason).toBe('usage');
    const e = thrown(() => computeMatrix(catalogue, ['iso'], ['x86_64,ppc64le']));
    expect(e.reason).toBe('usage');
    expect(e.oneLine()).toContain("'ppc64le'");
  });
});

describe('parseArches', () => {
  it('splits commas, trims, drops repeats and keeps the order given', () => {
    expect(parseArches(['aarch64, x86_64', 'aarch64'])).toEqual(['aarch64', 'x86_64']);
    expect(() => parseArches([','])).toThrow(/no architecture/);
  });
});
