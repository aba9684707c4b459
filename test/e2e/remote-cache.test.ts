// Two CI jobs on two separate checkouts of the sample tree, one after the other as separate
// CLI processes, sharing one real nginx (WebDAV PUT) remote cache and nothing else: the
// package job fills the remote, the second job (read-only, as for a pull request) builds
// no package, and the matrix's image job for iso finds every RPM there. An unreachable
// remote only warns.
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, sampleTreeCopy, stepEnds } from '../helpers/cli.js';
import type { StepEnd } from '../helpers/cli.js';
import { startNginx } from '../integration/cache/nginx.js';
import type { Nginx } from '../integration/cache/nginx.js';

const TIMEOUT = 10 * 60_000;
// Both jobs sign and check records, as the example workflow does with its secret.
const env = { PHOTON_BUILD_CACHE_HMAC_KEY: 'e2e-remote-cache-key' };
let nginx: Nginx;
const copies: { tree: string; cache: string; cleanup: () => Promise<void> }[] = [];

beforeAll(async () => {
  nginx = await startNginx();
  copies.push(await sampleTreeCopy(), await sampleTreeCopy());
});
afterAll(async () => {
  await nginx?.stop();
  if (nginx) await rm(path.dirname(nginx.root), { recursive: true, force: true });
  for (const c of copies) await c.cleanup();
});

const packageSteps = (ends: readonly StepEnd[]): StepEnd[] => ends.filter((e) => e.step.startsWith('rpm:') || e.step === 'create-repo');
const notCached = (ends: readonly StepEnd[]): string[] => ends.filter((e) => e.outcome !== 'cached').map((e) => `${e.step}: ${e.outcome}`);
const puts = (log: string): number => log.split('\n').filter((l) => l.includes('"PUT ')).length;

async function rpmFiles(tree: string): Promise<string[]> {
  const out: string[] = [];
  for (const sub of ['x86_64', 'noarch']) out.push(...(await readdir(path.join(tree, 'stage/RPMS', sub)).catch(() => [])).filter((f) => f.endsWith('.rpm')));
  return out.sort();
}

describe('two jobs on two checkouts sharing one nginx remote cache', () => {
  it('job 1 (package stage) builds every package and uploads records and blobs', async () => {
    const [job1] = copies;
    const r = await runCli(['packages', '--tree', job1!.tree, '--cache-dir', job1!.cache, '--remote-cache', nginx.url, '--json'], { env });
    expect(r.exitCode, r.stderr).toBe(0);
    const ends = packageSteps(stepEnds(r.stdout));
    expect(ends.length).toBeGreaterThan(5);
    expect(ends.filter((e) => e.outcome !== 'built')).toEqual([]);
    const acRecords = await readdir(path.join(nginx.root, 'ac'));
    expect(acRecords.length).toBeGreaterThanOrEqual(ends.length);
    expect((await readdir(path.join(nginx.root, 'cas'), { recursive: true })).length).toBeGreaterThan(ends.length);
  }, TIMEOUT);

  it('job 2 (another checkout, empty local cache, read-only) builds no package: every rpm and create-repo step is a remote hit', async () => {
    const [job1, job2] = copies;
    const putsBefore = puts(await nginx.accessLog());
    const r = await runCli(['packages', '--tree', job2!.tree, '--cache-dir', job2!.cache, '--remote-cache', nginx.url, '--remote-cache-readonly', '--json'], { env });
    expect(r.exitCode, r.stderr).toBe(0);
    const ends = packageSteps(stepEnds(r.stdout));
    expect(ends.length).toBeGreaterThan(5);
    expect(notCached(ends)).toEqual([]);
    expect(puts(await nginx.accessLog())).toBe(putsBefore);
    expect(await rpmFiles(job2!.tree)).toEqual(await rpmFiles(job1!.tree));
  }, TIMEOUT);

  it("job 2's matrix entry for iso shares the package stage: every rpm step is cached, rootfs and image steps build", async () => {
    const [, job2] = copies;
    const m = await runCli(['ci-matrix', 'iso', '--arch', 'x86_64', '--format', 'github']);
    expect(m.exitCode, m.stderr).toBe(0);
    const entry = (JSON.parse(m.stdout) as { include: { target: string; arch: string; packageTargets: string[] }[] }).include[0]!;
    expect(entry).toMatchObject({ target: 'iso', arch: 'x86_64', packageTargets: ['packages'] });

    const r = await runCli([entry.target, '--arch', entry.arch, '--tree', job2!.tree, '--cache-dir', job2!.cache, '--remote-cache', nginx.url, '--remote-cache-readonly', '--json'], { env });
    expect(r.exitCode, r.stderr).toBe(0);
    const ends = stepEnds(r.stdout);
    const rpms = ends.filter((e) => e.step.startsWith('rpm:'));
    expect(rpms.length).toBeGreaterThan(5);
    expect(notCached(rpms)).toEqual([]);
    const imageWork = ends.filter((e) => e.step.startsWith('rootfs:') || e.step.startsWith('image:'));
    expect(imageWork.map((e) => e.step)).toContain('image:iso');
    expect(imageWork.filter((e) => e.outcome !== 'built')).toEqual([]);

    // What the workflow's image job does next: check the artifacts against the manifest.
    const images = path.join(job2!.tree, 'stage', 'images');
    const v = await runCli(['verify', '--against', path.join(images, 'manifest.json'), images]);
    expect(v.exitCode, v.stdout + v.stderr).toBe(0);
  }, TIMEOUT);

  it('an unreachable remote warns once and the build succeeds from the local cache and local builds', async () => {
    const [job1] = copies;
    const fresh = `${job1!.cache}-unreachable`;
    const r = await runCli(['packages', '--tree', job1!.tree, '--cache-dir', fresh, '--remote-cache', 'http://127.0.0.1:1', '--json'], { env });
    expect(r.exitCode, r.stderr).toBe(0);
    const warnings = r.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { type: string; message?: string }).filter((e) => e.type === 'warning');
    expect(warnings.filter((w) => /127\.0\.0\.1:1|unreachable|ECONNREFUSED/i.test(w.message ?? ''))).toHaveLength(1);
    const ends = packageSteps(stepEnds(r.stdout));
    expect(ends.filter((e) => e.outcome === 'built').length).toBeGreaterThan(5);
    expect(ends.filter((e) => e.outcome === 'failed')).toEqual([]);
  }, TIMEOUT);
});
