// Dependency facts over every spec of an index, computed lazily and cached: resolved
// BuildRequires and Requires (as subpackage refs), runtime install closures, and the specs a
// build needs. Unresolvable non-conditional deps throw 'missing-dependency' with file:line.
// Spec closures are bit sets shared per strongly connected component of the Requires graph
// (package-closure.ts), so each subpackage's closure is computed once per model.
import { PhotonBuildError } from '../errors.js';
import type { Dependency, PackageSpec } from '../specs/types.js';
import type { ProviderIndex, SubRef } from './package-resolve.js';
import { clearBit, idsOf, newBits, orInto, setBit, type Bits } from './package-bits.js';
import { SpecClosures } from './package-closure.js';

export class DependencyModel {
  readonly providers: ProviderIndex;
  private readonly requiresCache: (readonly SubRef[] | undefined)[] = [];
  private readonly buildReqCache = new Map<string, readonly SubRef[]>();
  private readonly buildClosureCache = new Map<string, readonly string[]>();
  private readonly buildBitsCache = new Map<string, Bits>();
  private readonly buildIdsCache = new Map<string, readonly number[]>();
  private readonly closures: SpecClosures;

  constructor(providers: ProviderIndex) {
    this.providers = providers;
    this.closures = new SpecClosures(providers.refList.length, providers.specKeys.length, (ref) => this.requiresRefs(ref));
  }

  spec(key: string): PackageSpec {
    const spec = this.providers.specsByKey.get(key);
    if (!spec) throw new PhotonBuildError('input', `unknown spec key '${key}'`);
    return spec;
  }

  /** Resolved Requires of one subpackage (by SubRef id). */
  requiresRefs(ref: SubRef): readonly SubRef[] {
    let out = this.requiresCache[ref.n];
    if (!out) {
      out = this.resolveAll(ref.sub.requires, ref.spec, ref.sub.name);
      this.requiresCache[ref.n] = out;
    }
    return out;
  }

  buildRequiresRefs(key: string): readonly SubRef[] {
    let out = this.buildReqCache.get(key);
    if (!out) {
      const spec = this.spec(key);
      out = this.resolveAll(spec.buildRequires, spec, spec.name);
      this.buildReqCache.set(key, out);
    }
    return out;
  }

  /** Runtime closure over Requires, the given refs included. */
  installClosureRefs(refs: readonly SubRef[]): SubRef[] {
    const seen = new Map<string, SubRef>();
    const todo = [...refs];
    while (todo.length > 0) {
      const ref = todo.pop()!;
      if (seen.has(ref.id)) continue;
      seen.set(ref.id, ref);
      for (const dep of this.requiresRefs(ref)) if (!seen.has(dep.id)) todo.push(dep);
    }
    return [...seen.values()];
  }

  /** Specs whose RPMs its own build root needs: BuildRequires plus their runtime closure. */
  buildClosureSpecs(key: string): readonly string[] {
    let out = this.buildClosureCache.get(key);
    if (!out) {
      out = this.buildClosureIds(key).map((n) => this.providers.specKeys[n]!);
      this.buildClosureCache.set(key, out);
    }
    return out;
  }

  /** buildClosureSpecs as numbers into `providers.specKeys`, ascending. */
  buildClosureIds(key: string): readonly number[] {
    let out = this.buildIdsCache.get(key);
    if (!out) {
      out = idsOf(this.buildClosureBits(key));
      this.buildIdsCache.set(key, out);
    }
    return out;
  }

  /** buildClosureSpecs as a bit set over `providers.specKeys` (do not mutate). */
  buildClosureBits(key: string): Bits {
    let bits = this.buildBitsCache.get(key);
    if (!bits) {
      bits = newBits(this.providers.specKeys.length);
      const merged = new Set<Bits>();
      for (const ref of this.buildRequiresRefs(key)) {
        const closure = this.closures.of(ref);
        if (!merged.has(closure)) {
          merged.add(closure);
          orInto(bits, closure);
        }
      }
      const self = this.providers.specIds.get(key);
      if (self !== undefined) clearBit(bits, self);
      this.buildBitsCache.set(key, bits);
    }
    return bits;
  }

  /** The specs of a subpackage's runtime closure (itself included) as a bit set (do not mutate). */
  runtimeClosureBits(ref: SubRef): Bits {
    return this.closures.of(ref);
  }

  /** Specs that any subpackage of this spec requires at run time (directly). */
  runtimeSpecs(key: string): string[] {
    return this.runtimeIds(key).map((n) => this.providers.specKeys[n]!);
  }

  /** runtimeSpecs as numbers into `providers.specKeys`, ascending. */
  runtimeIds(key: string): number[] {
    return idsOf(this.runtimeBits(key));
  }

  /** runtimeSpecs as a bit set over `providers.specKeys` (a new set per call). */
  runtimeBits(key: string): Bits {
    this.spec(key);
    const self = this.providers.specIds.get(key)!;
    const bits = newBits(this.providers.specKeys.length);
    for (const ref of this.providers.refsOfSpec[self] ?? []) for (const dep of this.requiresRefs(ref)) setBit(bits, dep.specN);
    clearBit(bits, self);
    return bits;
  }

  private resolveAll(deps: readonly Dependency[], spec: PackageSpec, who: string): SubRef[] {
    const out: SubRef[] = [];
    for (const dep of deps) {
      const ref = this.providers.resolve(dep);
      if (ref) out.push(ref);
      else if (!dep.conditional) {
        throw new PhotonBuildError('missing-dependency', `${who} requires '${depText(dep)}' which no spec provides`, {
          file: dep.file ?? spec.file,
          line: dep.line,
        });
      }
    }
    return out;
  }
}

export function depText(dep: Dependency): string {
  if (dep.rich) return dep.rich;
  return dep.op && dep.version ? `${dep.name} ${dep.op} ${dep.version}` : dep.name;
}
