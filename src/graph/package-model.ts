// Dependency facts over every spec of an index, computed lazily and cached: resolved
// BuildRequires and Requires (as subpackage refs), runtime install closures, and the specs a
// build needs. Unresolvable non-conditional deps throw 'missing-dependency' with file:line.
import { PhotonBuildError } from '../errors.js';
import type { Dependency, PackageSpec } from '../specs/types.js';
import { subRefId, type ProviderIndex, type SubRef } from './package-resolve.js';

export class DependencyModel {
  readonly providers: ProviderIndex;
  private readonly requiresCache = new Map<string, readonly SubRef[]>();
  private readonly buildReqCache = new Map<string, readonly SubRef[]>();
  private readonly buildClosureCache = new Map<string, readonly string[]>();

  constructor(providers: ProviderIndex) {
    this.providers = providers;
  }

  spec(key: string): PackageSpec {
    const spec = this.providers.specsByKey.get(key);
    if (!spec) throw new PhotonBuildError('input', `unknown spec key '${key}'`);
    return spec;
  }

  /** Resolved Requires of one subpackage (by SubRef id). */
  requiresRefs(ref: SubRef): readonly SubRef[] {
    let out = this.requiresCache.get(ref.id);
    if (!out) {
      out = this.resolveAll(ref.sub.requires, ref.spec, ref.sub.name);
      this.requiresCache.set(ref.id, out);
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
      const keys = new Set(this.installClosureRefs(this.buildRequiresRefs(key)).map((r) => r.specKey));
      keys.delete(key);
      out = [...keys].sort();
      this.buildClosureCache.set(key, out);
    }
    return out;
  }

  /** Specs that any subpackage of this spec requires at run time (directly). */
  runtimeSpecs(key: string): string[] {
    const spec = this.spec(key);
    const keys = new Set<string>();
    for (const sub of spec.subpackages) {
      const ref = this.providers.refs.get(subRefId(key, sub.name));
      if (ref) for (const dep of this.requiresRefs(ref)) keys.add(dep.specKey);
    }
    keys.delete(key);
    return [...keys].sort();
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
