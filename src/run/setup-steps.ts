// The non-cacheable steps: engine and builder image (pre-reqs), the stage hierarchy,
// sources and bootstrap RPMs, spec checks, cleanups, and steps this machine cannot do
// (reported as warnings, never faked).
import { chmod, copyFile, mkdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { unreachable } from '../errors.js';
import type { PlanStep } from '../plan/types.js';
import type { RunContext } from './context.js';
import type { StepIo, StepOutput } from './runners.js';
import { checkPreReqs } from '../executor/prereqs.js';
import { fetchPlannedSources, pullPlannedPublishRpms } from './sources-step.js';

const LICENSE_FILES = ['COPYING', 'NOTICE-GPL2.0', 'NOTICE-Apachev2', 'EULA.txt'];

export async function runSetupStep(ctx: RunContext, step: PlanStep, io: StepIo): Promise<StepOutput> {
  switch (step.kind) {
    case 'pre-reqs': {
      const r = await checkPreReqs({
        engineChoice: ctx.engineChoice,
        logDir: path.join(ctx.stageDir, 'LOGS'),
        onProgress: (message: string) => ctx.emit({ type: 'step-progress', step: step.id, message, time: Date.now() }),
        signal: io.signal,
      });
      ctx.engine = r.engine;
      ctx.image = r.image;
      return { outputs: [], message: `${r.engine.name}, ${r.image.tag} ${r.image.id.slice(0, 19)}` };
    }
    case 'stage':
      return makeStage(ctx);
    case 'sources':
      return fetchPlannedSources(ctx, io);
    case 'publish-rpms':
      return pullPlannedPublishRpms(ctx, io);
    case 'check-spec-files':
      // Every spec of the arch was parsed and validated while planning.
      return { outputs: [], message: 'specs parsed and validated' };
    case 'generate-dep-lists':
      return { outputs: [], message: 'dependency lists are derived on demand (photon-build generate-dep-lists writes them)' };
    case 'clean':
      return clean(ctx, step.what);
    case 'not-supported':
      ctx.emit({ type: 'warning', message: `${step.id}: ${step.reason}`, time: Date.now() });
      return { outputs: [], message: step.reason };
    case 'rpm':
    case 'create-repo':
    case 'rootfs':
    case 'image':
      throw new Error(`${step.kind} is not a setup step`);
    default:
      return unreachable(step);
  }
}

async function makeStage(ctx: RunContext): Promise<StepOutput> {
  const arch = ctx.plan.arch;
  const dirs = ['RPMS/noarch', `RPMS/${arch}`, 'SRPMS', 'SOURCES', 'LOGS', 'PUBLISHRPMS/noarch', `PUBLISHRPMS/${arch}`, 'PUBLISHXRPMS/noarch', `PUBLISHXRPMS/${arch}`, 'images'];
  for (const d of dirs) await mkdir(path.join(ctx.stageDir, d), { recursive: true });
  // build.py copies these from the cwd; the tree root is what was meant.
  for (const f of LICENSE_FILES) {
    const from = path.join(ctx.tree.root, f);
    if (!existsSync(from)) continue;
    const to = path.join(ctx.stageDir, f);
    await rm(to, { force: true });
    await copyFile(from, to);
    await chmod(to, 0o444);
  }
  return { outputs: [] };
}

async function clean(ctx: RunContext, what: string): Promise<StepOutput> {
  switch (what) {
    case 'clean':
      await rm(ctx.stageDir, { recursive: true, force: true });
      return { outputs: [], message: `removed ${ctx.stageDir} (the cache is kept; photon-build cache prune trims it)` };
    case 'clean-install':
    case 'clean-chroot':
      await rm(path.join(ctx.stageDir, '.work'), { recursive: true, force: true });
      return { outputs: [], message: 'removed step work directories' };
    case 'clean-stage-rpms':
      await rm(path.join(ctx.stageDir, 'RPMS'), { recursive: true, force: true });
      return { outputs: [], message: 'removed stage/RPMS; the next build restores the current RPMs from the cache' };
    case 'clean-stage-for-incremental-build':
      return { outputs: [], message: 'nothing to do: every step is keyed by its content, so changed specs and their dependents rebuild by themselves' };
    default:
      return { outputs: [], message: `${what}: nothing to clean` };
  }
}
