// Atomic writes for checksum side files and manifests (the shared src/atomic-file.ts)
// and an in-process mutex serializing manifest updates. No locking across processes.
export { tempPathFor, writeFileAtomic } from '../atomic-file.js';

/** Runs `fn` after every earlier call with the same key has settled (in-process mutex). */
const chains = new Map<string, Promise<unknown>>();
export async function serialized<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = chains.get(key) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  const tail = run.catch(() => undefined);
  chains.set(key, tail);
  try {
    return await run;
  } finally {
    if (chains.get(key) === tail) chains.delete(key);
  }
}
