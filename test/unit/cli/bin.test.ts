// bin/photon-build.js runs node with flags from its `#!/usr/bin/env -S node …` line
// (bench:graph reads the same line). Executed directly, as npm's bin link does, it must
// start and answer.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BIN } from '../../helpers/cli.js';
import { VERSION } from '../../../src/version.js';

describe('bin/photon-build.js', () => {
  it('starts node through env -S with a V8 pool sized to the cores minus one', () => {
    const shebang = readFileSync(BIN, 'utf8').split('\n', 1)[0];
    expect(shebang).toBe('#!/usr/bin/env -S node --v8-pool-size=0');
  });

  it('runs when executed directly (the shebang works on this host)', () => {
    expect(execFileSync(BIN, ['--version'], { encoding: 'utf8' }).trim()).toBe(VERSION);
  });
});
