// The ami artifact: the dual-boot raw disk as <name>.raw inside a gzipped tar
// (photon-ami-<rel>-<build>.<arch>.tar.gz), as Photon's poi ami target packs it.
// It does not register anything with AWS.
import path from 'node:path';
import type { ContainerEngine } from '../executor/engine.js';
import { runDiskScript } from './disk.js';
import type { DiskImageOptions } from './disk.js';
import { withTempOutput } from './script-step.js';

export async function buildAmi(engine: ContainerEngine, opts: DiskImageOptions): Promise<{ readonly outFile: string; readonly durationMs: number }> {
  const rawName = `${path.basename(opts.outFile).replace(/\.tar\.gz$/, '')}.raw`;
  return withTempOutput(opts.outFile, async (tmp) => {
    const r = await runDiskScript(engine, opts, { kind: 'ami', script: 'ami.sh', outDir: tmp.dir, env: { RAW_NAME: rawName, OUT: tmp.containerPath } });
    return { outFile: path.resolve(opts.outFile), durationMs: r.durationMs };
  });
}
