// Read events.yaml as bytes with its modification time (the default DTSTAMP); decoding is the core's job.
import { readFile, stat } from 'node:fs/promises';

export interface SourceFile {
  bytes: Uint8Array;
  mtimeMs: number;
}

export type ReadResult = { ok: true; source: SourceFile } | { ok: false; reason: string };

export async function readSource(path: string): Promise<ReadResult> {
  try {
    const [bytes, info] = await Promise.all([readFile(path), stat(path)]);
    return { ok: true, source: { bytes, mtimeMs: info.mtimeMs } };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder, not a file' : code === 'EACCES' ? 'permission denied' : String((error as Error).message);
    return { ok: false, reason };
  }
}
