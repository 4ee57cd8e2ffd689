// The calfeed program: process streams and environment → main(); sets the exit code. Bugs alone print a stack.
// Bundled into dist/calfeed.cjs, which the bin (dist/cli.js, src/launch.ts) runs from V8's code cache.
import { main } from './main.js';
import { EXIT } from './commands/context.js';

const reportBug = (text: string) => {
  process.stderr.write(`calfeed: internal error (a bug in calfeed; please report it with this text):\n${text}\n`);
  process.exitCode = EXIT.internal;
};
let settled = false;
main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), now: Date.now }).then(
  (code) => {
    settled = true;
    process.exitCode = code;
  },
  (error: unknown) => {
    settled = true;
    reportBug((error as Error)?.stack ?? String(error));
  },
);
// Nothing left to wait for, and the command has not finished: never a silent exit 0 with half the work done.
process.once('exit', () => {
  if (!settled) reportBug('the command stopped before it finished (it waited for something that never came)');
});
