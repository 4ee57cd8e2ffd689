// Read events.yaml as bytes with its modification time (the default DTSTAMP); decoding is the core's job.
// Only a regular file is read, and never more than the size limit: a FIFO with no writer would hang the
// read, and /dev/zero never ends.
import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { MAX_SOURCE_BYTES } from '../core/decode-source.js';

export interface SourceFile {
  bytes: Uint8Array;
  mtimeMs: number;
  /** What the file was when it was opened: another write since changes one of these. */
  state: FileState;
}

export interface FileState {
  size: number;
  mtimeNs: bigint;
  ino: bigint;
}

/** `missing`: there is no file by that name (the reason then says so). */
export type ReadResult = { ok: true; source: SourceFile } | { ok: false; reason: string; missing?: true };

export async function readSource(path: string): Promise<ReadResult> {
  try {
    // O_NONBLOCK: opening a FIFO that no one writes to returns at once, so that fstat can refuse it.
    const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const info = await handle.stat({ bigint: true });
      if (info.isDirectory()) return { ok: false, reason: 'it is a folder, not a file' };
      if (!info.isFile()) return { ok: false, reason: 'it is not a regular file (a pipe, a device or a socket); give calfeed a file' };
      // Read to the end (the file may have grown since fstat), and at most one byte past the limit: enough
      // for decodeSource to refuse the file with its size.
      const chunks: Buffer[] = [];
      const size = Number(info.size);
      let length = 0;
      while (length <= MAX_SOURCE_BYTES) {
        const chunk = Buffer.allocUnsafe(Math.min(Math.max(size + 1 - length, 1 << 16), MAX_SOURCE_BYTES + 1 - length));
        const { bytesRead } = await handle.read(chunk, 0, chunk.length, length);
        if (bytesRead === 0) break;
        chunks.push(chunk.subarray(0, bytesRead));
        length += bytesRead;
      }
      const state = { size, mtimeNs: info.mtimeNs, ino: info.ino };
      return { ok: true, source: { bytes: Buffer.concat(chunks, length), mtimeMs: Number(info.mtimeMs), state } };
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder, not a file' : code === 'EACCES' ? 'permission denied' : String((error as Error).message);
    return code === 'ENOENT' ? { ok: false, reason, missing: true } : { ok: false, reason };
  }
}

/**
 * Whether the file is still as it was read: same size, modification time (to the nanosecond) and inode.
 * A save in several writes, or one that began while the file was read, changes at least one of them.
 */
export async function isUnchangedSince(path: string, state: FileState): Promise<boolean> {
  try {
    const now = await stat(path, { bigint: true });
    return Number(now.size) === state.size && now.mtimeNs === state.mtimeNs && now.ino === state.ino;
  } catch {
    return false;
  }
}
