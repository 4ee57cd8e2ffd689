// Errors of the environment while writing the output folder (disk full, permission, a path of the wrong
// kind): one line for the user naming the path and the cause, and exit code 74 (SPEC; 70 stays for bugs).
import { sep } from 'node:path';

/** The output folder could not be written: its message is the line the user reads. */
export class OutputError extends Error {}

/** Why the file system refused, in words, with the path it refused. */
const REASONS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a file is in the way where a folder must be',
  EISDIR: 'a folder is in the way where a file must be',
  EEXIST: 'a file is in the way where a folder must be',
  ENAMETOOLONG: 'the name is too long for the file system',
  EMFILE: 'too many open files',
  EIO: 'an input/output error of the disk',
};

export function outputError(error: unknown, outDir: string): Error {
  if (error instanceof OutputError) return error;
  const { code, path } = error as NodeJS.ErrnoException;
  if (code === undefined || !(code in REASONS)) return error as Error;
  // Paths inside the staging folder are shown as the file they stand for.
  const shown = (path ?? outDir).split(`${sep}.calfeed-staging`).join('');
  return new OutputError(`cannot write ${shown}: ${REASONS[code]} (${code})`);
}
