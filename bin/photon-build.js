#!/usr/bin/env -S node --v8-pool-size=0
// Entry point: runs the compiled CLI (npm run build writes dist/).
//
// --v8-pool-size=0: node then sizes V8's background pool (optimizing compiler jobs, GC
// helpers) to the available cores minus one, instead of its default of 4 threads. On a
// 2-core build host the default's 4 threads take the second core and preempt the main
// thread while it parses a whole Photon tree's specs before the JIT has warmed up; with one
// core left to the main thread `graph`/`plan`/builds load a real tree ~15 % faster there
// (docs/performance.md; `npm run bench:graph` reads this line and runs with the same
// flags). Builds do their work in containers and in libuv's own pool, which this leaves.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv);
