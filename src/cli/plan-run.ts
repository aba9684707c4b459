// The work behind `photon-build plan <target>` (plan.ts declares the command): prepares
// the plan, looks up each step's cache key and hit/miss, writes the plan file `why` reads
// and prints the steps (text or --json). Runs no step.
import path from 'node:path';
import { BUILDER_TAG } from '../executor/builder-image.js';
import { selectEngine } from '../executor/select.js';
import { resolveCacheDir } from '../cache/config.js';
import { explainPlan, writePlanFile } from '../run/explain.js';
import { preparePlan } from '../run/prepare.js';
import { wantsSourceRpms } from '../plan/build-plan.js';
import { stageRpmFiles } from '../run/input-context.js';
import { openCache, photonMacros } from '../run/start.js';
import type { PlanFlags } from './plan.js';
import { resolveTreeDir } from './options.js';

export async function runPlan(target: string, flags: PlanFlags, archExplicit: boolean): Promise<void> {
  const env = process.env;
  const choice = resolveTreeDir(flags.tree);
  const prepared = await preparePlan({ requested: target, treeDir: choice.dir, isSample: choice.isSample, arch: flags.arch, archExplicit, env, ...(flags.cacheDir ? { cacheDir: flags.cacheDir } : {}) });
  const cache = await openCache({ cacheDir: resolveCacheDir(flags.cacheDir, env), remoteCacheReadOnly: true, env }, () => undefined);
  const imageId = await builderImageId();
  const c = prepared.tree.config;
  const steps = await explainPlan(prepared.plan, cache, {
    arch: prepared.plan.arch,
    macros: photonMacros(prepared),
    buildSrcRpm: wantsSourceRpms(prepared.plan, c.buildSrcRpm),
    releaseVersion: c.releaseVersion,
    buildNumber: c.buildNumber,
    sourceDirs: [path.join(c.stagePath, 'SOURCES'), path.join(prepared.tree.root, 'SOURCES')],
    stageDir: c.stagePath,
    stageRpms: () => stageRpmFiles(c.stagePath),
  }, imageId);
  await writePlanFile(c.stagePath, prepared.plan.target, steps);
  if (flags.json) {
    const json = {
      target: prepared.plan.target,
      requested: prepared.plan.requested,
      arch: prepared.plan.arch,
      tree: prepared.tree.root,
      builderImage: imageId ?? null,
      notes: prepared.plan.notes,
      steps: steps.map((s) => ({ id: s.id, kind: s.kind, deps: s.deps, status: s.status, key: s.key ?? null, description: s.description })),
    };
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  process.stdout.write(`plan for ${prepared.plan.target} (${prepared.plan.arch}) on ${prepared.tree.root}: ${steps.length} steps\n`);
  if (!imageId) process.stdout.write(`builder image ${BUILDER_TAG} not present: keys are known after check-pre-reqs\n`);
  for (const note of prepared.plan.notes) process.stdout.write(`note: ${note}\n`);
  steps.forEach((s, i) => {
    const key = s.key ? ` ${s.key.slice(0, 16)}` : '';
    process.stdout.write(`${String(i + 1).padStart(4)}. ${s.id.padEnd(48)} ${s.status.padEnd(7)}${key}\n`);
  });
}

/** The builder image ID if the engine has it; never builds or fails (plan runs nothing). */
async function builderImageId(): Promise<string | undefined> {
  try {
    const engine = await selectEngine('auto');
    return (await engine.inspectImage(BUILDER_TAG))?.id;
  } catch {
    return undefined;
  }
}
