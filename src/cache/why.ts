// Why a step would (not) rebuild: a pure key-by-key diff of two flat input records, and
// the explanation of one step against the cache (hit with its provenance, or miss with
// what changed since the last build). Reads the cache; never prints.
import type { ActionRecord, Cache, CacheKey } from './types.js';

export interface InputDiff {
  readonly added: readonly { readonly key: string; readonly value: string }[];
  readonly removed: readonly { readonly key: string; readonly value: string }[];
  readonly changed: readonly { readonly key: string; readonly old: string; readonly new: string }[];
}

/** Keys sorted; values compared as strings (inputs are stored flat, see flattenInputs). */
export function diffInputs(old: Readonly<Record<string, string>>, current: Readonly<Record<string, string>>): InputDiff {
  const added: { key: string; value: string }[] = [];
  const removed: { key: string; value: string }[] = [];
  const changed: { key: string; old: string; new: string }[] = [];
  const keys = [...new Set([...Object.keys(old), ...Object.keys(current)])].sort();
  for (const key of keys) {
    const inOld = Object.hasOwn(old, key);
    const inNew = Object.hasOwn(current, key);
    if (inOld && !inNew) removed.push({ key, value: old[key]! });
    else if (!inOld && inNew) added.push({ key, value: current[key]! });
    else if (old[key] !== current[key]) changed.push({ key, old: old[key]!, new: current[key]! });
  }
  return { added, removed, changed };
}

export function isEmptyDiff(diff: InputDiff): boolean {
  return diff.added.length + diff.removed.length + diff.changed.length === 0;
}

export type StepExplanation =
  | { readonly status: 'hit'; readonly step: string; readonly key: CacheKey; readonly record: ActionRecord }
  | { readonly status: 'miss'; readonly step: string; readonly key: CacheKey; readonly previous: ActionRecord; readonly diff: InputDiff }
  | { readonly status: 'never-built'; readonly step: string; readonly key: CacheKey };

export interface CurrentInputs {
  readonly key: CacheKey;
  readonly inputs: Readonly<Record<string, string>>;
}

export async function explainStep(cache: Pick<Cache, 'lookup' | 'latestFor'>, step: string, current: CurrentInputs): Promise<StepExplanation> {
  const record = await cache.lookup(current.key);
  if (record) return { status: 'hit', step, key: current.key, record };
  const previous = await cache.latestFor(step);
  if (!previous) return { status: 'never-built', step, key: current.key };
  return { status: 'miss', step, key: current.key, previous, diff: diffInputs(previous.inputs, current.inputs) };
}
