// Shared setup for the image integration tests: the docker engine, the builder image tag,
// and the fixture RPMs (test/fixtures/images/SPECS built once per test file with
// rpmbuild + createrepo_c in the builder, network none). No assertions here.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { createDockerEngine } from '../../../src/executor/docker.js';
import type { ContainerEngine } from '../../../src/executor/engine.js';

export const BUILDER_IMAGE = process.env['PHOTON_BUILD_TEST_IMAGE'] ?? 'photon-build/builder:dev';
export const EPOCH = 1704067200;
export const FIXTURE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/images');
export const INITRD_PACKAGES = ['filesystem', 'glibc', 'busybox', 'photon-release', 'photon-init'] as const;
export const MINIMAL_PACKAGES = ['filesystem', 'glibc', 'busybox', 'photon-release', 'linux', 'hello'] as const;

export function engine(): ContainerEngine {
  return createDockerEngine();
}

export function scratch(tag: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `pb-test-images-${tag}-`));
}

/** Builds the fixture RPMs into <dir>/RPMS/{x86_64,noarch} (+ repodata); returns dir. */
export async function buildFixtureRpms(dir: string): Promise<string> {
  const logFile = path.join(dir, 'LOGS', 'fixture-rpms.log');
  const result = await engine().run({
    name: `pb-test-images-rpms-${process.pid}-${Date.now()}`,
    image: BUILDER_IMAGE,
    command: ['bash', '/fixture/build-rpms.sh'],
    mounts: [
      { source: FIXTURE_DIR, target: '/fixture', readOnly: true },
      { source: path.join(FIXTURE_DIR, 'SPECS'), target: '/specs', readOnly: true },
      { source: dir, target: '/out' },
    ],
    network: 'none',
    logFile,
  });
  if (!result.ok) throw new Error(`fixture RPM build failed, see ${logFile}`);
  return dir;
}

/** Runs a host tool and returns stdout+stderr (never throws on exit code). */
export async function tool(cmd: string, args: readonly string[]): Promise<{ code: number; out: string }> {
  const r = await execa(cmd, args, { reject: false, all: true, stdin: 'ignore' });
  return { code: r.exitCode ?? -1, out: String(r.all ?? '') };
}
