// The bin, dist/cli.js: runs the bundled program (dist/calfeed.cjs, from src/cli.ts) with V8's code cache,
// so that a small build does not spend its time compiling a megabyte of JavaScript.
//
// Why: on Node 20 (no module.enableCompileCache, which came in Node 22) a vm.Script with `cachedData` is
// the way to reuse compiled code. The shipped calendar, measured paired with `node -e 0` (2 cores, Node
// 20.20; bench/RESULTS.md): compiling the bundle and its functions as they are first called was about a
// fifth of the whole build. The cache is made by `npm run build` (scripts/build.mjs trains it on a build of
// the shipped calendar) and named after the program's hash, so it can only ever be used with the program
// it was made from. V8 refuses a cache from another V8 version or other flags: the program then compiles
// as usual, with the same result, only slower.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { asScript } from './program-script.js';

/** The program's hash, written in by scripts/build.mjs. */
const PROGRAM_ID = '__CALFEED_PROGRAM_ID__';
const program = fileURLToPath(new URL('./calfeed.cjs', import.meta.url));
const codeCache = fileURLToPath(new URL(`./calfeed-${PROGRAM_ID}.code-cache`, import.meta.url));

let cachedData: Buffer | undefined;
try {
  cachedData = readFileSync(codeCache);
} catch {
  // No cache (a build that skipped training): compile as usual.
}
const script = new Script(asScript(readFileSync(program, 'utf8')), { filename: program, cachedData });
if (process.env.CALFEED_TRAIN_CODE_CACHE === codeCache) {
  // Only scripts/build.mjs sets this: after the training build, keep every function it compiled.
  process.once('exit', () => writeFileSync(codeCache, script.createCachedData()));
}
const module = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(program), module, program, dirname(program));
