// From a name the user typed to a Plan: load the tree and the target catalogue, resolve
// the name (target, alias, or — as build.py does — a package of the tree), resolve the
// package graph the targets need, and expand it into steps. Shared by `photon-build
// <target>` and `photon-build plan <target>`.
import { PhotonBuildError } from '../errors.js';
import { applyEnvVariants, targetClosure } from '../graph/targets.js';
import { resolvePackageGraph, specKey } from '../graph/packages.js';
import { loadSpecs } from '../specs/load.js';
import { parseCacheDirFor } from '../specs/parse-cache.js';
import { resolveCacheDir } from '../cache/config.js';
import { loadCatalogue, resolveTarget } from '../targets/load.js';
import type { TargetDefinition } from '../targets/types.js';
import { loadTree } from '../tree/load.js';
import type { PhotonTree } from '../tree/types.js';
import { ALL_SPECS, buildPlan, imageLists } from '../plan/build-plan.js';
import type { PackageGraphView } from '../plan/build-plan.js';
import type { Plan } from '../plan/types.js';
import { TARGETS_DIR } from '../paths.js';

export interface Prepared {
  readonly tree: PhotonTree;
  readonly plan: Plan;
  readonly graph?: PackageGraphView;
}

export interface PrepareOptions {
  readonly requested: string;
  readonly treeDir: string;
  readonly isSample: boolean;
  readonly arch: string;
  /** The user chose --arch; otherwise a target that builds for one arch only (rpi) picks it. */
  readonly archExplicit?: boolean;
  readonly env?: NodeJS.ProcessEnv;
  /** --cache-dir as given (else PHOTON_BUILD_CACHE_DIR, else the default): parsed specs are cached under <dir>/specs. */
  readonly cacheDir?: string;
}

const BUILD_KINDS = ['build-packages', 'toolchain-stage1', 'toolchain-stage2', 'check-packages'];

export async function preparePlan(opts: PrepareOptions): Promise<Prepared> {
  const env = opts.env ?? process.env;
  const [tree, loaded] = await Promise.all([loadTree({ dir: opts.treeDir, env, isSample: opts.isSample }), loadCatalogue(TARGETS_DIR)]);
  const notes: string[] = [];
  // The *-cached variants build.py picks by environment variable (sources-cached,
  // publish-rpms-cached, …). PHOTON_CACHE_PATH (packages-cached: copy a prebuilt RPM set
  // instead of building) is the one not honoured: the content-addressed cache
  // (--cache-dir, --remote-cache) is how photon-build reuses packages.
  const { PHOTON_CACHE_PATH, ...variantEnv } = env;
  if (PHOTON_CACHE_PATH) notes.push('PHOTON_CACHE_PATH is ignored: packages are reused through the content-addressed cache (--cache-dir, --remote-cache)');
  const catalogue = applyEnvVariants(loaded, variantEnv);
  const resolved = resolveTarget(catalogue, opts.requested);
  let closure: TargetDefinition[];
  let packages: string[] | undefined;
  let targetName: string;
  let arch = opts.arch;
  if (resolved.kind === 'target' && resolved.target.arch && resolved.target.arch !== arch) {
    if (opts.archExplicit) {
      throw new PhotonBuildError('usage', `${resolved.target.name} builds for ${resolved.target.arch} only, not --arch ${arch}`, { key: '--arch' });
    }
    arch = resolved.target.arch;
  }
  const parseCacheDir = parseCacheDirFor(resolveCacheDir(opts.cacheDir, env), env);
  const index = await loadSpecs(tree, arch, parseCacheDir !== undefined ? { parseCacheDir } : {});

  if (resolved.kind === 'target') {
    targetName = resolved.target.name;
    closure = [...targetClosure(catalogue, targetName)];
  } else {
    // build.py: an unknown name that is a package of the tree builds that package.
    const isPackage = index.specs.some((s) => s.name === opts.requested || s.subpackages.some((p) => p.name === opts.requested));
    if (!isPackage) {
      const hint = resolved.suggestions.length > 0 ? `; did you mean: ${resolved.suggestions.join(', ')}` : '';
      throw new PhotonBuildError('unknown-target', `unknown target '${opts.requested}' (not a target, alias or package of ${tree.root})${hint}`);
    }
    targetName = opts.requested;
    packages = [opts.requested];
    const packagesTarget = catalogue.targets.get('packages');
    if (!packagesTarget) throw new Error('target catalogue has no "packages" target');
    const base = targetClosure(catalogue, 'packages').filter((t) => t.name !== 'packages');
    closure = [...base, { ...packagesTarget, name: opts.requested, steps: packagesTarget.steps.filter((s) => s !== 'create-repo'), packageLists: [] }];
    notes.push(`'${opts.requested}' is not a target: building the package and its build-time closure, as build.py does`);
  }

  const buildsPackages = closure.some((t) => t.steps.some((s) => BUILD_KINDS.includes(s)));
  let graph: PackageGraphView | undefined;
  if (buildsPackages) {
    const lists = packageListsOf(closure);
    graph = resolvePackageGraph(index, tree, { lists: lists === ALL_SPECS ? 'all-specs' : lists, ...(packages ? { packages } : {}) });
  }
  const listPackages = (list: string): readonly string[] => {
    const l = tree.packageLists.get(list.replace(/\.json$/, ''));
    if (!l) throw new PhotonBuildError('input', `package list ${list} not found in ${tree.root}/common/data`, { key: list });
    return [...l.packages, ...(l.perArch[arch] ?? [])];
  };
  const plan = buildPlan({ requested: opts.requested, target: targetName, closure, ...(graph ? { graph } : {}), specKey, listPackages, arch, notes });
  return { tree, plan, ...(graph ? { graph } : {}) };
}

/** The union of the package lists the closure builds; 'all-specs' wins over any list. */
function packageListsOf(closure: readonly TargetDefinition[]): string[] | typeof ALL_SPECS {
  const lists = new Set<string>();
  for (const t of closure) {
    if (!t.steps.some((s) => BUILD_KINDS.includes(s) || s === 'rootfs' || s === 'image')) continue;
    const own = t.steps.includes('image') && t.format ? [...t.packageLists, ...imageLists(t)] : t.packageLists;
    for (const l of own) {
      if (l === ALL_SPECS) return ALL_SPECS;
      lists.add(l);
    }
  }
  return [...lists].sort();
}
