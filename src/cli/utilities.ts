// build.py's dependency utilities as commands: generate-dep-lists, pkgtree, imgtree,
// who-needs, print-upward-deps. Each loads the tree and its specs for one arch and prints
// text or --json; generate-dep-lists/imgtree write *_expanded.json under the stage dir only.
import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { loadTree } from '../tree/load.js';
import { loadSpecs } from '../specs/load.js';
import { parseCacheDirFor } from '../specs/parse-cache.js';
import { resolveCacheDir } from '../cache/config.js';
import { ProviderIndex } from '../graph/package-resolve.js';
import { DependencyModel } from '../graph/package-model.js';
import { expandPackages, requiresTree, upwardDeps, whoNeeds } from '../graph/package-utilities.js';
import { findPackageList, listEntries } from '../graph/package-request.js';
import type { PhotonTree } from '../tree/types.js';
import { addArchOption, addTreeOption, resolveTreeDir } from './options.js';

interface CommonOptions {
  readonly tree?: string;
  readonly arch: string;
  readonly json?: boolean;
  readonly cacheDir?: string;
}

async function load(opts: CommonOptions): Promise<{ tree: PhotonTree; model: DependencyModel }> {
  const choice = resolveTreeDir(opts.tree);
  const tree = await loadTree({ dir: choice.dir, isSample: choice.isSample });
  const parseCacheDir = parseCacheDirFor(resolveCacheDir(opts.cacheDir));
  const index = await loadSpecs(tree, opts.arch, parseCacheDir !== undefined ? { parseCacheDir } : {});
  return { tree, model: new DependencyModel(new ProviderIndex(index.specs)) };
}

const print = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
const printJson = (value: unknown) => print(JSON.stringify(value, null, 2));

function command(program: Command, name: string, description: string): Command {
  const cmd = program
    .command(name)
    .description(description)
    .option('--json', 'machine-readable output')
    .option('--cache-dir <dir>', 'cache directory; parsed specs are kept under <dir>/specs (default: $PHOTON_BUILD_CACHE_DIR or cache/ in the package)');
  addTreeOption(cmd);
  addArchOption(cmd);
  return cmd;
}

/** Writes <stage>/common/data/<list>_expanded.json (+ a copy of the list) for the given lists. */
async function writeExpanded(tree: PhotonTree, model: DependencyModel, arch: string, listIds: readonly string[], stage: string) {
  const outDir = path.join(stage, 'common', 'data');
  await mkdir(outDir, { recursive: true });
  const results = [];
  for (const id of listIds) {
    const list = findPackageList(tree, id);
    const { entries, unknown } = expandPackages(model, listEntries(list, arch));
    const file = path.join(outDir, `${list.name}_expanded.json`);
    await writeFile(file, `${JSON.stringify({ packages: entries.map((e) => e.name) }, null, 4)}\n`);
    await copyFile(list.file, path.join(outDir, path.basename(list.file)));
    results.push({ list: list.name, file, packages: entries.length, unknown });
  }
  return results;
}

export function registerUtilities(program: Command): void {
  command(program, 'generate-dep-lists', 'write <stage>/common/data/<list>_expanded.json (install order) for every package list')
    .option('--stage <dir>', 'stage directory (default: the tree\'s stage-path)')
    .action(async (opts: CommonOptions & { stage?: string }) => {
      const { tree, model } = await load(opts);
      const stage = path.resolve(opts.stage ?? tree.config.stagePath);
      const dataDir = path.join(tree.config.photonPath, 'common', 'data');
      await mkdir(path.join(stage, 'common', 'data'), { recursive: true });
      for (const f of (await readdir(dataDir)).filter((n) => /^build_install_options_.*\.json$/.test(n))) {
        await copyFile(path.join(dataDir, f), path.join(stage, 'common', 'data', f));
      }
      const results = await writeExpanded(tree, model, opts.arch, [...tree.packageLists.keys()], stage);
      if (opts.json) printJson(results);
      else for (const r of results) print(`${r.file}: ${r.packages} packages${r.unknown.length ? ` (unknown: ${r.unknown.join(', ')})` : ''}`);
    });

  command(program, 'imgtree', 'expanded install list of packages_<img>.json, also written to <stage>/common/data')
    .argument('<img>', 'image name, e.g. minimal, ova, rpi')
    .option('--stage <dir>', 'stage directory (default: the tree\'s stage-path)')
    .action(async (img: string, opts: CommonOptions & { stage?: string }) => {
      const { tree, model } = await load(opts);
      const list = findPackageList(tree, img);
      const { entries, unknown } = expandPackages(model, listEntries(list, opts.arch));
      await writeExpanded(tree, model, opts.arch, [list.name], path.resolve(opts.stage ?? tree.config.stagePath));
      if (opts.json) printJson({ list: list.name, packages: entries, unknown });
      else print(entries.map((e) => `${'  '.repeat(e.level)}${e.name}`).join('\n'));
    });

  command(program, 'pkgtree', 'runtime Requires tree of one package')
    .argument('<pkg>', 'package (subpackage) name')
    .action(async (pkg: string, opts: CommonOptions) => {
      const { model } = await load(opts);
      if (opts.json) {
        printJson({ package: pkg, install: expandPackages(model, [pkg]).entries });
        return;
      }
      print(requiresTree(model, pkg).map((l) => `${'  '.repeat(l.depth)}${l.name}${l.repeated ? ' (…)' : ''}`).join('\n'));
    });

  command(program, 'who-needs', 'packages whose Requires name this package directly')
    .argument('<pkg>', 'package (subpackage) name')
    .action(async (pkg: string, opts: CommonOptions) => {
      const { model } = await load(opts);
      const dependents = whoNeeds(model, pkg);
      if (opts.json) printJson({ package: pkg, neededBy: dependents });
      else print(dependents.join('\n'));
    });

  command(program, 'print-upward-deps', 'every spec that depends (build or run time, transitively) on the given spec files')
    .argument('<specs>', 'spec file basenames joined with ":", e.g. openssl.spec:zlib.spec')
    .action(async (specs: string, opts: CommonOptions) => {
      const { model } = await load(opts);
      const keys = upwardDeps(model, specs.split(':').filter(Boolean));
      if (opts.json) printJson({ specs: specs.split(':'), upward: keys });
      else print(keys.join('\n'));
    });
}
