// .github/workflows/build.yml parses, wires matrix → builder → packages → images as
// docs/ci.md describes, and calls only commands and flags the CLI has (read from the
// commander program itself) with matrix fields ci-matrix emits.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { computeMatrix } from '../../../src/ci/matrix.js';
import { buildProgram } from '../../../src/cli/main.js';
import { PACKAGE_ROOT } from '../../../src/paths.js';
import { loadCatalogue } from '../../../src/targets/load.js';
import type { TargetCatalogue } from '../../../src/targets/types.js';

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly name?: string;
  readonly with?: Record<string, string | number>;
}
interface Job {
  readonly needs?: string | string[];
  readonly strategy?: { readonly matrix: unknown };
  readonly steps: readonly Step[];
  readonly outputs?: Record<string, string>;
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly env: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

const FILE = path.join(PACKAGE_ROOT, '.github', 'workflows', 'build.yml');
let text: string;
let wf: Workflow;
let catalogue: TargetCatalogue;
beforeAll(async () => {
  text = await readFile(FILE, 'utf8');
  wf = parse(text) as Workflow;
  catalogue = await loadCatalogue();
});

const runs = (job: string): string => wf.jobs[job]!.steps.map((s) => s.run ?? '').join('\n');
const uses = (job: string, action: string): Step[] => wf.jobs[job]!.steps.filter((s) => s.uses?.startsWith(`${action}@`));

/** Each `node bin/photon-build.js …` line: the command it runs (build for a target) and its --flags. */
function invocations(): { cmd: string; flags: string[]; line: string }[] {
  const program = buildProgram();
  const names = new Set(program.commands.map((c) => c.name()));
  const out: { cmd: string; flags: string[]; line: string }[] = [];
  for (const job of Object.values(wf.jobs)) {
    for (const step of job.steps) {
      for (const line of (step.run ?? '').split('\n')) {
        const m = /bin\/photon-build\.js\s+(\S+)(.*)$/.exec(line);
        if (!m) continue;
        const first = m[1]!;
        out.push({ cmd: names.has(first) ? first : 'build', flags: [...line.matchAll(/(?<![\w-])--[a-z][a-z-]*/g)].map((f) => f[0]), line });
      }
    }
  }
  return out;
}

function longFlags(cmd: Command): Set<string> {
  return new Set(cmd.options.map((o) => o.long).filter((l): l is string => l !== undefined));
}

describe('.github/workflows/build.yml', () => {
  it('parses and has the matrix, builder, packages and images jobs in that order of needs', () => {
    expect(Object.keys(wf.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
    expect(Object.keys(wf.jobs)).toEqual(['matrix', 'builder', 'packages', 'images']);
    expect(wf.jobs['packages']!.needs).toEqual(['matrix', 'builder']);
    expect(wf.jobs['images']!.needs).toEqual(['matrix', 'builder', 'packages']);
    expect(wf.jobs['images']!.strategy!.matrix).toBe('${{ fromJSON(needs.matrix.outputs.matrix) }}');
    expect(wf.jobs['packages']!.strategy!.matrix).toBe('${{ fromJSON(needs.matrix.outputs.stages) }}');
    expect(wf.jobs['matrix']!.outputs).toEqual({
      matrix: '${{ steps.matrix.outputs.matrix }}',
      stages: '${{ steps.matrix.outputs.stages }}',
      arches: '${{ steps.matrix.outputs.arches }}',
    });
  });

  it('calls only commands and flags the CLI defines', () => {
    const program = buildProgram();
    const found = invocations();
    expect(new Set(found.map((i) => i.cmd))).toEqual(new Set(['ci-matrix', 'build', 'verify']));
    for (const { cmd, flags, line } of found) {
      const known = longFlags(program.commands.find((c) => c.name() === cmd)!);
      for (const flag of flags) expect(known.has(flag), `${flag} in: ${line.trim()}`).toBe(true);
    }
    // Flags passed through the environment go to build commands.
    const build = longFlags(program.commands.find((c) => c.name() === 'build')!);
    for (const f of wf.env['REMOTE_CACHE_MODE']!.match(/--[a-z][a-z-]*/g) ?? []) expect(build.has(f)).toBe(true);
    // The invocation scan sees flags at all (the check above can fail).
    expect(found.flatMap((i) => i.flags)).toContain('--remote-cache');
  });

  it('reads the cache URL and HMAC key from secrets, writes the cache only on pushes to main', () => {
    expect(wf.env['PHOTON_BUILD_CACHE_URL']).toBe('${{ secrets.PHOTON_BUILD_CACHE_URL }}');
    expect(wf.env['PHOTON_BUILD_CACHE_HMAC_KEY']).toBe('${{ secrets.PHOTON_BUILD_CACHE_HMAC_KEY }}');
    const mode = wf.env['REMOTE_CACHE_MODE']!;
    expect(mode).toMatch(/github\.event_name == 'push' && github\.ref == 'refs\/heads\/main'.*&& '' \|\| '--remote-cache-readonly'/);
    for (const job of ['packages', 'images']) {
      expect(runs(job)).toMatch(/--remote-cache "\$PHOTON_BUILD_CACHE_URL" \$REMOTE_CACHE_MODE/);
    }
    expect(runs('packages')).toContain('${{ join(matrix.packageTargets, \' \') }}');
  });

  it('builders load one builder image per arch, so cache keys (which include its ID) agree across jobs', () => {
    expect(runs('builder')).toMatch(/docker save photon-build\/builder:latest/);
    for (const job of ['packages', 'images']) {
      expect(uses(job, 'actions/download-artifact')[0]!.with!['name']).toBe('builder-image-${{ matrix.arch }}');
      expect(runs(job)).toContain('docker load');
    }
  });

  it('publishes stage/images (images, .md5/.sha256, manifest.json) and verifies the published copy', () => {
    const steps = wf.jobs['images']!.steps;
    const upload = steps.findIndex((s) => s.uses?.startsWith('actions/upload-artifact@') && String(s.with?.['path']).endsWith('/stage/images/'));
    const verify = steps.findIndex((s) => /photon-build\.js verify --against published\/manifest\.json published/.test(s.run ?? ''));
    expect(upload).toBeGreaterThan(-1);
    expect(verify).toBeGreaterThan(upload);
    const download = steps.slice(upload, verify).find((s) => s.uses?.startsWith('actions/download-artifact@'));
    expect(download?.with).toEqual({ name: steps[upload]!.with!['name'], path: 'published' });
  });

  it('uses only matrix fields ci-matrix emits, and its default targets are known', () => {
    const defaults = /inputs\.targets \|\| '([^']+)'/.exec(wf.env['TARGETS']!)![1]!.split(' ');
    const m = computeMatrix(catalogue, defaults, ['x86_64', 'aarch64']);
    expect(m.include.length).toBeGreaterThan(0);
    const fields = (job: string): string[] => [...JSON.stringify(wf.jobs[job]).matchAll(/(?<![.\w])matrix\.(\w+)/g)].map((x) => x[1]!);
    for (const f of fields('images')) expect(Object.keys(m.include[0]!)).toContain(f);
    for (const f of fields('packages')) expect(Object.keys(m.packageStages[0]!)).toContain(f);
    expect(fields('builder')).toEqual(expect.arrayContaining(['arch']));
  });
});
