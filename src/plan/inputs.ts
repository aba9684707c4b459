// What goes into each plan step's cache key: every input that can change its output and
// nothing that cannot (no timestamps, no absolute paths). Reads files to digest them but
// decides nothing about running; src/run turns these records into keys and lookups.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { DOCKER_SCRIPTS_DIR } from '../paths.js';
import { sha256Hex as sha256 } from '../cache/fingerprint.js';
import type { PackageSpec } from '../specs/types.js';
import type { PlanStep } from './types.js';

/** Bump a recipe when its runner changes what it writes. */
export const RECIPES = {
  rpm: 'rpm/1',
  'create-repo': 'create-repo/1',
  rootfs: 'rootfs/1',
  image: 'image/1',
} as const;

export interface InputContext {
  /** Builder image ID: the toolchain every step runs with. */
  readonly imageId: string;
  readonly arch: string;
  /** Photon macros passed to rpmbuild (dist, with_check, photon_build_number, …). */
  readonly macros: Readonly<Record<string, string>>;
  readonly buildSrcRpm: boolean;
  readonly releaseVersion: string;
  readonly buildNumber: string;
  /** Output digest of a finished dependency step (early cutoff: payload identity). */
  readonly depDigest: (stepId: string) => string;
  /** Extra directories holding local sources (the tree's SOURCES/). */
  readonly sourceDirs: readonly string[];
  /** RPMs already in stage/RPMS (stage-relative), for a create-repo that builds nothing itself. */
  readonly stageRpms: () => Promise<readonly string[]>;
  readonly stageDir: string;
}


/**
 * The in-container scripts a step kind runs are mounted at run time, not baked into the
 * builder image, so their bytes are inputs too.
 */
const SCRIPTS: Readonly<Record<string, readonly string[]>> = {
  rpm: ['build-rpm.sh'],
  'create-repo': ['create-repo.sh'],
  rootfs: ['images'],
  image: ['images'],
};
const scriptDigests = new Map<string, Promise<string>>();

function scriptsDigest(kind: string): Promise<string> {
  let digest = scriptDigests.get(kind);
  if (!digest) {
    digest = digestPaths((SCRIPTS[kind] ?? []).map((p) => path.join(DOCKER_SCRIPTS_DIR, p)));
    scriptDigests.set(kind, digest);
  }
  return digest;
}

async function digestPaths(paths: readonly string[]): Promise<string> {
  const h = createHash('sha256');
  const visit = async (p: string): Promise<void> => {
    const entries = await readdir(p, { withFileTypes: true }).catch(() => undefined);
    if (!entries) {
      h.update(`${path.relative(DOCKER_SCRIPTS_DIR, p)}\0`).update(await readFile(p)).update('\0');
      return;
    }
    for (const e of entries.map((x) => x.name).sort()) await visit(path.join(p, e));
  };
  for (const p of paths) await visit(p);
  return h.digest('hex');
}

export async function stepInputs(step: PlanStep, ctx: InputContext): Promise<Record<string, string>> {
  const deps: Record<string, string> = { scripts: await scriptsDigest(step.kind) };
  for (const d of step.deps) if (d.startsWith('rpm:') || d.startsWith('rootfs:') || d === 'create-repo') deps[`dep:${d}`] = ctx.depDigest(d);
  switch (step.kind) {
    case 'rpm':
      return { recipe: RECIPES.rpm, image: ctx.imageId, arch: ctx.arch, ...(await specInputs(step.spec.file, step.spec, ctx)), ...deps };
    case 'create-repo': {
      if (step.deps.some((d) => d.startsWith('rpm:'))) return { recipe: RECIPES['create-repo'], image: ctx.imageId, ...deps };
      // `photon-build create-repo` alone indexes whatever stage/RPMS holds, as build.py does.
      const files: Record<string, string> = {};
      for (const rel of await ctx.stageRpms()) files[`rpm:${rel}`] = sha256(await readFile(path.join(ctx.stageDir, rel)));
      return { recipe: RECIPES['create-repo'], image: ctx.imageId, ...deps, ...files };
    }
    case 'rootfs':
      return { recipe: RECIPES.rootfs, image: ctx.imageId, arch: ctx.arch, list: step.list, packages: [...step.packages].sort().join(' '), ...deps };
    case 'image':
      // Artifact names and /etc files carry release and build number, so both are inputs.
      return {
        recipe: RECIPES.image,
        image: ctx.imageId,
        arch: ctx.arch,
        format: step.format,
        target: step.imageTarget,
        release: ctx.releaseVersion,
        build: ctx.buildNumber,
        ...deps,
      };
    default:
      return { kind: step.kind };
  }
}

/**
 * The spec's own bytes, every file next to it (patches, local sources, %include'd
 * files), the checksum a downloaded source is pinned to (or the bytes of a local one),
 * and the macros the spec text references. A macro the spec never mentions cannot change
 * its output, so e.g. photon_build_number (the git sha) does not rebuild every package
 * on every commit.
 */
async function specInputs(
  specFile: string,
  spec: Pick<PackageSpec, 'sources' | 'patches'>,
  ctx: InputContext,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const text = await readFile(specFile, 'utf8');
  out['spec'] = sha256(text);
  const dir = path.dirname(specFile);
  const local = new Set<string>();
  for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isFile() || entry.name === path.basename(specFile)) continue;
    local.add(entry.name);
    out[`file:${entry.name}`] = sha256(await readFile(path.join(dir, entry.name)));
  }
  for (const src of [...spec.sources, ...spec.patches]) {
    if (local.has(src.basename)) continue;
    const pinned = src.checksum;
    if (pinned) {
      out[`source:${src.basename}`] = `${pinned.algorithm}:${pinned.hex}`;
      continue;
    }
    out[`source:${src.basename}`] = await digestLocalSource(src.basename, ctx.sourceDirs);
  }
  for (const [name, value] of Object.entries(ctx.macros)) {
    if (new RegExp(`%\\{?[?!]*${name}\\b`).test(text)) out[`macro:${name}`] = value;
  }
  out['buildSrcRpm'] = String(ctx.buildSrcRpm);
  return out;
}

async function digestLocalSource(basename: string, dirs: readonly string[]): Promise<string> {
  for (const dir of dirs) {
    try {
      return `sha256:${sha256(await readFile(path.join(dir, basename)))}`;
    } catch {
      // not in this directory; try the next
    }
  }
  return 'missing';
}
