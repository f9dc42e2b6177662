// A cheap fingerprint of a deck directory (names and bytes, no parsing), so that starting a command
// costs a few file reads, and the YAML parser loads only when the bundled decks actually changed.
// An entry that cannot be read as a deck (dangling symlink, loop, directory, FIFO, unreadable,
// oversized) is never opened for blocking reads and never throws here: its reason goes into the
// fingerprint, the fingerprint differs from the stored one, and the sync that follows reports the
// entry as a located error.
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readDeckBytes } from './read-file.js';

export function decksFingerprint(dir: string): string {
  const h = createHash('sha1');
  for (const f of readdirSync(dir).filter((n) => /\.ya?ml$/i.test(n)).sort()) {
    h.update(f);
    h.update('\0');
    const r = readDeckBytes(join(dir, f));
    h.update(r.ok ? r.bytes : `\0unreadable: ${r.reason}`);
    h.update('\0');
  }
  return h.digest('hex');
}
