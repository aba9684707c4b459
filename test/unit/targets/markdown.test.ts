// The README target table is generated; this fails when README.md drifts from targets/.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../../src/paths.js';
import { loadCatalogue } from '../../../src/targets/load.js';
import { readmeRegion, replaceReadmeRegion, targetsMarkdownTable } from '../../../src/targets/markdown.js';

describe('README target table', () => {
  it('README.md holds exactly the generated table (run `npm run readme:targets -- --write`)', async () => {
    const readme = readFileSync(path.join(PACKAGE_ROOT, 'README.md'), 'utf8');
    expect(readmeRegion(readme)).toBe(targetsMarkdownTable(await loadCatalogue()));
  });

  it('has one row per target with escaped cells', async () => {
    const catalogue = await loadCatalogue();
    const table = targetsMarkdownTable(catalogue);
    const lines = table.trimEnd().split('\n');
    expect(lines[0]).toBe('| Target | Group | Aliases | Depends on | What it does |');
    expect(lines).toHaveLength(catalogue.targets.size + 2);
    expect(table).toContain('| `rpi` | image | `rpi3` | ');
    expect(table).toMatch(/\| `rpm-env` \| rpm-build \(internal\) \|/);
    const piped = { targets: new Map([['x', { ...catalogue.targets.get('iso')!, name: 'x', description: 'a | b' }]]), aliases: new Map() };
    expect(targetsMarkdownTable(piped)).toContain('a \\| b');
  });

  it('replaces only the marked region', () => {
    const before = '# t\n\nintro\n<!-- targets:start -->\nold\n<!-- targets:end -->\nrest\n';
    const after = replaceReadmeRegion(before, 'NEW\n');
    expect(after).toBe('# t\n\nintro\n<!-- targets:start -->\nNEW\n<!-- targets:end -->\nrest\n');
    expect(readmeRegion(after!)).toBe('NEW\n');
    expect(replaceReadmeRegion('no markers', 'x')).toBeUndefined();
  });
});
