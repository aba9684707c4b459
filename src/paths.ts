// Where photon-build's own files live (the package root), independent of the cwd.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The package root: the directory holding package.json, targets/, examples/, Dockerfile. */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const TARGETS_DIR = path.join(PACKAGE_ROOT, 'targets');
export const SAMPLE_TREE_DIR = path.join(PACKAGE_ROOT, 'examples', 'sample-tree');
export const DOCKERFILE = path.join(PACKAGE_ROOT, 'Dockerfile');
export const DOCKER_SCRIPTS_DIR = path.join(PACKAGE_ROOT, 'docker');
export const DEFAULT_CACHE_DIR = path.join(PACKAGE_ROOT, 'cache');
