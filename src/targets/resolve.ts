// Finds a target by name or alias, and suggests the closest names (edit distance) for an
// unknown one. Pure; the CLI turns an unknown result into the 'unknown-target' error.
import { PhotonBuildError } from '../errors.js';
import type { TargetCatalogue, TargetDefinition } from './types.js';

export type TargetLookup =
  | { readonly kind: 'target'; readonly target: TargetDefinition }
  | { readonly kind: 'unknown'; readonly suggestions: string[] };

export function resolveTarget(catalogue: TargetCatalogue, name: string): TargetLookup {
  const canonical = catalogue.aliases.get(name) ?? name;
  const target = catalogue.targets.get(canonical);
  if (target) return { kind: 'target', target };
  return { kind: 'unknown', suggestions: suggestTargets(catalogue, name) };
}

/** resolveTarget, or the one-line 'unknown-target' error ("did you mean: …"). */
export function requireTarget(catalogue: TargetCatalogue, name: string): TargetDefinition {
  const found = resolveTarget(catalogue, name);
  if (found.kind === 'target') return found.target;
  const hint = found.suggestions.length > 0 ? `; did you mean: ${found.suggestions.join(', ')}` : '';
  throw new PhotonBuildError('unknown-target', `unknown target '${name}'${hint}`);
}

/** Up to `max` public names or aliases closest to `name`, nearest first, ties by name. */
export function suggestTargets(catalogue: TargetCatalogue, name: string, max = 3): string[] {
  const candidates = [
    ...[...catalogue.targets.values()].filter((t) => !t.internal).map((t) => t.name),
    ...catalogue.aliases.keys(),
  ];
  const limit = Math.max(2, Math.ceil(name.length / 2));
  return candidates
    .map((candidate) => ({ candidate, distance: editDistance(name.toLowerCase(), candidate) }))
    .filter((c) => c.distance <= limit)
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, max)
    .map((c) => c.candidate);
}

/** Levenshtein distance with one rolling row. */
export function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      next.push(Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + cost));
    }
    row = next;
  }
  return row[b.length]!;
}
