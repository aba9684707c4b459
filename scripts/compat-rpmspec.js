#!/usr/bin/env node
// Compares photon-build's spec parser with rpm's own (`rpmspec` from Debian's rpm) on a
// real Photon tree: per spec, the subpackage names, BuildRequires, Requires and Provides.
// Prints every disagreement and the agreement rate. Run by hand:
//   npm run compat:rpmspec -- <tree> [--arch x86_64|aarch64] [--jobs N] [--only <substring>]
// rpm gets the same Photon macros (dist, with_check=0, build numbers) and the same values for
// rpm's path macros that our parser uses, so what is compared is parsing, not configuration.
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadTree } from '../dist/tree/load.js';
import { kernelMacrosOf, loadSpecs } from '../dist/specs/load.js';
import { builtinMacros, photonMacros, ARCH_FAMILY_MACROS } from '../dist/specs/builtin-macros.js';
import { MacroTable, macroLayer } from '../dist/specs/macro-table.js';
import { expand } from '../dist/specs/expand.js';

const run = promisify(execFile);
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : fallback;
};
const arch = opt('--arch', os.arch() === 'arm64' ? 'aarch64' : 'x86_64');
const jobs = Number(opt('--jobs', String(Math.max(2, os.cpus().length))));
const only = opt('--only', undefined);
const treeDir = args[0];
if (!treeDir) {
  process.stderr.write('usage: compat-rpmspec.js <photon-tree> [--arch A] [--jobs N] [--only S]\n');
  process.exit(2);
}

const ISA = { x86_64: '(x86-64)', aarch64: '(aarch-64)' };
const tree = await loadTree({ dir: treeDir, env: {} });
const index = await loadSpecs(tree, arch, { withCheck: false });
const skip = new Set(['_arch', '_target_cpu', '_host_cpu', '_build_cpu', '_build_arch', '_target_arch', ...Object.keys(ARCH_FAMILY_MACROS)]);
// Values are passed fully expanded so rpm's own definitions cannot make them recursive.
const layer = macroLayer(builtinMacros(arch));
const defines = [
  ...builtinMacros(arch)
    .filter(([k]) => !skip.has(k) && !['buildroot', '_smp_mflags', '_smp_build_ncpus', 'optflags', 'nil'].includes(k))
    .map(([k]) => [k, expand(`%{${k}}`, new MacroTable(layer))]),
  ...photonMacros(tree, { withCheck: false }),
];
// Trees without the template generator (4.0) get the kernel macros build.py defines.
const linuxSpec = index.specs.find((s) => s.relPath === 'linux/linux.spec');
if (linuxSpec && !index.specs.some((s) => s.template)) defines.push(...kernelMacrosOf(linuxSpec));
const tmp = await mkdtemp(path.join(os.tmpdir(), 'pb-compat-'));

const depText = (d) => (d.rich ? d.rich : d.op && d.version ? `${d.name} ${d.op} ${d.version}` : d.name);
const evr = (spec, sub) => `${(sub.epoch ?? spec.epoch) !== undefined ? `${sub.epoch ?? spec.epoch}:` : ''}${sub.version ?? spec.version}-${sub.release ?? spec.release}`;

function ours(spec) {
  const names = new Set();
  const requires = new Set();
  const provides = new Set();
  for (const sub of spec.subpackages) {
    if (!sub.hasFiles) continue; // rpmbuild writes no RPM for it (rpmspec --builtrpms skips it too)
    names.add(sub.name);
    for (const d of sub.requires) requires.add(`${sub.name}\t${depText(d)}`);
    for (const d of sub.provides) provides.add(`${sub.name}\t${depText(d)}`);
    provides.add(`${sub.name}\t${sub.name} = ${evr(spec, sub)}`);
    if (sub.buildArch !== 'noarch') provides.add(`${sub.name}\t${sub.name}${ISA[arch]} = ${evr(spec, sub)}`);
  }
  const buildRequires = new Set(spec.buildRequires.map(depText));
  return { names, buildRequires, requires, provides };
}

async function rpms(spec) {
  let file = spec.file;
  if (spec.template) {
    file = path.join(tmp, path.basename(spec.relPath));
    await writeFile(file, await renderedText(spec));
  }
  const base = ['-q', '--target', arch, ...defines.flatMap(([k, v]) => ['--define', `${k} ${v === '' ? '%{nil}' : v}`]), '--define', `_sourcedir ${path.dirname(spec.file)}`];
  const qf = '%{NAME}\tN\n[%{=NAME}\tR\t%{REQUIRENEVRS}\n][%{=NAME}\tP\t%{PROVIDENEVRS}\n]';
  const [bin, src] = await Promise.all([
    run('rpmspec', [...base, '--builtrpms', '--qf', qf, file], { maxBuffer: 1 << 26 }),
    run('rpmspec', [...base, '--srpm', '--qf', '[%{REQUIRENEVRS}\n]', file], { maxBuffer: 1 << 26 }),
  ]);
  const names = new Set();
  const requires = new Set();
  const provides = new Set();
  for (const line of bin.stdout.split('\n')) {
    const [name, kind, value] = line.split('\t');
    if (kind === 'N') names.add(name);
    else if (kind === 'R' && !value.startsWith('rpmlib(')) requires.add(`${name}\t${value}`);
    else if (kind === 'P') provides.add(`${name}\t${value}`);
  }
  const buildRequires = new Set(src.stdout.split('\n').filter((l) => l && !l.startsWith('rpmlib(')));
  return { names, buildRequires, requires, provides };
}

async function renderedText(spec) {
  const { renderTemplate, templateRuns, kernelInfo } = await import('../dist/specs/templates.js');
  const { readFile } = await import('node:fs/promises');
  const specDir = tree.config.specPath;
  const text = await readFile(path.join(specDir, spec.template), 'utf8');
  const script = await readFile(path.join(tree.config.photonPath, 'tools/scripts/create-kernel-deps-specs-from-template.sh'), 'utf8');
  const linux = [];
  for (const s of index.specs) if (s.relPath.startsWith('linux/') && s.relPath.endsWith('.spec')) linux.push({ text: await readFile(s.file, 'utf8') });
  const all = renderTemplate(path.basename(spec.template), text, templateRuns(script), kernelInfo(linux), tree.config.distTag);
  return all.find((r) => r.fileName === path.basename(spec.relPath))?.text ?? text;
}

const diff = (a, b) => [...a].filter((x) => !b.has(x)).sort();
const specs = index.specs.filter((s) => !only || s.relPath.includes(only));
let agree = 0;
const problems = [];
let next = 0;
async function worker() {
  while (next < specs.length) {
    const spec = specs[next++];
    const a = ours(spec);
    let b;
    try {
      b = await rpms(spec);
    } catch (error) {
      problems.push(`${spec.relPath}: rpmspec failed: ${String(error.stderr ?? error.message).split('\n').filter((l) => /error/i.test(l)).slice(0, 2).join(' | ')}`);
      continue;
    }
    const lines = [];
    for (const kind of ['names', 'buildRequires', 'requires', 'provides']) {
      const onlyOurs = diff(a[kind], b[kind]);
      const onlyRpm = diff(b[kind], a[kind]);
      if (onlyOurs.length) lines.push(`  ${kind}: only ours: ${onlyOurs.join(' | ')}`);
      if (onlyRpm.length) lines.push(`  ${kind}: only rpm:  ${onlyRpm.join(' | ')}`);
    }
    if (lines.length === 0) agree++;
    else problems.push(`${spec.relPath}\n${lines.join('\n').replace(/\t/g, ': ')}`);
  }
}
const started = Date.now();
await Promise.all(Array.from({ length: jobs }, worker));
await rm(tmp, { recursive: true, force: true });
problems.sort();
for (const p of problems) process.stdout.write(`${p}\n`);
const rate = specs.length ? (100 * agree) / specs.length : 100;
process.stdout.write(`\n${treeDir} ${arch}: ${agree}/${specs.length} specs agree with rpmspec (${rate.toFixed(2)}%), ${problems.length} disagree; ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
