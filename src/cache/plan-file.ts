// Reads the current inputs of steps from the plan file the planner writes
// (<stage>/.photon-build/plan.json: { steps: [{ id, key, inputs }] }) and matches a
// user's "<package|step>" against its step ids. No planning here.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PhotonBuildError } from '../errors.js';
import { isCacheKey } from './fingerprint.js';
import type { CacheKey } from './types.js';

export interface PlannedStep {
  readonly id: string;
  readonly kind?: string;
  /** Undefined while a dependency would rebuild first (the key depends on its output). */
  readonly key?: CacheKey;
  readonly inputs?: Readonly<Record<string, string>>;
}

export function planFilePath(stageDir: string): string {
  return path.join(stageDir, '.photon-build', 'plan.json');
}

/** The plan's steps, or undefined when no plan file exists yet. */
export async function readPlanFile(stageDir: string): Promise<readonly PlannedStep[] | undefined> {
  const file = planFilePath(stageDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new PhotonBuildError('input', `plan file is not valid JSON: ${(error as Error).message}`, { file });
  }
  const steps = (raw as { steps?: unknown } | null)?.steps;
  if (!Array.isArray(steps)) throw new PhotonBuildError('input', 'plan file has no steps array', { file, key: 'steps' });
  return steps.map((s: unknown, i): PlannedStep => {
    const r = s as Record<string, unknown> | null;
    if (!r || typeof r.id !== 'string') throw new PhotonBuildError('input', 'step without an id', { file, key: `steps[${i}].id` });
    const inputs = r.inputs !== null && typeof r.inputs === 'object' ? (r.inputs as Record<string, string>) : undefined;
    return {
      id: r.id,
      ...(typeof r.kind === 'string' ? { kind: r.kind } : {}),
      ...(isCacheKey(r.key) ? { key: r.key } : {}),
      ...(inputs ? { inputs } : {}),
    };
  });
}

/**
 * Exact step id first; else steps whose id, without its "<kind>:" prefix, is the query or
 * the query plus "-<version>-<release>" (RPM versions and releases hold no '-'), so
 * "glibc" finds "rpm:glibc-2.36-1.ph5" but not "rpm:glibc-devel-2.36-1.ph5".
 */
export function matchSteps(steps: readonly PlannedStep[], query: string): PlannedStep[] {
  const exact = steps.filter((s) => s.id === query);
  if (exact.length > 0) return exact;
  const rest = (s: PlannedStep): string => s.id.slice(s.id.indexOf(':') + 1);
  const named = steps.filter((s) => rest(s) === query);
  if (named.length > 0) return named;
  return steps.filter((s) => rest(s).startsWith(`${query}-`) && /^[^-]+-[^-]+$/.test(rest(s).slice(query.length + 1)));
}
