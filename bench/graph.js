#!/usr/bin/env node
// What `photon-build graph iso --packages --json` / `plan iso` pay at start-up on a real
// Photon tree: load the tree, parse every spec, resolve the iso package graph. Each run is
// a fresh node process (cold JIT, cold caches inside node; the OS page cache is warm after
// the first run). Two measurements, both printed as medians over --runs:
//   1. phases: wall time of loadTree + loadSpecs + resolvePackageGraph(all-specs) inside a
//      fresh process, measured from after module loading, so node start-up and module
//      loading are NOT included (this is the number the goal applies to);
//   2. cli: wall time of the whole `bin/photon-build.js graph iso --packages --json` process
//      from spawn to exit, node start-up, module loading, the target catalogue and the JSON
//      output included (what a user waits for).
// `iso` resolves to every spec of the tree (its closure contains the `packages` target),
// hence lists 'all-specs' in the phase run; the bench checks both agree on the spec count.
// Run by hand (after `npm run build`):
//   npm run bench:graph -- <photon-tree> [--arch x86_64|aarch64] [--runs N] [--no-cli]
// Goal: phases <= 0.25 s wall and peak RSS <= 200 MB for a whole real tree. The machine's
// load average is printed because other work on a 2-core machine moves these numbers a lot.
import { execFileSync, spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
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
const runs = Number(opt('--runs', '5'));
const child = flag('--child');
const noCli = flag('--no-cli');
const dir = args[0];
if (!dir) {
  process.stderr.write('usage: bench/graph.js <photon-tree> [--arch A] [--runs N] [--no-cli]\n');
  process.exit(2);
}

if (child) {
  // One cold measurement in this fresh process; imports happen here, before t0.
  const { loadTree } = await import('../dist/tree/load.js');
  const { loadSpecs } = await import('../dist/specs/load.js');
  const { resolvePackageGraph } = await import('../dist/graph/packages.js');
  const t0 = performance.now();
  const tree = await loadTree({ dir, env: {} });
  const t1 = performance.now();
  const index = await loadSpecs(tree, arch);
  const t2 = performance.now();
  const graph = resolvePackageGraph(index, tree, { lists: 'all-specs' });
  const t3 = performance.now();
  const usage = process.resourceUsage();
  const cpu = (usage.userCPUTime + usage.systemCPUTime) / 1000; // whole process: start-up, module loading and compiler threads included
  process.stdout.write(JSON.stringify({ tree: t1 - t0, parse: t2 - t1, resolve: t3 - t2, total: t3 - t0, cpu, specs: index.specs.length, graph: graph.specs.length, rssMB: usage.maxRSS / 1024 }) + '\n');
} else {
  const self = fileURLToPath(import.meta.url);
  const cliBin = path.join(path.dirname(self), '..', 'bin', 'photon-build.js');
  const loadBefore = loadavg()[0];
  const results = [];
  const cli = [];
  let cliCount;
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, [self, dir, '--arch', arch, '--child'], { encoding: 'utf8' });
    results.push(JSON.parse(out));
    if (noCli) continue;
    const start = performance.now();
    const run = spawnSync(process.execPath, [cliBin, 'graph', 'iso', '--packages', '--json', '--arch', arch, '--tree', dir], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const wall = performance.now() - start;
    if (run.status !== 0) throw new Error(`photon-build graph iso failed (${run.status}): ${run.stderr}`);
    cliCount = JSON.parse(run.stdout).packages.length;
    cli.push(wall);
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const med = (k) => median(results.map((r) => r[k]));
  const first = results[0];
  const ms = (v) => v.toFixed(0);
  process.stdout.write(`tree ${dir} (${arch}): ${first.specs} specs parsed, iso graph ${first.graph} specs\n`);
  process.stdout.write(`phases, median of ${runs} cold processes (node start-up and module loading excluded): load tree ${ms(med('tree'))} ms, parse ${ms(med('parse'))} ms, resolve ${ms(med('resolve'))} ms, total ${ms(med('total'))} ms (goal <= 250 ms; best ${ms(Math.min(...results.map((r) => r.total)))} ms)\n`);
  process.stdout.write(`process CPU time (user+sys, start-up and compiler threads included) median ${ms(med('cpu'))} ms\n`);
  if (cli.length > 0) {
    process.stdout.write(`cli: photon-build graph iso --packages --json, spawn to exit, median of ${cli.length}: ${ms(median(cli))} ms (best ${ms(Math.min(...cli))} ms)\n`);
    if (cliCount !== first.graph) process.stdout.write(`warning: the cli printed ${cliCount} packages, the phase run resolved ${first.graph} specs\n`);
  }
  process.stdout.write(`peak RSS ${ms(Math.max(...results.map((r) => r.rssMB)))} MB (goal <= 200 MB)\n`);
  process.stdout.write(`load average (1 min) ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after, on ${(await import('node:os')).availableParallelism()} CPUs\n`);
}
