// A cheap fingerprint of a deck directory (names and bytes, no parsing), so that starting a command
// costs a few file reads, and the YAML parser loads only when the bundled decks actually changed.
// An entry that cannot be read as a deck (dangling symlink, loop, directory, FIFO, unreadable,
// oversized) is never opened for blocking reads and never throws here: its reason goes into the
// fingerprint, the fingerprint differs from the stored one, and the sync that follows reports the
// entry as a located error.
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { readDeckBytes } from './read-file.js';

/** The `*.yaml`/`*.yml` names of a deck directory, sorted; a one-line error if it cannot be listed. */
export function deckNames(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'ENOTDIR' ? 'is not a directory' : code === 'EACCES' ? 'cannot be read (permission denied)' : `cannot be read (${code ?? (e as Error).message})`;
    throw new UserError(`${dir}: the decks directory ${why} (set by DEEPCARDS_DECKS, or the package's decks/)`);
  }
  return names.filter((n) => /\.ya?ml$/i.test(n)).sort();
}

export function decksFingerprint(dir: string): string {
  const h = createHash('sha1');
  for (const f of deckNames(dir)) {
    h.update(f);
    h.update('\0');
    const r = readDeckBytes(join(dir, f));
    h.update(r.ok ? r.bytes : `\0unreadable: ${r.reason}`);
    h.update('\0');
  }
  return h.digest('hex');
}
