// An own deck (deck-level `source:`, no `sheet:` lines) as a user meets it: it checks clean, syncs, keeps its
// file order after the course instead of interleaving by line number, and takes part in exams, stats and
// export. Needs `npm run build`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { E2E_DECKS, openDb, run, tempDir } from './harness.js';

let t: ReturnType<typeof tempDir>;
beforeEach(() => (t = tempDir()));
afterEach(() => t.cleanup());

// file order differs from alphabetical order, so "file order" is observable
const OWN = `topic: linalg
title: Linear algebra (my notes)
description: Hand-written cards from Strang's book.
source: G. Strang, Introduction to Linear Algebra, ch. 1-3
cards:
  - id: linalg.rank
    type: basic
    front: What is the rank of a matrix?
    back: The dimension of its column space.
  - id: linalg.det-product
    type: cloze
    text: "$\\\\det(AB) =$ {{c1::$\\\\det A \\\\det B$}}"
  - id: linalg.a-orthogonal
    type: choice
    front: An orthogonal matrix has determinant …
    choices: [0, 2, ±1]
    answer: ±1
`;

function setup(): { db: string; env: Record<string, string>; dir: string } {
  const dir = join(t.dir, 'own');
  mkdirSync(dir);
  writeFileSync(join(dir, 'linalg.yaml'), OWN);
  return { db: join(t.dir, 'c.db'), env: { DEEPCARDS_DECKS: E2E_DECKS }, dir };
}

describe('own decks', () => {
  it('need no sheet lines when the deck names its source, and check clean under --strict', () => {
    const { dir, env } = setup();
    const r = run(['decks', 'check', '--strict', dir], { env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ok: 1 file, 1 deck, 3 cards');
    // without `source:` the course rule stands: every card cites the sheet
    writeFileSync(join(dir, 'linalg.yaml'), OWN.replace(/^source:.*\n/m, ''));
    const bad = run(['decks', 'check', dir], { env });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/linalg\.yaml:5:5: missing field "sheet"/);
  });

  it('come after the course in their own file order, and are shown, examined and exported', () => {
    const { db, dir, env } = setup();
    expect(run(['--db', db, 'status'], { env }).code).toBe(0); // the bundled (course) decks
    const sync = run(['--db', db, 'decks', 'sync', dir], { env });
    expect(sync.code).toBe(0);
    expect(sync.stdout).toMatch(/^3 added/);

    const d = openDb(db);
    const order = d.prepare('SELECT id, topic, position FROM cards ORDER BY position, id').all() as { id: string; topic: string; position: number }[];
    d.close();
    const own = order.filter((r) => r.topic === 'linalg').map((r) => r.id);
    expect(own).toEqual(['linalg.rank', 'linalg.det-product', 'linalg.a-orthogonal']);
    // a contiguous block after every course card
    expect(order.slice(-3).map((r) => r.topic)).toEqual(['linalg', 'linalg', 'linalg']);

    // new cards come in that order: the first new card of the deck is its first card
    const rev = run(['--db', db, 'review', '--topic', 'linalg', '--new', '1'], { env, input: 'q\n' });
    expect(rev.stdout).toContain('What is the rank of a matrix?');

    const exam = run(['--db', db, 'exam', '--topics', 'linalg', '--count', '3', '--seed', '7'], { env });
    expect(exam.code).toBe(0);
    expect(exam.stdout).toContain('card linalg.rank');
    expect(exam.stdout).not.toMatch(/linalg\.rank · sheet/);

    const stats = run(['--db', db, 'stats', '--topic', 'linalg'], { env });
    expect(stats.code).toBe(0);

    const csv = join(t.dir, 'out.csv');
    expect(run(['--db', db, 'export', 'csv', '-o', csv, '--topics', 'linalg'], { env }).code).toBe(0);
    const text = readFileSync(csv, 'utf8');
    expect(text).toContain('linalg.det-product');
    expect(text).toContain('linalg.a-orthogonal');
    expect(text).not.toContain('Sheet:');
  });
});
