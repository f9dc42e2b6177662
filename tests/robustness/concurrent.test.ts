// Two terminals reviewing the same collection at once: both finish without an error, every
// acknowledged answer is in the log, and no card is graded twice for the same day's schedule.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run, tempDir } from '../cli/harness.js';
import { rng, startSession, summaryMatchesLog, withDb, writeDecks, integrity } from './session.js';

let t: ReturnType<typeof tempDir>;
beforeEach(() => (t = tempDir()));
afterEach(() => t.cleanup());

describe('two sessions on one collection', () => {
  it('run side by side: no crash, no lost and no doubled review', async () => {
    const db = join(t.dir, 'collection.db');
    const env = { DEEPCARDS_DB: db, DEEPCARDS_DECKS: writeDecks(join(t.dir, 'decks'), 40) };
    // yesterday: 20 cards learned, so that today has due reviews as well as new cards
    expect(run(['--new', '20'], { input: '\n4\n'.repeat(20), env: { ...env, DEEPCARDS_NOW: '2026-03-01T09:00:00' } }).code).toBe(0);
    const today = { ...env, DEEPCARDS_NOW: '2026-03-02T09:00:00' };
    const a = startSession(['--new', '10'], today);
    const b = startSession(['--new', '10'], today);
    // both have read the same queue and show its first card before either answers
    await Promise.all([a.waitFor((o) => o.includes('show answer')), b.waitFor((o) => o.includes('show answer'))]);
    // then both answer as fast as they can, interleaved at random
    const rand = rng(7);
    const drive = async (s: typeof a): Promise<void> => {
      for (let i = 0; i < 80 && s.child.exitCode === null; i++) {
        s.send('');
        s.send(String(3 + Math.floor(rand() * 3)));
        await new Promise((r) => setTimeout(r, rand() * 15));
      }
      s.send('q');
    };
    await Promise.all([drive(a), drive(b)]);
    const [ca, cb] = await Promise.all([a.exited, b.exited]);
    expect({ a: ca, b: cb, errA: a.err(), errB: b.err() }).toEqual({ a: 0, b: 0, errA: '', errB: '' });
    const acks = a.acks() + b.acks();
    expect(acks).toBeGreaterThan(20);
    withDb(db, (d) => {
      const day = Math.floor(Date.UTC(2026, 2, 2) / 86_400_000);
      const rows = d.prepare('SELECT item_id, kind FROM reviews WHERE day = ?').all(day) as { item_id: string; kind: string }[];
      // no lost review: each acknowledgement is a row (both sessions print one per committed answer)
      expect(rows.length).toBe(acks);
      // no doubled review: one scheduled answer (new or review) per item and day; the rest are re-drills
      const scheduled = rows.filter((r) => r.kind !== 'drill').map((r) => r.item_id);
      expect(scheduled.length).toBe(new Set(scheduled).size);
      expect(scheduled.length).toBe(30); // the 20 due reviews and 10 new cards, each once
    });
    expect(integrity(db)).toBe('ok');
    expect(summaryMatchesLog(db)).toBe(true);
  }, 120_000);
});

describe('the race itself, two connections', () => {
  it('the second answer computed from a state the first one replaced is refused, not written', async () => {
    const { loadMigrations } = await import('../../src/store/migrate.js');
    const { openCollection } = await import('../../src/store/open.js');
    const { AnsweredElsewhereError, getItem, itemState, writeAnswer } = await import('../../src/store/collection.js');
    const { review } = await import('../../src/scheduler/sm2.js');
    const path = join(t.dir, 'race.db');
    const open = () => openCollection(path, { migrations: loadMigrations('migrations'), now: 0 });
    const a = open();
    a.exec("INSERT INTO cards (id, topic, type, content, hash, position, added_at, modified_at) VALUES ('x.a', 'x', 'basic', '{}', 'h', 0, 0, 0); INSERT INTO items (id, card_id, ord) VALUES ('x.a', 'x.a', 0);");
    const b = open();
    const day = 20514;
    // both terminals show the new card
    const seenA = getItem(a, 'x.a')!;
    const seenB = getItem(b, 'x.a')!;
    writeAnswer(a, { itemId: 'x.a', session: 1, at: 1, day, kind: 'new', grade: 5, durationMs: 1, after: review(itemState(seenA), 5, day) });
    expect(() => writeAnswer(b, { itemId: 'x.a', session: 2, at: 2, day, kind: 'new', grade: 3, durationMs: 1, after: review(itemState(seenB), 3, day) }))
      .toThrow(AnsweredElsewhereError);
    expect(a.prepare('SELECT count(*) FROM reviews').pluck().get()).toBe(1);
    expect(getItem(a, 'x.a')).toMatchObject({ reps: 1, ef: 260 });
    a.close();
    b.close();
  });
});
