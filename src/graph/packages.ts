// resolvePackageGraph: which specs a request (package lists, all specs, named packages)
// needs built for one arch, and the build-time edges between them: toolchain stage 1 as a
// chain, stage 2 on stage 1, everything else on the whole toolchain plus the runtime closure
// of its BuildRequires. Pure (input: SpecIndex + PhotonTree); cycles and unresolvable deps
// are PhotonBuildErrors naming the spec file and line.
import { PhotonBuildError } from '../errors.js';
import type { PackageSpec, SpecIndex } from '../specs/types.js';
import type { PhotonTree } from '../tree/types.js';
import { findCycle, topoOrder } from './dag.js';
import { ProviderIndex, specKey, type SubRef } from './package-resolve.js';
import { DependencyModel } from './package-model.js';
import { requestedSpecKeys, type PackageRequest } from './package-request.js';
import { clearBit, containsAll, copyBits, hasBit, idsOf, newBits, orInto, pushIds, setBit, type Bits } from './package-bits.js';
import { buildOrder } from './package-order.js';
import { SpecEdges } from './package-edges.js';

export { specKey } from './package-resolve.js';
export type { PackageRequest } from './package-request.js';

export interface PackageGraph {
  readonly arch: string;
  /** every spec the request needs built (toolchain included), deterministic order */
  readonly specs: readonly PackageSpec[];
  /** key(spec) -> keys of specs whose RPMs must exist before it builds */
  readonly buildDeps: ReadonlyMap<string, readonly string[]>;
  /** subpackage names to install in the build root of key(spec) */
  buildRootPackages(key: string): readonly string[];
  /** runtime install closure (Requires, transitively) of subpackage names, as subpackage names */
  installClosure(names: readonly string[]): readonly string[];
  readonly toolchain: { readonly stage1: readonly string[]; readonly stage2: readonly string[] };
  /** The keys the request named directly (before closure). */
  readonly roots: readonly string[];
  /** Resolution model over the whole index (who-needs, upward deps, trees). */
  readonly model: DependencyModel;
}

export function resolvePackageGraph(index: SpecIndex, tree: PhotonTree, request: PackageRequest): PackageGraph {
  const providers = new ProviderIndex(index.specs);
  const model = new DependencyModel(providers);
  const stage1Keys = toolchainKeys(providers, tree.config.toolchainStage1, 'toolchain-stage1', tree);
  const stage1Set = new Set(stage1Keys);
  const stage2Named = toolchainKeys(providers, tree.config.toolchainStage2, 'toolchain-stage2', tree).filter((k) => !stage1Set.has(k));

  // Stage 2 is its named specs plus everything their builds need (Photon builds that closure in stage 2).
  const stage2Set = new Set<string>();
  for (const todo = [...stage2Named]; todo.length > 0; ) {
    const key = todo.pop()!;
    if (stage2Set.has(key) || stage1Set.has(key)) continue;
    stage2Set.add(key);
    for (const dep of model.buildClosureSpecs(key)) todo.push(dep);
  }
  const toolchainNames = [...tree.config.toolchainStage1, ...tree.config.toolchainStage2];
  const toolchainRuntime = new Set<string>([...stage1Keys, ...stage2Named]);
  for (const ref of model.installClosureRefs(refsNamed(providers, toolchainNames))) toolchainRuntime.add(ref.specKey);

  const roots = requestedSpecKeys(providers, tree, index.arch, request);
  // Same walk (and so the same order of `wanted`) as a plain key stack, but specs already
  // taken are never pushed again.
  const ids = providers.specIds;
  const keys = providers.specKeys;
  const taken = newBits(keys.length);
  const wanted = new Set<string>();
  for (const todo = [...stage1Keys, ...stage2Set, ...toolchainRuntime, ...roots].map((k) => ids.get(k)!); todo.length > 0; ) {
    const n = todo.pop()!;
    if (hasBit(taken, n)) continue;
    setBit(taken, n);
    const key = keys[n]!;
    wanted.add(key);
    pushIds(todo, model.buildClosureBits(key), taken);
    pushIds(todo, model.runtimeBits(key), taken);
  }

  // Edges as bit sets over spec numbers (sorted key order): no per-spec string sets or sorts.
  const setOf = (of: Iterable<string>): Bits => {
    const bits = newBits(keys.length);
    for (const k of of) setBit(bits, ids.get(k)!);
    return bits;
  };
  const stage1Bits = setOf(stage1Keys);
  const toolchainBits = setOf([...stage1Keys, ...stage2Named, ...toolchainRuntime]);
  const buildDeps = new SpecEdges(keys);
  // For the order, a spec that needs the whole toolchain lists it as one group (number
  // keys.length, see buildOrder) instead of ~80 separate edges.
  const toolchainGroup = keys.length;
  const depIds: number[][] = [];
  const nodes: number[] = [];
  for (const key of wanted) {
    const n = ids.get(key)!;
    nodes.push(n);
    let deps: Bits;
    if (stage1Set.has(key)) deps = setOf(stage1Keys.slice(0, stage1Keys.indexOf(key)));
    else {
      deps = copyBits(stage2Set.has(key) ? stage1Bits : toolchainBits);
      orInto(deps, model.buildClosureBits(key));
    }
    clearBit(deps, n);
    buildDeps.add(key, deps);
    if (containsAll(deps, toolchainBits)) {
      const own = idsOf(deps, toolchainBits);
      own.push(toolchainGroup);
      depIds[n] = own;
    } else depIds[n] = idsOf(deps);
  }
  const numbered = buildOrder(nodes, depIds, keys.length, [idsOf(toolchainBits)]);
  let order: readonly string[];
  if (numbered) order = numbered.map((n) => keys[n]!);
  else {
    // A cycle: report it exactly as the generic DAG helpers find it.
    const cycle = findCycle(buildDeps, [...wanted].sort());
    if (cycle) {
      const file = providers.specsByKey.get(cycle[0]!)?.file;
      throw new PhotonBuildError('cycle', `build-time cycle: ${cycle.join(' -> ')}`, file ? { file } : undefined);
    }
    const ordered = topoOrder(buildDeps, wanted);
    if ('cycle' in ordered) throw new PhotonBuildError('cycle', `build-time cycle: ${ordered.cycle.join(' -> ')}`);
    order = ordered.order;
  }

  const stage1Names = tree.config.toolchainStage1;
  return {
    arch: index.arch,
    specs: order.map((k) => providers.specsByKey.get(k)!),
    buildDeps,
    roots,
    model,
    toolchain: { stage1: stage1Keys, stage2: stage2Named },
    buildRootPackages(key: string): readonly string[] {
      const spec = providers.specsByKey.get(key);
      if (!spec) throw new PhotonBuildError('input', `unknown spec key '${key}'`);
      if (stage1Set.has(key)) {
        const own = new Set(spec.subpackages.map((s) => s.name));
        const firstOwn = stage1Names.findIndex((n) => own.has(n));
        return [...new Set(stage1Names.slice(0, firstOwn < 0 ? 0 : firstOwn))].sort();
      }
      const base = stage2Set.has(key) ? stage1Names : toolchainNames;
      const refs = [...refsNamed(providers, base), ...model.buildRequiresRefs(key)];
      return unique(model.installClosureRefs(refs).map((r) => r.sub.name));
    },
    installClosure(names: readonly string[]): readonly string[] {
      return unique(model.installClosureRefs(refsNamed(providers, names, true)).map((r) => r.sub.name));
    },
  };
}

function toolchainKeys(providers: ProviderIndex, names: readonly string[], key: string, tree: PhotonTree): string[] {
  const out: string[] = [];
  for (const name of names) {
    const ref = providers.subpackagesNamed(name)[0];
    if (!ref) {
      throw new PhotonBuildError('missing-dependency', `toolchain package '${name}' is not a package of any spec`, {
        file: tree.config.toolchainSource === 'photon-build' ? tree.config.configFile : `${tree.root}/support/package-builder/constants.py`,
        key,
      });
    }
    if (!out.includes(ref.specKey)) out.push(ref.specKey);
  }
  return out;
}

function refsNamed(providers: ProviderIndex, names: readonly string[], strict = false): SubRef[] {
  const out: SubRef[] = [];
  for (const name of names) {
    const ref = providers.subpackagesNamed(name)[0];
    if (ref) out.push(ref);
    else if (strict) throw new PhotonBuildError('input', `'${name}' is not a package of any spec`, { key: name });
  }
  return out;
}

function unique(names: readonly string[]): string[] {
  return [...new Set(names)].sort();
}

export { specKey as packageKey };
export type { SubRef };
