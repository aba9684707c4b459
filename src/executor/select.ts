// Picks the container engine for a run: the one asked for, or docker then podman for
// 'auto'. Answers with a working engine or the typed no-engine error (exit 4).
import { PhotonBuildError } from '../errors.js';
import type { ContainerEngine } from './engine.js';
import { createDockerEngine } from './docker.js';
import { createPodmanEngine } from './podman.js';

export type EngineChoice = 'docker' | 'podman' | 'auto';

export const NO_ENGINE_MESSAGE =
  'no container engine: install docker.io (apt-get install docker.io) and start dockerd, or podman with runc';

export async function selectEngine(choice: EngineChoice, signal?: AbortSignal): Promise<ContainerEngine> {
  const candidates: ContainerEngine[] = [];
  if (choice === 'docker' || choice === 'auto') candidates.push(createDockerEngine());
  if (choice === 'podman' || choice === 'auto') candidates.push(createPodmanEngine());
  const tried: string[] = [];
  for (const engine of candidates) {
    if (await engine.available(signal)) return engine;
    tried.push(engine.name);
  }
  if (signal?.aborted) throw new PhotonBuildError('aborted', 'interrupted while looking for a container engine');
  throw new PhotonBuildError('no-engine', `${NO_ENGINE_MESSAGE} (tried: ${tried.join(', ')})`, { key: '--engine' });
}
