// Writing an Anki package: the schema-11 collection built in memory with better-sqlite3 and
// serialized (no temporary database file to clean up), zipped with fflate together with the `media`
// map, and written atomically: a temporary file in the target directory, fsynced, then renamed over
// the target, so a crash never leaves a half-written .apkg and an existing one is replaced whole.
import Database from 'better-sqlite3';
import { strToU8, zipSync } from 'fflate';
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { UserError } from '../../errors.js';
import type { AnkiCollection } from './notes.js';

/** rslib/src/storage/schema11.sql (column order matters: old importers read rows positionally). */
export const SCHEMA11 = `
create table col (
  id integer primary key, crt integer not null, mod integer not null, scm integer not null,
  ver integer not null, dty integer not null, usn integer not null, ls integer not null,
  conf text not null, models text not null, decks text not null, dconf text not null, tags text not null
);
create table notes (
  id integer primary key, guid text not null, mid integer not null, mod integer not null,
  usn integer not null, tags text not null, flds text not null, sfld integer not null,
  csum integer not null, flags integer not null, data text not null
);
create table cards (
  id integer primary key, nid integer not null, did integer not null, ord integer not null,
  mod integer not null, usn integer not null, type integer not null, queue integer not null,
  due integer not null, ivl integer not null, factor integer not null, reps integer not null,
  lapses integer not null, left integer not null, odue integer not null, odid integer not null,
  flags integer not null, data text not null
);
create table revlog (
  id integer primary key, cid integer not null, usn integer not null, ease integer not null,
  ivl integer not null, lastIvl integer not null, factor integer not null, time integer not null,
  type integer not null
);
create table graves (usn integer not null, oid integer not null, type integer not null);
`;

/** Its indexes, created after the rows are in (faster than maintaining them row by row). */
export const SCHEMA11_INDEXES = `
create index ix_notes_usn on notes (usn);
create index ix_cards_usn on cards (usn);
create index ix_revlog_usn on revlog (usn);
create index ix_cards_nid on cards (nid);
create index ix_cards_sched on cards (did, queue, due);
create index ix_revlog_cid on revlog (cid);
create index ix_notes_csum on notes (csum);
`;

/** The collection file (`collection.anki2`) as bytes. */
export function collectionBytes(c: AnkiCollection): Buffer {
  const db = new Database(':memory:');
  try {
    db.pragma('journal_mode = OFF');
    db.exec(SCHEMA11);
    const col = c.col;
    db.prepare('insert into col values (1, ?, ?, ?, ?, 0, 0, 0, ?, ?, ?, ?, ?)')
      .run(col.crt, col.mod, col.scm, col.ver, col.conf, col.models, col.decks, col.dconf, col.tags);
    const note = db.prepare('insert into notes values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const card = db.prepare('insert into cards values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const rev = db.prepare('insert into revlog values (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    db.transaction(() => {
      for (const n of c.notes) note.run(n.id, n.guid, n.mid, n.mod, n.usn, n.tags, n.flds, n.sfld, n.csum, n.flags, n.data);
      for (const k of c.cards) {
        card.run(k.id, k.nid, k.did, k.ord, k.mod, k.usn, k.type, k.queue, k.due, k.ivl, k.factor, k.reps, k.lapses, k.left,
          k.odue, k.odid, k.flags, k.data);
      }
      for (const r of c.revlog) rev.run(r.id, r.cid, r.usn, r.ease, r.ivl, r.lastIvl, r.factor, r.time, r.type);
    })();
    db.exec(SCHEMA11_INDEXES);
    return db.serialize();
  } finally {
    db.close();
  }
}

/** The .apkg bytes: `collection.anki2` and an empty `media` map (no media files, no `meta`). */
export function apkgBytes(c: AnkiCollection): Uint8Array {
  const mtime = new Date(c.col.mod);
  return zipSync(
    {
      'collection.anki2': [collectionBytes(c), { level: 6, mtime }],
      media: [strToU8('{}'), { level: 0, mtime }],
    },
  );
}

/** Write bytes to `path` atomically (temporary file in the same directory, fsync, rename). */
export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  const dir = dirname(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UserError(`${path}: directory ${dir} does not exist`, 2);
  if (existsSync(path) && statSync(path).isDirectory()) throw new UserError(`${path}: is a directory`, 2);
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', 0o644);
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EACCES' || err.code === 'EPERM' || err.code === 'EROFS') throw new UserError(`${path}: cannot write (${err.code})`);
    throw e;
  }
}

export function writeApkg(path: string, c: AnkiCollection): number {
  const bytes = apkgBytes(c);
  writeFileAtomic(path, bytes);
  return bytes.length;
}
