// Expands a target closure and a resolved package graph into plan steps (a DAG of
// PlanStep, dependencies first). Pure: no I/O, no cache lookups, no engine.
import { PhotonBuildError } from '../errors.js';
import { topoOrder } from '../graph/dag.js';
import type { PackageSpec } from '../specs/types.js';
import type { TargetDefinition } from '../targets/types.js';
import type { Plan, PlanStep } from './types.js';

/** What the plan needs of the package graph (src/graph/packages.ts provides it). */
export interface PackageGraphView {
  readonly arch: string;
  readonly specs: readonly PackageSpec[];
  readonly buildDeps: ReadonlyMap<string, readonly string[]>;
  readonly toolchain: { readonly stage1: readonly string[]; readonly stage2: readonly string[] };
  installClosure(names: readonly string[]): readonly string[];
}

export interface PlanInputs {
  readonly requested: string;
  readonly target: string;
  /** Target closure, dependencies first (src/graph/targets.ts). */
  readonly closure: readonly TargetDefinition[];
  readonly graph?: PackageGraphView;
  readonly specKey: (spec: PackageSpec) => string;
  /** Top-level names of a common/data list for the arch (packages + packages_<arch>). */
  readonly listPackages: (list: string) => readonly string[];
  readonly arch: string;
  readonly notes?: readonly string[];
}

export const ALL_SPECS = 'all-specs';
/** The installer initrd list every ISO boots from (build.py's packages-initrd). */
export const INITRD_LIST = 'packages_installer_initrd.json';
/** The list the ISO kernel comes from when a target names no list with a kernel. */
export const KERNEL_LIST = 'packages_minimal.json';
/** Image formats src/run can build; others are refused (requested) or reported (in `all`). */
export const SUPPORTED_IMAGE_FORMATS: ReadonlySet<string> = new Set(['iso', 'src-iso', 'ova', 'ova_uefi', 'ami', 'gce', 'azure', 'docker', 'rpi']);
const UNSUPPORTED_TARGETS: Readonly<Record<string, string>> = {
  'k8s-docker-images':
    'k8s-docker-images builds kubernetes, coredns, flannel, … container images from their specs with docker build and network access; not implemented',
};

/** Why photon-build cannot build this image target, or undefined when it can. */
export function unsupportedImage(t: TargetDefinition): string | undefined {
  if (UNSUPPORTED_TARGETS[t.name]) return UNSUPPORTED_TARGETS[t.name];
  if (t.format && !SUPPORTED_IMAGE_FORMATS.has(t.format)) {
    return `the '${t.format}' image format is not implemented yet (implemented: ${[...SUPPORTED_IMAGE_FORMATS].join(', ')})`;
  }
  return undefined;
}

/** Formats that boot an initrd made from the installer list (the sample kernel has no built-in root fs drivers). */
const INITRD_FORMATS = new Set(['iso', 'ova', 'ova_uefi', 'ami', 'gce', 'azure', 'rpi']);

export function buildPlan(inputs: PlanInputs): Plan {
  const steps = new Map<string, PlanStep>();
  const add = (step: PlanStep): void => {
    if (!steps.has(step.id)) steps.set(step.id, step);
  };
  const kinds = (t: TargetDefinition): ReadonlySet<string> => new Set(t.steps);
  const wantsPackages = inputs.closure.some((t) => ['build-packages', 'toolchain-stage1', 'toolchain-stage2', 'check-packages'].some((k) => kinds(t).has(k)));
  const rpmIds = new Map<string, string>();

  for (const t of inputs.closure) {
    const k = kinds(t);
    if (k.has('pre-reqs')) add({ id: 'pre-reqs', kind: 'pre-reqs', deps: [], target: t.name, description: 'container engine + builder image' });
    const base = steps.has('pre-reqs') ? ['pre-reqs'] : [];
    if (k.has('stage')) add({ id: 'stage', kind: 'stage', deps: base, target: t.name, description: 'stage directory hierarchy' });
    const staged = steps.has('stage') ? ['stage'] : base;
    if (k.has('sources')) add({ id: 'sources', kind: 'sources', deps: staged, target: t.name, description: 'fetch and verify sources' });
    if (k.has('publish-rpms')) add({ id: 'publish-rpms', kind: 'publish-rpms', deps: staged, target: t.name, description: 'bootstrap RPMs (rpmfilelist)' });
    if (k.has('clean')) add({ id: `clean:${t.name}`, kind: 'clean', what: t.name, deps: [], target: t.name, description: t.description });
    if (k.has('utility') && (t.name === 'check-spec-files' || t.name === 'generate-dep-lists')) {
      add({ id: t.name, kind: t.name, deps: staged, target: t.name, description: t.description });
    }
  }

  if (wantsPackages) {
    const graph = inputs.graph;
    if (!graph) throw new Error('plan: targets build packages but no package graph was resolved');
    addRpmSteps(inputs, graph, steps, rpmIds);
  }

  const allRpmSteps = [...rpmIds.values()].sort();
  for (const t of inputs.closure) {
    const k = kinds(t);
    if (k.has('create-repo')) {
      const setup = ['pre-reqs', 'stage'].filter((id) => steps.has(id));
      add({ id: 'create-repo', kind: 'create-repo', deps: [...setup, ...allRpmSteps], target: t.name, description: 'createrepo_c over the built RPMs' });
    }
    if (k.has('ostree-repo')) {
      add({
        id: 'ostree-repo',
        kind: 'not-supported',
        reason: 'ostree-repo needs rpm-ostree, which the Debian builder image does not have; ISOs are built without ostree-repo.tar.gz',
        deps: [],
        target: t.name,
        description: 'OSTree repository (not available here)',
      });
    }
    if (k.has('image') && t.format) {
      const why = unsupportedImage(t);
      if (why === undefined) addImageSteps(inputs, t, steps, rpmIds);
      else if (t.name === inputs.target) throw new PhotonBuildError('usage', `${t.name}: ${why}`);
      else add({ id: `image:${t.name}`, kind: 'not-supported', reason: why, deps: [], target: t.name, description: `${t.format} image (${t.name})` });
    }
  }

  const edges = new Map([...steps.values()].map((s) => [s.id, s.deps.filter((d) => steps.has(d) && steps.get(d)!.kind !== 'not-supported')]));
  const order = topoOrder(edges);
  if ('cycle' in order) throw new PhotonBuildError('cycle', `plan has a cycle: ${order.cycle.join(' -> ')}`);
  const ordered = order.order.map((id) => {
    const step = steps.get(id)!;
    return { ...step, deps: edges.get(id)! } as PlanStep;
  });
  return { requested: inputs.requested, target: inputs.target, arch: inputs.arch, steps: ordered, notes: inputs.notes ?? [] };
}

function addRpmSteps(inputs: PlanInputs, graph: PackageGraphView, steps: Map<string, PlanStep>, rpmIds: Map<string, string>): void {
  const stage1 = new Set(graph.toolchain.stage1);
  const stage2 = new Set(graph.toolchain.stage2);
  const before = ['sources', 'publish-rpms', 'stage', 'pre-reqs'].filter((id) => steps.has(id));
  for (const spec of graph.specs) rpmIds.set(inputs.specKey(spec), `rpm:${inputs.specKey(spec)}`);
  for (const spec of graph.specs) {
    const key = inputs.specKey(spec);
    const deps = (graph.buildDeps.get(key) ?? []).map((k) => rpmIds.get(k)).filter((d): d is string => d !== undefined);
    const stage = stage1.has(key) ? 'toolchain-stage1' : stage2.has(key) ? 'toolchain-stage2' : 'packages';
    steps.set(`rpm:${key}`, {
      id: `rpm:${key}`,
      kind: 'rpm',
      spec,
      specKey: key,
      stage,
      deps: [...new Set([...before, ...deps])].sort(),
      target: inputs.target,
      description: `rpmbuild ${spec.relPath} (${stage})`,
    });
  }
}

/**
 * The package lists an image target installs into rootfs stages: its own lists, the
 * installer initrd for formats that boot one, and the minimal list when the target names
 * none of its own (iso, photon-docker-image: all-specs) — where Photon's images take
 * the kernel and the container rootfs from.
 */
export function imageLists(t: TargetDefinition): Set<string> {
  const lists = new Set(t.packageLists.filter((l) => l !== ALL_SPECS));
  if (t.format && INITRD_FORMATS.has(t.format)) lists.add(INITRD_LIST);
  if (![...lists].some((l) => l !== INITRD_LIST)) lists.add(KERNEL_LIST);
  if (t.format === 'src-iso') lists.clear(); // SRPMs on an ISO: no rootfs, no kernel
  return lists;
}

function addImageSteps(inputs: PlanInputs, t: TargetDefinition, steps: Map<string, PlanStep>, rpmIds: Map<string, string>): void {
  const format = t.format!;
  const lists = imageLists(t);
  const rootfsIds: string[] = [];
  for (const list of [...lists].sort()) {
    const id = `rootfs:${list}`;
    rootfsIds.push(id);
    if (steps.has(id)) continue;
    const packages = inputs.graph ? inputs.graph.installClosure(inputs.listPackages(list)) : [];
    const providers = providerSteps(inputs, packages, rpmIds);
    const setup = ['pre-reqs', 'stage'].filter((s) => steps.has(s));
    steps.set(id, { id, kind: 'rootfs', list, packages, deps: [...setup, ...providers], target: t.name, description: `install ${list} closure into a rootfs` });
  }
  const deps = [...rootfsIds, ...['create-repo', 'pre-reqs'].filter((id) => steps.has(id))];
  steps.set(`image:${t.name}`, {
    id: `image:${t.name}`,
    kind: 'image',
    format,
    imageTarget: t.name,
    lists: [...lists].sort(),
    deps,
    target: t.name,
    description: `${format} image (${t.name})`,
  });
}

/** rpm steps whose spec produces one of the given subpackages. */
function providerSteps(inputs: PlanInputs, subpackages: readonly string[], rpmIds: Map<string, string>): string[] {
  const wanted = new Set(subpackages);
  const ids = new Set<string>();
  for (const spec of inputs.graph?.specs ?? []) {
    if (spec.subpackages.some((s) => wanted.has(s.name))) {
      const id = rpmIds.get(inputs.specKey(spec));
      if (id) ids.add(id);
    }
  }
  return [...ids].sort();
}

/** Source RPMs are built when the tree asks (build-src-rpm) or when the plan ships them (src-iso). */
export function wantsSourceRpms(plan: Plan, buildSrcRpm: boolean): boolean {
  return buildSrcRpm || plan.steps.some((s) => s.kind === 'image' && s.format === 'src-iso');
}
