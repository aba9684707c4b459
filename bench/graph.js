#!/usr/bin/env node
// What `photon-build graph iso --packages --json` / `plan iso` pay at start-up on a real
// Photon tree: load the tree, parse every spec, resolve the iso package graph. Each run is
// a fresh node process (cold JIT, cold caches inside node; the OS page cache is warm after
// the first run). Two rows, runs interleaved, each the median over --runs processes:
//   cold:       no parse cache — every spec is parsed (what the first run on a tree pays);
//   warm-cache: the spec parse cache (<cache dir>/specs, src/specs/parse-cache.ts) filled by
//               a previous run on the unchanged tree (what second and later runs pay).
// One extra process before them fills the cache in a temp dir and is reported on its own
// (first run with the cache on: parse + writing the cache file).
// Two measurements per row:
//   1. phases: wall time of loadTree + loadSpecs + resolvePackageGraph(all-specs) inside a
//      fresh process, measured from after module loading, so node start-up and module
//      loading are NOT included (this is the number the goal applies to);
//   2. cli: wall time of the whole `bin/photon-build.js graph iso --packages --json` process
//      from spawn to exit, node start-up, module loading, the target catalogue and the JSON
//      output included (what a user waits for); cold with PHOTON_BUILD_PARSE_CACHE=off,
//      warm with PHOTON_BUILD_CACHE_DIR pointing at the filled temp cache.
// `iso` resolves to every spec of the tree (its closure contains the `packages` target),
// hence lists 'all-specs' in the phase run; the bench checks both agree on the spec count.
// Node flags: the fresh processes run with the flags of bin/photon-build.js's
// `#!/usr/bin/env -S node …` line (what the installed CLI runs with); --node-defaults runs
// them with node's defaults instead, for comparison.
// Run by hand (after `npm run build`):
//   npm run bench:graph -- <photon-tree> [--arch x86_64|aarch64] [--runs N (default 9)] [--no-cli] [--node-defaults]
// Goal: phases <= 0.25 s wall and peak RSS <= 200 MB for a whole real tree; the goal line
// says which row meets it. The machine's load average is printed per row (median of the
// values at each run's start) because other work on a 2-core machine moves these numbers.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : fallback;
};
const flag = (name) => {
  const i = args.indexOf(name);
  if (i >= 0) args.splice(i, 1);
  return i >= 0;
};
const arch = opt('--arch', 'x86_64');
const runs = Number(opt('--runs', '9'));
const parseCacheDir = opt('--parse-cache', undefined);
const child = flag('--child');
const noCli = flag('--no-cli');
const nodeDefaults = flag('--node-defaults');
const dir = args[0];
if (!dir) {
  process.stderr.write('usage: bench/graph.js <photon-tree> [--arch A] [--runs N] [--no-cli] [--node-defaults]\n');
  process.exit(2);
}

if (child) {
  // One measurement in this fresh process; imports happen here, before t0.
  const { loadTree } = await import('../dist/tree/load.js');
  const { loadSpecs } = await import('../dist/specs/load.js');
  const { resolvePackageGraph } = await import('../dist/graph/packages.js');
  let cache = { hits: 0, misses: 0 };
  const t0 = performance.now();
  const tree = await loadTree({ dir, env: {} });
  const t1 = performance.now();
  const index = await loadSpecs(tree, arch, parseCacheDir ? { parseCacheDir, onParseCache: (r) => (cache = r) } : {});
  const t2 = performance.now();
  const graph = resolvePackageGraph(index, tree, { lists: 'all-specs' });
  const t3 = performance.now();
  const usage = process.resourceUsage();
  const cpu = (usage.userCPUTime + usage.systemCPUTime) / 1000; // whole process: start-up, module loading and compiler threads included
  process.stdout.write(JSON.stringify({ tree: t1 - t0, parse: t2 - t1, resolve: t3 - t2, total: t3 - t0, cpu, specs: index.specs.length, graph: graph.specs.length, rssMB: usage.maxRSS / 1024, hits: cache.hits, misses: cache.misses }) + '\n');
} else {
  const self = fileURLToPath(import.meta.url);
  const cliBin = path.join(path.dirname(self), '..', 'bin', 'photon-build.js');
  const shebang = readFileSync(cliBin, 'utf8').split('\n', 1)[0];
  const m = /^#!\/usr\/bin\/env (?:-S )?node(?: (.*))?$/.exec(shebang);
  if (!m) throw new Error(`unexpected first line in ${cliBin}: ${shebang}`);
  const binFlags = (m[1] ?? '').split(/\s+/).filter(Boolean);
  const nodeFlags = nodeDefaults ? [] : binFlags;
  const cacheRoot = mkdtempSync(path.join(tmpdir(), 'pb-bench-graph-'));
  const specCache = path.join(cacheRoot, 'specs');
  const loadBefore = loadavg()[0];
  const phase = (extra) => ({ ...JSON.parse(execFileSync(process.execPath, [...nodeFlags, self, dir, '--arch', arch, '--child', ...extra], { encoding: 'utf8' })), load: loadavg()[0] });
  const cliRun = (env) => {
    const load = loadavg()[0];
    const start = performance.now();
    const run = spawnSync(process.execPath, [...nodeFlags, cliBin, 'graph', 'iso', '--packages', '--json', '--arch', arch, '--tree', dir], { encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, ...env } });
    const wall = performance.now() - start;
    if (run.status !== 0) throw new Error(`photon-build graph iso failed (${run.status}): ${run.stderr}`);
    return { wall, load, count: JSON.parse(run.stdout).packages.length };
  };
  const rows = { cold: [], warm: [] };
  const cli = { cold: [], warm: [] };
  let fill;
  try {
    fill = phase(['--parse-cache', specCache]);
    for (let i = 0; i < runs; i++) {
      // Interleaved, so both rows see the same machine load.
      rows.cold.push(phase([]));
      rows.warm.push(phase(['--parse-cache', specCache]));
      if (noCli) continue;
      cli.cold.push(cliRun({ PHOTON_BUILD_PARSE_CACHE: 'off' }));
      cli.warm.push(cliRun({ PHOTON_BUILD_CACHE_DIR: cacheRoot, PHOTON_BUILD_PARSE_CACHE: 'on' }));
    }
  } finally {
    rmSync(cacheRoot, { recursive: true, force: true });
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const ms = (v) => v.toFixed(0);
  const med = (rs, k) => median(rs.map((r) => r[k]));
  const out = (line) => process.stdout.write(`${line}\n`);
  const first = rows.cold[0];
  out(`tree ${dir} (${arch}): ${first.specs} specs parsed, iso graph ${first.graph} specs`);
  out(`node ${process.version}, flags: ${nodeFlags.length > 0 ? nodeFlags.join(' ') : "node's defaults"}${nodeDefaults ? ` (--node-defaults; the CLI runs with ${binFlags.join(' ') || 'none'})` : ' (from bin/photon-build.js)'}`);
  out(`phases (node start-up and module loading excluded), median of ${runs} fresh processes per row, interleaved:`);
  const row = (label, rs) =>
    out(`  ${label} load tree ${ms(med(rs, 'tree'))} ms, parse ${ms(med(rs, 'parse'))} ms, resolve ${ms(med(rs, 'resolve'))} ms, total ${ms(med(rs, 'total'))} ms (best ${ms(Math.min(...rs.map((r) => r.total)))} ms); process CPU ${ms(med(rs, 'cpu'))} ms; peak RSS ${ms(Math.max(...rs.map((r) => r.rssMB)))} MB; load avg ${med(rs, 'load').toFixed(2)}`);
  row('cold       (no parse cache; what the first run pays):                ', rows.cold);
  row('warm-cache (parse cache filled by a previous run, tree unchanged):    ', rows.warm);
  const warmMisses = Math.max(...rows.warm.map((r) => r.misses));
  out(`  warm-cache parse cache: ${med(rows.warm, 'hits')} hits, ${warmMisses} misses per run${warmMisses > 0 ? ' (warning: the warm row reparsed specs)' : ''}`);
  out(`  first run with an empty parse cache (parses and writes it; 1 process): parse ${ms(fill.parse)} ms, total ${ms(fill.total)} ms, ${fill.misses} misses`);
  if (cli.cold.length > 0) {
    const c = (rs) => `${ms(median(rs.map((r) => r.wall)))} ms (best ${ms(Math.min(...rs.map((r) => r.wall)))} ms, load avg ${median(rs.map((r) => r.load)).toFixed(2)})`;
    out(`cli: photon-build graph iso --packages --json, spawn to exit, median of ${runs}: cold ${c(cli.cold)}, warm-cache ${c(cli.warm)}`);
    const counts = new Set([...cli.cold, ...cli.warm].map((r) => r.count));
    if (counts.size !== 1 || !counts.has(first.graph)) out(`warning: the cli printed ${[...counts].join('/')} packages, the phase run resolved ${first.graph} specs`);
  }
  const goal = (rs) => med(rs, 'total') <= 250 && Math.max(...rs.map((r) => r.rssMB)) <= 200;
  const verdict = (name, rs) => `${name} row ${goal(rs) ? 'meets it' : 'does NOT meet it'} (${ms(med(rs, 'total'))} ms, ${ms(Math.max(...rs.map((r) => r.rssMB)))} MB)`;
  out(`goal (phases <= 250 ms, peak RSS <= 200 MB): ${verdict('cold', rows.cold)}; ${verdict('warm-cache', rows.warm)}`);
  out(`load average (1 min) ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after, on ${availableParallelism()} CPUs`);
}
