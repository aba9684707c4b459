// Where things live inside a cache directory. Paths only; no I/O.
//   <dir>/cas/sha256/<ab>/<digest>   blobs (content-addressed)
//   <dir>/ac/<key>.json              action records (written last; mtime = last use)
//   <dir>/steps/<sha256(step)>.json  { step, key } of the latest record per step
//   <dir>/tmp/                       staging for blobs being hashed (same filesystem)
//   <dir>/lock                       the exclusive lock file (src/cache/lock.ts)
import path from 'node:path';
import { sha256Hex } from './fingerprint.js';
import type { CacheKey, Digest } from './types.js';

export interface CacheLayout {
  readonly dir: string;
  readonly casDir: string;
  readonly acDir: string;
  readonly stepsDir: string;
  readonly tmpDir: string;
  blobPath(digest: Digest): string;
  recordPath(key: CacheKey): string;
  stepIndexPath(step: string): string;
}

export function cacheLayout(dir: string): CacheLayout {
  const root = path.resolve(dir);
  const casDir = path.join(root, 'cas', 'sha256');
  const acDir = path.join(root, 'ac');
  const stepsDir = path.join(root, 'steps');
  return {
    dir: root,
    casDir,
    acDir,
    stepsDir,
    tmpDir: path.join(root, 'tmp'),
    blobPath: (digest) => path.join(casDir, digest.slice(0, 2), digest),
    recordPath: (key) => path.join(acDir, `${key}.json`),
    stepIndexPath: (step) => path.join(stepsDir, `${sha256Hex(step)}.json`),
  };
}
