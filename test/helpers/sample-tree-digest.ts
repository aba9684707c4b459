// A digest of what the sample tree's RPMs are built from — the builder image, the
// in-container build script, and every file under SPECS/ and SOURCES/ — so test
// fixtures can reuse RPMs built by an earlier test file of the same content.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DOCKER_SCRIPTS_DIR, SAMPLE_TREE_DIR } from '../../src/paths.js';

export function sampleTreeDigest(imageId: string): string {
  const h = createHash('sha256').update(imageId).update(readFileSync(path.join(DOCKER_SCRIPTS_DIR, 'build-rpm.sh')));
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else h.update(`${path.relative(SAMPLE_TREE_DIR, p)}\0`).update(readFileSync(p));
    }
  };
  for (const d of ['SPECS', 'SOURCES']) walk(path.join(SAMPLE_TREE_DIR, d));
  return h.digest('hex').slice(0, 16);
}
