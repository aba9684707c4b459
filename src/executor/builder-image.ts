// Makes sure the builder image exists and matches the Dockerfile: one inspect when it
// does; otherwise (missing, or its dockerfile-sha256 label differs) bootstrap the base
// if needed and `build`. The build context is a scratch dir holding only the Dockerfile,
// so the label (sha256 of the Dockerfile bytes) covers every input of the image.
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sha256Hex } from '../cache/fingerprint.js';
import { PhotonBuildError } from '../errors.js';
import { DOCKERFILE } from '../paths.js';
import type { ContainerEngine } from './engine.js';
import { bootstrapBaseImage } from './base-image.js';

export const BUILDER_TAG = 'photon-build/builder:latest';
export const DOCKERFILE_LABEL = 'org.photon-build.dockerfile-sha256';
export const DEFAULT_BASE = 'photon-build/base:bookworm';

export interface EnsureImageOptions {
  readonly dockerfile?: string;
  readonly logDir: string;
  /** Defaults to photon-build/builder:latest. */
  readonly tag?: string;
  /** Passed to the base bootstrap (base-image.ts) when the base image is missing. */
  readonly debootstrap?: string;
  readonly onProgress?: (message: string) => void;
  readonly signal?: AbortSignal;
}

export interface BuilderImage {
  readonly tag: string;
  readonly id: string;
  readonly built: boolean;
  readonly durationMs: number;
}

/** The default of `ARG BASE=…` in a Dockerfile (the first one). */
export function baseImageOf(dockerfileText: string): string {
  const m = /^\s*ARG\s+BASE=(\S+)/m.exec(dockerfileText);
  return m?.[1] ?? DEFAULT_BASE;
}

export async function ensureBuilderImage(engine: ContainerEngine, o: EnsureImageOptions): Promise<BuilderImage> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const dockerfile = o.dockerfile ?? DOCKERFILE;
  const tag = o.tag ?? BUILDER_TAG;
  const bytes = await readFile(dockerfile).catch((e: unknown) => {
    throw new PhotonBuildError('environment', `cannot read the builder Dockerfile ${dockerfile}`, { file: dockerfile }, { cause: e });
  });
  const digest = sha256Hex(bytes);
  const current = await engine.inspectImage(tag, o.signal);
  if (current && current.labels[DOCKERFILE_LABEL] === digest) {
    return { tag, id: current.id, built: false, durationMs: elapsed() };
  }
  await mkdir(o.logDir, { recursive: true });
  const logFile = path.join(o.logDir, 'builder-image.log');
  const base = baseImageOf(bytes.toString('utf8'));
  if (!(await engine.inspectImage(base, o.signal))) {
    o.onProgress?.(`base image ${base} not found: bootstrapping it offline`);
    await bootstrapBaseImage(engine, { tag: base, logFile, debootstrap: o.debootstrap, onProgress: o.onProgress, signal: o.signal });
  }
  o.onProgress?.(current ? `${tag} is out of date with ${dockerfile}: rebuilding` : `building ${tag}`);
  const context = await mkdtemp(path.join(os.tmpdir(), 'photon-build-image-'));
  try {
    await copyFile(dockerfile, path.join(context, 'Dockerfile'));
    const r = await engine.buildImage({
      tag, contextDir: context, dockerfile: path.join(context, 'Dockerfile'),
      labels: { [DOCKERFILE_LABEL]: digest }, logFile, signal: o.signal,
    });
    if (!r.ok) {
      if (r.reason === 'aborted') throw new PhotonBuildError('aborted', 'interrupted while building the builder image');
      throw new PhotonBuildError('environment', `building ${tag} failed (exit ${r.exitCode}); see ${logFile}`, { file: dockerfile });
    }
  } finally {
    await rm(context, { recursive: true, force: true });
  }
  const built = await engine.inspectImage(tag, o.signal);
  if (!built) throw new PhotonBuildError('environment', `${engine.name} built ${tag} but cannot inspect it; see ${logFile}`);
  o.onProgress?.(`built ${tag} (${built.id.slice(7, 19)})`);
  return { tag, id: built.id, built: true, durationMs: elapsed() };
}
