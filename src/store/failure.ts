// What a SQLite failure means for the user, naming the collection and the next step. main.ts turns
// any SQLite error that reached it into one line from here. No better-sqlite3 import: main.ts loads
// this for every command.
import { existsSync, readdirSync, statfsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let collectionPath: string | undefined;

/** Called when a collection is opened, so a later failure can name it. */
export function noteCollectionPath(path: string): void {
  collectionPath = path;
}

/** The newest file in `<dir>/backups` made from this collection, if any. */
export function newestBackup(path: string): string | undefined {
  const dir = join(dirname(path), 'backups');
  if (!existsSync(dir)) return undefined;
  const stem = basename(path).replace(/\.(db|sqlite3?)$/i, '');
  let best: { f: string; t: number } | undefined;
  for (const f of readdirSync(dir)) {
    if (!f.startsWith(`${stem}-`) || !f.endsWith('.db')) continue;
    try {
      const t = statSync(join(dir, f)).mtimeMs;
      if (!best || t > best.t) best = { f: join(dir, f), t };
    } catch {
      // vanished meanwhile
    }
  }
  return best?.f;
}

/** Bytes free to an unprivileged user on the file system holding `path`, or undefined. */
export function freeBytes(path: string): number | undefined {
  try {
    const s = statfsSync(existsSync(path) ? path : dirname(path));
    return s.bavail * s.bsize;
  } catch {
    return undefined;
  }
}

function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} kB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Below this much free space, an I/O error is reported as a full disk. */
const LOW_SPACE = 1024 * 1024;

/**
 * One line (without the `deepcards: ` prefix) for a SQLite error `code`/`message`. `path` defaults
 * to the collection opened last by this process.
 */
export function describeSqliteFailure(code: string, message: string, path = collectionPath): string {
  const where = path ?? 'the collection';
  const free = path ? freeBytes(path) : undefined;
  if (code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT_') || code === 'SQLITE_NOTADB') {
    const backup = path ? newestBackup(path) : undefined;
    return `${where}: the collection is damaged (${code}: ${message}); nothing more was written to it. ` +
      `See what is wrong with: deepcards doctor --dry-run; ` +
      (backup ? `bring back the newest backup with: deepcards restore ${backup}` : 'no backup of it was found');
  }
  if (code === 'SQLITE_FULL' || (code.startsWith('SQLITE_IOERR') && free !== undefined && free < LOW_SPACE)) {
    return `${where}: the disk is full${free !== undefined ? ` (${size(free)} free in ${dirname(where)})` : ''} — the last change was not recorded; ` +
      `everything recorded before it is kept. Free some space and run the command again (${code})`;
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return `${where}: disk I/O error (${code}: ${message}) — the last change was not recorded. ` +
      'Check the disk, then run: deepcards doctor';
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return `${where}: the collection is busy in another deepcards command (${code}) — the last change was not recorded; ` +
      'everything recorded before it is kept. Try again when the other command has finished';
  }
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM')) {
    return `${where}: cannot write the collection (${code}: ${message}) — the last change was not recorded; check the permissions of the file and its directory`;
  }
  return `${where}: collection error (${code}: ${message}) — the last change was not recorded; ` +
    'everything recorded before it is kept. If it happens again, run: deepcards doctor';
}
