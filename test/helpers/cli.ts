// Runs the built CLI (bin/photon-build.js → dist/) as a child process, and makes
// throwaway copies of the sample tree so tests never touch examples/sample-tree/stage.
import { execa } from 'execa';
import type { ResultPromise } from 'execa';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(ROOT, 'bin', 'photon-build.js');

export interface CliResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function startCli(args: readonly string[], opts: { readonly cwd?: string; readonly env?: Record<string, string> } = {}): ResultPromise<{ reject: false }> {
  return execa('node', [BIN, ...args], { cwd: opts.cwd ?? ROOT, env: { CI: 'true', ...opts.env }, reject: false, all: false });
}

export async function runCli(args: readonly string[], opts: { readonly cwd?: string; readonly env?: Record<string, string> } = {}): Promise<CliResult> {
  const r = await startCli(args, opts);
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** A private copy of the sample tree (without its stage) and a private cache dir. */
export async function sampleTreeCopy(): Promise<{ tree: string; cache: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pb-e2e-'));
  const tree = path.join(dir, 'tree');
  await cp(path.join(ROOT, 'examples', 'sample-tree'), tree, { recursive: true, filter: (src) => !src.includes(`${path.sep}stage`) });
  return { tree, cache: path.join(dir, 'cache'), cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export interface StepEnd {
  readonly step: string;
  readonly kind: string;
  readonly outcome: string;
  readonly message?: string;
  readonly logFile?: string;
}

/** step-end events from a --json run's stdout. */
export function stepEnds(stdout: string): StepEnd[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as { type: string } & StepEnd)
    .filter((e) => e.type === 'step-end');
}

export function builtSteps(stdout: string, prefix = 'rpm:'): string[] {
  return stepEnds(stdout).filter((e) => e.outcome === 'built' && e.step.startsWith(prefix)).map((e) => e.step).sort();
}
