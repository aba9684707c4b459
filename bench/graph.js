#!/usr/bin/env node
// Loads a real Photon tree, parses every spec and resolves the iso package graph
// (all specs), then prints wall time per phase and peak RSS. Run by hand:
//   npm run bench:graph -- <photon-tree> [--arch x86_64|aarch64] [--runs N]
// Goal: <= 0.25 s and <= 200 MB for a whole real tree in a fresh process.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadTree } from '../dist/tree/load.js';
import { loadSpecs } from '../dist/specs/load.js';
import { resolvePackageGraph } from '../dist/graph/packages.js';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : fallback;
};
const arch = opt('--arch', 'x86_64');
const runs = Number(opt('--runs', '5'));
const child = args.includes('--child');
const dir = args.filter((a) => a !== '--child')[0];
if (!dir) {
  process.stderr.write('usage: bench/graph.js <photon-tree> [--arch A] [--runs N]\n');
  process.exit(2);
}

if (child) {
  // One cold measurement in this fresh process.
  const t0 = performance.now();
  const tree = await loadTree({ dir, env: {} });
  const t1 = performance.now();
  const index = await loadSpecs(tree, arch);
  const t2 = performance.now();
  const graph = resolvePackageGraph(index, tree, { lists: 'all-specs' });
  const t3 = performance.now();
  const usage = process.resourceUsage();
  const cpu = (usage.userCPUTime + usage.systemCPUTime) / 1000; // whole process, module loading included
  process.stdout.write(JSON.stringify({ tree: t1 - t0, parse: t2 - t1, resolve: t3 - t2, total: t3 - t0, cpu, specs: index.specs.length, graph: graph.specs.length, rssMB: usage.maxRSS / 1024 }) + '\n');
} else {
  const self = fileURLToPath(import.meta.url);
  const results = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, [self, dir, '--arch', arch, '--child'], { encoding: 'utf8' });
    results.push(JSON.parse(out));
  }
  const med = (k) => results.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(results.length / 2)];
  const first = results[0];
  process.stdout.write(`tree ${dir} (${arch}): ${first.specs} specs parsed, iso graph ${first.graph} specs\n`);
  process.stdout.write(`median of ${runs} cold runs: load tree ${med('tree').toFixed(0)} ms, parse ${med('parse').toFixed(0)} ms, resolve ${med('resolve').toFixed(0)} ms, total ${med('total').toFixed(0)} ms (goal <= 250 ms)\n`);
  process.stdout.write(`process CPU time (user+sys, incl. startup) median ${med('cpu').toFixed(0)} ms; load average ${(await import('node:os')).loadavg()[0].toFixed(2)}\n`);
  process.stdout.write(`peak RSS ${Math.max(...results.map((r) => r.rssMB)).toFixed(0)} MB (goal <= 200 MB)\n`);
}
