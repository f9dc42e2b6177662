// The round trip: answers in deepcards -> `export anki --with-scheduling` -> the Anki side simulated by
// writing revlog rows into the exported collection as Anki's scheduler records them (id = answer time
// in ms, ease 1–4, type 0 learn / 1 review / 2 relearn, ease 0 type 4 for a manual reschedule) ->
// `import anki`. Every answer must be there exactly once, and every item's state must be the one a
// replay by hand of all its answers (deepcards' and Anki's, in time order) gives.
//
// The same simulated collection is also packaged as the current format, `collection.anki21b`, built
// here from Anki's own schema: rslib/src/storage/schema11.sql (src/export/anki/apkg.ts SCHEMA11) then
// the upgrade scripts rslib/src/storage/upgrades/schema14_upgrade.sql, schema15_upgrade.sql,
// schema17_upgrade.sql and schema18_upgrade.sql (ankitects/anki c32cb29, transcribed below: their
// tables, indexes and `ver`), which is what Anki's storage upgrade runs on a schema-11 file. Their
// `COLLATE unicase` is Anki's own collation, unknown to SQLite here: the tables are created with NOCASE
// and the schema text is then rewritten to `unicase` (PRAGMA writable_schema), so the file carries
// exactly Anki's DDL. The database is zstd-compressed as a standard zstd frame of raw blocks
// (RFC 8878 §3.1: magic, single-segment header with the content size, blocks of at most 128 KiB), and
// zipped with `meta` = PackageMetadata{version: 3} (proto/anki/import_export.proto) and an empty
// zstd-compressed media list, as rslib import_export/package/apkg/export.rs writes them.
process.env.TZ = 'UTC';
import Database from 'better-sqlite3';
import { unzipSync, zipSync, strToU8 } from 'fflate';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExportAnki } from '../../src/commands/export.js';
import { runImportAnki } from '../../src/commands/import-anki.js';
import { guidFor } from '../../src/export/anki/ids.js';
import { readPackage } from '../../src/import/anki/package.js';
import { review, type CardState, type Grade } from '../../src/scheduler/sm2.js';
import { writeAnswer } from '../../src/store/collection.js';
import { rememberFile } from '../../src/store/guard.js';
import { FIXTURE_DECKS, makeCtx, tempDir } from '../export/helpers.js';
import { GRADE_OF_EASE, handReplay, utcStudyDay } from './sm2-by-hand.js';

const SCHEMA_UPGRADES = `
CREATE TABLE deck_config (id integer PRIMARY KEY NOT NULL, name text NOT NULL COLLATE NOCASE, mtime_secs integer NOT NULL,
  usn integer NOT NULL, config blob NOT NULL);
CREATE TABLE config (KEY text NOT NULL PRIMARY KEY, usn integer NOT NULL, mtime_secs integer NOT NULL, val blob NOT NULL) without rowid;
UPDATE col SET ver = 14;
CREATE TABLE fields (ntid integer NOT NULL, ord integer NOT NULL, name text NOT NULL COLLATE NOCASE, config blob NOT NULL,
  PRIMARY KEY (ntid, ord)) without rowid;
CREATE UNIQUE INDEX idx_fields_name_ntid ON fields (name, ntid);
CREATE TABLE templates (ntid integer NOT NULL, ord integer NOT NULL, name text NOT NULL COLLATE NOCASE, mtime_secs integer NOT NULL,
  usn integer NOT NULL, config blob NOT NULL, PRIMARY KEY (ntid, ord)) without rowid;
CREATE UNIQUE INDEX idx_templates_name_ntid ON templates (name, ntid);
CREATE INDEX idx_templates_usn ON templates (usn);
CREATE TABLE notetypes (id integer NOT NULL PRIMARY KEY, name text NOT NULL COLLATE NOCASE, mtime_secs integer NOT NULL,
  usn integer NOT NULL, config blob NOT NULL);
CREATE UNIQUE INDEX idx_notetypes_name ON notetypes (name);
CREATE INDEX idx_notetypes_usn ON notetypes (usn);
CREATE TABLE decks (id integer PRIMARY KEY NOT NULL, name text NOT NULL COLLATE NOCASE, mtime_secs integer NOT NULL, usn integer NOT NULL,
  common blob NOT NULL, kind blob NOT NULL);
CREATE UNIQUE INDEX idx_decks_name ON decks (name);
CREATE INDEX idx_notes_mid ON notes (mid);
CREATE INDEX idx_cards_odid ON cards (odid) WHERE odid != 0;
UPDATE col SET ver = 15;
CREATE TABLE tags (tag text NOT NULL PRIMARY KEY COLLATE NOCASE, usn integer NOT NULL, collapsed boolean NOT NULL, config blob NULL) without rowid;
UPDATE col SET ver = 17;
ALTER TABLE graves RENAME TO graves_old;
CREATE TABLE graves (oid integer NOT NULL, type integer NOT NULL, usn integer NOT NULL, PRIMARY KEY (oid, type)) WITHOUT ROWID;
INSERT OR IGNORE INTO graves (oid, type, usn) SELECT oid, type, usn FROM graves_old;
DROP TABLE graves_old;
CREATE INDEX idx_graves_pending ON graves (usn);
UPDATE col SET ver = 18;
`;

/** A zstd frame holding `data` in raw blocks (RFC 8878): valid input for any zstd decoder. */
export function zstdRawFrame(data: Uint8Array): Uint8Array {
  const BLOCK = 128 * 1024;
  const blocks = Math.max(1, Math.ceil(data.length / BLOCK));
  const out = new Uint8Array(4 + 1 + 8 + blocks * 3 + data.length);
  out.set([0x28, 0xb5, 0x2f, 0xfd], 0); // magic 0xFD2FB528, little-endian
  out[4] = 0xe0; // Frame_Content_Size_flag 3 (8 bytes), Single_Segment_flag 1, no checksum, no dictionary
  new DataView(out.buffer).setBigUint64(5, BigInt(data.length), true);
  let at = 13;
  for (let b = 0; b < blocks; b++) {
    const chunk = data.subarray(b * BLOCK, Math.min(data.length, (b + 1) * BLOCK));
    const header = (chunk.length << 3) | (0 << 1) | (b === blocks - 1 ? 1 : 0); // Block_Size, Raw_Block, Last_Block
    out[at] = header & 0xff;
    out[at + 1] = (header >> 8) & 0xff;
    out[at + 2] = (header >> 16) & 0xff;
    out.set(chunk, at + 3);
    at += 3 + chunk.length;
  }
  return out;
}

/** The schema-11 collection `col11` upgraded as Anki upgrades it to schema 18, as bytes. */
function toSchema18(col11: Uint8Array): Buffer {
  const db = new Database(Buffer.from(col11));
  try {
    db.exec(SCHEMA_UPGRADES);
    db.unsafeMode(true);
    db.pragma('writable_schema = ON');
    db.exec("UPDATE sqlite_master SET sql = replace(sql, 'COLLATE NOCASE', 'COLLATE unicase') WHERE sql LIKE '%COLLATE NOCASE%'");
    db.pragma('writable_schema = OFF');
    return db.serialize();
  } finally {
    db.close();
  }
}

function anki21b(col11: Uint8Array): Uint8Array {
  return zipSync({
    'collection.anki21b': zstdRawFrame(toSchema18(col11)),
    // the dummy legacy collection Anki writes beside it (export.rs write_dummy_collection): must be ignored
    'collection.anki2': new Uint8Array(0),
    media: zstdRawFrame(new Uint8Array(0)),
    meta: new Uint8Array([0x08, 0x03]),
  });
}

const at = (iso: string): number => Date.parse(`${iso}Z`);

describe('import anki: the round trip', () => {
  it('export -> answers recorded in Anki -> import: every answer once, states as a replay by hand', async () => {
    const dir = tempDir('dc-roundtrip-');
    try {
      const ctx = makeCtx(dir, FIXTURE_DECKS, at('2026-12-14T08:00:00'));
      await runExportAnki({ out: join(dir, 'first.apkg') }, ctx); // creates the collection, syncs the decks

      // answers in deepcards, as the review session logs them
      const db = new Database(ctx.dbPath);
      rememberFile(db, ctx.dbPath);
      const deepcards: { item: string; at: number; grade: Grade }[] = [];
      const states = new Map<string, CardState>();
      const answer = (item: string, iso: string, grade: Grade, kind: 'new' | 'review' | 'drill'): void => {
        const t = at(iso);
        const day = utcStudyDay(t);
        const before = states.get(item) ?? { kind: 'new' };
        const after = kind === 'drill' ? null : review(before, grade, day);
        writeAnswer(db, { itemId: item, session: t, at: t, day, kind, grade, durationMs: 4000, after });
        if (after) states.set(item, after);
        deepcards.push({ item, at: t, grade });
      };
      answer('alpha.conv-size', '2026-12-14T09:00:00', 4, 'new');
      answer('beta.relu', '2026-12-14T09:01:00', 2, 'new');
      answer('beta.relu', '2026-12-14T09:05:00', 4, 'drill');
      answer('beta.relu', '2026-12-15T09:00:00', 4, 'review');
      db.close();

      ctx.setNow(at('2026-12-15T10:00:00'));
      const exported = join(dir, 'deepcards.apkg');
      await runExportAnki({ out: exported, withScheduling: true }, ctx);

      // the Anki side: rows as its scheduler writes them, into the exported collection
      const files = unzipSync(new Uint8Array(readFileSync(exported)));
      const col = new Database(Buffer.from(files['collection.anki2']!));
      const cid = (guid: string, ord = 0): number =>
        col.prepare('SELECT c.id FROM cards c JOIN notes n ON n.id = c.nid WHERE n.guid = ? AND c.ord = ?').pluck().get(guid, ord) as number;
      const conv = cid(guidFor('deepcards:basic:alpha.conv-size'));
      const relu = cid(guidFor('deepcards:basic:beta.relu'));
      const bnC2 = cid(guidFor('deepcards:cloze:alpha.bn-bias'), 1);
      const exportedRows = col.prepare('SELECT count(*) FROM revlog').pluck().get() as number;
      expect(exportedRows).toBe(3); // deepcards' graded answers (the drill is not scheduling)
      const anki: { item: string; id: number; cid: number; ease: number; type: number }[] = [
        { item: 'beta.relu', id: at('2026-12-15T08:00:00'), cid: relu, ease: 2, type: 1 }, // before deepcards' answer that day
        { item: 'alpha.conv-size', id: at('2026-12-16T08:00:00'), cid: conv, ease: 1, type: 1 },
        { item: 'alpha.conv-size', id: at('2026-12-16T08:10:00'), cid: conv, ease: 3, type: 2 },
        { item: 'alpha.bn-bias#c2', id: at('2026-12-16T08:30:00'), cid: bnC2, ease: 3, type: 0 },
        { item: 'alpha.bn-bias#c2', id: at('2026-12-16T08:40:00'), cid: bnC2, ease: 3, type: 0 },
        { item: 'alpha.bn-bias#c2', id: at('2026-12-17T08:00:00'), cid: bnC2, ease: 4, type: 1 },
      ];
      const ins = col.prepare('INSERT INTO revlog VALUES (?, ?, -1, ?, ?, ?, ?, ?, ?)');
      for (const r of anki) ins.run(r.id, r.cid, r.ease, 1, 0, 2500, 6000, r.type);
      ins.run(at('2026-12-17T08:05:00'), relu, 0, 3, 1, 2500, 0, 4); // "Set due date": no answer
      // a note of the learner's own, answered once
      // (its text tries to clear the terminal: it must be shown escaped)
      col.prepare("INSERT INTO notes VALUES (1, 'mine-1', 1, 0, -1, '', ?, ?, 0, 0, '')").run('Front\x1b[2J\x1fBack', 'Front\x1b[2J');
      col.prepare("INSERT INTO cards VALUES (2, 1, 1, 0, 0, -1, 2, 2, 1, 1, 2500, 1, 0, 0, 0, 0, 0, '')").run();
      ins.run(at('2026-12-16T09:00:00'), 2, 3, 1, 0, 2500, 5000, 0);
      const col11 = col.serialize();
      col.close();
      const fromAnki = join(dir, 'from-anki.apkg');
      writeFileSync(fromAnki, zipSync({ 'collection.anki2': new Uint8Array(col11), media: strToU8('{}') }));
      const fromAnkiNew = join(dir, 'from-anki-new.apkg');
      writeFileSync(fromAnkiNew, anki21b(new Uint8Array(col11)));
      copyFileSync(ctx.dbPath, join(dir, 'before-import.db'));

      ctx.setNow(at('2026-12-17T12:00:00'));
      expect(await runImportAnki(fromAnki, {}, ctx)).toBe(0);
      const out = ctx.stdout.join('');
      expect(out).toContain('Imported 6 reviews (2 same-day drills), 3 items rescheduled, 1 logged answer re-sequenced');
      expect(out).toContain('skipped: 3 exported from deepcards, 1 note not from deepcards, 1 not an answer (manual reschedule)');
      expect(out).toContain('Skipped 1 note not from deepcards (or from cards not in this collection):\n  Front\\x1b[2J (1 review)');
      expect(out).not.toContain('\x1b');

      const check = (path: string): void => {
        const db2 = new Database(path, { readonly: true });
        try {
          // every answer once: deepcards' 4 as they were logged, Anki's 6 by their revlog ids
          expect(db2.prepare("SELECT count(*) FROM reviews WHERE source = 'deepcards'").pluck().get()).toBe(4);
          expect(db2.prepare("SELECT anki_id FROM reviews WHERE source = 'anki' ORDER BY anki_id").pluck().all()).toEqual(anki.map((r) => r.id));
          for (const item of ['alpha.conv-size', 'beta.relu', 'alpha.bn-bias#c2']) {
            const answers = [
              ...deepcards.filter((d) => d.item === item).map((d) => ({ at: d.at, grade: d.grade })),
              ...anki.filter((r) => r.item === item).map((r) => ({ at: r.id, grade: GRADE_OF_EASE[r.ease]! })),
            ];
            const want = handReplay(answers);
            const got = db2.prepare('SELECT reps, ef, interval, due, lapses, reviews FROM items WHERE id = ?').get(item) as Record<string, number>;
            expect({ ...got, ef: got['ef']! / 100 }, item).toEqual({ ...want.state, reviews: want.graded });
            // the log replays to the state: each graded row starts where the previous one ended
            const rows = db2.prepare("SELECT kind, reps_before, ef_before, interval_before, lapses_before, reps_after, ef_after, interval_after, lapses_after FROM reviews WHERE item_id = ? AND kind != 'drill' ORDER BY reviewed_at").all(item) as Record<string, number | string>[];
            for (let i = 1; i < rows.length; i++) {
              expect([rows[i]!['reps_before'], rows[i]!['ef_before'], rows[i]!['interval_before'], rows[i]!['lapses_before']])
                .toEqual([rows[i - 1]!['reps_after'], rows[i - 1]!['ef_after'], rows[i - 1]!['interval_after'], rows[i - 1]!['lapses_after']]);
            }
          }
          // Anki's 08:00 Hard came first on 2026-12-15: it is the graded review, deepcards' 09:00 answer a drill
          expect(db2.prepare("SELECT kind, source, grade FROM reviews WHERE item_id = 'beta.relu' AND day = ? ORDER BY reviewed_at").all(utcStudyDay(at('2026-12-15T09:00:00'))))
            .toEqual([{ kind: 'review', source: 'anki', grade: 3 }, { kind: 'drill', source: 'deepcards', grade: 4 }]);
        } finally {
          db2.close();
        }
      };
      check(ctx.dbPath);

      // the same package again: nothing
      ctx.stdout.length = 0;
      expect(await runImportAnki(fromAnki, {}, ctx)).toBe(0);
      expect(ctx.stdout.join('')).toContain('Nothing to import: no new reviews (skipped: 6 already imported, 3 exported from deepcards');

      // the current format (collection.anki21b, schema 18, zstd) into the collection as it was before
      const pkg = readPackage(new Uint8Array(readFileSync(fromAnkiNew)));
      expect([pkg.format, pkg.ver, pkg.revlog.id.length]).toEqual(['collection.anki21b', 18, 11]);
      copyFileSync(join(dir, 'before-import.db'), ctx.dbPath);
      for (const ext of ['-wal', '-shm']) rmSync(`${ctx.dbPath}${ext}`, { force: true });
      ctx.stdout.length = 0;
      expect(await runImportAnki(fromAnkiNew, {}, ctx)).toBe(0);
      expect(ctx.stdout.join('')).toContain('collection.anki21b (schema 18)');
      expect(ctx.stdout.join('')).toContain('Imported 6 reviews (2 same-day drills), 3 items rescheduled');
      check(ctx.dbPath);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes a zstd frame the reference zstd would read too (the frame layout, checked by fzstd)', async () => {
    const { decompress } = await import('fzstd');
    const data = new Uint8Array(300_000).map((_, i) => (i * 7) % 251);
    expect(Buffer.from(decompress(zstdRawFrame(data))).equals(Buffer.from(data))).toBe(true);
  });
});

describe('import anki: study days', () => {
  it("count with the learner's rollover hour, as the review does", async () => {
    // two Anki answers at 23:30 and 02:00: one study day with the default rollover at 04:00 (the
    // second is a same-day drill), two days with `config set rollover-hour 0` (both graded)
    const kinds = async (rollover: number | null): Promise<{ kind: string; day: number }[]> => {
      const dir = tempDir('dc-rollover-');
      try {
        const ctx = makeCtx(dir, FIXTURE_DECKS, at('2026-12-14T08:00:00'));
        const exported = join(dir, 'deepcards.apkg');
        await runExportAnki({ out: exported }, ctx);
        if (rollover !== null) {
          const db = new Database(ctx.dbPath);
          db.prepare("INSERT INTO config (key, value) VALUES ('rollover-hour', ?)").run(String(rollover));
          db.close();
        }
        const files = unzipSync(new Uint8Array(readFileSync(exported)));
        const col = new Database(Buffer.from(files['collection.anki2']!));
        const cid = col.prepare('SELECT c.id FROM cards c JOIN notes n ON n.id = c.nid WHERE n.guid = ?').pluck()
          .get(guidFor('deepcards:basic:beta.relu')) as number;
        const ins = col.prepare('INSERT INTO revlog VALUES (?, ?, -1, 3, 1, 0, 2500, 6000, 0)');
        ins.run(at('2026-12-16T23:30:00'), cid);
        ins.run(at('2026-12-17T02:00:00'), cid);
        const pkg = join(dir, 'from-anki.apkg');
        writeFileSync(pkg, zipSync({ 'collection.anki2': new Uint8Array(col.serialize()), media: strToU8('{}') }));
        col.close();
        ctx.setNow(at('2026-12-17T12:00:00'));
        expect(await runImportAnki(pkg, {}, ctx)).toBe(0);
        const db = new Database(ctx.dbPath, { readonly: true });
        try {
          return db.prepare("SELECT kind, day FROM reviews WHERE item_id = 'beta.relu' ORDER BY reviewed_at").all() as { kind: string; day: number }[];
        } finally {
          db.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };
    const dec16 = Date.UTC(2026, 11, 16) / 86_400_000;
    expect(await kinds(null)).toEqual([{ kind: 'new', day: dec16 }, { kind: 'drill', day: dec16 }]);
    expect(await kinds(0)).toEqual([{ kind: 'new', day: dec16 }, { kind: 'review', day: dec16 + 1 }]);
  });
});
