// Reading one deck file without ever blocking or blowing up: the entry is opened non-blocking and
// checked to be a regular file (fstat on the opened descriptor, so nothing can swap it between the
// check and the read) before a byte is read. A FIFO, socket or device is never read; a directory
// named *.yaml, a dangling symlink, a symlink loop, an unreadable or oversized file each becomes a
// one-line reason, which callers report located at the file.
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from 'node:fs';

/** Deck files above this are refused: the largest bundled deck is ~28 kB; 4 MB is ~25,000 cards. */
export const MAX_DECK_BYTES = 4 * 1024 * 1024;

export type DeckBytes = { ok: true; bytes: Buffer } | { ok: false; reason: string };

function mb(n: number): string {
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function why(path: string, e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ENOENT': {
      try {
        if (lstatSync(path).isSymbolicLink()) return 'is a symbolic link to a file that does not exist';
      } catch {
        // gone altogether
      }
      return 'no such file (removed while reading the directory?)';
    }
    case 'ELOOP':
      return 'is a symbolic link loop';
    case 'EACCES':
    case 'EPERM':
      return 'cannot be read: permission denied';
    case 'EISDIR':
      return 'is a directory, not a deck file';
    default:
      return `cannot be read (${e.code ?? e.message})`;
  }
}

export function readDeckBytes(path: string, maxBytes = MAX_DECK_BYTES): DeckBytes {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait forever for a writer
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return { ok: false, reason: why(path, e as NodeJS.ErrnoException) };
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) return { ok: false, reason: 'is a directory, not a deck file' };
    if (!st.isFile()) return { ok: false, reason: `is not a regular file (${st.isFIFO() ? 'a named pipe' : st.isSocket() ? 'a socket' : 'a device'}); not read` };
    if (st.size > maxBytes) {
      return { ok: false, reason: `is ${mb(st.size)}; a deck file may be at most ${mb(maxBytes)} — split it into several decks` };
    }
    const buf = Buffer.alloc(st.size);
    let n = 0;
    while (n < st.size) {
      const r = readSync(fd, buf, n, st.size - n, n);
      if (r === 0) break;
      n += r;
    }
    return { ok: true, bytes: buf.subarray(0, n) };
  } catch (e) {
    return { ok: false, reason: why(path, e as NodeJS.ErrnoException) };
  } finally {
    closeSync(fd);
  }
}
