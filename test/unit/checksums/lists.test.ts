import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { algorithmForHex, detectFormat, parseChecksumList } from '../../../src/checksums/lists.js';
import { PhotonBuildError } from '../../../src/errors.js';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/checksums');
const md5 = '0123456789abcdef0123456789abcdef';
const sha256 = 'ab'.repeat(32);
const sha512 = 'cd'.repeat(64);

function inputError(fn: () => unknown): PhotonBuildError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PhotonBuildError);
    expect((e as PhotonBuildError).reason).toBe('input');
    return e as PhotonBuildError;
  }
  throw new Error('expected an input error');
}

describe('sums format', () => {
  it('reads GNU text/binary lines and BSD tag lines, inferring the algorithm from the hex length', () => {
    const text = `${md5}  a.iso\n${sha256} *dir/b.ova\n\n# comment\nSHA512 (c.raw) = ${sha512.toUpperCase()}\n`;
    const list = parseChecksumList(text, 'SUMS');
    expect(list.format).toBe('sums');
    expect(list.entries).toEqual([
      { name: 'a.iso', digests: { md5 }, line: 1 },
      { name: 'b.ova', digests: { sha256 }, relPath: 'dir/b.ova', line: 2 },
      { name: 'c.raw', digests: { sha512 }, line: 5 },
    ]);
  });

  it('keeps URLs written as names', () => {
    const list = parseChecksumList(`${md5}  https://h.test/x/y.iso\n`, 'SUMS');
    expect(list.entries[0]).toMatchObject({ name: 'y.iso', url: 'https://h.test/x/y.iso' });
  });

  it('names the file and line of a line it cannot parse', () => {
    const file = path.join(fixtures, 'bad-sums.txt');
    const err = inputError(() => parseChecksumList(readFileSync(file, 'utf8'), file));
    expect(err.location).toEqual({ file, line: 2 });
  });

  it('rejects a hex of no known length and a BSD tag that disagrees with the length', () => {
    expect(inputError(() => parseChecksumList('abc123  x\n', 'L')).location?.line).toBe(1);
    inputError(() => parseChecksumList(`MD5 (x) = ${sha256}\n`, 'L'));
  });

  it('rejects an empty list', () => {
    inputError(() => parseChecksumList('\n# nothing\n', 'L'));
  });
});

describe('manifest format', () => {
  it('reads every digest of every artifact', () => {
    const text = JSON.stringify({ artifacts: [{ name: 'p.iso', format: 'iso', size: 3, md5, sha256, sha512 }] });
    const list = parseChecksumList(text, 'manifest.json');
    expect(list.format).toBe('manifest');
    expect(list.entries).toEqual([{ name: 'p.iso', digests: { md5, sha256, sha512 }, line: 0 }]);
  });

  it('rejects JSON that is not a manifest', () => {
    expect(inputError(() => parseChecksumList('{"x": 1}', 'm.json')).location?.key).toBe('artifacts');
  });
});

describe('markdown download page', () => {
  it('reads link names from the URL, skips N/A cells and tables without checksums', () => {
    const file = path.join(fixtures, 'download-page.md');
    const list = parseChecksumList(readFileSync(file, 'utf8'), file);
    expect(list.format).toBe('markdown');
    expect(list.entries).toEqual([
      { name: 'photon-5.0-sample.x86_64.iso', digests: { md5 }, url: 'https://downloads.example.test/photon/5.0/photon-5.0-sample.x86_64.iso', line: 7 },
      { name: 'photon-minimal-5.0-sample.x86_64.iso', digests: { md5: 'fedcba9876543210fedcba9876543210' }, url: 'https://downloads.example.test/photon/5.0/photon-minimal-5.0-sample.x86_64.iso', line: 8 },
      { name: 'photon-rpi-5.0-sample.aarch64.raw.xz', digests: { sha256: 'a'.repeat(64) }, url: 'https://downloads.example.test/photon/5.0/photon-rpi-5.0-sample.aarch64.raw.xz', line: 15 },
    ]);
  });

  it('names the line of a checksum cell that is not the column\'s algorithm', () => {
    const text = `| Download | md5 checksum |\n|---|---|\n| [a](http://h/a.iso) | ${md5} |\n| [b](http://h/b.iso) | ${sha256} |\n`;
    expect(inputError(() => parseChecksumList(text, 'page.md')).location).toEqual({ file: 'page.md', line: 4 });
  });

  it('accepts plain file names when there is no link', () => {
    const text = `| File | SHA256 |\n|---|---|\n| photon.iso | ${sha256} |\n`;
    expect(parseChecksumList(text, 'p.md').entries).toEqual([{ name: 'photon.iso', digests: { sha256 }, line: 3 }]);
  });
});

describe('detection helpers', () => {
  it('detects by content, not by file name', () => {
    expect(detectFormat(' {"artifacts": []}')).toBe('manifest');
    expect(detectFormat(`${md5}  a | b |`)).toBe('sums');
    expect(detectFormat('| a | md5 |\n|---|---|\n')).toBe('markdown');
  });

  it('maps hex lengths to algorithms', () => {
    expect([md5, 'a'.repeat(40), sha256, sha512, 'xyz', 'ab'].map(algorithmForHex)).toEqual(['md5', 'sha1', 'sha256', 'sha512', undefined, undefined]);
  });
});

describe('markdown tables with several links per row', () => {
  it('takes the artifact link from the Download column, not release-tag or manifest links, and skips checksum-file links', () => {
    const text = [
      '| Version | Release | Download | Size | MD5 checksum | Manifest |',
      '|:-|:-:|:-:|:-:|:-|:-:|',
      `| one | [v1](https://h.test/releases/tag/v1) | [SDK](https://h.test/files/sdk-1.0.sh){:download="sdk-1.0.sh"} | 2 GB | ${md5} | [Host](https://h.test/files/sdk-1.0.host.manifest) |`,
      '| two | [v2](https://h.test/releases/tag/v2) | [SDK](https://h.test/files/sdk-2.0.sh) | 2 GB | [md5](https://h.test/files/sdk-2.0.sh.md5) | - |',
    ].join('\n');
    expect(parseChecksumList(text, 'p.md').entries).toEqual([{ name: 'sdk-1.0.sh', digests: { md5 }, url: 'https://h.test/files/sdk-1.0.sh', line: 3 }]);
  });
});
