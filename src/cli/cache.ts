// `photon-build cache stats|prune` and `photon-build why <package|step>`: cache
// housekeeping, and why a step would rebuild (inputs diff against the last build) or
// who produced its cached outputs. Prints; the logic lives in src/cache.
import type { Command } from 'commander';
import { formatBytes, parseAge, parseSize, resolveCacheDir } from '../cache/config.js';
import { openLocalCache } from '../cache/local.js';
import { matchSteps, planFilePath, readPlanFile } from '../cache/plan-file.js';
import { HMAC_KEY_ENV } from '../cache/record.js';
import type { ActionRecord } from '../cache/types.js';
import { explainStep, isEmptyDiff } from '../cache/why.js';
import type { StepExplanation } from '../cache/why.js';
import { PhotonBuildError } from '../errors.js';
import { loadTree } from '../tree/load.js';
import { addTreeOption, resolveTreeDir } from './options.js';

interface CacheFlags { readonly cacheDir?: string; readonly json?: boolean; readonly maxSize?: string; readonly olderThan?: string }
interface WhyFlags { readonly cacheDir?: string; readonly json?: boolean; readonly tree?: string; readonly stage?: string }

const out = (line = ''): void => { process.stdout.write(`${line}\n`); };
const err = (line: string): void => { process.stderr.write(`${line}\n`); };

function openCache(flag: string | undefined) {
  const key = process.env[HMAC_KEY_ENV] || undefined;
  return openLocalCache({ dir: resolveCacheDir(flag), ...(key ? { signingKey: key } : {}), onWarning: (m) => err(`warning: ${m}`) });
}

export function registerCache(program: Command): void {
  const cache = program.command('cache').description('inspect and prune the local build cache');
  cache
    .command('stats')
    .description('entries, blobs and size of the local cache')
    .option('--cache-dir <dir>', 'cache directory (default: $PHOTON_BUILD_CACHE_DIR or cache/ in the package)')
    .option('--json', 'machine-readable output')
    .action(async (flags: CacheFlags) => {
      const stats = await openCache(flags.cacheDir).stats();
      if (flags.json) return out(JSON.stringify(stats, null, 2));
      out(`cache:   ${stats.dir}`);
      out(`records: ${stats.records}`);
      out(`blobs:   ${stats.blobs} (${formatBytes(stats.blobBytes)})`);
      if (stats.oldestUse) out(`used:    ${stats.oldestUse} … ${stats.newestUse}`);
    });
  cache
    .command('prune')
    .description('drop least recently used entries, then blobs nothing references')
    .option('--max-size <size>', 'keep at most this much (e.g. 10G, 512M)')
    .option('--older-than <age>', 'drop entries unused for this long (e.g. 30d, 12h)')
    .option('--cache-dir <dir>', 'cache directory (default: $PHOTON_BUILD_CACHE_DIR or cache/ in the package)')
    .option('--json', 'machine-readable output')
    .action(async (flags: CacheFlags) => {
      const maxSize = flags.maxSize !== undefined ? parseSize(flags.maxSize) : undefined;
      const olderThanMs = flags.olderThan !== undefined ? parseAge(flags.olderThan) : undefined;
      const result = await openCache(flags.cacheDir).prune({ ...(maxSize !== undefined ? { maxSize } : {}), ...(olderThanMs !== undefined ? { olderThanMs } : {}) });
      if (flags.json) return out(JSON.stringify(result, null, 2));
      out(`removed ${result.removedRecords} record(s) and ${result.removedBlobs} blob(s), freed ${formatBytes(result.freedBytes)}`);
      out(`now ${result.after.records} record(s), ${result.after.blobs} blob(s), ${formatBytes(result.after.blobBytes)}`);
    });

  const why = program
    .command('why <target>')
    .description('why a package or step would rebuild (inputs changed since the last build) or who produced its cached outputs')
    .option('--cache-dir <dir>', 'cache directory (default: $PHOTON_BUILD_CACHE_DIR or cache/ in the package)')
    .option('--stage <dir>', 'stage directory holding .photon-build/plan.json (default: the tree\'s stage path)')
    .option('--json', 'machine-readable output');
  addTreeOption(why);
  why.action(async (query: string, flags: WhyFlags) => {
    const stageDir = flags.stage ?? (await loadTree({ dir: resolveTreeDir(flags.tree).dir })).config.stagePath;
    const steps = await readPlanFile(stageDir);
    if (!steps) {
      throw new PhotonBuildError('usage', `no plan yet (${planFilePath(stageDir)} does not exist); run \`photon-build plan <target>\` first so the current inputs are known`);
    }
    const matches = matchSteps(steps, query);
    if (matches.length === 0) throw new PhotonBuildError('usage', `no step '${query}' in the current plan (${planFilePath(stageDir)}); step ids look like ${steps.slice(0, 3).map((s) => s.id).join(', ')}`);
    const cache = openCache(flags.cacheDir);
    const results: (StepExplanation | { status: 'pending'; step: string })[] = [];
    for (const s of matches) {
      results.push(s.key && s.inputs ? await explainStep(cache, s.id, { key: s.key, inputs: s.inputs }) : { status: 'pending', step: s.id });
    }
    if (flags.json) return out(JSON.stringify(results, null, 2));
    for (const r of results) printExplanation(r);
  });
}

function provenance(record: ActionRecord): string {
  const p = record.provenance;
  return `${p.createdAt} on ${p.host} in ${(p.durationMs / 1000).toFixed(1)} s by ${p.tool}`;
}

const short = (v: string): string => (v.length > 72 ? `${v.slice(0, 69)}…` : v);

function printExplanation(r: StepExplanation | { status: 'pending'; step: string }): void {
  switch (r.status) {
    case 'pending':
      out(`${r.step}: will rebuild — a dependency rebuilds first, so its key is not known yet (run \`why\` on the dependencies)`);
      return;
    case 'never-built':
      out(`${r.step}: miss — never built with this cache (key ${r.key})`);
      return;
    case 'hit':
      out(`${r.step}: hit (key ${r.key})`);
      out(`  produced ${provenance(r.record)}`);
      for (const o of r.record.outputs) out(`  ${o.path}  sha256:${o.digest}  ${formatBytes(o.size)}`);
      return;
    case 'miss': {
      out(`${r.step}: miss (key ${r.key})`);
      out(`  last built ${provenance(r.previous)} (key ${r.previous.key})`);
      if (isEmptyDiff(r.diff)) out('  the recorded inputs are identical, but the key differs: the key covers more than the recorded inputs');
      for (const c of r.diff.changed) out(`  changed  ${c.key}: ${short(c.old)} → ${short(c.new)}`);
      for (const a of r.diff.added) out(`  added    ${a.key}: ${short(a.value)}`);
      for (const d of r.diff.removed) out(`  removed  ${d.key}: ${short(d.value)}`);
      return;
    }
  }
}
