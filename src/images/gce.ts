// The gce artifact: the dual-boot raw disk as disk.raw in an old-GNU-format, sparse,
// gzipped tar (photon-gce-<rel>-<build>.<arch>.tar.gz), the layout GCE image import
// requires. It does not upload anything.
import path from 'node:path';
import type { ContainerEngine } from '../executor/engine.js';
import { runDiskScript } from './disk.js';
import type { DiskImageOptions } from './disk.js';
import { withTempOutput } from './script-step.js';

export async function buildGce(engine: ContainerEngine, opts: DiskImageOptions): Promise<{ readonly outFile: string; readonly durationMs: number }> {
  return withTempOutput(opts.outFile, async (tmp) => {
    const r = await runDiskScript(engine, opts, { kind: 'gce', script: 'gce.sh', outDir: tmp.dir, env: { OUT: tmp.containerPath } });
    return { outFile: path.resolve(opts.outFile), durationMs: r.durationMs };
  });
}
