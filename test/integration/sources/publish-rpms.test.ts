import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertPublishRpmsPulled, pullPublishRpms } from '../../../src/sources/publish-rpms.js';
import { PhotonBuildError } from '../../../src/errors.js';
import type { TestServer } from '../../helpers/http-server.js';
import { startTestServer } from '../../helpers/http-server.js';

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
const rpms = { 'noarch/autoconf-2.71-2.ph5.noarch.rpm': 'autoconf rpm', 'x86_64/gcc-12.2.0-1.ph5.x86_64.rpm': 'gcc rpm' } as const;

function primaryXml(entries: Record<string, string>): string {
  const pkgs = Object.entries(entries)
    .map(([href, body]) => `<package type="rpm"><name>${path.basename(href)}</name><checksum type="sha256" pkgid="YES">${sha256(body)}</checksum><location href="${href}"/></package>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<metadata xmlns="http://linux.duke.edu/metadata/common" packages="${Object.keys(entries).length}">\n${pkgs}\n</metadata>\n`;
}
const repomd = '<?xml version="1.0"?><repomd><data type="filelists"><location href="repodata/f.xml.gz"/></data><data type="primary"><checksum type="sha256">00</checksum><location href="repodata/abc-primary.xml.gz"/></data></repomd>';

let server: TestServer;
let dir: string;
let listFile: string;
beforeEach(async () => {
  server = await startTestServer();
  dir = await mkdtemp(path.join(tmpdir(), 'pb-publish-'));
  listFile = path.join(dir, 'rpmfilelist-x86_64');
  await writeFile(listFile, `${Object.keys(rpms).join('\n')}\n\n`);
  for (const [href, body] of Object.entries(rpms)) server.route(`/publish/${href}`, { body: Buffer.from(body) });
});
afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('pullPublishRpms', () => {
  it('downloads every listed RPM into <arch>/ dirs, verified against repodata primary.xml.gz', async () => {
    server.route('/publish/repodata/repomd.xml', { body: Buffer.from(repomd) });
    server.route('/publish/repodata/abc-primary.xml.gz', { body: gzipSync(primaryXml(rpms)) });
    const destDir = path.join(dir, 'PUBLISHRPMS');
    const report = await pullPublishRpms({ listFile, baseUrl: `${server.url}/publish`, destDir, backoffMs: 5 });
    expect(report.repodata).toBe('used');
    expect(report.results.map((r) => [r.file, r.status, r.verified])).toEqual([
      ['noarch/autoconf-2.71-2.ph5.noarch.rpm', 'downloaded', 'repodata'],
      ['x86_64/gcc-12.2.0-1.ph5.x86_64.rpm', 'downloaded', 'repodata'],
    ]);
    expect(await readFile(path.join(destDir, 'noarch', 'autoconf-2.71-2.ph5.noarch.rpm'), 'utf8')).toBe('autoconf rpm');
    // a second run finds them present (as wget -nc) without downloading again
    const again = await pullPublishRpms({ listFile, baseUrl: `${server.url}/publish`, destDir });
    expect(again.results.map((r) => r.status)).toEqual(['present', 'present']);
    expect(server.hits('/publish/x86_64/gcc-12.2.0-1.ph5.x86_64.rpm')).toBe(1);
  });

  it('a file that disagrees with repodata fails with checksum-mismatch and is not written', async () => {
    server.route('/publish/repodata/repomd.xml', { body: Buffer.from(repomd) });
    server.route('/publish/repodata/abc-primary.xml.gz', { body: gzipSync(primaryXml({ ...rpms, 'x86_64/gcc-12.2.0-1.ph5.x86_64.rpm': 'the real gcc' })) });
    const destDir = path.join(dir, 'PUBLISHRPMS');
    const report = await pullPublishRpms({ listFile, baseUrl: `${server.url}/publish`, destDir, backoffMs: 5 });
    expect(report.results.map((r) => [r.status, r.reason])).toEqual([['downloaded', undefined], ['failed', 'checksum-mismatch']]);
    expect(await readdir(path.join(destDir, 'x86_64'))).toEqual([]);
    expect(() => assertPublishRpmsPulled(report)).toThrow(PhotonBuildError);
  });

  it('without repodata, downloads and records unverified', async () => {
    const report = await pullPublishRpms({ listFile, baseUrl: `${server.url}/publish/`, destDir: path.join(dir, 'P'), backoffMs: 5 });
    expect(report.repodata).toMatch(/no repodata/);
    expect(report.results.map((r) => [r.status, r.verified])).toEqual([['downloaded', 'unverified'], ['downloaded', 'unverified']]);
  });

  it('copies from PHOTON_PUBLISH_RPMS_PATH instead of downloading', async () => {
    const cached = path.join(dir, 'cached');
    for (const [href, body] of Object.entries(rpms)) {
      await mkdir(path.join(cached, path.dirname(href)), { recursive: true });
      await writeFile(path.join(cached, href), body);
    }
    const destDir = path.join(dir, 'PUBLISHRPMS');
    const report = await pullPublishRpms({ listFile, baseUrl: `${server.url}/publish`, destDir, cachedDir: cached });
    expect(report.results.map((r) => r.status)).toEqual(['copied', 'copied']);
    expect(server.requests.filter((r) => r.path.endsWith('.rpm'))).toEqual([]);
    expect(await readFile(path.join(destDir, 'x86_64', 'gcc-12.2.0-1.ph5.x86_64.rpm'), 'utf8')).toBe('gcc rpm');
  });

  it('rejects a list line that is not a relative .rpm path, naming the line', async () => {
    await writeFile(listFile, 'noarch/ok.noarch.rpm\n../etc/passwd\n');
    const e = (await pullPublishRpms({ listFile, baseUrl: server.url, destDir: dir }).catch((x: unknown) => x)) as PhotonBuildError;
    expect(e.reason).toBe('input');
    expect(e.location).toEqual({ file: listFile, line: 2 });
  });
});
