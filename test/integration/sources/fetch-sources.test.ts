import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertSourcesFetched, fetchSources } from '../../../src/sources/fetch-sources.js';
import type { PackageSpec, SourceEntry } from '../../../src/specs/types.js';
import { PhotonBuildError } from '../../../src/errors.js';
import type { TestServer } from '../../helpers/http-server.js';
import { startTestServer } from '../../helpers/http-server.js';

const sha512 = (s: string): string => createHash('sha512').update(s).digest('hex');

let server: TestServer;
let dir: string;
let specsDir: string;
let destDir: string;
beforeEach(async () => {
  server = await startTestServer();
  dir = await mkdtemp(path.join(tmpdir(), 'pb-fetch-sources-'));
  specsDir = path.join(dir, 'SPECS');
  destDir = path.join(dir, 'stage', 'SOURCES');
});
afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function source(basename: string, content: string | undefined, kind: 'source' | 'patch' = 'source'): SourceEntry {
  return {
    kind, index: 0, value: `https://upstream.example.test/${basename}`, basename, line: 3,
    ...(content !== undefined ? { checksum: { algorithm: 'sha512' as const, hex: sha512(content) } } : {}),
  };
}

function spec(name: string, sources: SourceEntry[], patches: SourceEntry[] = []): PackageSpec {
  return {
    file: path.join(specsDir, name, `${name}.spec`), relPath: `${name}/${name}.spec`, name, version: '1', release: '1.ph5',
    buildArch: 'x86_64', buildRequires: [], subpackages: [], sources, patches, hasCheck: false, arch: 'x86_64',
  };
}

describe('fetchSources', () => {
  it('uses local files that match, downloads the rest by basename from the flat mirror, once per file', async () => {
    await mkdir(path.join(specsDir, 'a'), { recursive: true });
    await writeFile(path.join(specsDir, 'a', 'fix.patch'), 'local patch');
    const treeSources = path.join(dir, 'tree-SOURCES', 'nested');
    await mkdir(treeSources, { recursive: true });
    await writeFile(path.join(treeSources, 'have.tar.gz'), 'have');
    server.route('/mirror/a-1.tar.gz', { body: Buffer.from('a tarball') });
    server.route('/mirror/shared.tar.gz', { body: Buffer.from('shared') });
    const results = await fetchSources({
      specs: [
        spec('a', [source('a-1.tar.gz', 'a tarball'), source('shared.tar.gz', 'shared'), source('have.tar.gz', 'have')], [source('fix.patch', undefined, 'patch')]),
        spec('b', [source('shared.tar.gz', 'shared')]),
      ],
      baseUrls: [`${server.url}/mirror`],
      destDir,
      localDirs: [path.join(dir, 'tree-SOURCES')],
      backoffMs: 5,
    });
    expect(results.map((r) => [r.spec, r.basename, r.status])).toEqual([
      ['a/a.spec', 'a-1.tar.gz', 'downloaded'],
      ['a/a.spec', 'shared.tar.gz', 'downloaded'],
      ['a/a.spec', 'have.tar.gz', 'found-local'],
      ['a/a.spec', 'fix.patch', 'found-local'],
      ['b/b.spec', 'shared.tar.gz', 'downloaded'],
    ]);
    expect(server.hits('/mirror/shared.tar.gz')).toBe(1);
    expect((await readdir(destDir)).sort()).toEqual(['a-1.tar.gz', 'shared.tar.gz']);
    expect(await readFile(path.join(destDir, 'a-1.tar.gz'), 'utf8')).toBe('a tarball');
    assertSourcesFetched(results);
  });

  it('replaces a local file whose checksum does not match, trying mirrors in order (404 → next)', async () => {
    await mkdir(destDir, { recursive: true });
    await writeFile(path.join(destDir, 'z.tar.xz'), 'stale');
    server.route('/second/z.tar.xz', { body: Buffer.from('fresh') });
    const results = await fetchSources({ specs: [spec('z', [source('z.tar.xz', 'fresh')])], baseUrls: [`${server.url}/first`, `${server.url}/second/`], destDir, backoffMs: 5 });
    expect(results[0]).toMatchObject({ status: 'downloaded', url: `${server.url}/second/z.tar.xz` });
    expect(await readFile(path.join(destDir, 'z.tar.xz'), 'utf8')).toBe('fresh');
  });

  it('per-package base URLs (pkg_build_options pullsources) come from a function', async () => {
    server.route('/special/p.tgz', { body: Buffer.from('p') });
    const results = await fetchSources({ specs: [spec('p', [source('p.tgz', 'p')])], baseUrls: (s) => (s.name === 'p' ? [`${server.url}/special`] : []), destDir });
    expect(results[0]!.status).toBe('downloaded');
  });

  it('reports a mismatching mirror as a failed source with reason checksum-mismatch; assert throws exit 3', async () => {
    server.route('/m/bad.tar.gz', { body: Buffer.from('tampered') });
    const results = await fetchSources({ specs: [spec('bad', [source('bad.tar.gz', 'original')])], baseUrls: [`${server.url}/m`], destDir });
    expect(results[0]).toMatchObject({ status: 'failed', reason: 'checksum-mismatch' });
    expect(await readdir(destDir)).toEqual([]);
    const e = (() => {
      try {
        assertSourcesFetched(results);
      } catch (x) {
        return x as PhotonBuildError;
      }
      return undefined;
    })();
    expect(e?.exitCode).toBe(3);
  });

  it('offline (sources-cached) never downloads and fails what is not local', async () => {
    server.route('/m/x.tgz', { body: Buffer.from('x') });
    const cached = path.join(dir, 'cached');
    await mkdir(cached);
    await writeFile(path.join(cached, 'y.tgz'), 'y');
    const results = await fetchSources({ specs: [spec('x', [source('x.tgz', 'x'), source('y.tgz', 'y')])], baseUrls: [`${server.url}/m`], destDir, localDirs: [cached], offline: true });
    expect(results.map((r) => r.status)).toEqual(['failed', 'found-local']);
    expect(server.hits('/m/x.tgz')).toBe(0);
  });

  it('a source with no checksum and no local file fails with its spec and line', async () => {
    const results = await fetchSources({ specs: [spec('n', [source('nochecksum.tgz', undefined)])], baseUrls: [`${server.url}/m`], destDir });
    expect(results[0]).toMatchObject({ status: 'failed', reason: 'missing-dependency' });
    expect(results[0]!.message).toContain('n/n.spec:3');
  });
});
