// Hashing throughput: our streaming hasher (dist/checksums/hash.js) against coreutils
// md5sum/sha256sum on the same 1 GiB random file (page cache warm, best of 2), and 4 files
// of 256 MiB hashed with concurrency 1 vs 2 to show scaling with cores. Files are created
// in os.tmpdir() and removed afterwards. Run with `npm run bench:verify`.
import { execFileSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import { hashFile } from '../dist/checksums/hash.js';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

function makeRandomFile(file, bytes) {
  const fd = openSync(file, 'w');
  const buf = Buffer.allocUnsafe(16 * MiB);
  for (let left = bytes; left > 0; left -= buf.length) {
    randomFillSync(buf);
    writeSync(fd, buf, 0, Math.min(buf.length, left));
  }
  closeSync(fd);
}

async function best(runs, fn) {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await fn();
    min = Math.min(min, Number(process.hrtime.bigint() - t) / 1e9);
  }
  return min;
}

const warm = (file) => void readFileSync(file).length; // pull it into the page cache
const fmt = (bytes, s) => `${(bytes / GiB / s).toFixed(3)} GiB/s (${s.toFixed(2)} s)`;

const dir = mkdtempSync(path.join(tmpdir(), 'pb-bench-verify-'));
try {
  const big = path.join(dir, 'one-gib.bin');
  makeRandomFile(big, GiB);
  warm(big);
  console.log(`hashing 1 GiB of random data, page cache warm, best of 2, ${availableParallelism()} cores`);
  const results = {};
  for (const alg of ['md5', 'sha256']) {
    const tool = `${alg}sum`;
    const coreutils = await best(2, () => execFileSync(tool, [big]));
    const ours = await best(2, () => hashFile(big, [alg]));
    results[alg] = { coreutils, ours };
    console.log(`  ${tool.padEnd(9)} ${fmt(GiB, coreutils)}`);
    console.log(`  node ${alg.padEnd(6)} ${fmt(GiB, ours)}   ratio ${(coreutils / ours).toFixed(2)}x of ${tool}`);
  }
  const all = await best(2, () => hashFile(big, ['md5', 'sha256', 'sha512']));
  console.log(`  node md5+sha256+sha512 in one read: ${fmt(GiB, all)}`);
  const ratio = results.md5.coreutils / results.md5.ours;
  console.log(`md5 goal >= 0.90x md5sum: ${ratio.toFixed(2)}x ${ratio >= 0.9 ? 'MET' : 'NOT MET'}`);
  rmSync(big);

  const files = [0, 1, 2, 3].map((i) => path.join(dir, `quarter-${i}.bin`));
  for (const f of files) {
    makeRandomFile(f, 256 * MiB);
    warm(f);
  }
  console.log('4 files x 256 MiB, md5, best of 2');
  const times = {};
  for (const jobs of [1, 2]) {
    const limit = pLimit(jobs);
    times[jobs] = await best(2, () => Promise.all(files.map((f) => limit(() => hashFile(f, ['md5'])))));
    console.log(`  concurrency ${jobs}: ${fmt(GiB, times[jobs])}`);
  }
  console.log(`  speed-up 2 vs 1: ${(times[1] / times[2]).toFixed(2)}x`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
