// The azure artifact: the dual-boot disk as a fixed VHD (size a whole number of MiB, as
// Azure requires) inside a gzipped tar (photon-azure-<rel>-<build>.<arch>.vhd.tar.gz).
// It does not upload anything.
import path from 'node:path';
import type { ContainerEngine } from '../executor/engine.js';
import { runDiskScript } from './disk.js';
import type { DiskImageOptions } from './disk.js';
import { withTempOutput } from './script-step.js';

export async function buildAzure(engine: ContainerEngine, opts: DiskImageOptions): Promise<{ readonly outFile: string; readonly durationMs: number }> {
  const vhdName = path.basename(opts.outFile).replace(/\.tar\.gz$/, '').replace(/(\.vhd)?$/, '.vhd');
  return withTempOutput(opts.outFile, async (tmp) => {
    const r = await runDiskScript(engine, opts, { kind: 'azure', script: 'azure.sh', outDir: tmp.dir, env: { VHD_NAME: vhdName, OUT: tmp.containerPath } });
    return { outFile: path.resolve(opts.outFile), durationMs: r.durationMs };
  });
}
