import { mkdtemp, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cacheKey, canonicalJson, digestFile, flattenInputs } from '../../../src/cache/fingerprint.js';

describe('canonicalJson', () => {
  it('sorts keys at every level, keeps array order, has no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: 'x y' } })).toBe('{"a":{"c":"x y","d":[3,1]},"b":1}');
  });

  it('drops undefined members and rejects values JSON cannot carry faithfully', () => {
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/non-finite/);
    expect(() => canonicalJson([undefined])).toThrow(/undefined/);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(/function/);
  });

  it('is independent of key insertion order and round-trips through JSON.parse', () => {
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
      const reversed = Object.fromEntries(Object.entries(obj).reverse());
      expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
      expect(canonicalJson(JSON.parse(canonicalJson(obj)))).toBe(canonicalJson(obj));
    }));
  });
});

describe('cacheKey', () => {
  it('is the sha256 of the canonical JSON and changes with any input', () => {
    const inputs = { kind: 'rpm', spec: 'abc' };
    expect(cacheKey(inputs)).toBe(createHash('sha256').update('{"kind":"rpm","spec":"abc"}').digest('hex'));
    expect(cacheKey({ spec: 'abc', kind: 'rpm' })).toBe(cacheKey(inputs));
    expect(cacheKey({ kind: 'rpm', spec: 'abd' })).not.toBe(cacheKey(inputs));
  });
});

describe('digestFile', () => {
  it('streams a file into its sha256', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pb-fp-'));
    const file = path.join(dir, 'f');
    const data = Buffer.alloc(3 * 1024 * 1024 + 7, 0x61);
    await writeFile(file, data);
    expect(await digestFile(file)).toBe(createHash('sha256').update(data).digest('hex'));
  });
});

describe('flattenInputs', () => {
  it('flattens nested objects and arrays into path → string', () => {
    expect(flattenInputs({ spec: 'x', opts: { with_check: false, dist: '.ph5' }, deps: ['a', 'b'], empty: [], n: 3 })).toEqual({
      spec: 'x',
      'opts.dist': '.ph5',
      'opts.with_check': 'false',
      'deps[0]': 'a',
      'deps[1]': 'b',
      empty: '[]',
      n: '3',
    });
  });
});
