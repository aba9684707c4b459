// `photon-build ci-matrix` as a CI job runs it: one JSON line for $GITHUB_OUTPUT and
// fromJSON(), the pretty JSON with package stages and skipped jobs, and one-line errors.
import { execa } from 'execa';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers/cli.js';

interface Entry {
  readonly target: string;
  readonly arch: string;
  readonly packages: string;
  readonly packageTargets: readonly string[];
  readonly lists: readonly string[];
}

describe('photon-build ci-matrix', () => {
  it('--format github prints {"include":[…]} alone on one line: iso and ova on both arches, rpi never on x86_64', async () => {
    const r = await runCli(['ci-matrix', 'iso', 'ova', 'rpi3', '--arch', 'x86_64,aarch64', '--format', 'github']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    const matrix = JSON.parse(r.stdout) as { include: Entry[] };
    expect(Object.keys(matrix)).toEqual(['include']);
    const jobs = matrix.include.map((e) => `${e.target}/${e.arch}`);
    expect(jobs.slice(0, 4)).toEqual(['iso/x86_64', 'iso/aarch64', 'ova/x86_64', 'ova/aarch64']);
    expect(jobs).not.toContain('rpi/x86_64');
    expect(jobs.filter((j) => j.startsWith('rpi/')).every((j) => j === 'rpi/aarch64')).toBe(true);
    expect(matrix.include[0]).toEqual({
      target: 'iso',
      arch: 'x86_64',
      packages: 'packages',
      packageTargets: ['packages'],
      lists: ['all-specs', 'packages_installer_initrd.json', 'packages_minimal.json'],
    });
    expect(matrix.include[2]!.packageTargets).toEqual(['packages-ova', 'packages-initrd']);
  });

  it('works in `echo "matrix=$(…)" >> $GITHUB_OUTPUT`', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pb-e2e-ci-'));
    try {
      const out = path.join(dir, 'github_output');
      await execa('bash', ['-c', `echo "matrix=$(node '${BIN}' ci-matrix minimal-iso --format github)" >> "$GITHUB_OUTPUT"`], { env: { GITHUB_OUTPUT: out } });
      const lines = (await readFile(out, 'utf8')).trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      const [key, ...value] = lines[0]!.split('=');
      expect(key).toBe('matrix');
      expect((JSON.parse(value.join('=')) as { include: Entry[] }).include.map((e) => [e.target, e.arch, e.packages])).toEqual([
        ['minimal-iso', 'x86_64', 'packages-minimal+packages-initrd'],
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('--format json adds the package stages (once per arch) and the skipped jobs with reasons', async () => {
    const r = await runCli(['ci-matrix', 'iso', 'photon-docker-image', 'rpi', '--arch', 'x86_64', '--arch', 'aarch64', '--format', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as { matrix: { include: Entry[] }; packageStages: { packages: string; arch: string }[]; skipped: { target: string; arch: string; reason: string }[] };
    expect(Object.keys(json)).toEqual(['matrix', 'packageStages', 'skipped']);
    expect(r.stdout.split('\n').length).toBeGreaterThan(10);
    expect(json.matrix.include.filter((e) => e.target !== 'rpi').map((e) => `${e.target}/${e.arch}`)).toEqual([
      'iso/x86_64',
      'iso/aarch64',
      'photon-docker-image/x86_64',
      'photon-docker-image/aarch64',
    ]);
    expect(json.packageStages.slice(0, 2)).toEqual([
      { packages: 'packages', arch: 'x86_64', packageTargets: ['packages'] },
      { packages: 'packages', arch: 'aarch64', packageTargets: ['packages'] },
    ]);
    expect(json.skipped).toContainEqual({ target: 'rpi', arch: 'x86_64', reason: 'rpi builds only for aarch64' });
  });

  it('an unknown target exits 2 with one line on stderr and nothing on stdout', async () => {
    const r = await runCli(['ci-matrix', 'iso', 'isoo', '--format', 'github']);
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^photon-build: unknown target 'isoo'; did you mean: .*\biso\b/);
  });

  it('an unknown arch or a bad format exits 2', async () => {
    const arch = await runCli(['ci-matrix', 'iso', '--arch', 'x86_64,riscv64']);
    expect(arch.exitCode).toBe(2);
    expect(arch.stderr).toMatch(/unknown architecture 'riscv64'/);
    const format = await runCli(['ci-matrix', 'iso', '--format', 'yaml']);
    expect(format.exitCode).toBe(2);
    expect(format.stdout).toBe('');
  });
});
