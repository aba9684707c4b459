import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sumLine } from '../../../src/checksums/manifest.js';
import { parseChecksumList } from '../../../src/checksums/lists.js';

const hex = (len: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: len, maxLength: len });
const name = fc.string({ unit: fc.constantFrom(...'abcdefxyz0123456789-_.+ '), minLength: 1, maxLength: 30 }).filter((n) => n.trim() === n && n !== '' && !n.startsWith('#'));

describe('sums lines written by writeChecksumFiles parse back', () => {
  it('any md5/sha256/sha512 digest and plain file name round-trips', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.oneof(hex(32), hex(64), hex(128)), name), { minLength: 1, maxLength: 8 }), (rows) => {
        const list = parseChecksumList(rows.map(([h, n]) => sumLine(h, n)).join(''), 'L');
        expect(list.format).toBe('sums');
        expect(list.entries.map((e) => [Object.values(e.digests)[0], e.name])).toEqual(rows);
      }),
    );
  });
});
