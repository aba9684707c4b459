// Loads the target catalogue from targets/*.yaml: reads the files (sorted by name),
// parses and validates them once, here at the boundary. Lookup by name or alias is in
// resolve.ts (re-exported here). No graph walking and no printing.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { PhotonBuildError } from '../errors.js';
import { TARGETS_DIR } from '../paths.js';
import { parseTargetsYaml } from './parse.js';
import type { TargetCatalogue } from './types.js';
import { buildCatalogue } from './validate.js';

export { resolveTarget, requireTarget, suggestTargets } from './resolve.js';
export type { TargetLookup } from './resolve.js';

export async function loadCatalogue(dir: string = TARGETS_DIR): Promise<TargetCatalogue> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.yaml') || n.endsWith('.yml')).sort();
  } catch (error) {
    throw new PhotonBuildError('target-definition', `cannot read the targets directory: ${(error as Error).message}`, { file: dir }, { cause: error });
  }
  if (names.length === 0) throw new PhotonBuildError('target-definition', 'no *.yaml target files', { file: dir });
  const files = await Promise.all(
    names.map(async (name) => {
      const file = path.join(dir, name);
      return parseTargetsYaml(await readFile(file, 'utf8'), file);
    }),
  );
  return buildCatalogue(files);
}
