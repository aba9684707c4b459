// The built CLI as a child process: `targets` and `graph` output, exit codes, and one-line
// errors for bad input (unknown target, broken catalogues). Broken catalogues are tested
// with a copy of the built package whose targets/ holds a fixture, since the CLI always
// reads the targets/ next to its dist/.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FIXTURES = path.join(ROOT, 'test/fixtures/targets');
const IMAGES = ['iso', 'ami', 'gce', 'azure', 'rpi', 'ova', 'all', 'src-iso', 'ls1012afrwy', 'photon-docker-image', 'k8s-docker-images', 'all-images', 'minimal-iso', 'basic-iso', 'rt-iso'];
const copies: string[] = [];

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(args: readonly string[], root = ROOT): Run {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/photon-build.js'), ...args], { cwd: tmpdir(), encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A copy of the built package whose targets/ is the given fixture directory. */
function packageWithTargets(fixture: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pb-test-targets-'));
  copies.push(dir);
  for (const part of ['bin', 'dist', 'package.json']) cpSync(path.join(ROOT, part), path.join(dir, part), { recursive: true });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  cpSync(path.join(FIXTURES, fixture), path.join(dir, 'targets'), { recursive: true });
  return dir;
}

function expectOneLineError(r: Run, pattern: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

beforeAll(() => {
  // Other areas may have transient type errors; tsc still emits, and the checks below
  // run the emitted CLI.
  try {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'pipe' });
  } catch {
    /* reported by the assertions if dist is unusable */
  }
  expect(existsSync(path.join(ROOT, 'dist/cli/main.js'))).toBe(true);
}, 300_000);

afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

describe('photon-build targets', () => {
  it('--json lists the 52 master targets (plus 4.0\'s ova_uefi) with group and aliases', () => {
    const r = run(['targets', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { name: string; group: string; aliases: string[]; dependsOn: string[]; steps: string[] }[];
    expect(list).toHaveLength(53);
    expect(list.filter((t) => t.group === 'image').map((t) => t.name).sort()).toEqual([...IMAGES, 'ova_uefi'].sort());
    expect(list.find((t) => t.name === 'rpi')!.aliases).toEqual(['rpi3']);
    expect(list.find((t) => t.name === 'ova')!.aliases).toEqual([]);
    expect(list.find((t) => t.name === 'ova_uefi')!.aliases).toEqual([]);
    expect(list.find((t) => t.name === 'check-packages')!.aliases).toEqual(['check']);
    for (const t of list) for (const key of ['name', 'group', 'aliases', 'description', 'dependsOn', 'packageLists', 'outputs', 'steps']) expect(t).toHaveProperty(key);
  });

  it('--all adds the internal targets; --group takes build.py group names', () => {
    const all = JSON.parse(run(['targets', '--json', '--all']).stdout) as { name: string }[];
    expect(all.map((t) => t.name)).toContain('rpm-env');
    const rpm = JSON.parse(run(['targets', '--json', '--group', 'rpmBuild']).stdout) as { group: string }[];
    expect(rpm).toHaveLength(15);
    expect(new Set(rpm.map((t) => t.group))).toEqual(new Set(['rpm-build']));
  });

  it('prints a table by default', () => {
    const r = run(['targets', '--group', 'image']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^TARGET\s+GROUP\s+ALIASES\s+DESCRIPTION$/);
    expect(r.stdout).toMatch(/^rpi\s+image\s+rpi3\s+Raspberry/m);
  });

  it('rejects an unknown group with exit 2', () => {
    expectOneLineError(run(['targets', '--group', 'images']), /^photon-build: --group: unknown group 'images'/);
  });
});

describe('photon-build graph', () => {
  it('iso --format json gives the reference edges, without a cycle', () => {
    const r = run(['graph', 'iso', '--format', 'json']);
    expect(r.code).toBe(0);
    const g = JSON.parse(r.stdout) as { target: string; nodes: string[]; edges: { from: string; to: string }[] };
    expect(g.target).toBe('iso');
    const from = (n: string): string[] => g.edges.filter((e) => e.from === n).map((e) => e.to);
    expect(from('iso')).toEqual(['rpm-env', 'photon-stage', 'packages', 'create-repo', 'ostree-repo']);
    expect(from('ostree-repo')).toEqual(['rpm-env', 'create-repo']);
    expect(from('rpm-env')).toEqual(expect.arrayContaining(['photon-stage', 'publish-x-rpms', 'publish-rpms', 'sources', 'check-spec-files', 'generate-dep-lists']));
    const pos = new Map(g.nodes.map((n, i) => [n, i]));
    for (const e of g.edges) expect(pos.get(e.to)!).toBeLessThan(pos.get(e.from)!); // nodes are a topological order
  });

  it('all includes every image target, and its dot output renders with graphviz', () => {
    const json = JSON.parse(run(['graph', 'all', '--json']).stdout) as { nodes: string[] };
    for (const image of IMAGES) expect(json.nodes).toContain(image);
    const dot = run(['graph', 'all', '--format', 'dot']);
    expect(dot.code).toBe(0);
    const svg = execFileSync('dot', ['-Tsvg'], { input: dot.stdout, encoding: 'utf8' });
    expect(svg).toContain('<svg');
  });

  it('prints a text tree and Mermaid, and resolves aliases', () => {
    const text = run(['graph', 'rpi3']);
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')[0]).toBe('rpi');
    expect(text.stdout).toContain('packages-rpi');
    expect(run(['graph', 'iso', '--format', 'mermaid']).stdout.split('\n')[0]).toBe('graph TD');
  });

  it('an unknown target is exit 2 with suggestions on one line', () => {
    expectOneLineError(run(['graph', 'isoo']), /^photon-build: unknown target 'isoo'; did you mean: iso/);
  });

  it('an unknown format is a usage error (exit 2)', () => {
    const r = run(['graph', 'iso', '--format', 'svg']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/svg/);
  });
});

describe('broken catalogues', () => {
  const cases: readonly [string, RegExp][] = [
    ['cycle', /targets\/a\.yaml:5: targets\[0\]\.depends-on\[0\]: dependency cycle: alpha -> beta -> gamma -> alpha$/],
    ['dangling', /targets\/a\.yaml:5: targets\[0\]\.depends-on\[1\]: depends-on names unknown target 'pakages'$/],
    ['unknown-key', /targets\/a\.yaml:9: targets\[1\]\.depend-on: unknown key 'depend-on'/],
    ['duplicate-name', /targets\/b\.yaml:7: targets\[1\]\.name: duplicate target name 'iso'/],
    ['duplicate-alias', /targets\/a\.yaml:11: targets\[1\]\.aliases\[1\]: alias 'rpi3' is already an alias of 'rpi'/],
    ['alias-is-name', /targets\/a\.yaml:10: targets\[1\]\.aliases\[1\]: alias 'iso' is already a target name/],
  ];
  for (const [fixture, pattern] of cases) {
    it(`${fixture}: one line naming file and key path, exit 2`, () => {
      const root = packageWithTargets(fixture);
      expectOneLineError(run(['targets'], root), pattern);
      expectOneLineError(run(['graph', 'iso'], root), pattern);
    });
  }
});
