// The podman ContainerEngine. On these hosts crun fails (cgroups "hybrid" mode) and the
// default rlimits cannot be set, so every container runs with runc and ulimits the
// kernel accepts (nofile 20000, nproc ≤ 32768). PHOTON_BUILD_PODMAN overrides the binary.
import { existsSync } from 'node:fs';
import type { ContainerEngine } from './engine.js';
import { createCliEngine } from './cli-engine.js';

export const PODMAN_RUN_ARGS: readonly string[] = ['--ulimit', 'nofile=20000:20000', '--ulimit', 'nproc=32768:32768'];

export function podmanBinary(env: NodeJS.ProcessEnv = process.env): string {
  const override = env['PHOTON_BUILD_PODMAN'];
  if (override !== undefined && override !== '') return override;
  return existsSync('/usr/bin/podman') ? '/usr/bin/podman' : 'podman';
}

export function createPodmanEngine(opts: { readonly binary?: string } = {}): ContainerEngine {
  return createCliEngine({
    name: 'podman',
    binary: opts.binary ?? podmanBinary(),
    globalArgs: ['--runtime', 'runc'],
    runArgs: PODMAN_RUN_ARGS,
    buildArgs: PODMAN_RUN_ARGS,
  });
}
