// Who provides what: an index over a SpecIndex of subpackage names, Provides (versioned or
// not) and literal %files paths, and resolution of one Dependency to the subpackage that
// satisfies it (highest EVR wins; rich deps take the first alternative that resolves).
// Pure; errors are left to the caller.
import type { Dependency, PackageSpec, SubPackage } from '../specs/types.js';
import { compareEvr, satisfies, type Evr } from './package-version.js';
import { BUILTIN_FILE_PROVIDERS, BUILTIN_NAME_PROVIDERS } from './package-file-deps.js';

/** One subpackage of one spec. `id` is unique even when several spec versions share names. */
export interface SubRef {
  readonly id: string;
  /** Dense number of this ref (creation order), for array-indexed caches. */
  readonly n: number;
  readonly specKey: string;
  /** The spec's number in `ProviderIndex.specKeys` (sorted key order). */
  readonly specN: number;
  readonly spec: PackageSpec;
  readonly sub: SubPackage;
  readonly evr: Evr;
}

interface Provider {
  readonly ref: SubRef;
  /** The provided version; undefined for an unversioned Provides (matches any constraint). */
  readonly evr: Evr | undefined;
  /** 0 = the subpackage's own name, 1 = a Provides, 2 = a %files path. */
  readonly rank: number;
}

export function specKey(spec: PackageSpec): string {
  return `${spec.name}-${spec.version}-${spec.release}`;
}

export function subRefId(key: string, subName: string): string {
  return `${key}/${subName}`;
}

export class ProviderIndex {
  private readonly byName = new Map<string, Provider[]>();
  private readonly byFile = new Map<string, Provider[]>();
  /** Resolutions by name, op and version; null = nothing provides it. */
  private readonly cache = new Map<string, SubRef | null>();
  /** The same for deps without a version constraint, by name. */
  private readonly plainCache = new Map<string, SubRef | null>();
  readonly refs = new Map<string, SubRef>();
  /** Every ref, indexed by `SubRef.n`. */
  readonly refList: SubRef[] = [];
  /** The refs of each spec (subpackage order), indexed by spec number. */
  readonly refsOfSpec: SubRef[][] = [];
  readonly specsByKey = new Map<string, PackageSpec>();
  /** Spec keys in sorted order; `SubRef.specN` indexes it. */
  readonly specKeys: readonly string[];
  readonly specIds = new Map<string, number>();

  constructor(specs: readonly PackageSpec[]) {
    for (const spec of specs) {
      const key = specKey(spec);
      if (!this.specsByKey.has(key)) this.specsByKey.set(key, spec); // same NVR twice: the first (by path) wins
    }
    this.specKeys = [...this.specsByKey.keys()].sort();
    this.specKeys.forEach((key, n) => this.specIds.set(key, n));
    for (const [key, spec] of this.specsByKey) {
      const specN = this.specIds.get(key)!;
      const own: SubRef[] = (this.refsOfSpec[specN] = []);
      for (const sub of spec.subpackages) {
        const evr: Evr = { epoch: sub.epoch ?? spec.epoch ?? 0, version: sub.version ?? spec.version, release: sub.release ?? spec.release };
        const ref: SubRef = { id: subRefId(key, sub.name), n: this.refList.length, specKey: key, specN, spec, sub, evr };
        this.refs.set(ref.id, ref);
        this.refList.push(ref);
        own.push(ref);
        add(this.byName, sub.name, { ref, evr, rank: 0 });
        // rpmbuild adds `name(isa) = evr` to every arch-specific package.
        const isa = ISA[spec.arch];
        if (sub.buildArch !== 'noarch' && isa) add(this.byName, `${sub.name}${isa}`, { ref, evr, rank: 1 });
        for (const p of sub.provides) {
          const pevr = p.version !== undefined ? parseProvideEvr(p.version) : undefined;
          add(p.isFile ? this.byFile : this.byName, p.name, { ref, evr: pevr, rank: 1 });
        }
        for (const f of sub.files ?? []) add(this.byFile, f, { ref, evr: undefined, rank: 2 });
      }
    }
  }

  /** Subpackages named exactly `name` (list entries and toolchain names), highest EVR first. */
  subpackagesNamed(name: string): SubRef[] {
    return (this.byName.get(name) ?? []).filter((p) => p.rank === 0).map((p) => p.ref).sort((a, b) => compareEvr(b.evr, a.evr));
  }

  /** The subpackage that satisfies `dep`, or undefined. */
  resolve(dep: Dependency): SubRef | undefined {
    const alternatives = dep.alternatives;
    if (!alternatives || alternatives.length === 0) return this.resolveOne(dep);
    for (const alt of alternatives) {
      const found = this.resolveOne(alt);
      if (found) return found;
    }
    return undefined;
  }

  private resolveOne(dep: Dependency): SubRef | undefined {
    // Most deps carry no version: their name alone is the key (no key string to build).
    const cache = dep.op === undefined ? this.plainCache : this.cache;
    const cacheKey = dep.op === undefined ? dep.name : `${dep.name}\u0000${dep.op}\u0000${dep.version ?? ''}`;
    const cached = cache.get(cacheKey);
    if (cached !== undefined) return cached ?? undefined;
    let found = this.pick(dep.isFile ? this.byFile.get(dep.name) : this.byName.get(dep.name), dep);
    if (!found && dep.isFile) found = this.pick(this.byName.get(dep.name), dep);
    const builtin = dep.isFile ? BUILTIN_FILE_PROVIDERS[dep.name] : BUILTIN_NAME_PROVIDERS[dep.name];
    if (!found && builtin) found = this.pick(this.byName.get(builtin), { ...dep, name: builtin, isFile: false, op: undefined, version: undefined } as Dependency);
    cache.set(cacheKey, found ?? null);
    return found;
  }

  private pick(candidates: readonly Provider[] | undefined, dep: Dependency): SubRef | undefined {
    let best: Provider | undefined;
    for (const c of candidates ?? []) {
      if (!satisfies(c.evr, dep.op, dep.version)) continue;
      if (!best || better(c, best)) best = c;
    }
    return best?.ref;
  }
}

/** A package of that very name beats other providers (as tdnf does); then the highest EVR. */
function better(a: Provider, b: Provider): boolean {
  if (a.rank !== b.rank) return a.rank < b.rank;
  const c = compareEvr(a.ref.evr, b.ref.evr);
  if (c !== 0) return c > 0;
  return a.ref.spec.relPath < b.ref.spec.relPath;
}

const ISA: Readonly<Record<string, string>> = { x86_64: '(x86-64)', aarch64: '(aarch-64)' };

function parseProvideEvr(version: string): Evr {
  const colon = version.indexOf(':');
  const epoch = colon > 0 ? Number(version.slice(0, colon)) || 0 : 0;
  const rest = colon > 0 ? version.slice(colon + 1) : version;
  const dash = rest.lastIndexOf('-');
  return dash > 0 ? { epoch, version: rest.slice(0, dash), release: rest.slice(dash + 1) } : { epoch, version: rest };
}

function add(map: Map<string, Provider[]>, name: string, p: Provider): void {
  const list = map.get(name);
  if (list) list.push(p);
  else map.set(name, [p]);
}
