// A new file written whole, never over one that is there (calfeed init's starter, calfeed import's output):
// the other side of write-site.ts, which replaces the files it published.
import { randomBytes } from 'node:crypto';
import { link, open, unlink } from 'node:fs/promises';
import { OutputError, outputError } from './output-error.js';

/** Errors of link(2) on file systems without hard links (FAT, some network shares). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/**
 * Writes `text` to `path` unless something is there (false then). The text goes to a temporary file beside
 * it first, which is then linked to the name: link(2), unlike rename(2), fails rather than replace what
 * another process put there meanwhile, and the name never holds half a file.
 */
export async function writeNewFile(path: string, text: string): Promise<boolean> {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeExclusive(temporary, text);
  try {
    await link(temporary, path);
    return true;
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    if (code === 'EEXIST') return false;
    if (code !== undefined && NO_HARD_LINKS.has(code)) return writeInPlace(path, text);
    throw error;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

/** Without hard links: create the file itself, exclusively (writeExclusive removes it if it cannot be written whole). */
async function writeInPlace(path: string, text: string): Promise<boolean> {
  try {
    await writeExclusive(path, text);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Creates `path` (failing with EEXIST if anything is there) and writes `text` to disk. */
async function writeExclusive(path: string, text: string): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(path).catch(() => undefined);
    throw error;
  }
  await handle.close();
}

/** A file-system refusal as the one line the user reads (OutputError); anything else is a bug and stays as it is. */
export function cannotWrite(error: unknown, shownPath: string): Error {
  const { code } = error as NodeJS.ErrnoException;
  if (typeof code !== 'string') return error as Error;
  const known = outputError({ code, path: shownPath }, shownPath);
  return known instanceof OutputError ? known : new OutputError(`cannot write ${shownPath}: ${(error as Error).message}`);
}
