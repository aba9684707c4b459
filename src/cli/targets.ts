// `photon-build targets [--group G] [--json] [--all]`: lists the target catalogue as a
// table or as JSON. Loading and selection live in src/targets; this file only prints.
import type { Command } from 'commander';
import { PhotonBuildError } from '../errors.js';
import { loadCatalogue } from '../targets/load.js';
import { listTargets, normalizeGroup, targetJson } from '../targets/listing.js';
import { BUILD_PY_GROUP_NAMES, TARGET_GROUPS } from '../targets/types.js';
import type { TargetDefinition } from '../targets/types.js';

interface TargetsOptions {
  readonly group?: string;
  readonly json?: boolean;
  readonly all?: boolean;
}

export function registerTargets(program: Command): void {
  program
    .command('targets')
    .description('list the build targets (build.py target names) with group, aliases and description')
    .option('--group <group>', `only this group: ${TARGET_GROUPS.join(', ')} (or build.py's rpmBuild, buildEnvironment)`)
    .option('--json', 'print JSON: [{name, group, aliases, description, dependsOn, packageLists, outputs, steps}]')
    .option('--all', 'include internal targets (rpm-env, per-image package sets)')
    .action(async (opts: TargetsOptions) => {
      const group = opts.group === undefined ? undefined : normalizeGroup(opts.group);
      if (opts.group !== undefined && group === undefined) {
        const names = TARGET_GROUPS.map((g) => (BUILD_PY_GROUP_NAMES[g] === g ? g : `${g}|${BUILD_PY_GROUP_NAMES[g]}`));
        throw new PhotonBuildError('usage', `unknown group '${opts.group}' (expected one of: ${names.join(', ')})`, { key: '--group' });
      }
      const catalogue = await loadCatalogue();
      const targets = listTargets(catalogue, { ...(group ? { group } : {}), all: opts.all ?? false });
      process.stdout.write(opts.json ? `${JSON.stringify(targets.map(targetJson), null, 2)}\n` : table(targets));
    });
}

function table(targets: readonly TargetDefinition[]): string {
  const rows = targets.map((t) => [t.name, t.internal ? `${t.group}*` : t.group, aliasCell(t.aliases), t.description]);
  const header = ['TARGET', 'GROUP', 'ALIASES', 'DESCRIPTION'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const footer = targets.some((t) => t.internal) ? '\n* internal: not a build.py name\n' : '';
  return `${[line(header), ...rows.map(line)].join('\n')}\n${footer}`;
}

/** Aliases, cut to about 40 columns (check-pre-reqs has 13); --json lists them all. */
function aliasCell(aliases: readonly string[]): string {
  const shown: string[] = [];
  for (const alias of aliases) {
    if (shown.length > 0 && [...shown, alias].join(', ').length > 40) return `${shown.join(', ')}, … (+${aliases.length - shown.length})`;
    shown.push(alias);
  }
  return shown.join(', ');
}
