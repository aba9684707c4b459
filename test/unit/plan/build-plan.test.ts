import { describe, expect, it } from 'vitest';
import { buildPlan, INITRD_LIST } from '../../../src/plan/build-plan.js';
import type { PackageGraphView } from '../../../src/plan/build-plan.js';
import type { PackageSpec } from '../../../src/specs/types.js';
import type { StepKind, TargetDefinition } from '../../../src/targets/types.js';

function spec(name: string, subs: string[] = []): PackageSpec {
  return {
    file: `/t/SPECS/${name}/${name}.spec`,
    relPath: `${name}/${name}.spec`,
    name,
    version: '1.0',
    release: '1.ph5',
    buildArch: 'x86_64',
    buildRequires: [],
    subpackages: [name, ...subs].map((n) => ({ name: n, buildArch: 'x86_64', requires: [], provides: [], obsoletes: [], conflicts: [], hasFiles: true })),
    sources: [],
    patches: [],
    hasCheck: false,
    arch: 'x86_64',
  };
}

function target(name: string, steps: StepKind[], extra: Partial<TargetDefinition> = {}): TargetDefinition {
  return { name, group: 'rpm-build', description: name, dependsOn: [], aliases: [], packageLists: [], outputs: [], steps, file: 'x.yaml', line: 1, ...extra };
}

const key = (s: PackageSpec): string => `${s.name}-${s.version}-${s.release}`;
const specs = [spec('filesystem'), spec('glibc'), spec('libgreet', ['libgreet-devel']), spec('hello'), spec('photon-init'), spec('linux')];
const graph: PackageGraphView = {
  arch: 'x86_64',
  specs,
  buildDeps: new Map([
    ['filesystem-1.0-1.ph5', []],
    ['glibc-1.0-1.ph5', ['filesystem-1.0-1.ph5']],
    ['libgreet-1.0-1.ph5', ['filesystem-1.0-1.ph5', 'glibc-1.0-1.ph5']],
    ['hello-1.0-1.ph5', ['filesystem-1.0-1.ph5', 'glibc-1.0-1.ph5', 'libgreet-1.0-1.ph5']],
    ['photon-init-1.0-1.ph5', ['filesystem-1.0-1.ph5', 'glibc-1.0-1.ph5']],
    ['linux-1.0-1.ph5', ['filesystem-1.0-1.ph5', 'glibc-1.0-1.ph5']],
  ]),
  toolchain: { stage1: ['filesystem-1.0-1.ph5', 'glibc-1.0-1.ph5'], stage2: [] },
  installClosure: (names) => [...new Set([...names, 'filesystem', 'glibc'])].sort(),
};
const lists: Record<string, string[]> = { [INITRD_LIST]: ['photon-init'], 'packages_minimal.json': ['linux', 'hello'] };
const base = { specKey: key, listPackages: (l: string) => lists[l] ?? [], arch: 'x86_64', graph };

const preReqs = target('check-pre-reqs', ['pre-reqs']);
const stage = target('photon-stage', ['stage']);
const packages = target('packages', ['sources', 'build-packages', 'create-repo'], { packageLists: ['all-specs'] });
const iso = target('iso', ['rootfs', 'image'], { group: 'image', format: 'iso', packageLists: ['all-specs'] });

describe('buildPlan', () => {
  const plan = buildPlan({ ...base, requested: 'iso', target: 'iso', closure: [preReqs, stage, packages, iso] });
  const ids = plan.steps.map((s) => s.id);
  const step = (id: string) => plan.steps.find((s) => s.id === id)!;

  it('orders every step after its dependencies', () => {
    for (const s of plan.steps) for (const d of s.deps) expect(ids.indexOf(d)).toBeLessThan(ids.indexOf(s.id));
  });

  it('makes one rpm step per spec, depending on the rpm steps of its build deps', () => {
    expect(ids.filter((i) => i.startsWith('rpm:'))).toHaveLength(specs.length);
    expect(step('rpm:hello-1.0-1.ph5').deps).toEqual(expect.arrayContaining(['rpm:libgreet-1.0-1.ph5', 'rpm:glibc-1.0-1.ph5', 'sources']));
    expect(step('rpm:hello-1.0-1.ph5').deps).not.toContain('rpm:linux-1.0-1.ph5');
  });

  it('marks toolchain stages', () => {
    const s = step('rpm:glibc-1.0-1.ph5');
    expect(s.kind === 'rpm' && s.stage).toBe('toolchain-stage1');
    const h = step('rpm:hello-1.0-1.ph5');
    expect(h.kind === 'rpm' && h.stage).toBe('packages');
  });

  it('gives an ISO the installer initrd rootfs and a kernel rootfs, plus the repo', () => {
    expect(step('image:iso').deps).toEqual(['rootfs:packages_installer_initrd.json', 'rootfs:packages_minimal.json', 'create-repo', 'pre-reqs']);
    const initrd = step('rootfs:packages_installer_initrd.json');
    expect(initrd.kind === 'rootfs' && initrd.packages).toEqual(['filesystem', 'glibc', 'photon-init']);
    // the rootfs waits only for the specs that provide its packages
    expect(initrd.deps).toEqual(['pre-reqs', 'stage', 'rpm:filesystem-1.0-1.ph5', 'rpm:glibc-1.0-1.ph5', 'rpm:photon-init-1.0-1.ph5']);
  });

  it('create-repo depends on every rpm step and on the builder', () => {
    const deps = step('create-repo').deps;
    expect(deps.filter((d) => d.startsWith('rpm:'))).toHaveLength(specs.length);
    expect(deps).toContain('pre-reqs');
  });

  it('refuses an image format it cannot build when that image is what was asked for', () => {
    const board = target('ls1012afrwy', ['rootfs', 'image'], { group: 'image', format: 'ls1012afrwy', packageLists: ['packages_minimal.json'] });
    expect(() => buildPlan({ ...base, requested: 'ls1012afrwy', target: 'ls1012afrwy', closure: [preReqs, stage, packages, board] })).toThrow(/ls1012afrwy.*not implemented/);
  });

  it('reports (does not fail) an unbuildable image inside a bigger target', () => {
    const board = target('ls1012afrwy', ['rootfs', 'image'], { group: 'image', format: 'ls1012afrwy', packageLists: ['packages_minimal.json'] });
    const all = target('all', []);
    const p = buildPlan({ ...base, requested: 'all', target: 'all', closure: [preReqs, stage, packages, iso, board, all] });
    expect(p.steps.find((s) => s.id === 'image:ls1012afrwy')!.kind).toBe('not-supported');
    expect(p.steps.find((s) => s.id === 'image:iso')!.kind).toBe('image');
  });

  it('is deterministic', () => {
    const again = buildPlan({ ...base, requested: 'iso', target: 'iso', closure: [preReqs, stage, packages, iso] });
    expect(again.steps.map((s) => s.id)).toEqual(ids);
  });

  it('keeps steps it cannot perform visible and out of the dependency chain', () => {
    const ostree = target('ostree-repo', ['ostree-repo']);
    const p = buildPlan({ ...base, requested: 'iso', target: 'iso', closure: [preReqs, stage, packages, ostree, { ...iso, dependsOn: ['ostree-repo'] }] });
    const o = p.steps.find((s) => s.id === 'ostree-repo')!;
    expect(o.kind).toBe('not-supported');
    expect(p.steps.find((s) => s.id === 'image:iso')!.deps).not.toContain('ostree-repo');
  });

  it('plans no package steps for targets that build none', () => {
    const p = buildPlan({ ...base, requested: 'photon-stage', target: 'photon-stage', closure: [preReqs, stage] });
    expect(p.steps.map((s) => s.id)).toEqual(['pre-reqs', 'stage']);
  });
});
