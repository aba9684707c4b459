// The CLI on a copy of the sample tree with the real docker engine and rpmbuild:
// cold build, fully cached second run, precise invalidation, failures, interrupts.
import { execa } from 'execa';
import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtSteps, runCli, sampleTreeCopy, startCli, stepEnds } from '../helpers/cli.js';

const TIMEOUT = 15 * 60_000;
let tree: string;
let cache: string;
let cleanup: () => Promise<void>;
const args = () => ['--tree', tree, '--cache-dir', cache, '--json'];

beforeAll(async () => {
  ({ tree, cache, cleanup } = await sampleTreeCopy());
});
afterAll(async () => cleanup());

async function rpmsIn(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const sub of ['x86_64', 'noarch']) out.push(...(await readdir(path.join(dir, sub)).catch(() => [])).filter((f) => f.endsWith('.rpm')));
  return out.sort();
}

describe('photon-build packages on the sample tree', () => {
  it('builds every sample RPM in containers and indexes them with createrepo_c', async () => {
    const r = await runCli(['packages', ...args()]);
    expect(r.exitCode, r.stderr).toBe(0);
    const rpms = await rpmsIn(path.join(tree, 'stage', 'RPMS'));
    for (const name of ['hello-1.0-1.ph5.x86_64.rpm', 'libgreet-1.0-1.ph5.x86_64.rpm', 'libgreet-devel-1.0-1.ph5.x86_64.rpm', 'filesystem-1.1-1.ph5.noarch.rpm']) {
      expect(rpms).toContain(name);
    }
    const requires = await execa('rpm', ['-qp', '--requires', path.join(tree, 'stage/RPMS/x86_64/hello-1.0-1.ph5.x86_64.rpm')]);
    expect(requires.stdout).toMatch(/^libgreet\b/m);
    expect(requires.stdout).toMatch(/libgreet\.so\.1/);
    const repodata = await readdir(path.join(tree, 'stage/RPMS/repodata'));
    const primary = repodata.find((f) => f.endsWith('primary.xml.gz'))!;
    const listed = (await execa('sh', ['-c', `zcat '${path.join(tree, 'stage/RPMS/repodata', primary)}'`])).stdout;
    for (const rpm of rpms) expect(listed).toContain(rpm);
  }, TIMEOUT);

  it('second run starts no container: every cacheable step is a cache hit', async () => {
    const before = (await execa('docker', ['ps', '-a', '-q', '--filter', 'name=photon-build-'])).stdout;
    const r = await runCli(['packages', ...args()]);
    expect(r.exitCode, r.stderr).toBe(0);
    const ends = stepEnds(r.stdout).filter((e) => e.step.startsWith('rpm:') || e.step === 'create-repo');
    expect(ends.length).toBeGreaterThan(10);
    expect(ends.filter((e) => e.outcome !== 'cached')).toEqual([]);
    expect((await execa('docker', ['ps', '-a', '-q', '--filter', 'name=photon-build-'])).stdout).toBe(before);
  }, TIMEOUT);

  it('a %build change without a Release bump rebuilds exactly that package and its dependents', async () => {
    const spec = path.join(tree, 'SPECS/libgreet/libgreet.spec');
    const text = await readFile(spec, 'utf8');
    await writeFile(spec, text.replace('%build\n', '%build\necho "rebuilt on purpose"\n'));
    const r = await runCli(['packages', ...args()]);
    expect(r.exitCode, r.stderr).toBe(0);
    // libgreet rebuilds; its RPM payload is unchanged (reproducible builds), so hello —
    // which has it in its build root — keeps its key: early cutoff.
    expect(builtSteps(r.stdout)).toEqual(['rpm:libgreet-1.0-1.ph5']);
  }, TIMEOUT);

  it('a payload change in a library rebuilds the programs built against it, and nothing else', async () => {
    const spec = path.join(tree, 'SPECS/libgreet/libgreet.spec');
    const text = await readFile(spec, 'utf8');
    await writeFile(spec, text.replace('%install\n', '%install\nmkdir -p %{buildroot}%{_datadir}/libgreet && echo v2 > %{buildroot}%{_datadir}/libgreet/VERSION\n').replace(/%files\n/, '%files\n%{_datadir}/libgreet/VERSION\n'));
    const r = await runCli(['packages', ...args()]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(builtSteps(r.stdout)).toEqual(['rpm:hello-1.0-1.ph5', 'rpm:libgreet-1.0-1.ph5']);
  }, TIMEOUT);

  it('a spec that fails to build stops the run with exit 1, names the package and log, and leaves nothing in stage/RPMS', async () => {
    const spec = path.join(tree, 'SPECS/hello/hello.spec');
    const original = await readFile(spec, 'utf8');
    await writeFile(spec, original.replace('%install\n', '%install\nexit 7\n'));
    try {
      const before = await rpmsIn(path.join(tree, 'stage', 'RPMS'));
      await execa('sh', ['-c', `rm -f '${tree}'/stage/RPMS/x86_64/hello-*.rpm`]);
      const r = await runCli(['packages', ...args()]);
      expect(r.exitCode).toBe(1);
      const failed = stepEnds(r.stdout).filter((e) => e.outcome === 'failed');
      expect(failed.map((e) => e.step)).toEqual(['rpm:hello-1.0-1.ph5']);
      expect(failed[0]!.message).toMatch(/hello/);
      expect(r.stderr).toMatch(/failed: rpm:hello-1\.0-1\.ph5: .*log: .*LOGS\/rpm_hello-1\.0-1\.ph5\.log/);
      expect(await readFile(failed[0]!.logFile!, 'utf8')).toMatch(/exit 7|error/i);
      const after = await rpmsIn(path.join(tree, 'stage', 'RPMS'));
      expect(after.filter((f) => f.startsWith('hello-'))).toEqual([]);
      expect(after.length).toBe(before.filter((f) => !f.startsWith('hello-')).length);
    } finally {
      await writeFile(spec, original);
    }
  }, TIMEOUT);

  it('SIGINT during a build exits 130, leaves no container behind, and the next run resumes from the cache', async () => {
    const spec = path.join(tree, 'SPECS/hello/hello.spec');
    const original = await readFile(spec, 'utf8');
    await writeFile(spec, original.replace('%install\n', '%install\nsleep 60\n'));
    try {
      const child = startCli(['packages', ...args()]);
      let out = '';
      child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
      for (let i = 0; i < 600 && !/"step-start","step":"rpm:hello/.test(out); i++) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 1500));
      child.kill('SIGINT');
      const r = await child;
      expect(r.exitCode).toBe(130);
      const left = (await execa('docker', ['ps', '-a', '--format', '{{.Names}}', '--filter', 'name=photon-build-'])).stdout;
      expect(left).toBe('');
    } finally {
      await writeFile(spec, original);
    }
    const again = await runCli(['packages', ...args()]);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(builtSteps(again.stdout)).toEqual([]);
  }, TIMEOUT);

  it('an unknown name that is a package builds that package and its build-time closure only', async () => {
    const r = await runCli(['hello', ...args()]);
    expect(r.exitCode, r.stderr).toBe(0);
    const steps = stepEnds(r.stdout).map((e) => e.step);
    expect(steps).toContain('rpm:hello-1.0-1.ph5');
    expect(steps).toContain('rpm:libgreet-1.0-1.ph5');
    expect(steps).not.toContain('rpm:linux-6.1.176-1.ph5');
    expect(steps).not.toContain('create-repo');
  }, TIMEOUT);

  it('an unknown name that is neither target nor package is a one-line error with suggestions, exit 2', async () => {
    const r = await runCli(['isoo', '--tree', tree, '--cache-dir', cache]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/unknown target 'isoo'.*did you mean: .*iso/);
  }, TIMEOUT);

  it('a local source that does not match its sha512 is re-fetched (as build.py does); offline that fails, naming both digests', async () => {
    const src = path.join(tree, 'SOURCES', 'hello-1.0.tar.gz');
    const original = await readFile(src);
    await writeFile(src, Buffer.concat([original, Buffer.from('tampered')]));
    try {
      await execa('sh', ['-c', `rm -f '${tree}'/stage/RPMS/x86_64/hello-*.rpm`]);
      // an unreachable mirror, so the test does not depend on DNS or the internet
      const r = await runCli(['hello', ...args()], { env: { PHOTON_PULLSOURCES_CONFIG: 'http://127.0.0.1:1/photon_sources' } });
      expect(r.exitCode).toBe(1);
      const failed = stepEnds(r.stdout).filter((e) => e.outcome === 'failed');
      expect(failed.map((e) => e.step)).toEqual(['sources']);
      expect(failed[0]!.message).toMatch(/local .*hello-1\.0\.tar\.gz has sha512 [0-9a-f]{128}, expected [0-9a-f]{128} \(hello\/hello\.spec:\d+\); re-downloading failed/);
      expect(await rpmsIn(path.join(tree, 'stage', 'RPMS')).then((l) => l.filter((f) => f.startsWith('hello-')))).toEqual([]);
    } finally {
      await writeFile(src, original);
    }
  }, TIMEOUT);

  it('records the run as a Chrome trace', async () => {
    const trace = path.join(tree, 'trace.json');
    const r = await runCli(['packages', ...args(), '--trace', trace]);
    expect(r.exitCode).toBe(0);
    const events = JSON.parse(await readFile(trace, 'utf8')).traceEvents as { name: string; ph: string }[];
    expect(events.some((e) => e.name === 'create-repo' && e.ph === 'X')).toBe(true);
    await appendFile(trace, '');
  }, TIMEOUT);
});
