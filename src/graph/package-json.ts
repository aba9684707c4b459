// The stable JSON form of a package graph for `graph <target> --packages --json`: one entry
// per spec the target builds, with subpackages and dependency names. Pure data mapping.
import type { PackageGraph } from './packages.js';

export interface PackageGraphJson {
  readonly target: string;
  readonly arch: string;
  readonly packages: readonly PackageJsonEntry[];
}

export interface PackageJsonEntry {
  readonly name: string;
  readonly version: string;
  readonly release: string;
  readonly subpackages: readonly string[];
  /** BuildRequires dependency names, sorted, unique. */
  readonly buildRequires: readonly string[];
  /** Requires names of all subpackages, minus the spec's own subpackages; sorted, unique. */
  readonly requires: readonly string[];
}

export function packageGraphJson(graph: PackageGraph, target: string): PackageGraphJson {
  return {
    target,
    arch: graph.arch,
    packages: graph.specs.map((spec) => {
      const own = new Set(spec.subpackages.map((s) => s.name));
      const requires = spec.subpackages.flatMap((s) => s.requires.map((d) => d.name)).filter((n) => !own.has(n));
      return {
        name: spec.name,
        version: spec.version,
        release: spec.release,
        subpackages: spec.subpackages.filter((s, i) => i === 0 || s.hasFiles).map((s) => s.name),
        buildRequires: sortedUnique(spec.buildRequires.map((d) => d.name)),
        requires: sortedUnique(requires),
      };
    }),
  };
}

function sortedUnique(names: readonly string[]): string[] {
  return [...new Set(names)].sort();
}
