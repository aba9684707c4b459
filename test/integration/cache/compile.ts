// Compiles src/cache to plain JS in a temp dir so real child node processes can load it
// (independent of the state of dist/ and of other modules).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../../..');

export function compileCacheModules(): string {
  const out = mkdtempSync(path.join(tmpdir(), 'pb-cache-js-'));
  execFileSync(path.join(ROOT, 'node_modules/.bin/tsc'), [
    '--outDir', out, '--rootDir', path.join(ROOT, 'src'), '--module', 'nodenext', '--moduleResolution', 'nodenext',
    '--target', 'es2022', '--skipLibCheck', '--types', 'node', '--strict',
    path.join(ROOT, 'src/cache/local.ts'),
  ], { cwd: ROOT, stdio: 'pipe' });
  writeFileSync(path.join(out, 'package.json'), '{"type":"module"}\n');
  return out;
}

export const FIXTURES = path.join(ROOT, 'test/fixtures/cache');
