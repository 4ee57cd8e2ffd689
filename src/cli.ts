// The calfeed program: process streams and environment → main(); sets the exit code. Bugs alone print a stack.
// Bundled into dist/calfeed.cjs, which the bin (dist/cli.js, src/launch.ts) runs from V8's code cache.
import { main } from './main.js';
import { EXIT } from './commands/context.js';

main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), now: Date.now }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`calfeed: internal error (a bug in calfeed; please report it with this text):\n${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = EXIT.internal;
  },
);
