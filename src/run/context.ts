// Everything a running step may use: the tree, the engine and builder image, the cache,
// stage paths and the event sink. Built once per run by src/run/run-plan.ts.
import path from 'node:path';
import type { Cache } from '../cache/types.js';
import type { ContainerEngine } from '../executor/engine.js';
import type { BuilderImage as ExecutorBuilderImage } from '../executor/builder-image.js';
import type { EmitEvent } from '../report/events.js';
import type { PhotonTree } from '../tree/types.js';
import type { Plan } from '../plan/types.js';
import type { PackageGraphView } from '../plan/build-plan.js';

/** What a run needs of the builder image (src/executor/builder-image.ts). */
export type BuilderImage = Pick<ExecutorBuilderImage, 'tag' | 'id'>;

export interface RunContext {
  readonly tree: PhotonTree;
  readonly plan: Plan;
  readonly graph?: PackageGraphView;
  readonly engineChoice: 'docker' | 'podman' | 'auto';
  /** Set by the pre-reqs step. */
  engine?: ContainerEngine;
  image?: BuilderImage;
  readonly cache: Cache;
  /** Local cache root (the sources lookaside lives under it). */
  readonly cacheDir: string;
  readonly stageDir: string;
  readonly runId: string;
  readonly emit: EmitEvent;
  readonly signal: AbortSignal;
  readonly sourceDateEpoch: number;
  /** -ba instead of -bb (build-src-rpm, or a src-iso in the plan). */
  readonly buildSrcRpm: boolean;
  readonly macros: Readonly<Record<string, string>>;
  /** step id → output digest of finished cacheable steps (for dependents' keys). */
  readonly outputDigests: Map<string, string>;
  /** step id → output paths relative to the stage dir. */
  readonly outputs: Map<string, readonly string[]>;
}

export function safeName(stepId: string): string {
  return stepId.replace(/[^A-Za-z0-9._-]+/g, '_');
}

export function logFileFor(ctx: RunContext, stepId: string): string {
  return path.join(ctx.stageDir, 'LOGS', `${safeName(stepId)}.log`);
}

export function containerName(ctx: RunContext, stepId: string): string {
  return `photon-build-${ctx.runId}-${safeName(stepId)}`.slice(0, 120);
}

export function requireEngine(ctx: RunContext): { engine: ContainerEngine; image: BuilderImage } {
  if (!ctx.engine || !ctx.image) throw new Error(`step needs the builder but pre-reqs did not run`);
  return { engine: ctx.engine, image: ctx.image };
}
