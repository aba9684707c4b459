#!/usr/bin/env -S node --v8-pool-size=1
// Entry point: runs the compiled CLI (npm run build writes dist/).
//
// --v8-pool-size=1: V8's background pool (optimizing compiler jobs, GC helpers) defaults to
// 4 threads. On a 2-core build host they take the second core and preempt the main thread
// while it parses a whole Photon tree's specs before the JIT has warmed up; with one
// background thread `graph`/`plan`/builds load a real tree ~15 % faster (docs/performance.md,
// `npm run bench:graph` reads this line and runs with the same flags). Builds do their work
// in containers and in libuv's own thread pool, which this does not limit.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv);
