// Prints the README target table generated from targets/*.yaml; with --write, replaces
// the README.md region between <!-- targets:start --> and <!-- targets:end -->.
// Run after `npm run build` (npm run readme:targets does both).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalogue } from '../dist/targets/load.js';
import { replaceReadmeRegion, targetsMarkdownTable } from '../dist/targets/markdown.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const table = targetsMarkdownTable(await loadCatalogue());

if (process.argv.includes('--write')) {
  const readmePath = path.join(root, 'README.md');
  const readme = await readFile(readmePath, 'utf8');
  const updated = replaceReadmeRegion(readme, table);
  if (updated === undefined) {
    process.stderr.write(`readme-targets: ${readmePath} lacks the <!-- targets:start --> / <!-- targets:end --> markers\n`);
    process.exitCode = 2;
  } else if (updated !== readme) {
    await writeFile(readmePath, updated);
    process.stdout.write(`readme-targets: updated ${readmePath}\n`);
  } else {
    process.stdout.write(`readme-targets: ${readmePath} already up to date\n`);
  }
} else {
  process.stdout.write(table);
}
