// The Anki export faults found by importing it with Anki's own code (../shared/findings/anki.md P1–P11)
// and the export faults of issue 14 (F2 unbounded spread, F10 javascript: links and spreadsheet formulas).
import Database from 'better-sqlite3';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExportAnki, runExportCsv } from '../../src/commands/export.js';
import { neutralizeLinks, texToHtml } from '../../src/export/anki/fields.js';
import { buildCollection, numericFields, type ExportCard, type ExportItem, type ExportReview } from '../../src/export/anki/notes.js';
import { defuseFormula, plainCsv } from '../../src/export/csv.js';
import { familyIds, getFamily, instantiate } from '../../src/questions/registry.js';
import { seedFor } from '../../src/questions/rng.js';
import type { NumericCard } from '../../src/decks/model.js';
import { FIXTURE_DECKS, makeCtx, openApkg, tempDir } from './helpers.js';

/** Field text with every MathJax span removed: what Anki shows as plain text. */
function outsideMath(html: string): string {
  return html.replace(/\\\([\s\S]*?\\\)|\\\[[\s\S]*?\\\]/g, '');
}

async function notesOf(ctx: ReturnType<typeof makeCtx>, out: string, withScheduling = false): Promise<{ guid: string; mod: number; tags: string; id: number; flds: string }[]> {
  await runExportAnki({ out, withScheduling }, ctx);
  const p = openApkg(out);
  try {
    return p.db.prepare('SELECT id, guid, mod, tags, flds FROM notes ORDER BY guid').all() as { guid: string; mod: number; tags: string; id: number; flds: string }[];
  } finally {
    p.close();
  }
}

describe('P1: the scheduler version', () => {
  it('declares schedVer 2 in col.conf, so no importer rewrites learning answers', async () => {
    const dir = tempDir();
    try {
      const ctx = makeCtx(dir, FIXTURE_DECKS);
      const out = join(dir, 'a.apkg');
      await runExportAnki({ out, withScheduling: true }, ctx);
      const p = openApkg(out);
      try {
        const conf = JSON.parse(p.db.prepare('SELECT conf FROM col').pluck().get() as string) as Record<string, unknown>;
        expect(conf['schedVer']).toBe(2);
      } finally {
        p.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('P2: note mod follows content, not the collection', () => {
  it('two fresh collections at different times export identical mods; a later edit gets a later mod', async () => {
    const a = tempDir();
    const b = tempDir();
    try {
      const ctxA = makeCtx(a, FIXTURE_DECKS, Date.parse('2026-12-20T10:00:00'));
      const ctxB = makeCtx(b, FIXTURE_DECKS, Date.parse('2027-05-01T18:30:00'));
      const na = await notesOf(ctxA, join(a, 'a.apkg'));
      const nb = await notesOf(ctxB, join(b, 'b.apkg'));
      expect(nb.map((n) => [n.guid, n.mod])).toEqual(na.map((n) => [n.guid, n.mod]));
      // 2026-12-07 00:00 UTC, the content epoch of this exporter
      expect(new Set(na.map((n) => n.mod))).toEqual(new Set([Date.UTC(2026, 11, 7) / 1000]));

      const file = join(ctxA.decksDir, 'beta.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('back: $\\max(0, x)$', 'back: $\\max(0, x)$, elementwise'));
      const editAt = Date.parse('2027-01-02T09:00:00');
      ctxA.setNow(editAt);
      const edited = await notesOf(ctxA, join(a, 'a2.apkg'));
      const changed = edited.filter((n, i) => n.mod !== na[i]!.mod);
      expect(changed).toHaveLength(1);
      expect(changed[0]!.flds).toContain('elementwise');
      expect(changed[0]!.mod).toBe(Math.floor(editAt / 1000));
    } finally {
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    }
  });
});

describe('P3/P5/P7: retired cards, leeches and tags', () => {
  it('exports a retired card suspended and tagged deepcards::retired, a leech tagged leech, card tags under deepcards::tag::', async () => {
    const dir = tempDir();
    try {
      const ctx = makeCtx(dir, FIXTURE_DECKS, Date.parse('2026-12-20T10:00:00'));
      await notesOf(ctx, join(dir, '0.apkg'));
      // a leech: marked as the review session marks one
      const db = new Database(ctx.dbPath);
      db.prepare("UPDATE items SET leech = 1, suspended = 1, lapses = 8, due = 1 WHERE card_id = 'alpha.escape'").run();
      db.close();
      // retire beta.relu: remove it from its deck file; the next command syncs
      const file = join(ctx.decksDir, 'beta.yaml');
      const text = readFileSync(file, 'utf8');
      const start = text.indexOf('  - id: beta.relu');
      writeFileSync(file, text.slice(0, start));
      const retiredAt = Date.parse('2027-02-01T12:00:00');
      ctx.setNow(retiredAt);
      const out = join(dir, '1.apkg');
      const notes = await notesOf(ctx, out);
      const p = openApkg(out);
      try {
        const relu = notes.find((n) => n.flds.includes('\\max(0, x)'))!;
        expect(relu.tags.trim().split(' ')).toEqual(['deepcards::beta', 'deepcards::retired']);
        expect(relu.mod).toBe(Math.floor(retiredAt / 1000)); // newer: Anki takes the tag on re-import
        expect(p.db.prepare('SELECT queue FROM cards WHERE nid = ?').pluck().all(relu.id)).toEqual([-1]);
        const leech = notes.find((n) => n.tags.includes(' leech '))!;
        expect(p.db.prepare('SELECT count(*) FROM notes WHERE tags LIKE ?').pluck().get('% leech %')).toBe(1);
        expect(leech.flds).toContain('&lt; b'); // alpha.escape
        // every tag is under deepcards:: except Anki's own leech tag
        for (const n of notes) for (const t of n.tags.trim().split(' ')) expect(t === 'leech' || t.startsWith('deepcards::')).toBe(true);
        expect(notes.some((n) => n.tags.includes(' deepcards::tag::formula '))).toBe(true);
      } finally {
        p.close();
      }
      // the CSV leaves retired cards out
      const csv = join(dir, 'x.csv');
      await runExportCsv({ out: csv }, ctx);
      expect(readFileSync(csv, 'utf8')).not.toContain('beta.relu');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const numericCard = (id: string): NumericCard => ({ id, type: 'numeric', family: 'softmax', level: 1, sheet: [1], tags: [] });
const ec = (card: ExportCard['card'], position: number): ExportCard => ({ card, topic: 't', position, addedAt: 1_700_000_000_000, modifiedAt: 1_700_000_000_000 });
const opts = { instances: 3, withScheduling: true, now: 1_800_000_000_000, today: 20_800, dayStart: (d: number) => d * 86_400, instantiate };

describe('P8: numeric instances spread through the new-card order', () => {
  it('puts instance k one pass through the deck later', () => {
    const basic = (id: string): ExportCard['card'] => ({ id, type: 'basic', front: id, back: 'b', sheet: [1], tags: [] });
    // deck order: b1, n1, b2, n2 -> 4 first notes; instance k at its first's position + 4k
    const c = buildCollection([ec(basic('t.b1'), 1), ec(numericCard('t.n1'), 2), ec(basic('t.b2'), 3), ec(numericCard('t.n2'), 4)], [], [], [], opts);
    const dueOf = new Map(c.notes.map((n) => [n.flds.split('\x1f')[0]!, c.cards.find((k) => k.nid === n.id)!.due]));
    const dues = c.cards.map((k) => k.due).sort((x, y) => x - y);
    expect(dues).toEqual([1, 2, 3, 4, 6, 8, 10, 12]);
    expect(dueOf.get('t.b1')).toBe(1);
    expect(dueOf.get('t.b2')).toBe(3);
  });
});

describe('P9: no raw TeX outside MathJax in any field', () => {
  it('wraps TeX a generator wrote in prose (every family, levels 1–3, 20 instances)', () => {
    expect(outsideMath(texToHtml('Answer: 0.1956, 4.038 \\times 10^{-5}, 0.8044'))).not.toMatch(/\\[A-Za-z]/);
    expect(texToHtml('Answer: 4.038 \\times 10^{-5}')).toBe('Answer: \\(4.038 \\times 10^{-5}\\)');
    const bad: string[] = [];
    for (const family of familyIds()) {
      for (const level of [1, 2, 3] as const) {
        const card: NumericCard = { id: `t.${family}`, type: 'numeric', family, level, sheet: [1], tags: [] };
        for (let k = 0; k < 20; k++) {
          const fields = numericFields(card, instantiate(family, seedFor(card.id, k), level), k, getFamily(family)?.title);
          for (const f of fields) if (/\\[A-Za-z]/.test(outsideMath(f))) bad.push(`${family} L${level} #${k}: ${outsideMath(f).slice(0, 120)}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });
});

describe('P11: one message for a bad --instances', () => {
  it('says the same thing from the command as from the argument parser', async () => {
    const dir = tempDir();
    try {
      const ctx = makeCtx(dir, FIXTURE_DECKS);
      await expect(runExportAnki({ out: join(dir, 'x.apkg'), instances: 101 }, ctx)).rejects.toThrow('--instances must be an integer from 0 to 100');
      const cli = readFileSync(join(__dirname, '../../src/cli.ts'), 'utf8');
      expect(cli).toContain("'--instances must be an integer from 0 to 100'");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('F2: --with-scheduling on very many rows', () => {
  it('builds a collection from 400,000 review rows (a spread of them overflowed the call stack)', () => {
    const card = ec({ id: 't.b', type: 'basic', front: 'f', back: 'b', sheet: [1], tags: [] }, 1);
    const items: ExportItem[] = [{ cardId: 't.b', ord: 0, reps: 3, ef: 250, interval: 10, due: 20_810, lapses: 0, reviews: 400_000, suspended: false }];
    const reviews: ExportReview[] = [];
    for (let i = 0; i < 400_000; i++) {
      reviews.push({ cardId: 't.b', ord: 0, reviewedAt: 1_000_000_000_000 + i * 60_000, day: 11_574 + Math.floor(i / 1440), kind: 'review', grade: 4,
        durationMs: 1000, repsBefore: 3, intervalBefore: 10, lapsesBefore: 0, efAfter: 250, intervalAfter: 10 });
    }
    const c = buildCollection([card], items, reviews, [], opts);
    expect(c.revlog).toHaveLength(400_000);
    // crt = the earliest day (11_574) at its start, with dayStart(d) = d · 86 400 here
    expect(c.col.crt).toBe(11_574 * 86_400);
  });
});

describe('F10: links and spreadsheet formulas', () => {
  it('neutralises javascript: (and vbscript:, data:) links in MathJax, however spaced', () => {
    expect(neutralizeLinks('\\href{javascript:alert(1)}{x}')).toBe('\\href{#}{x}');
    expect(neutralizeLinks('\\href{ Java\tScript :alert(1)}{x}')).toBe('\\href{#}{x}');
    expect(neutralizeLinks('\\url{data:text/html,hi}')).toBe('\\url{#}');
    expect(neutralizeLinks('\\href{https://example.org}{x}')).toBe('\\href{https://example.org}{x}');
    expect(texToHtml('see $\\href{javascript:alert(1)}{here}$')).toBe('see \\(\\href{#}{here}\\)');
    expect(texToHtml('see \\href{javascript:alert(1)}{here}')).not.toContain('javascript');
  });

  it('prefixes cells a spreadsheet would evaluate with a quote', () => {
    for (const bad of ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx']) expect(defuseFormula(bad)).toBe(`'${bad}`);
    expect(defuseFormula('a = b')).toBe('a = b');
    const text = plainCsv([{ id: 't.x', topic: 't', type: 'basic', front: '=HYPERLINK("http://evil","click")', back: 'ok', tags: [] }]);
    expect(text.split('\r\n')[1]).toBe(`t.x,t,basic,"'=HYPERLINK(""http://evil"",""click"")",ok,`);
  });
});
