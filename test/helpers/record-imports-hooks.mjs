// Module resolve hook for record-imports.mjs (runs on node's loader thread).
import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (process.env.RECORD_IMPORTS_LOG) appendFileSync(process.env.RECORD_IMPORTS_LOG, `${resolved.url}\n`);
  return resolved;
}
