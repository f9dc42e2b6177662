// The collection file must still be the one we opened when an answer is written.
//
// On POSIX a deleted (or renamed-over) file stays usable through the open descriptor, and in WAL
// mode SQLite keeps committing into it without any error: a session whose collection was deleted
// would print "recorded" for answers that vanish when it exits. So the identity (device, inode) of
// the file is remembered at open, and checked — one stat call — before each write of an answer.
// When it changed, the session stops with a clear error, and what the open descriptor still holds
// (everything answered before the deletion) is saved to a rescue file that `deepcards restore` takes.
import { existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname } from 'node:path';
import { UserError } from '../errors.js';
import { snapshotUnique, stampMs } from './backup.js';
import type { Db } from './open.js';

interface Identity {
  path: string;
  dev: number;
  ino: number;
}

const opened = new WeakMap<Db, Identity>();

/** Remember which file `db` is (call right after opening it). */
export function rememberFile(db: Db, path: string): void {
  try {
    const st = statSync(path);
    opened.set(db, { path, dev: st.dev, ino: st.ino });
  } catch {
    // in-memory or vanished already: nothing to guard
  }
}

/** The file was deleted or replaced since it was opened: rescue what the connection holds and stop. */
export function assertCollectionFile(db: Db, now = Date.now()): void {
  const id = opened.get(db);
  if (!id) return;
  let st: { dev: number; ino: number } | undefined;
  try {
    st = statSync(id.path);
  } catch {
    st = undefined;
  }
  if (st && st.dev === id.dev && st.ino === id.ino) return;
  opened.delete(db);
  const what = st ? 'replaced by another file' : 'deleted';
  const rescued = rescue(db, id.path, now);
  throw new UserError(
    `${id.path}: the collection file was ${what} during this session; this answer was NOT recorded. ` +
      (rescued
        ? `Everything recorded before it is saved in ${rescued} — bring it back with: deepcards restore ${rescued}`
        : 'The answers recorded before it could not be saved.'),
  );
}

function rescue(db: Db, path: string, now: number): string | null {
  const base = `${basename(path)}.rescued-${stampMs(now)}`;
  for (const dir of [dirname(path), tmpdir()]) {
    if (!existsSync(dir)) continue;
    try {
      return snapshotUnique(db, dir, base);
    } catch {
      // try the next place
    }
  }
  return null;
}
