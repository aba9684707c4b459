// The ova and ova_uefi artifacts: the dual-boot disk as a stream-optimized VMDK (hardware
// version 11 for ova, 13 + firmware=efi for ova_uefi), an OVF descriptor, a SHA256 .mf
// manifest, packed as a USTAR tar with the OVF first (recipe §11). VMware's ovftool
// acceptance cannot be checked offline.
import path from 'node:path';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { utimes } from 'node:fs/promises';
import * as tar from 'tar';
import type { ContainerEngine } from '../executor/engine.js';
import { PhotonBuildError } from '../errors.js';
import { digestFile, sha256Hex } from '../cache/fingerprint.js';
import { runDiskScript } from './disk.js';
import type { DiskImageOptions } from './disk.js';
import { ovaManifest, ovfDescriptor } from './ovf.js';
import { withTempOutput } from './script-step.js';

export interface OvaOptions extends DiskImageOptions {
  readonly variant: 'ova' | 'ova_uefi';
}

function readInfo(file: string): { capacity: number; populated: number } {
  const kv = Object.fromEntries(readFileSync(file, 'utf8').trim().split('\n').map((l) => l.split('=') as [string, string]));
  const capacity = Number(kv['capacity']);
  const populated = Number(kv['populated']);
  if (!Number.isSafeInteger(capacity) || !Number.isSafeInteger(populated)) throw new PhotonBuildError('build-failed', `ova: unreadable disk info in ${file}`);
  return { capacity, populated };
}

export async function buildOva(engine: ContainerEngine, opts: OvaOptions): Promise<{ readonly outFile: string; readonly durationMs: number }> {
  const base = path.basename(opts.outFile).replace(/\.ova$/, '');
  const hwVersion = opts.variant === 'ova_uefi' ? 13 : 11;
  const names = { ovf: `${base}.ovf`, mf: `${base}.mf`, vmdk: `${base}-disk1.vmdk` };
  const started = performance.now();
  return withTempOutput(opts.outFile, async (tmp) => {
    // The VMDK's descriptor names its own file, so it is written under its final name
    // in a private directory next to the output.
    const sub = `.${base}.${randomBytes(4).toString('hex')}.d`;
    const dir = path.join(tmp.dir, sub);
    mkdirSync(dir);
    try {
      await runDiskScript(engine, opts, {
        kind: opts.variant, script: 'ova.sh', outDir: tmp.dir,
        env: { HWVERSION: String(hwVersion), VMDK: `/out/${sub}/${names.vmdk}`, INFO: `/out/${sub}/disk.info` },
      });
      const info = readInfo(path.join(dir, 'disk.info'));
      const ovf = ovfDescriptor({
        name: base, vmdkName: names.vmdk, vmdkSize: statSync(path.join(dir, names.vmdk)).size,
        capacityBytes: info.capacity, populatedBytes: info.populated, hwVersion, firmware: opts.variant === 'ova_uefi' ? 'efi' : 'bios',
      });
      writeFileSync(path.join(dir, names.ovf), ovf);
      const mf = ovaManifest([
        { file: names.ovf, sha256: sha256Hex(ovf) },
        { file: names.vmdk, sha256: await digestFile(path.join(dir, names.vmdk), opts.signal) },
      ]);
      writeFileSync(path.join(dir, names.mf), mf);
      const mtime = new Date(opts.sourceDateEpoch * 1000);
      for (const f of Object.values(names)) await utimes(path.join(dir, f), mtime, mtime);
      // OVF first, then the manifest, then the disk: readers stream the OVA in order.
      await tar.create({ file: path.join(tmp.dir, tmp.tempName), cwd: dir, portable: true, mtime, noDirRecurse: true }, [names.ovf, names.mf, names.vmdk]);
      return { outFile: path.resolve(opts.outFile), durationMs: Math.round(performance.now() - started) };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
