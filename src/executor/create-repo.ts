// Writes repodata/ for a directory of RPMs with createrepo_c inside the builder
// (docker/create-repo.sh): gzip metadata like Photon, no sqlite, every timestamp set to a
// fixed revision so the same RPMs give byte-identical metadata. To that end it sets each
// RPM's mtime to the revision (primary.xml records it); contents are never touched.
// Does not sign anything.
import path from 'node:path';
import { DOCKER_SCRIPTS_DIR } from '../paths.js';
import type { ContainerEngine, RunResult } from './engine.js';
import { SCRIPTS_IN_CONTAINER } from './rpm-build.js';

export interface CreateRepoOptions {
  readonly image: string;
  readonly name: string;
  /** Host dir holding the RPMs (any depth: RPMS/x86_64, RPMS/noarch); repodata/ goes here. */
  readonly rpmsDir: string;
  /** Unix time written as the repo revision and every timestamp; default 0. */
  readonly revision?: number;
  readonly logFile: string;
  readonly signal?: AbortSignal;
}

export async function createRepo(engine: ContainerEngine, o: CreateRepoOptions): Promise<RunResult> {
  return engine.run({
    name: o.name,
    image: o.image,
    command: ['/bin/bash', `${SCRIPTS_IN_CONTAINER}/create-repo.sh`, String(o.revision ?? 0)],
    mounts: [
      { source: path.resolve(o.rpmsDir), target: '/repo' },
      { source: DOCKER_SCRIPTS_DIR, target: SCRIPTS_IN_CONTAINER, readOnly: true },
    ],
    network: 'none',
    logFile: o.logFile,
    signal: o.signal,
  });
}
