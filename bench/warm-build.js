// bench:warm — wall time of a fully cached `photon-build <target>` on a copy of the sample
// tree (goal for `packages`: <= 1 s, no container started). One cold run fills a private
// cache first; then N warm runs, each a fresh bin/photon-build.js process started through its
// shebang (with the node flags the installed CLI runs with), so the time includes node
// start-up, plan, cache lookups and restores.
// Usage: npm run bench:warm -- [target=packages] [runs=5]
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = process.argv[2] ?? 'packages';
const runs = Number(process.argv[3] ?? 5);
const dir = mkdtempSync(path.join(os.tmpdir(), 'pb-bench-warm-'));
const tree = path.join(dir, 'tree');
cpSync(path.join(root, 'examples', 'sample-tree'), tree, { recursive: true, filter: (p) => !p.includes(`${path.sep}stage`) });
const bin = path.join(root, 'bin', 'photon-build.js');
const args = [target, '--tree', tree, '--cache-dir', path.join(dir, 'cache'), '--json'];
const env = { ...process.env, CI: 'true' };

function run() {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(bin, args, { env, encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`photon-build ${target} exited ${r.status}: ${r.stderr}`);
  const ends = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l)).filter((e) => e.type === 'step-end');
  const containerSteps = ends.filter((e) => ['rpm', 'create-repo', 'rootfs', 'image'].includes(e.kind));
  return { ms, built: containerSteps.filter((e) => e.outcome === 'built').length, cached: containerSteps.filter((e) => e.outcome === 'cached').length };
}

try {
  const cold = run();
  console.log(`cold ${target}: ${(cold.ms / 1000).toFixed(2)} s, ${cold.built} container steps built`);
  const warm = Array.from({ length: runs }, run);
  const times = warm.map((w) => w.ms).sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const started = warm.reduce((n, w) => n + w.built, 0);
  console.log(`warm ${target}: median ${(median / 1000).toFixed(3)} s, min ${(times[0] / 1000).toFixed(3)} s, max ${(times.at(-1) / 1000).toFixed(3)} s over ${runs} runs (goal <= 1 s)`);
  console.log(`containers started in warm runs: ${started} (goal 0); cached container steps per run: ${warm[0].cached}`);
  console.log(`load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}, node ${process.version}, docker ${execFileSync('docker', ['version', '--format', '{{.Server.Version}}'], { encoding: 'utf8' }).trim()}`);
  if (started > 0) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
