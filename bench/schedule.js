// Scheduling bench: simulated execution (no containers) of a package DAG at 4, 16 and 64
// threads. Prints makespan against the lower bound max(critical path, total work /
// threads) for photon-build's scheduler (priorities from measured durations, and from
// static weights only) and for a simulation of build.py's policy.
//
//   npm run bench:schedule -- <photon tree dir>     real graph via dist/tree + dist/specs + dist/graph
//   npm run bench:schedule -- graph.json            {nodes:[{id, deps, weight, runtimeDeps?}], toolchain?}
//   npm run bench:schedule -- --synthetic [--seed N] [--size N]
//   add --json for machine-readable output
//
// Duration model (seconds): packageWeights.json value × 60 when the package has one;
// else 30 + 10 per KiB of spec text, capped at 20 minutes. In JSON input, weight is the
// duration in seconds. Static weights (what a scheduler knows without history): the
// packageWeights value + 1, else 1 — build.py's table.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { lowerBound, simulatePhotonBuild } from '../dist/scheduler/simulate.js';
import { simulateBuildPy } from '../dist/scheduler/simulate-build-py.js';
import { buildScheduleGraph } from '../dist/scheduler/priority.js';

const THREADS = [4, 16, 64];

function parseArgs(argv) {
  const args = { input: undefined, json: false, synthetic: false, seed: 1, size: 1000 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') args.json = true;
    else if (a === '--synthetic') args.synthetic = true;
    else if (a === '--seed') args.seed = Number(argv[++i]);
    else if (a === '--size') args.size = Number(argv[++i]);
    else args.input = a;
  }
  if (!args.input) args.synthetic = true;
  return args;
}

export function specDuration(weight, specBytes) {
  if (weight !== undefined) return weight * 60;
  return Math.min(30 + (10 * specBytes) / 1024, 20 * 60);
}

async function fromJson(file) {
  const raw = JSON.parse(await readFile(file, 'utf8'));
  const nodes = raw.nodes.map((n) => ({
    id: String(n.id), deps: n.deps ?? [], runtimeDeps: n.runtimeDeps ?? [], duration: Number(n.weight), staticWeight: n.staticWeight ?? 1,
  }));
  return { name: path.basename(file), graph: { nodes, ...(raw.toolchain ? { toolchain: raw.toolchain } : {}) } };
}

async function fromTree(dir) {
  let tree;
  let index;
  try {
    const [{ loadTree }, { loadSpecs }] = await Promise.all([import('../dist/tree/load.js'), import('../dist/specs/load.js')]);
    tree = await loadTree({ dir });
    index = await loadSpecs(tree, 'x86_64');
  } catch (error) {
    throw new Error(`cannot load the tree with dist/tree + dist/specs (${error.message}); pass a graph JSON or --synthetic instead`);
  }
  const graph = await import('../dist/graph/packages.js').catch(() => undefined);
  const resolved = graph ? await fromPackageGraph(graph, index, tree) : byNameGraph(index, tree);
  const nodes = [];
  for (const { key, spec, deps } of resolved.specs) {
    const bytes = await stat(spec.file).then((x) => x.size, () => 4096); // templated specs have no file of their own
    const weight = tree.packageWeights.get(spec.name);
    const runtime = new Set();
    for (const sub of spec.subpackages ?? []) for (const r of sub.requires ?? []) {
      const k = resolved.producer.get(r.name);
      if (k && k !== key) runtime.add(k);
    }
    nodes.push({
      id: key, deps: [...new Set(deps)].filter((d) => d !== key), runtimeDeps: [...runtime],
      duration: specDuration(weight, bytes), staticWeight: weight !== undefined ? weight + 1 : 1,
    });
  }
  return { name: `${dir} (${resolved.how})`, graph: { nodes, toolchain: resolved.toolchain } };
}

/** Which spec produces a package name: its subpackages, then their Provides. */
function producerMap(entries) {
  const producer = new Map();
  for (const { key, spec } of entries) for (const sub of spec.subpackages ?? []) producer.set(sub.name, key);
  for (const { key, spec } of entries) for (const sub of spec.subpackages ?? []) for (const p of sub.provides ?? []) if (!producer.has(p.name)) producer.set(p.name, key);
  return producer;
}

async function fromPackageGraph({ resolvePackageGraph, specKey }, index, tree) {
  const g = await resolvePackageGraph(index, tree, { lists: 'all-specs' });
  const entries = [...g.specs].map((spec) => ({ key: specKey(spec), spec }));
  const toKeys = (list) => (list ?? []).map((x) => (typeof x === 'string' ? x : specKey(x)));
  return {
    how: 'dist/graph/packages.js',
    specs: entries.map((e) => ({ ...e, deps: g.buildDeps.get(e.key) ?? [] })),
    producer: producerMap(entries),
    toolchain: { stage1: toKeys(g.toolchain?.stage1), stage2: toKeys(g.toolchain?.stage2) },
  };
}

/** Fallback while no package-graph module is built: BuildRequires resolved by package name. */
function byNameGraph(index, tree) {
  const seen = new Set();
  const entries = [];
  for (const spec of index.specs) {
    const key = `${spec.name}-${spec.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    entries.push({ key, spec });
  }
  const producer = producerMap(entries);
  const keys = (names) => [...new Set(names.map((n) => producer.get(n)).filter(Boolean))];
  const stage1 = keys(tree.config.toolchainStage1 ?? []);
  return {
    how: 'BuildRequires resolved by name',
    specs: entries.map((e) => ({ ...e, deps: keys(e.spec.buildRequires.map((d) => d.name)) })),
    producer,
    toolchain: { stage1, stage2: keys(tree.config.toolchainStage2 ?? []).filter((k) => !stage1.includes(k)) },
  };
}

/** A Photon-shaped graph: a 40-package core toolchain, 70 stage-2 packages, the rest layered with popular libraries. */
export function synthesize(size, seed) {
  let s = seed >>> 0 || 1;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const lognormal = (median, sigma) => median * Math.exp(sigma * Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd()));
  const nodes = [];
  const id = (i) => `pkg${String(i).padStart(4, '0')}`;
  const heavy = new Set(Array.from({ length: 15 }, () => 110 + Math.floor(rnd() * (size - 110))));
  for (let i = 0; i < size; i++) {
    const deps = new Set();
    const runtimeDeps = new Set();
    if (i > 0 && i < 40) {
      deps.add(id(i - 1));
    } else if (i >= 40 && i < 110) {
      for (let k = 0; k < 3; k++) deps.add(id(Math.floor(rnd() * 40)));
      if (rnd() < 0.5 && i > 40) deps.add(id(40 + Math.floor(rnd() * (i - 40))));
    } else if (i >= 110) {
      const n = 1 + Math.floor(rnd() * 6);
      for (let k = 0; k < n; k++) deps.add(id(Math.floor(i * rnd() ** 2.5))); // popular low-index libs
      for (let k = 0; k < Math.floor(rnd() * 4); k++) runtimeDeps.add(id(Math.floor(i * rnd() ** 1.5)));
    }
    deps.delete(id(i));
    runtimeDeps.delete(id(i));
    const weight = heavy.has(i) ? 30 + Math.floor(rnd() * 120) : rnd() < 0.1 ? 1 + Math.floor(rnd() * 20) : undefined;
    const duration = weight !== undefined ? weight * 60 : Math.min(lognormal(80, 0.8), 20 * 60);
    nodes.push({ id: id(i), deps: [...deps], runtimeDeps: [...runtimeDeps], duration: Math.round(duration), staticWeight: weight !== undefined ? weight + 1 : 1 });
  }
  return {
    name: `synthetic (size ${size}, seed ${seed})`,
    graph: { nodes, toolchain: { stage1: nodes.slice(0, 40).map((n) => n.id), stage2: nodes.slice(40, 110).map((n) => n.id) } },
  };
}

function run({ name, graph }) {
  const rows = THREADS.map((threads) => {
    const lb = lowerBound(graph, threads);
    const measured = simulatePhotonBuild(graph, threads, 'duration');
    const staticW = simulatePhotonBuild(graph, threads, 'static');
    const buildPy = simulateBuildPy(graph, threads);
    return { threads, lowerBound: lb.bound, levelBound: lb.levelBound, criticalPath: lb.criticalPath, totalWork: lb.totalWork,
      photonBuild: measured.makespan, photonBuildStatic: staticW.makespan, buildPy: buildPy.makespan, buildPyPhases: buildPy.phases };
  });
  return { graph: name, nodes: graph.nodes.length, criticalChain: criticalChain(graph), rows };
}

/** The longest chain by duration, as "id (minutes)" from first to last. */
function criticalChain(graph) {
  const duration = new Map(graph.nodes.map((n) => [n.id, n.duration]));
  const g = buildScheduleGraph(graph.nodes.map((n) => ({ id: n.id, deps: n.deps, weight: n.duration })));
  let id = [...g.priority].sort((a, b) => b[1] - a[1])[0]?.[0];
  const chain = [];
  while (id !== undefined) {
    chain.push(`${id} (${Math.round(duration.get(id) / 60)} min)`);
    const next = g.dependents.get(id);
    id = next.length > 0 ? next.reduce((a, b) => (g.priority.get(a) >= g.priority.get(b) ? a : b)) : undefined;
  }
  return chain;
}

const h = (sec) => `${(sec / 3600).toFixed(2)} h`;
const r = (x, lb) => `${(x / lb).toFixed(3)}×`;

async function main() {
  const args = parseArgs(process.argv.slice(2));
  let input;
  if (args.synthetic) input = synthesize(args.size, args.seed);
  else if (args.input.endsWith('.json')) input = await fromJson(args.input);
  else input = await fromTree(path.resolve(args.input));
  const t0 = performance.now();
  const result = run(input);
  const ms = performance.now() - t0;
  if (args.json) {
    console.log(JSON.stringify({ ...result, simulationMs: Math.round(ms) }, null, 2));
    return;
  }
  console.log(`${result.graph}: ${result.nodes} packages, total work ${h(result.rows[0].totalWork)}, critical path ${h(result.rows[0].criticalPath)}`);
  console.log(`critical chain: ${result.criticalChain.join(' → ')}`);
  console.log('ratios are makespan / max(critical path, work / threads); [level] = makespan / the tighter level bound');
  console.log('threads  lower bound  level bound   photon-build (measured)   photon-build (static weights)   build.py policy');
  for (const row of result.rows) {
    console.log(`${String(row.threads).padStart(7)}  ${h(row.lowerBound).padStart(11)}  ${h(row.levelBound).padStart(11)}   ${`${h(row.photonBuild)} ${r(row.photonBuild, row.lowerBound)} [${r(row.photonBuild, row.levelBound)}]`.padStart(23)}   ${`${h(row.photonBuildStatic)} ${r(row.photonBuildStatic, row.lowerBound)}`.padStart(29)}   ${h(row.buildPy)} ${r(row.buildPy, row.lowerBound)} (stage1 ${h(row.buildPyPhases.stage1)}, stage2 ${h(row.buildPyPhases.stage2)})`);
  }
  console.log(`(simulated in ${ms.toFixed(0)} ms)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((error) => {
    console.error(`bench:schedule: ${error.message}`);
    process.exitCode = 1;
  });
}
