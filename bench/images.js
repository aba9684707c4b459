// bench:images — size and cold/warm build time of every image target on a copy of the
// sample tree. The packages are built once first (their time is reported separately), so
// "cold" is the image's own steps (rootfs stages + image) with packages cached, and
// "warm" is the same target again with everything cached. Each run is a fresh process.
// Usage: npm run bench:images -- [target …]   (default: every image target that builds here)
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const targets = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['iso', 'minimal-iso', 'src-iso', 'ova', 'ova_uefi', 'ami', 'gce', 'azure', 'photon-docker-image', 'rpi3'];
const dir = mkdtempSync(path.join(os.tmpdir(), 'pb-bench-images-'));
const tree = path.join(dir, 'tree');
cpSync(path.join(root, 'examples', 'sample-tree'), tree, { recursive: true, filter: (p) => !p.includes(`${path.sep}stage`) });
const env = { ...process.env, CI: 'true' };

function run(target) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('node', [path.join(root, 'bin', 'photon-build.js'), target, '--tree', tree, '--cache-dir', path.join(dir, 'cache'), '--json'], { env, encoding: 'utf8', maxBuffer: 64 << 20 });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`photon-build ${target} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  const events = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
  const artifacts = events.filter((e) => e.type === 'artifact').map((e) => ({ name: path.basename(e.path), size: statSync(e.path).size }));
  const built = events.filter((e) => e.type === 'step-end' && e.outcome === 'built' && ['rpm', 'rootfs', 'image', 'create-repo'].includes(e.kind)).length;
  return { s, artifacts, built };
}

try {
  for (const arch of ['packages', 'packages-rpi']) {
    const p = run(arch);
    console.log(`${arch}: ${p.s.toFixed(1)} s cold (${p.built} container steps)`);
  }
  console.log('target               artifact                                       size MB   cold s  warm s');
  for (const target of targets) {
    const cold = run(target);
    const warm = run(target);
    for (const a of cold.artifacts) {
      console.log(`${target.padEnd(20)} ${a.name.padEnd(46)} ${(a.size / 1e6).toFixed(1).padStart(7)} ${cold.s.toFixed(1).padStart(8)} ${warm.s.toFixed(2).padStart(7)}`);
    }
  }
  console.log(`load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} CPUs`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
