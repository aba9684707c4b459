// The docker ContainerEngine: Debian's /usr/bin/docker when present (it matches the 20.10
// daemon), PHOTON_BUILD_DOCKER to override. Does not start dockerd or pick an engine.
import { existsSync } from 'node:fs';
import type { ContainerEngine } from './engine.js';
import { createCliEngine } from './cli-engine.js';

export function dockerBinary(env: NodeJS.ProcessEnv = process.env): string {
  const override = env['PHOTON_BUILD_DOCKER'];
  if (override !== undefined && override !== '') return override;
  return existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker';
}

export function createDockerEngine(opts: { readonly binary?: string } = {}): ContainerEngine {
  return createCliEngine({ name: 'docker', binary: opts.binary ?? dockerBinary(), runArgs: [], buildArgs: [], globalArgs: [] });
}
