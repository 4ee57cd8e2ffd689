#!/usr/bin/env node
// The calfeed bin: process streams and environment → main(); sets the exit code. Bugs alone print a stack.
import { main } from './main.js';
import { EXIT } from './commands/context.js';

try {
  process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), now: Date.now });
} catch (error) {
  process.stderr.write(`calfeed: internal error (a bug in calfeed; please report it with this text):\n${(error as Error)?.stack ?? String(error)}\n`);
  process.exitCode = EXIT.internal;
}
