import { describe, expect, it } from 'vitest';
import { parsePrimary, primaryHref } from '../../../src/sources/repodata.js';
import { publishDestFor } from '../../../src/sources/publish-rpms.js';
import { lookasidePath } from '../../../src/sources/lookaside.js';

describe('repodata parsing', () => {
  it('finds the primary location among other data entries', () => {
    const repomd = '<repomd><data type="other"><location href="repodata/o.xml.gz"/></data><data type="primary">\n<location xml:base="x" href="repodata/p.xml.gz"/></data></repomd>';
    expect(primaryHref(repomd)).toBe('repodata/p.xml.gz');
    expect(primaryHref('<repomd></repomd>')).toBeUndefined();
  });

  it('maps hrefs and file names to checksums; old "sha" means sha1; unknown types are skipped', () => {
    const xml = `<metadata>
<package type="rpm"><checksum type="sha" pkgid="YES">${'A'.repeat(40)}</checksum><location href="noarch/a-1-1.noarch.rpm"/></package>
<package type="rpm"><checksum type="sha256" pkgid="YES">${'b'.repeat(64)}</checksum><location href="x86_64/b-1-1.x86_64.rpm"/></package>
<package type="rpm"><checksum type="crc32">ff</checksum><location href="x86_64/c.rpm"/></package>
</metadata>`;
    const r = parsePrimary(xml);
    expect(r.byHref.get('noarch/a-1-1.noarch.rpm')).toEqual({ algorithm: 'sha1', hex: 'a'.repeat(40) });
    expect(r.byName.get('b-1-1.x86_64.rpm')).toEqual({ algorithm: 'sha256', hex: 'b'.repeat(64) });
    expect(r.byHref.has('x86_64/c.rpm')).toBe(false);
  });
});

describe('paths', () => {
  it('puts published RPMs in per-arch dirs from the file name', () => {
    expect(publishDestFor('/s/P', 'noarch/autoconf-2.71-2.ph5.noarch.rpm')).toBe('/s/P/noarch/autoconf-2.71-2.ph5.noarch.rpm');
    expect(publishDestFor('/s/P', 'RPMS/aarch64/gcc-12-1.ph5.aarch64.rpm')).toBe('/s/P/aarch64/gcc-12-1.ph5.aarch64.rpm');
  });

  it('keys the lookaside by algorithm and digest prefix', () => {
    expect(lookasidePath('/c/sources', 'sha512', 'ABCDEF')).toBe('/c/sources/sha512/ab/abcdef');
  });
});
