// What the `check-pre-reqs` target does: find a working container engine and make sure
// the builder image is current. Photon's own check also wants g++, gawk and createrepo
// on the host; here every tool lives in the builder image, so the engine is enough.
import type { ContainerEngine } from './engine.js';
import { ensureBuilderImage } from './builder-image.js';
import type { EngineChoice } from './select.js';
import { selectEngine } from './select.js';

export interface PreReqs {
  readonly engine: ContainerEngine;
  readonly image: { readonly tag: string; readonly id: string; readonly built: boolean; readonly durationMs: number };
}

export async function checkPreReqs(o: {
  readonly engineChoice: EngineChoice;
  readonly logDir: string;
  readonly dockerfile?: string;
  readonly onProgress?: (message: string) => void;
  readonly signal?: AbortSignal;
}): Promise<PreReqs> {
  const engine = await selectEngine(o.engineChoice, o.signal);
  o.onProgress?.(`container engine: ${engine.name}`);
  const image = await ensureBuilderImage(engine, { logDir: o.logDir, dockerfile: o.dockerfile, onProgress: o.onProgress, signal: o.signal });
  return { engine, image };
}
