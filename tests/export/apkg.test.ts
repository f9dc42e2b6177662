// The exported package read back with better-sqlite3 (and with the npm anki-reader) and checked
// against the format as Anki's source defines it (/work/shared/anki-apkg.md).
import { readAnkiPackage } from 'anki-reader';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExportAnki } from '../../src/commands/export.js';
import { UserError } from '../../src/errors.js';
import { NOTE_TYPES } from '../../src/export/anki/notes.js';
import { FIXTURE_DECKS, makeCtx, openApkg, tempDir, validatePackage, type Opened, type TestCtx } from './helpers.js';

interface NoteRow {
  id: number; guid: string; mid: number; mod: number; flds: string; sfld: string; csum: number; tags: string;
}

function noteByText(p: Opened, needle: string): NoteRow {
  const rows = p.db.prepare('SELECT id, guid, mid, mod, flds, cast(sfld as text) AS sfld, csum, tags FROM notes').all() as NoteRow[];
  const n = rows.find((r) => r.flds.includes(needle));
  if (!n) throw new Error(`no note with ${needle}`);
  return n;
}

describe('export anki: the package', () => {
  let dir: string;
  let ctx: TestCtx;
  let out: string;
  let p: Opened;

  beforeAll(async () => {
    dir = tempDir();
    ctx = makeCtx(dir, FIXTURE_DECKS);
    out = join(dir, 'deck.apkg');
    expect(await runExportAnki({ out }, ctx)).toBe(0);
    p = openApkg(out);
  });
  afterAll(() => {
    p.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is valid against the spec: schema 11, col JSON, fields, csum/sfld, cards, media, math', () => {
    expect(validatePackage(p)).toEqual([]);
  });

  it('holds collection.anki2 and media {} only', () => {
    expect(Object.keys(p.files).sort()).toEqual(['collection.anki2', 'media']);
    expect(new TextDecoder().decode(p.files['media'])).toBe('{}');
  });

  it('reports what it wrote', () => {
    expect(ctx.stdout.join('')).toMatch(/Wrote .*deck\.apkg: 6 notes, 8 cards, 2 decks under "Deep Learning"/);
  });

  it('puts each topic in Deep Learning::<title>, with the parent and Default', () => {
    const decks = JSON.parse((p.db.prepare('SELECT decks FROM col').pluck().get() as string)) as Record<string, { name: string; desc: string }>;
    expect(Object.values(decks).map((d) => d.name).sort()).toEqual(['Deep Learning', 'Deep Learning::Alpha Topic', 'Deep Learning::Beta Topic', 'Default']);
    expect(Object.values(decks).find((d) => d.name.endsWith('Alpha Topic'))!.desc).toBe('A fixture deck for the export tests.');
  });

  it('has exactly the four note types with their fixed field lists', () => {
    const models = JSON.parse(p.db.prepare('SELECT models FROM col').pluck().get() as string) as Record<string, { name: string; flds: { name: string }[]; type: number }>;
    const byName = Object.fromEntries(Object.values(models).map((m) => [m.name, m.flds.map((f) => f.name)]));
    expect(byName).toEqual({
      'deepcards Basic': ['Front', 'Back', 'Sheet', 'Fix'],
      'deepcards Cloze': ['Text', 'Back Extra'],
      'deepcards Choice': ['Question', 'Choices', 'Answer', 'Explanation'],
      'deepcards Numeric': ['Question', 'Answer', 'Solution'],
    });
    expect(Object.keys(models).map(Number).sort()).toEqual(Object.values(NOTE_TYPES).map((t) => t.id).sort());
  });

  it('writes csum as Anki does (first field stripped) and sfld stripped', () => {
    const n = noteByText(p, 'Is \\(a &lt; b\\)');
    expect(n.sfld).toBe('Is \\(a < b\\) when a & b are <small> integers?');
    expect(n.flds.split('\x1f')[0]).toBe('Is \\(a &lt; b\\) when a &amp; b are &lt;small&gt; integers?');
  });

  it('converts math to MathJax, escapes HTML, keeps newlines and code', () => {
    const n = noteByText(p, 'Second line');
    const back = n.flds.split('\x1f')[1]!;
    expect(back).toBe('Only if \\(b - a &gt; 0\\).<br>Second line with <code>code</code> and \\[\\sum_{i=1}^{n} x_i\\]');
  });

  it('separates braces inside cloze deletions and keeps hints', () => {
    const power = noteByText(p, 'A tower of powers');
    expect(power.flds.split('\x1f')[0]).toBe('A tower of powers: {{c1::\\(x^{a^{2} }\\)}} and \\(y\\) is {{c3::\\(y_{i}\\)}}; again {{c1::\\(z\\)}}.');
    const bn = noteByText(p, 'batch norm');
    expect(bn.flds.split('\x1f')[0]).toBe('With batch norm, the {{c1::bias}} of the preceding conv layer is {{c2::redundant::a word}}.');
    const ords = p.db.prepare('SELECT ord FROM cards WHERE nid = ? ORDER BY ord').pluck().all(power.id);
    expect(ords).toEqual([0, 2]);
  });

  it('tags notes with the topic and the card tags', () => {
    expect(noteByText(p, 'Output width').tags).toBe(' deepcards::alpha deepcards::tag::formula ');
    expect(noteByText(p, 'zero-centred').tags).toBe(' deepcards::beta ');
  });

  it('carries the correction and sheet lines', () => {
    const f = noteByText(p, 'Output width').flds.split('\x1f');
    expect(f[2]).toBe('331, 333');
    expect(f[3]).toContain('The sheet had:');
    expect(f[3]).toContain('\\(\\frac{W - k + 2p}{s}\\)');
    const choice = noteByText(p, 'zero-centred').flds.split('\x1f');
    expect(choice[1]).toBe('<ol type="A"><li>Sigmoid</li><li>ReLU</li><li>Tanh</li></ol>');
    expect(choice[2]).toBe('C. Tanh');
  });

  it('leaves every card new without --with-scheduling', () => {
    const rows = p.db.prepare('SELECT DISTINCT type, queue FROM cards').all();
    expect(rows).toEqual([{ type: 0, queue: 0 }]);
    expect(p.db.prepare('SELECT count(*) FROM revlog').pluck().get()).toBe(0);
  });

  it('is read back by an independent reader (npm anki-reader)', async () => {
    const { collection, media } = await readAnkiPackage(new Blob([readFileSync(out)]));
    expect(media).toEqual({});
    expect(collection.getVersion()).toBe(11);
    const decks = collection.getDecks();
    const alpha = Object.values(decks).find((d) => d.getName() === 'Deep Learning::Alpha Topic')!;
    const cards = Object.values(alpha.getCards());
    expect(cards).toHaveLength(6); // 2 basic, bn-bias c1 c2, power c1 c3
    const fronts = cards.map((c) => c.getFields());
    expect(fronts.some((f) => f['Front']?.startsWith('Output width'))).toBe(true);
    expect(fronts.some((f) => f['Text']?.includes('{{c2::redundant::a word}}'))).toBe(true);
    const beta = Object.values(decks).find((d) => d.getName() === 'Deep Learning::Beta Topic')!;
    const choice = Object.values(beta.getCards()).map((c) => c.getFields()).find((f) => 'Choices' in f)!;
    expect(choice['Answer']).toBe('C. Tanh');
    const models = collection.getModels();
    expect(Object.values(models).map((m) => m.getName()).sort()).toEqual(['deepcards Basic', 'deepcards Choice', 'deepcards Cloze', 'deepcards Numeric']);
  });
});

describe('the package checker itself', () => {
  it('catches a wrong csum, a $ left in a field, a missing cloze card and a bad column order', async () => {
    const dir = tempDir();
    try {
      const ctx = makeCtx(dir, FIXTURE_DECKS);
      const out = join(dir, 'x.apkg');
      await runExportAnki({ out }, ctx);
      const good = openApkg(out);
      const copy = join(dir, 'copy.anki2');
      await good.db.backup(copy);
      good.close();
      const { default: Database } = await import('better-sqlite3');
      const db = new Database(copy);
      db.exec(`UPDATE notes SET csum = csum + 1 WHERE id = (SELECT min(id) FROM notes);
        UPDATE notes SET flds = replace(flds, '\\(y\\)', '$y$') WHERE flds LIKE '%tower%';
        DELETE FROM cards WHERE ord = 2;
        ALTER TABLE revlog RENAME COLUMN lastIvl TO last_ivl;`);
      const problems = validatePackage({ db, files: { 'collection.anki2': new Uint8Array(), media: new TextEncoder().encode('{}') }, close: () => db.close() });
      db.close();
      expect(problems.some((x) => x.includes('csum'))).toBe(true);
      expect(problems.some((x) => x.includes('a $ is left'))).toBe(true);
      expect(problems.some((x) => /cards 0 but Anki generates 0,2/.test(x))).toBe(true);
      expect(problems.some((x) => x.startsWith('table revlog columns'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('export anki: identity across exports', () => {
  it('gives the same guids and ids twice; an edit changes only that note, with a newer mod', async () => {
    const dir = tempDir();
    try {
      const ctx = makeCtx(dir, FIXTURE_DECKS, Date.parse('2025-03-01T10:00:00'));
      const read = async (name: string): Promise<{ notes: Record<string, unknown>[]; cards: Record<string, unknown>[] }> => {
        const out = join(dir, name);
        await runExportAnki({ out }, ctx);
        const p = openApkg(out);
        try {
          return {
            notes: p.db.prepare('SELECT id, guid, mid, mod, tags, flds, cast(sfld as text) AS sfld, csum FROM notes ORDER BY id').all() as Record<string, unknown>[],
            cards: p.db.prepare('SELECT id, nid, did, ord, mod, type, queue, due FROM cards ORDER BY id').all() as Record<string, unknown>[],
          };
        } finally {
          p.close();
        }
      };
      const first = await read('1.apkg');
      ctx.setNow(Date.parse('2025-03-02T10:00:00'));
      const second = await read('2.apkg');
      expect(second).toEqual(first);

      // edit one card in the deck file; the next command re-syncs it into the collection
      const file = join(ctx.decksDir, 'beta.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('back: $\\max(0, x)$', 'back: $\\max(0, x)$, applied elementwise'));
      // (an edit after this exporter's content epoch, 2026-12-07: earlier edits are older than it)
      ctx.setNow(Date.parse('2027-03-05T10:00:00'));
      const third = await read('3.apkg');
      expect(third.notes.map((n) => n['guid'])).toEqual(first.notes.map((n) => n['guid']));
      const withoutMod = (rows: Record<string, unknown>[]): Record<string, unknown>[] => rows.map(({ mod: _mod, ...r }) => r);
      expect(withoutMod(third.cards)).toEqual(withoutMod(first.cards));
      const changed = third.notes.filter((n, i) => JSON.stringify(n) !== JSON.stringify(first.notes[i]));
      expect(changed).toHaveLength(1);
      const before = first.notes.find((n) => n['guid'] === changed[0]!['guid'])!;
      expect(String(changed[0]!['flds'])).toContain('applied elementwise');
      expect(changed[0]!['id']).toBe(before['id']);
      expect(changed[0]!['mod'] as number).toBeGreaterThan(before['mod'] as number);
      expect(changed[0]!['mod']).toBe(Math.floor(Date.parse('2027-03-05T10:00:00') / 1000));
      const changedCards = third.cards.filter((c, i) => c['mod'] !== first.cards[i]!['mod']);
      expect(changedCards.map((c) => c['nid'])).toEqual([changed[0]!['id']]);
      expect(changedCards[0]!['mod']).toBe(changed[0]!['mod']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('export anki: files', () => {
  it('replaces an existing file atomically and leaves no temporary file', async () => {
    const dir = tempDir();
    try {
      const ctx = makeCtx(dir, FIXTURE_DECKS);
      const outDir = join(dir, 'out');
      const { mkdirSync } = await import('node:fs');
      mkdirSync(outDir);
      const out = join(outDir, 'deepcards.apkg');
      writeFileSync(out, 'old');
      await runExportAnki({ out }, ctx);
      expect(readdirSync(outDir)).toEqual(['deepcards.apkg']);
      expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('defaults to deepcards.apkg in the current directory', async () => {
    const dir = tempDir();
    const cwd = process.cwd();
    try {
      const ctx = makeCtx(dir, FIXTURE_DECKS);
      process.chdir(dir);
      await runExportAnki({}, ctx);
      expect(existsSync(join(dir, 'deepcards.apkg'))).toBe(true);
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a missing directory, an unknown topic and a bad --instances', async () => {
    const dir = tempDir();
    try {
      const ctx = makeCtx(dir, FIXTURE_DECKS);
      await expect(runExportAnki({ out: join(dir, 'nope', 'x.apkg') }, ctx)).rejects.toThrow(/does not exist/);
      await expect(runExportAnki({ out: join(dir, 'x.apkg'), topics: ['gamma'] }, ctx)).rejects.toThrow(UserError);
      await expect(runExportAnki({ out: join(dir, 'x.apkg'), topics: ['gamma'] }, ctx)).rejects.toThrow(/unknown topic "gamma"; topics: alpha, beta/);
      await expect(runExportAnki({ out: join(dir, 'x.apkg'), instances: -1 }, ctx)).rejects.toThrow(/--instances/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exports only the chosen topics', async () => {
    const dir = tempDir();
    try {
      const ctx = makeCtx(dir, FIXTURE_DECKS);
      const out = join(dir, 'beta.apkg');
      await runExportAnki({ out, topics: ['beta'] }, ctx);
      const p = openApkg(out);
      try {
        expect(validatePackage(p)).toEqual([]);
        expect(p.db.prepare('SELECT count(*) FROM notes').pluck().get()).toBe(2);
        const decks = JSON.parse(p.db.prepare('SELECT decks FROM col').pluck().get() as string) as Record<string, { name: string }>;
        expect(Object.values(decks).map((d) => d.name).sort()).toEqual(['Deep Learning', 'Deep Learning::Beta Topic', 'Default']);
      } finally {
        p.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
