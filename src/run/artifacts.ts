// After an image step (built or restored): checksum side files next to the artifact, an
// entry in stage/images/manifest.json, and an 'artifact' event for the summary.
import path from 'node:path';
import { packageListDigest, updateManifest, writeChecksumFiles } from '../checksums/manifest.js';
import type { PlanStep } from '../plan/types.js';
import type { RunContext } from './context.js';

export async function publishArtifacts(ctx: RunContext, step: PlanStep, key: string, signal: AbortSignal): Promise<void> {
  if (step.kind !== 'image') return;
  const packages = new Set<string>();
  for (const dep of step.deps) {
    const s = ctx.plan.steps.find((x) => x.id === dep);
    if (s?.kind === 'rootfs') for (const p of s.packages) packages.add(p);
  }
  for (const rel of ctx.outputs.get(step.id) ?? []) {
    const file = path.join(ctx.stageDir, rel);
    const sums = await writeChecksumFiles(file, signal);
    const packageList = [...packages].sort();
    await updateManifest(path.join(ctx.stageDir, 'images', 'manifest.json'), {
      ...sums,
      format: step.format,
      packageList,
      packageListDigest: packageListDigest(packageList),
      cacheKey: key,
    });
    ctx.emit({ type: 'artifact', path: file, md5: sums.md5, sha256: sums.sha256, size: sums.size, time: Date.now() });
  }
}
