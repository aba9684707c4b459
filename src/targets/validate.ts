// Checks the parsed targets/*.yaml files together and builds the catalogue: unique names,
// aliases that clash with nothing, references (depends-on, after, instead-of) that name a
// target, and no cycle through depends-on and after. Per-entry checks are in parse.ts.
import { PhotonBuildError } from '../errors.js';
import { findCycle } from '../graph/dag.js';
import type { ParsedEntry, ParsedFile } from './parse.js';
import type { TargetCatalogue, TargetDefinition } from './types.js';

type RefKey = 'depends-on' | 'after' | 'instead-of';
const REF_KEYS: readonly RefKey[] = ['depends-on', 'after', 'instead-of'];

export function buildCatalogue(files: readonly ParsedFile[]): TargetCatalogue {
  const entries = new Map<string, ParsedEntry>();
  for (const file of files) {
    for (const entry of file.entries) {
      const first = entries.get(entry.def.name);
      if (first) {
        throw failAt(entry, 'name', `duplicate target name '${entry.def.name}' (first defined at ${where(first)})`);
      }
      entries.set(entry.def.name, entry);
    }
  }

  const aliasOwner = new Map<string, ParsedEntry>();
  for (const entry of entries.values()) {
    entry.def.aliases.forEach((alias, j) => {
      const key = `aliases[${j}]`;
      const named = entries.get(alias);
      if (named) throw failAt(entry, key, `alias '${alias}' is already a target name (${where(named)})`);
      const owner = aliasOwner.get(alias);
      if (owner) throw failAt(entry, key, `alias '${alias}' is already an alias of '${owner.def.name}' (${where(owner)})`);
      aliasOwner.set(alias, entry);
    });
  }

  for (const entry of entries.values()) {
    for (const refKey of REF_KEYS) {
      refs(entry.def, refKey).forEach((ref, j) => {
        if (entries.has(ref)) return;
        const owner = aliasOwner.get(ref);
        const hint = owner ? `; '${ref}' is an alias, use '${owner.def.name}'` : '';
        throw failAt(entry, `${refKey}[${j}]`, `${refKey} names unknown target '${ref}'${hint}`);
      });
    }
  }

  const order = new Map<string, readonly string[]>();
  for (const [name, entry] of entries) order.set(name, [...entry.def.dependsOn, ...(entry.def.after ?? [])]);
  const cycle = findCycle(order);
  if (cycle && cycle.length > 1) {
    const [from, to] = [cycle[0]!, cycle[1]!];
    const entry = entries.get(from)!;
    const j = entry.def.dependsOn.indexOf(to);
    const key = j >= 0 ? `depends-on[${j}]` : `after[${(entry.def.after ?? []).indexOf(to)}]`;
    throw failAt(entry, key, `dependency cycle: ${cycle.join(' -> ')}`);
  }

  const targets = new Map<string, TargetDefinition>();
  for (const [name, entry] of entries) targets.set(name, entry.def);
  const aliases = new Map<string, string>();
  for (const [alias, owner] of aliasOwner) aliases.set(alias, owner.def.name);
  return { targets, aliases };
}

function refs(def: TargetDefinition, key: RefKey): readonly string[] {
  switch (key) {
    case 'depends-on':
      return def.dependsOn;
    case 'after':
      return def.after ?? [];
    case 'instead-of':
      return def.insteadOf ?? [];
  }
}

function where(entry: ParsedEntry): string {
  return `${entry.def.file}:${entry.def.line}`;
}

function failAt(entry: ParsedEntry, subKey: string, message: string): PhotonBuildError {
  const key = `${entry.keyPath}.${subKey}`;
  const line = entry.lines.get(key) ?? entry.def.line;
  return new PhotonBuildError('target-definition', message, { file: entry.def.file, line, key });
}
