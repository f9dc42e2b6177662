// Every bundled deck exported (with the real question families for its numeric cards) and checked.
import { readAnkiPackage } from 'anki-reader';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExportAnki, runExportCsv } from '../../src/commands/export.js';
import { loadDecks } from '../../src/decks/load.js';
import { clozeNumbers } from '../../src/decks/parse.js';
import { DEFAULT_INSTANCES } from '../../src/export/anki/notes.js';
import { bundledDecksForTest, makeCtx, openApkg, parseCsv, tempDir, validatePackage, type Opened } from './helpers.js';

describe('export anki: all bundled decks', () => {
  let dir: string;
  let p: Opened;
  let out: string;
  let ctx: ReturnType<typeof makeCtx>;
  let decksDir: string;

  beforeAll(async () => {
    dir = tempDir();
    const bundled = bundledDecksForTest(dir);
    if (bundled.removed) console.warn(`bundled.test: ${bundled.removed} numeric cards left out (their families are not registered yet)`);
    ctx = makeCtx(dir, bundled.path);
    decksDir = ctx.decksDir;
    out = join(dir, 'all.apkg');
    expect(await runExportAnki({ out }, ctx)).toBe(0);
    p = openApkg(out);
  }, 120_000);
  afterAll(() => {
    p.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is valid against the spec', () => {
    expect(validatePackage(p)).toEqual([]);
    expect(ctx.stderr.join('')).toBe('');
  });

  it('has one note per card (N per numeric card) and one card per cloze number', () => {
    const { decks, errors } = loadDecks([decksDir]);
    expect(errors).toEqual([]);
    let notes = 0;
    let cards = 0;
    for (const d of decks) for (const c of d.cards) {
      if (c.type === 'numeric') {
        notes += DEFAULT_INSTANCES;
        cards += DEFAULT_INSTANCES;
      } else {
        notes++;
        cards += c.type === 'cloze' ? clozeNumbers(c.text).length : 1;
      }
    }
    expect(p.db.prepare('SELECT count(*) FROM notes').pluck().get()).toBe(notes);
    expect(p.db.prepare('SELECT count(*) FROM cards').pluck().get()).toBe(cards);
    const deckNames = Object.values(JSON.parse(p.db.prepare('SELECT decks FROM col').pluck().get() as string) as Record<string, { name: string }>).map((d) => d.name);
    for (const d of decks) expect(deckNames).toContain(`Deep Learning::${d.title}`);
  });

  it('is read back by anki-reader', async () => {
    const { collection } = await readAnkiPackage(new Blob([readFileSync(out)]));
    const total = Object.values(collection.getDecks()).reduce((n, d) => n + Object.keys(d.getCards()).length, 0);
    expect(total).toBe(p.db.prepare('SELECT count(*) FROM cards').pluck().get());
  });

  it('exports the same cards to CSV, plain and for Anki', async () => {
    await runExportCsv({ out: join(dir, 'all.csv') }, ctx);
    const rows = parseCsv(readFileSync(join(dir, 'all.csv'), 'utf8'));
    expect(rows[0]).toEqual(['id', 'topic', 'type', 'front', 'back', 'tags']);
    expect(rows.slice(1).every((r) => r.length === 6)).toBe(true);
    expect(new Set(rows.slice(1).map((r) => r[0])).size).toBe(rows.length - 1);
    const { decks } = loadDecks([decksDir]);
    expect(rows.length - 1).toBe(decks.reduce((n, d) => n + d.cards.length, 0));
    await runExportCsv({ out: join(dir, 'all.txt'), anki: true }, ctx);
    const lines = readFileSync(join(dir, 'all.txt'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    expect(lines).toHaveLength(p.db.prepare('SELECT count(*) FROM notes').pluck().get() as number);
    for (const r of parseCsv(lines.join('\n'), '\t')) {
      expect(r).toHaveLength(6);
      expect(['Basic', 'Cloze']).toContain(r[0]);
      expect(r[2]! + r[3]!).not.toContain('$');
    }
  });
});
