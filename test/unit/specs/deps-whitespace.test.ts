import { describe, expect, it } from 'vitest';
import { parseDependencies } from '../../../src/specs/deps.js';

describe('parseDependencies and unusual whitespace', () => {
  it('treats form feed, vertical tab and non-breaking spaces as separators (and terminates)', () => {
    for (const sep of ['\f', '\v', '\u00a0', '\u2003', '\u3000', '\ufeff']) {
      const deps = parseDependencies(`a${sep}b >=${sep}1.0,${sep}c`, { line: 3 });
      expect(deps.map((d) => [d.name, d.op, d.version])).toEqual([
        ['a', undefined, undefined],
        ['b', '>=', '1.0'],
        ['c', undefined, undefined],
      ]);
    }
  });
});
