// Commands that only read (targets, graph, --help) must not load the build machinery:
// execa, got, listr2 and tar cost ~140 ms of start-up together (docs/performance.md).
// The build and plan runs, and verify's checksum code, are imported when they run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../../helpers/cli.js';

const HOOK = path.join(ROOT, 'test', 'helpers', 'record-imports.mjs');
const work = mkdtempSync(path.join(tmpdir(), 'pb-imports-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the CLI and returns the node_modules packages and dist/ modules it loaded. */
function loaded(args: readonly string[]): { packages: Set<string>; modules: Set<string> } {
  const log = path.join(work, `${args.join('_').replace(/\W/g, '')}.log`);
  execFileSync(process.execPath, ['--import', HOOK, BIN, ...args], { env: { ...process.env, RECORD_IMPORTS_LOG: log }, stdio: ['ignore', 'ignore', 'pipe'] });
  const urls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  const packages = new Set(urls.flatMap((u) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1] ?? []));
  const modules = new Set(urls.flatMap((u) => /\/dist\/(.+)\.js$/.exec(u)?.[1] ?? []));
  return { packages, modules };
}

const HEAVY = ['execa', 'got', 'listr2', 'tar'];
const isBuildMachinery = (m: string): boolean =>
  ['executor/', 'images/', 'sources/', 'scheduler/', 'report/'].some((d) => m.startsWith(d)) || ['run/start', 'cache/remote', 'cli/build-run', 'cli/plan-run'].includes(m);

describe('lazy command imports', () => {
  it('targets --json loads commander but none of the build machinery', () => {
    const { packages, modules } = loaded(['targets', '--json']);
    expect(packages.has('commander')).toBe(true);
    expect(modules.has('cli/targets')).toBe(true);
    expect(HEAVY.filter((p) => packages.has(p))).toEqual([]);
    expect([...modules].filter(isBuildMachinery)).toEqual([]);
  });

  it('graph --packages on the sample tree loads the tree and spec modules, not the executor', () => {
    const { packages, modules } = loaded(['graph', 'iso', '--packages', '--json']);
    expect(modules.has('specs/load')).toBe(true);
    expect(modules.has('graph/packages')).toBe(true);
    expect(HEAVY.filter((p) => packages.has(p))).toEqual([]);
    expect([...modules].filter(isBuildMachinery)).toEqual([]);
  });

  it('plan loads its run module (and with it the engine code) only when it runs', () => {
    const { packages, modules } = loaded(['plan', 'packages', '--json', '--cache-dir', path.join(work, 'cache')]);
    expect(modules.has('cli/plan-run')).toBe(true);
    expect(packages.has('execa')).toBe(true);
  });
});
