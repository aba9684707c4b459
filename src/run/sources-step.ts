// The sources and publish-rpms steps of a run: prefetch every source of the planned
// specs (or use PHOTON_SOURCES_PATH offline), and pull the tree's bootstrap RPM list
// when it has one. Downloads and verification live in src/sources.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { assertPublishRpmsPulled, pullPublishRpms } from '../sources/publish-rpms.js';
import { assertSourcesFetched, fetchSources } from '../sources/fetch-sources.js';
import type { RunContext } from './context.js';
import type { StepIo, StepOutput } from './runners.js';

export async function fetchPlannedSources(ctx: RunContext, io: StepIo): Promise<StepOutput> {
  const specs = ctx.plan.steps.flatMap((s) => (s.kind === 'rpm' ? [s.spec] : []));
  const config = ctx.tree.config;
  const localDirs = [path.join(ctx.tree.root, 'SOURCES'), ...(config.photonSourcesPath ? [config.photonSourcesPath] : [])];
  const results = await fetchSources({
    specs,
    baseUrls: (spec) => [config.pullSourcesUrl, ...(ctx.tree.pkgBuildOptions.get(spec.name)?.pullsources ?? [])],
    destDir: path.join(ctx.stageDir, 'SOURCES'),
    localDirs,
    lookasideDir: path.join(ctx.cacheDir, 'sources'),
    offline: config.photonSourcesPath !== undefined,
    signal: io.signal,
  });
  assertSourcesFetched(results);
  const downloaded = results.filter((r) => r.status === 'downloaded').length;
  return { outputs: [], message: `${results.length} sources and patches verified, ${downloaded} downloaded` };
}

export async function pullPlannedPublishRpms(ctx: RunContext, io: StepIo): Promise<StepOutput> {
  const config = ctx.tree.config;
  const lists = [
    { list: 'rpmfilelist', url: config.publishRpmUrl, dest: 'PUBLISHRPMS', cached: config.photonPublishRpmsPath },
    { list: 'xrpmfilelist', url: config.publishXRpmUrl, dest: 'PUBLISHXRPMS', cached: config.photonPublishXRpmsPath },
  ];
  const done: string[] = [];
  for (const l of lists) {
    const listFile = path.join(ctx.tree.root, 'support', 'pullpublishrpms', `${l.list}-${ctx.plan.arch}`);
    if (!existsSync(listFile)) continue;
    const report = await pullPublishRpms({
      listFile,
      baseUrl: l.url,
      destDir: path.join(ctx.stageDir, l.dest),
      ...(l.cached ? { cachedDir: l.cached } : {}),
      lookasideDir: path.join(ctx.cacheDir, 'sources'),
      signal: io.signal,
    });
    assertPublishRpmsPulled(report);
    done.push(`${report.results.length} from ${l.list}-${ctx.plan.arch} (${report.repodata === 'used' ? 'verified against repodata' : `unverified: ${report.repodata}`})`);
  }
  return { outputs: [], message: done.length > 0 ? done.join('; ') : 'the tree lists no bootstrap RPMs (support/pullpublishrpms): nothing to pull' };
}
