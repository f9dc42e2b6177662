// Reading an Anki package (.apkg or .colpkg) into plain rows: the notes' GUIDs, the cards and the
// review log. No disk or clock: the zip is read from bytes (zip.ts with Node's zlib in the plain case,
// fflate otherwise), a `collection.anki21b` is zstd-decompressed (fzstd, pure JS, no native build),
// and the SQLite file is opened in memory from the bytes (better-sqlite3 deserialize).
//
// Which collection file (rslib import_export/package/meta.rs, /work/shared/anki-apkg.md §1):
// - `collection.anki21b`: current Anki and AnkiDroid (2.1.50+ default, `meta` version 3), zstd, schema 18;
// - `collection.anki21`: Anki 2.1.x legacy export (beside it a dummy `collection.anki2`), schema 11;
// - `collection.anki2`: Anki 2.0 and third-party writers, schema 11.
// The newest present wins, as in Anki. notes(id, guid, sfld), cards(id, nid, ord) and revlog have the
// same columns in schemas 11 to 18, so the same queries read all of them. Tables of schema 15+ use
// Anki's `unicase` collation, which SQLite here does not know; nothing read below touches them.
import Database from 'better-sqlite3';
import { unzipSync } from 'fflate';
import { decompress } from 'fzstd';
import { readEntries } from './zip.js';

export type CollectionFormat = 'collection.anki21b' | 'collection.anki21' | 'collection.anki2';

/** A package card that has review rows, with its note's GUID (what tells a deepcards note). */
export interface AnkiCard {
  id: number;
  ord: number;
  guid: string;
}

/** One row of Anki's revlog: id = answer time in epoch ms; ease 1–4 (0 = manual reschedule). */
export interface AnkiRevlogRow {
  id: number;
  cid: number;
  ease: number;
  /** ms spent on the answer */
  time: number;
  /** 0 learn, 1 review, 2 relearn, 3 filtered, 4 manual, 5 rescheduled */
  type: number;
}

/**
 * Anki's review log as one typed array per column (row i is id[i], cid[i], … as in AnkiRevlogRow),
 * in id order. A package may hold hundreds of thousands of rows: five arrays cost the garbage
 * collector nothing, where an object per row made an import of 100,000 ~0.1 s slower.
 * Float64 throughout: a damaged package's out-of-range or non-numeric value stays what it is (or
 * NaN), never wraps into a valid button.
 */
export interface AnkiRevlog {
  id: Float64Array;
  cid: Float64Array;
  ease: Float64Array;
  time: Float64Array;
  type: Float64Array;
}

const REVLOG_COLUMNS = ['id', 'cid', 'ease', 'time', 'type'] as const;

/** A review log from rows (tests, and packages put together by hand). */
export function revlogOf(rows: readonly AnkiRevlogRow[]): AnkiRevlog {
  const sorted = [...rows].sort((a, b) => a.id - b.id);
  return Object.fromEntries(REVLOG_COLUMNS.map((k) => [k, Float64Array.from(sorted, (r) => r[k])])) as unknown as AnkiRevlog;
}

/**
 * What the import needs of a package, and no more: a package exported with a whole deck holds a note
 * and a card for every card of it, of which a few thousand may have answers; reading all of them
 * as objects cost ~0.4 s of a 3.5 s import of 100,000 rows (docs/performance.md).
 */
export interface AnkiPackage {
  format: CollectionFormat;
  /** schema version (col.ver) */
  ver: number;
  /** every note's GUID, in note id order (the notes not from deepcards are listed) */
  guids: string[];
  /** the cards that have review rows */
  cards: AnkiCard[];
  /** in id (answer time) order */
  revlog: AnkiRevlog;
}

export class PackageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PackageError';
  }
}

const ORDER: readonly CollectionFormat[] = ['collection.anki21b', 'collection.anki21', 'collection.anki2'];
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

/** The collection file of a package, decompressed. */
export function collectionOf(zip: Uint8Array): { format: CollectionFormat; bytes: Uint8Array } {
  let files = readEntries(zip, ORDER);
  try {
    files ??= unzipSync(zip, { filter: (f) => (ORDER as readonly string[]).includes(f.name) });
  } catch (e) {
    throw new PackageError(`not an Anki package (not a zip file: ${(e as Error).message})`);
  }
  for (const format of ORDER) {
    const bytes = files[format];
    if (!bytes) continue;
    if (format !== 'collection.anki21b') return { format, bytes };
    if (!ZSTD_MAGIC.every((b, i) => bytes[i] === b)) throw new PackageError(`${format} is not zstd-compressed`);
    try {
      return { format, bytes: decompress(bytes) };
    } catch (e) {
      throw new PackageError(`${format} does not decompress (${(e as Error).message})`);
    }
  }
  throw new PackageError('not an Anki package (no collection.anki21b, collection.anki21 or collection.anki2 inside)');
}

/** The notes, cards and review log of a package's collection. */
export function readPackage(zip: Uint8Array): AnkiPackage {
  return readCollection(collectionOf(zip));
}

type CollectionFile = { format: CollectionFormat; bytes: Uint8Array };

/** The collection file opened in memory (read-only), checked to be an Anki collection of schema 11–18. */
function withCollection<T>({ format, bytes }: CollectionFile, read: (db: Database.Database, ver: number) => T): T {
  let db: Database.Database;
  try {
    db = new Database(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { readonly: true });
  } catch (e) {
    throw new PackageError(`${format} is not an SQLite database (${(e as Error).message})`);
  }
  try {
    const ver = db.prepare('SELECT ver FROM col').pluck().get() as number;
    if (!(ver >= 11 && ver <= 18)) throw new PackageError(`${format}: schema version ${ver} is not one Anki writes (11–18)`);
    return read(db, ver);
  } catch (e) {
    if (e instanceof PackageError) throw e;
    throw new PackageError(`${format}: not an Anki collection (${(e as Error).message})`);
  } finally {
    db.close();
  }
}

/** The notes' GUIDs, the answered cards and the review log of a collection file taken out of its package (collectionOf). */
export function readCollection(file: CollectionFile): AnkiPackage {
  return withCollection(file, (db, ver) => {
    // Each list comes as one JSON array built by SQLite: a package holds up to hundreds of thousands
    // of rows, and one JSON.parse makes them about twice as fast as the driver does row by row.
    const rows = <T>(sql: string): T[] => JSON.parse(db.prepare(sql).pluck().get() as string) as T[];
    const guids = rows<string>('SELECT json_group_array(guid) FROM (SELECT guid FROM notes ORDER BY id)');
    // a card without its note is left out, as a card missing altogether: its rows cannot be matched
    const cards = rows<AnkiCard>(`SELECT json_group_array(json_object('id', c.id, 'ord', c.ord, 'guid', n.guid))
      FROM cards c JOIN notes n ON n.id = c.nid WHERE c.id IN (SELECT cid FROM revlog)`);
    // the review log column by column: one JSON array of numbers each, in one pass over the table
    const columns = db.prepare(`SELECT ${REVLOG_COLUMNS.map((k) => `json_group_array(${k})`).join(', ')}
      FROM (SELECT ${REVLOG_COLUMNS.join(', ')} FROM revlog ORDER BY id)`).raw().get() as string[];
    // (the typed array converts as Number() does: null is 0, text not a number NaN)
    const revlog = Object.fromEntries(REVLOG_COLUMNS.map((k, i) => [k, new Float64Array(JSON.parse(columns[i]!) as number[])])) as unknown as AnkiRevlog;
    return { format: file.format, ver, guids, cards, revlog };
  });
}

/**
 * The sort field (HTML stripped, as Anki stores it) of the notes with these GUIDs, to list notes the
 * import skips. Read again from the collection file: only a few notes are ever shown.
 */
export function sortFieldsOf(file: CollectionFile, guids: readonly string[]): Map<string, string> {
  if (!guids.length) return new Map();
  return withCollection(file, (db) => new Map(db.prepare('SELECT guid, cast(sfld AS text) FROM notes WHERE guid IN (SELECT value FROM json_each(?))')
    .raw().all(JSON.stringify(guids)) as [string, string][]));
}
