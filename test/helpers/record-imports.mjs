// `node --import ./test/helpers/record-imports.mjs …`: appends the URL of every module the
// process resolves to the file named by $RECORD_IMPORTS_LOG (one per line). Used to check
// which modules a command loads.
import { register } from 'node:module';

register('./record-imports-hooks.mjs', import.meta.url);
