// Shared setup for the executor integration tests: the real docker engine, the builder
// image (built on first use by ensureBuilderImage), scratch dirs, and a look at leftovers.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { createDockerEngine, dockerBinary } from '../../../src/executor/docker.js';
import { ensureBuilderImage } from '../../../src/executor/builder-image.js';
import type { ContainerEngine } from '../../../src/executor/engine.js';

export const BASE_IMAGE = 'photon-build/base:bookworm';
export const PREFIX = 'pb-test-executor';

export function dockerEngine(): ContainerEngine {
  return createDockerEngine();
}

let builder: Promise<string> | undefined;
/** The builder image tag, built once per test process if missing or stale. */
export function builderImage(): Promise<string> {
  builder ??= (async () => {
    const logDir = await scratchDir('image');
    const r = await ensureBuilderImage(dockerEngine(), { logDir });
    return r.tag;
  })();
  return builder;
}

export async function scratchDir(label: string): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), `${PREFIX}-${label}-`));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export function uniqueName(label: string): string {
  return `${PREFIX}-${label}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Every container (any state) whose name starts with prefix, straight from `docker ps -a`. */
export async function containersNamed(prefix: string): Promise<string[]> {
  const r = await execa(dockerBinary(), ['ps', '-a', '--format', '{{.Names}}']);
  return r.stdout.split('\n').filter((n) => n.startsWith(prefix));
}

export async function sh(cmd: string, args: readonly string[], opts: { cwd?: string } = {}): Promise<string> {
  const r = await execa(cmd, args, { cwd: opts.cwd });
  return r.stdout;
}
