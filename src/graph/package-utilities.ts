// The dependency utilities of build.py as pure functions over a DependencyModel:
// expanded install lists (generate-dep-lists / imgtree), Requires trees (pkgtree),
// direct runtime dependents (who-needs) and transitive dependents (print-upward-deps).
import { PhotonBuildError } from '../errors.js';
import { closure, reverseEdges } from './dag.js';
import type { DependencyModel } from './package-model.js';
import type { SubRef } from './package-resolve.js';

export interface ExpandedEntry {
  readonly name: string;
  /** Depth below the list's own entries (0 = listed). */
  readonly level: number;
  /** Who pulled it in first (undefined for listed entries). */
  readonly parent?: string;
}

/**
 * Runtime closure of the given subpackage names with a level per package, deepest first
 * (an install order, as SpecDeps' json output). Unknown names are returned in `unknown`.
 */
export function expandPackages(model: DependencyModel, names: readonly string[]): { entries: ExpandedEntry[]; unknown: string[] } {
  const level = new Map<string, number>();
  const parent = new Map<string, string>();
  const order: string[] = [];
  const refOf = new Map<string, SubRef>();
  const unknown: string[] = [];
  const queue: string[] = [];
  for (const name of names) {
    const ref = model.providers.subpackagesNamed(name)[0];
    if (!ref) {
      unknown.push(name);
      continue;
    }
    if (refOf.has(name)) continue;
    refOf.set(name, ref);
    level.set(name, 0);
    order.push(name);
    queue.push(name);
  }
  const limit = refOf.size + model.providers.refs.size; // levels cannot exceed this without a cycle
  while (queue.length > 0) {
    const name = queue.shift()!;
    const next = level.get(name)! + 1;
    if (next > limit) continue;
    for (const dep of model.requiresRefs(refOf.get(name)!)) {
      const depName = dep.sub.name;
      if (depName === name) continue;
      if (!refOf.has(depName)) {
        refOf.set(depName, dep);
        order.push(depName);
        parent.set(depName, name);
      } else if ((level.get(depName) ?? 0) >= next) continue;
      level.set(depName, next);
      queue.push(depName);
    }
  }
  const entries = order.map((name) => ({ name, level: level.get(name)!, ...(parent.has(name) ? { parent: parent.get(name)! } : {}) }));
  entries.sort((a, b) => b.level - a.level); // stable: discovery order within a level
  return { entries, unknown };
}

/** Subpackages (any version) whose own Requires resolve to the highest `name`. */
export function whoNeeds(model: DependencyModel, name: string): string[] {
  const target = model.providers.subpackagesNamed(name)[0];
  if (!target) throw new PhotonBuildError('input', `'${name}' is not a package of any spec`, { key: name });
  const out = new Set<string>();
  for (const ref of model.providers.refs.values()) {
    if (ref.id !== target.id && model.requiresRefs(ref).some((d) => d.id === target.id)) out.add(ref.sub.name);
  }
  return [...out].sort();
}

/**
 * Every spec that depends, at build or run time and transitively, on the specs with these
 * file basenames (e.g. "openssl.spec"). Returned as spec keys, the inputs excluded.
 */
export function upwardDeps(model: DependencyModel, specFiles: readonly string[]): string[] {
  const starts: string[] = [];
  for (const file of specFiles) {
    const base = file.replace(/^.*\//, '');
    const matches = [...model.providers.specsByKey].filter(([, s]) => s.relPath.replace(/^.*\//, '') === base).map(([k]) => k);
    if (matches.length === 0) throw new PhotonBuildError('input', `no spec file named '${base}'`, { key: file });
    starts.push(...matches);
  }
  const edges = new Map<string, string[]>();
  for (const key of model.providers.specsByKey.keys()) {
    const deps = new Set(model.buildRequiresRefs(key).map((r) => r.specKey));
    for (const k of model.runtimeSpecs(key)) deps.add(k);
    deps.delete(key);
    edges.set(key, [...deps]);
  }
  const up = closure(reverseEdges(edges), starts);
  for (const s of starts) up.delete(s);
  return [...up].sort();
}

/** pkgtree: the Requires tree of one package as indented lines (each package expanded once). */
export function requiresTree(model: DependencyModel, name: string): { name: string; depth: number; repeated: boolean }[] {
  const root = model.providers.subpackagesNamed(name)[0];
  if (!root) throw new PhotonBuildError('input', `'${name}' is not a package of any spec`, { key: name });
  const out: { name: string; depth: number; repeated: boolean }[] = [];
  const seen = new Set<string>();
  const stack: { ref: SubRef; depth: number }[] = [{ ref: root, depth: 0 }];
  while (stack.length > 0) {
    const { ref, depth } = stack.pop()!;
    const repeated = seen.has(ref.id);
    out.push({ name: ref.sub.name, depth, repeated });
    if (repeated) continue;
    seen.add(ref.id);
    const deps = model.requiresRefs(ref).filter((d) => d.id !== ref.id);
    for (let i = deps.length - 1; i >= 0; i--) stack.push({ ref: deps[i]!, depth: depth + 1 });
  }
  return out;
}
