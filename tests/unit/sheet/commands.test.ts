import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../../src/commands/context.js';
import { compactLines, runDecksCoverage, runDecksErrata, runDecksGenerate } from '../../../src/commands/sheet.js';
import { loadDecks } from '../../../src/decks/load.js';
import { LocatedError, UserError } from '../../../src/errors.js';

const FIX = fileURLToPath(new URL('../../fixtures/sheets', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SHEET = join(FIX, 'coverage-sheet.txt');

function fakeCtx(decksDir = join(FIX, 'decks')): CommandContext & { stdout: () => string; stderr: () => string } {
  let out = '';
  let err = '';
  return {
    out: { write: (t) => void (out += t) },
    err: { write: (t) => void (err += t) },
    env: {},
    clock: { now: () => 0 } as unknown as CommandContext['clock'],
    dbPath: '/nonexistent/collection.db',
    dbIsDefault: false,
    packageRoot: ROOT,
    color: false,
    decksDir,
    stdin: process.stdin,
    stdout: () => out,
    stderr: () => err,
  };
}

const tmp: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'deepcards-sheet-'));
  tmp.push(d);
  return d;
}
afterEach(() => {
  for (const d of tmp.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('decks coverage', () => {
  it('prints the per-topic table, the overall figure and the uncovered lines', async () => {
    const ctx = fakeCtx();
    expect(await runDecksCoverage({ sheet: SHEET }, ctx)).toBe(0);
    const out = ctx.stdout();
    expect(out).toMatch(/^alpha +5–12 +5 +3 +1 +1 +60\.0%$/m);
    expect(out).toMatch(/^gamma +17–20 +3 +2 +0 +1 +66\.7%$/m);
    expect(out).toContain('covered 7 of 10 content lines (70.0%); 1 excused, 2 with no card');
    expect(out).toMatch(/ {3}12 +alpha +A plain sentence with no card\.\n +NO CARD\n/);
    expect(out).toMatch(/ {4}9 +alpha +noise: the same line twice\n +excused: OCR noise - a duplicated line\n/);
  });

  it('--json gives the same data', async () => {
    const ctx = fakeCtx();
    expect(await runDecksCoverage({ sheet: SHEET, json: true }, ctx)).toBe(0);
    const j = JSON.parse(ctx.stdout());
    expect(j.total).toEqual({ content: 10, covered: 7, excused: 1, noCard: 2, percent: 70 });
    expect(j.topics.map((t: { topic: string }) => t.topic)).toEqual(['alpha', 'beta', 'gamma']);
    expect(j.uncovered.map((u: { line: number }) => u.line)).toEqual([9, 12, 18]);
    expect(j.rule).toMatch(/^A sheet line is content unless/);
  });

  it('--min P exits 1 below P and 0 at or above it', async () => {
    const low = fakeCtx();
    expect(await runDecksCoverage({ sheet: SHEET, min: 70.5 }, low)).toBe(1);
    expect(low.stderr()).toContain('coverage 70% is below --min 70.5%');
    expect(await runDecksCoverage({ sheet: SHEET, min: 70 }, fakeCtx())).toBe(0);
    await expect(runDecksCoverage({ sheet: SHEET, min: 120 }, fakeCtx())).rejects.toThrow(UserError);
  });

  it('reads the bundled sheet by default; a missing sheet is a usage error', async () => {
    const ctx = fakeCtx(join(ROOT, 'decks'));
    expect(await runDecksCoverage({ json: true }, ctx)).toBe(0);
    expect(JSON.parse(ctx.stdout()).sheetLines).toBeGreaterThan(900);
    await expect(runDecksCoverage({ sheet: join(FIX, 'nope.txt') }, fakeCtx())).rejects.toMatchObject({ exitCode: 2 });
  });
});

describe('decks errata', () => {
  it('groups corrections by topic in sheet order with a count', async () => {
    const ctx = fakeCtx();
    expect(await runDecksErrata({ sheet: SHEET }, ctx)).toBe(0);
    const out = ctx.stdout();
    expect(out.indexOf('alpha.term-two')).toBeLessThan(out.indexOf('alpha.formula'));
    expect(out.indexOf('alpha.formula')).toBeLessThan(out.indexOf('beta.pro'));
    expect(out).toMatch(/alpha — Alpha \(2 corrections\)/);
    expect(out).toMatch(/ {7}6 \| Term two: \$a = b \+ c\$/);
    expect(out).toMatch(/sheet had: +a = b - c/); // LaTeX rendered for the terminal
    expect(out).toMatch(/correction: The sign is a plus \(fixture\)\./);
    expect(out.trimEnd().split('\n').at(-1)).toBe('4 corrections in 3 topics');
  });

  it('--topic filters, --json keeps LaTeX raw, an unknown topic is a usage error', async () => {
    const ctx = fakeCtx();
    expect(await runDecksErrata({ sheet: SHEET, topic: 'gamma', json: true }, ctx)).toBe(0);
    const j = JSON.parse(ctx.stdout());
    expect(j.count).toBe(1);
    expect(j.topics[0].errata[0]).toMatchObject({ id: 'gamma.expectation', had: '$E[X] = \\sigma$', lines: [17] });
    await expect(runDecksErrata({ sheet: SHEET, topic: 'nope' }, fakeCtx())).rejects.toMatchObject({ exitCode: 2 });
  });
});

describe('decks generate', () => {
  it('writes one file per topic, prints what it wrote and the review reminder; drafts pass decks check', async () => {
    const dir = join(tempDir(), 'drafts');
    const ctx = fakeCtx();
    expect(await runDecksGenerate(join(FIX, 'plain-sheet.txt'), { out: dir }, ctx)).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['activation-functions.yaml', 'loss-functions.yaml']);
    const out = ctx.stdout();
    expect(out).toMatch(/wrote 2 draft decks \(11 cards\)/);
    expect(out).toMatch(/loss-functions\.yaml +5 cards +from sheet lines 1–9/);
    expect(out).toContain('dropped noise: "↳ page 3 of the scan" ×3 (lines 16, 17, 19)');
    expect(out).toContain('1 content line got no draft card');
    expect(out.trimEnd().split('\n').at(-1)).toBe(`These are drafts: review every card for correctness before studying them (deepcards decks check ${dir}).`);
    expect(ctx.stderr()).toMatch(/plain-sheet\.txt:16:1: dropped noise/);
    expect(loadDecks([dir]).errors).toEqual([]);
  });

  it('refuses to overwrite without --force, overwrites with it', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'loss-functions.yaml'), 'mine\n');
    await expect(runDecksGenerate(join(FIX, 'plain-sheet.txt'), { out: dir }, fakeCtx())).rejects.toThrow(/refusing to overwrite .*loss-functions\.yaml.*--force/);
    expect(readFileSync(join(dir, 'loss-functions.yaml'), 'utf8')).toBe('mine\n');
    expect(existsSync(join(dir, 'activation-functions.yaml'))).toBe(false); // nothing written at all
    const ctx = fakeCtx();
    expect(await runDecksGenerate(join(FIX, 'plain-sheet.txt'), { out: dir, force: true }, ctx)).toBe(0);
    expect(readFileSync(join(dir, 'loss-functions.yaml'), 'utf8')).toMatch(/^# Draft deck/);
    expect(ctx.stdout()).toContain('(overwritten)');
  });

  it('unreadable input is a located error (exit 1); a missing file a usage error (exit 2)', async () => {
    const dir = tempDir();
    const bin = join(dir, 'sheet.bin');
    writeFileSync(bin, Buffer.from([0x54, 0x0a, 0x00, 0x01, 0x02]));
    const e = await runDecksGenerate(bin, { out: join(dir, 'out') }, fakeCtx()).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(LocatedError);
    expect((e as LocatedError).message).toMatch(/sheet\.bin:2:1: binary data/);
    expect((e as LocatedError).exitCode).toBe(1);
    expect(existsSync(join(dir, 'out'))).toBe(false);
    await expect(runDecksGenerate(join(dir, 'missing.txt'), { out: dir }, fakeCtx())).rejects.toMatchObject({ exitCode: 2 });
  });

  it('compactLines', () => {
    expect(compactLines([3, 4, 5, 9, 11, 12])).toBe('3-5, 9, 11-12');
    expect(compactLines([])).toBe('');
  });
});
