// One build at a time writes an output folder: a lock file, created only if absent, holding the writer's
// process id. Another build holding it is waited for; a lock left by a process that is gone (killed) is
// taken over.
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { OutputError, outputError } from './output-error.js';

const LOCK = '.calfeed.lock';

/** How long a build waits for another one writing the same folder before it gives up. */
const LOCK_WAIT_MS = 60_000;

/** Takes the folder's lock (see the top of this file); the function returned releases it. */
export async function lockFolder(outDir: string): Promise<() => Promise<void>> {
  const lock = join(outDir, LOCK);
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rm(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw outputError(error, outDir);
    }
    const holder = Number(readFileSync(lock, { encoding: 'utf8', flag: 'r' }) || NaN);
    if (!isRunning(holder)) {
      await rm(lock, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new OutputError(`cannot write ${outDir}: another calfeed (process ${holder}) has been writing it for ${LOCK_WAIT_MS / 1000} s; stop it, or remove ${lock} if it is not running`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Whether a process with this id exists (signal 0 asks without sending anything). */
function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
