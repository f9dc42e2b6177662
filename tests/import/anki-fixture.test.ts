// `deepcards import anki` on packages Anki itself wrote (tests/fixtures/anki/README.md: Anki 2.1.16
// answered 125 times in "Neural Network Basics" over five days, then exported with scheduling as .apkg
// and as .colpkg). The CLI is spawned as a user would; the expected SM-2 state of every item is
// computed here by hand (sm2-by-hand.ts) from the fixture's own revlog rows.
import Database from 'better-sqlite3';
import { unzipSync } from 'fflate';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guidFor } from '../../src/export/anki/ids.js';
import { openDb, ROOT, run, tempDir } from '../cli/harness.js';
import { GRADE_OF_EASE, handReplay } from './sm2-by-hand.js';

const APKG = join(ROOT, 'tests/fixtures/anki/studied-in-anki.apkg');
const COLPKG = join(ROOT, 'tests/fixtures/anki/studied-in-anki.colpkg');
const NOW = '2026-12-12T10:00:00';

interface Rev { id: number; cid: number; ease: number; type: number }

/** The fixture's revlog and each row's note GUID and card ord, read straight from the zip. */
function fixtureRows(): { rows: (Rev & { guid: string; ord: number })[] } {
  const files = unzipSync(readFileSync(APKG));
  const db = new Database(Buffer.from(files['collection.anki21']!), { readonly: true });
  try {
    const rows = db.prepare(`SELECT r.id, r.cid, r.ease, r.type, n.guid, c.ord FROM revlog r JOIN cards c ON c.id = r.cid
      JOIN notes n ON n.id = c.nid ORDER BY r.id`).all() as (Rev & { guid: string; ord: number })[];
    return { rows };
  } finally {
    db.close();
  }
}

describe('import anki: packages written by Anki 2.1.16', () => {
  let dir: string;
  let cleanup: () => void;
  let env: Record<string, string>;
  let dbPath: string;

  beforeAll(() => {
    ({ dir, cleanup } = tempDir());
    dbPath = join(dir, 'c.db');
    env = { DEEPCARDS_DB: dbPath, DEEPCARDS_NOW: NOW };
    expect(run(['status'], { env }).code).toBe(0); // creates the collection, syncs the bundled decks
  });
  afterAll(() => cleanup());

  const dump = (): string => {
    const db = openDb(dbPath);
    try {
      return JSON.stringify([db.prepare('SELECT * FROM items ORDER BY id').all(), db.prepare('SELECT * FROM reviews ORDER BY id').all()]);
    } finally {
      db.close();
    }
  };

  it('--dry-run says what would change per topic and writes nothing', () => {
    const before = dump();
    const r = run(['import', 'anki', APKG, '--dry-run'], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('collection.anki21 (schema 11), 981 notes, 125 review log rows');
    expect(r.stdout).toMatch(/^ {2}nn-basics: 125 reviews \(\d+ same-day drills\), \d+ items rescheduled$/m);
    expect(r.stdout).toContain('Nothing was written.');
    expect(dump()).toBe(before);
    const backups = existsSync(join(dir, 'backups')) ? readdirSync(join(dir, 'backups')) : [];
    expect(backups.filter((f) => f.includes('before-anki-import'))).toEqual([]);
  });

  it('imports every review row, and each item ends where a replay by hand of its rows ends', () => {
    const r = run(['import', 'anki', APKG], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const { rows } = fixtureRows();
    expect(rows).toHaveLength(125);
    expect(r.stdout).toContain('Imported 125 reviews');
    expect(r.stdout).toContain('skipped: none');
    expect(readdirSync(join(dir, 'backups')).filter((f) => f.includes('before-anki-import'))).toHaveLength(1);

    const db = openDb(dbPath);
    try {
      // every row accounted for: one review per revlog id, from Anki
      const imported = db.prepare("SELECT anki_id FROM reviews WHERE source = 'anki' ORDER BY anki_id").pluck().all() as number[];
      expect(imported).toEqual(rows.map((x) => x.id));
      // the item each row belongs to, found from the GUIDs the export derives from card ids
      const cards = db.prepare('SELECT id, type FROM cards').all() as { id: string; type: string }[];
      const byGuid = new Map<string, { id: string; type: string }>();
      for (const c of cards) {
        if (c.type === 'numeric') for (let k = 0; k < 5; k++) byGuid.set(guidFor(`deepcards:numeric:${c.id}#${k}`), c);
        else byGuid.set(guidFor(`deepcards:${c.type}:${c.id}`), c);
      }
      const answers = new Map<string, { at: number; grade: number }[]>();
      for (const x of rows) {
        const c = byGuid.get(x.guid);
        expect(c, x.guid).toBeDefined();
        const itemId = db.prepare('SELECT id FROM items WHERE card_id = ? AND ord = ?').pluck().get(c!.id, c!.type === 'cloze' ? x.ord + 1 : 0) as string;
        const list = answers.get(itemId) ?? [];
        list.push({ at: x.id, grade: GRADE_OF_EASE[x.ease]! });
        answers.set(itemId, list);
      }
      expect(answers.size).toBeGreaterThan(10);
      let drills = 0;
      for (const [itemId, list] of answers) {
        const want = handReplay(list);
        drills += want.drills;
        const got = db.prepare('SELECT reps, ef, interval, due, lapses, reviews FROM items WHERE id = ?').get(itemId) as
          { reps: number; ef: number; interval: number; due: number; lapses: number; reviews: number };
        expect({ ...got, ef: got.ef / 100 }, itemId).toEqual({ ...want.state, reviews: want.graded });
        const kinds = db.prepare("SELECT kind FROM reviews WHERE item_id = ? ORDER BY reviewed_at").pluck().all(itemId) as string[];
        expect(kinds.filter((k) => k === 'drill')).toHaveLength(want.drills);
        expect(kinds[0]).toBe('new');
      }
      expect(db.prepare("SELECT count(*) FROM reviews WHERE kind = 'drill'").pluck().get()).toBe(drills);
      // the log still replays to the item: each row's after-state is the next graded row's before-state
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  });

  it('a second import, of the .apkg or of the .colpkg, adds nothing', () => {
    const before = dump();
    for (const f of [APKG, COLPKG]) {
      const r = run(['import', 'anki', f], { env });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Nothing to import: no new reviews (skipped: 125 already imported)');
    }
    expect(dump()).toBe(before);
  });

  it('refuses a file that is not an Anki package, with its path, and writes nothing', () => {
    const before = dump();
    const r = run(['import', 'anki', join(ROOT, 'package.json')], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/package\.json: not an Anki package .*nothing was imported/);
    const missing = run(['import', 'anki', join(dir, 'nope.apkg')], { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.apkg: no such file');
    expect(dump()).toBe(before);
  });
});
