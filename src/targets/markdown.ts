// The README's target table, generated from the catalogue so the docs cannot drift:
// one markdown row per target (internal ones marked), and the replacement of the region
// between the <!-- targets:start --> and <!-- targets:end --> markers. Pure strings.
import { listTargets } from './listing.js';
import type { TargetCatalogue } from './types.js';

export const README_START = '<!-- targets:start -->';
export const README_END = '<!-- targets:end -->';

export function targetsMarkdownTable(catalogue: TargetCatalogue): string {
  const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
  const code = (names: readonly string[]): string => names.map((n) => `\`${n}\``).join(', ');
  const rows = listTargets(catalogue, { all: true }).map((t) => {
    const group = t.internal ? `${t.group} (internal)` : t.group;
    return `| \`${t.name}\` | ${group} | ${code(t.aliases)} | ${code(t.dependsOn)} | ${cell(t.description)} |`;
  });
  return ['| Target | Group | Aliases | Depends on | What it does |', '|---|---|---|---|---|', ...rows].join('\n') + '\n';
}

/** The text between the markers (without them), or undefined when a marker is missing. */
export function readmeRegion(readme: string): string | undefined {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) return undefined;
  return readme.slice(start + README_START.length, end).replace(/^\n/, '');
}

/** README text with the region replaced by `table`; undefined when a marker is missing. */
export function replaceReadmeRegion(readme: string, table: string): string | undefined {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) return undefined;
  return `${readme.slice(0, start + README_START.length)}\n${table}${readme.slice(end)}`;
}
