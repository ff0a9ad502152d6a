// Reading what the user names, bounded: a values file past MAX_FILE_BYTES (or `-f /dev/zero`, a
// FIFO that never ends) is refused after reading one byte more than the limit, never grown in memory.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { bytes, MAX_FILE_BYTES } from '../contract/limits.js';

/** The error a read past the limit throws; readSource turns it into a usage error naming the file. */
export class TooLargeError extends Error {
  readonly code = 'ETOOLARGE';
}

/** The text of `path` (or of an open descriptor, such as stdin's 0), at most `limit` bytes. */
export function readBounded(path: string | number, limit = MAX_FILE_BYTES): string {
  const fd = typeof path === 'number' ? path : openSync(path, 'r');
  try {
    if (fstatSync(fd).isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.alloc(Math.min(64 * 1024, limit + 1 - total));
      const n = readChunk(fd, buf);
      if (n === 0) break;
      chunks.push(buf.subarray(0, n));
      total += n;
      if (total > limit) throw new TooLargeError(`larger than ${bytes(limit)}`);
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    if (typeof path !== 'number') closeSync(fd);
  }
}

// A non-blocking stdin answers EAGAIN until its writer catches up: wait a little and read again.
function readChunk(fd: number, buf: Buffer): number {
  for (;;) {
    try {
      return readSync(fd, buf, 0, buf.length, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EOF') return 0;
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}
