// Dry evaluation of a plan against the cache, for `photon-build plan`: each cacheable
// step's key and whether it would be a hit, walking dependencies first. A step whose
// dependency would rebuild gets no key yet ("pending"): its key depends on that output.
import { mkdir } from 'node:fs/promises';
import { writeFileAtomic } from '../atomic-file.js';
import path from 'node:path';
import { cacheKey } from '../cache/fingerprint.js';
import type { Cache, CacheKey } from '../cache/types.js';
import { stepInputs } from '../plan/inputs.js';
import type { InputContext } from '../plan/inputs.js';
import { isCacheable } from '../plan/types.js';
import type { Plan } from '../plan/types.js';

export type StepStatus = 'hit' | 'miss' | 'pending' | 'always';

export interface ExplainedStep {
  readonly id: string;
  readonly kind: string;
  readonly deps: readonly string[];
  readonly description: string;
  readonly status: StepStatus;
  readonly key?: string;
  readonly inputs?: Readonly<Record<string, string>>;
}

export async function explainPlan(plan: Plan, cache: Cache, base: Omit<InputContext, 'depDigest' | 'imageId'>, imageId: string | undefined): Promise<ExplainedStep[]> {
  const digests = new Map<string, string>();
  const cacheable = new Set(plan.steps.filter((s) => isCacheable(s.kind)).map((s) => s.id));
  const out: ExplainedStep[] = [];
  for (const step of plan.steps) {
    const common = { id: step.id, kind: step.kind, deps: step.deps, description: step.description };
    if (!isCacheable(step.kind)) {
      out.push({ ...common, status: 'always' });
      continue;
    }
    const cacheableDeps = step.deps.filter((d) => cacheable.has(d));
    if (imageId === undefined || cacheableDeps.some((d) => !digests.has(d))) {
      out.push({ ...common, status: 'pending' });
      continue;
    }
    const inputs = await stepInputs(step, { ...base, imageId, depDigest: (id) => digests.get(id)! });
    const key = cacheKey(inputs) as CacheKey;
    const record = await cache.lookup(key);
    if (record) digests.set(step.id, record.outputDigest);
    out.push({ ...common, status: record ? 'hit' : 'miss', key, inputs });
  }
  return out;
}

/** The plan with keys and inputs, where `photon-build why` reads the current inputs. */
export async function writePlanFile(stageDir: string, target: string, steps: readonly ExplainedStep[]): Promise<string> {
  const dir = path.join(stageDir, '.photon-build');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, 'plan.json');
  await writeFileAtomic(file, `${JSON.stringify({ target, steps: steps.map((s) => ({ id: s.id, kind: s.kind, key: s.key ?? null, status: s.status, inputs: s.inputs ?? null })) }, null, 2)}\n`);
  return file;
}
