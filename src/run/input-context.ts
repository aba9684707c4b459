// Adapts a RunContext to the InputContext that src/plan/inputs.ts hashes.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { InputContext } from '../plan/inputs.js';
import type { RunContext } from './context.js';

export function inputContext(ctx: RunContext, imageId?: string): InputContext {
  return {
    imageId: imageId ?? ctx.image?.id ?? 'unknown',
    arch: ctx.plan.arch,
    macros: ctx.macros,
    buildSrcRpm: ctx.buildSrcRpm,
    releaseVersion: ctx.tree.config.releaseVersion,
    buildNumber: ctx.tree.config.buildNumber,
    depDigest: (id) => {
      const digest = ctx.outputDigests.get(id);
      if (digest === undefined) throw new Error(`no output digest for finished dependency ${id}`);
      return digest;
    },
    sourceDirs: [path.join(ctx.stageDir, 'SOURCES'), path.join(ctx.tree.root, 'SOURCES')],
    stageDir: ctx.stageDir,
    stageRpms: () => stageRpmFiles(ctx.stageDir),
  };
}

/** Stage-relative paths of the RPMs in stage/RPMS/<arch>/, sorted. */
export async function stageRpmFiles(stageDir: string): Promise<string[]> {
  const out: string[] = [];
  for (const arch of (await readdir(path.join(stageDir, 'RPMS'), { withFileTypes: true }).catch(() => [])).filter((d) => d.isDirectory() && d.name !== 'repodata')) {
    for (const f of await readdir(path.join(stageDir, 'RPMS', arch.name))) if (f.endsWith('.rpm')) out.push(`RPMS/${arch.name}/${f}`);
  }
  return out.sort();
}
