// --with-scheduling: a reviewed collection's SM-2 state and review log, read back from the package.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { studyDay } from '../../src/clock.js';
import { dayStartSecs, runExportAnki } from '../../src/commands/export.js';
import { openForCommand } from '../../src/commands/open-collection.js';
import { getItem, itemState, setSuspended, writeAnswer } from '../../src/store/collection.js';
import { review, type Grade } from '../../src/scheduler/sm2.js';
import { FIXTURE_DECKS, makeCtx, openApkg, tempDir, validatePackage, type Opened, type TestCtx } from './helpers.js';

const NOW = Date.parse('2025-03-01T10:00:00');

describe('export anki --with-scheduling', () => {
  let dir: string;
  let ctx: TestCtx;
  let p: Opened;
  let today: number;
  const finalState = new Map<string, { reps: number; ef: number; interval: number; due: number | null; lapses: number; reviews: number }>();

  beforeAll(async () => {
    dir = tempDir();
    ctx = makeCtx(dir, FIXTURE_DECKS, NOW);
    today = studyDay(NOW);
    const db = await openForCommand(ctx);
    const answer = (itemId: string, grade: Grade, day: number, kind: 'new' | 'review', durationMs = 4000): void => {
      const row = getItem(db, itemId)!;
      const at = dayStartSecs(day) * 1000 + 6 * 3_600_000;
      writeAnswer(db, { itemId, session: at, at, day, kind, grade, durationMs, after: review(itemState(row), grade, day) });
    };
    // conv-size: learned, passed, lapsed, relearned
    answer('alpha.conv-size', 4, today - 20, 'new');
    answer('alpha.conv-size', 5, today - 19, 'review');
    answer('alpha.conv-size', 2, today - 13, 'review', 12_000);
    answer('alpha.conv-size', 4, today - 12, 'review');
    // a drill does not change the schedule and is not carried over
    writeAnswer(db, { itemId: 'alpha.conv-size', session: 1, at: dayStartSecs(today - 12) * 1000 + 7 * 3_600_000, day: today - 12, kind: 'drill', grade: 3, durationMs: 1000, after: null });
    // one cloze deletion reviewed, the other left new
    answer('alpha.bn-bias#c2', 5, today - 3, 'new');
    // a reviewed card that is suspended
    answer('beta.relu', 3, today - 2, 'new');
    setSuspended(db, ['beta.relu'], true);
    for (const id of ['alpha.conv-size', 'alpha.bn-bias#c1', 'alpha.bn-bias#c2', 'beta.relu']) {
      const r = getItem(db, id)!;
      finalState.set(id, { reps: r.reps, ef: r.ef, interval: r.interval, due: r.due, lapses: r.lapses, reviews: r.reviews });
    }
    db.close();
    const out = join(dir, 'sched.apkg');
    await runExportAnki({ out, withScheduling: true }, ctx);
    p = openApkg(out);
  });
  afterAll(() => {
    p.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const cardOf = (needle: string, ord = 0): Record<string, number> => {
    const nid = (p.db.prepare('SELECT id, flds FROM notes').all() as { id: number; flds: string }[]).find((n) => n.flds.includes(needle))!.id;
    return p.db.prepare('SELECT * FROM cards WHERE nid = ? AND ord = ?').get(nid, ord) as Record<string, number>;
  };

  it('is a valid package', () => {
    expect(validatePackage(p)).toEqual([]);
  });

  it('carries interval, EF (× 10), due, reps and lapses into review cards', () => {
    const crt = p.db.prepare('SELECT crt FROM col').pluck().get() as number;
    const crtDay = studyDay(crt * 1000);
    expect(crtDay).toBe(today - 20); // the first review day: every due is ≥ 0
    const s = finalState.get('alpha.conv-size')!;
    expect(s).toMatchObject({ lapses: 1, reviews: 4 });
    const c = cardOf('Output width');
    expect(c).toMatchObject({ type: 2, queue: 2, ivl: s.interval, factor: s.ef * 10, reps: 4, lapses: 1 });
    expect(c['due']! + crtDay).toBe(s.due);
    // Anki shifts review dues by its days-elapsed (v1: whole days since crt), so the card stays due
    // as many days from today as in deepcards
    const daysElapsed = Math.floor((NOW / 1000 - crt) / 86_400);
    expect(c['due']! - daysElapsed).toBe(s.due! - today);
    expect(s.ef * 10).toBe(cardOf('Output width')['factor']);
  });

  it('maps each cloze deletion to its own card; new items stay new', () => {
    const c2 = finalState.get('alpha.bn-bias#c2')!;
    expect(cardOf('batch norm', 1)).toMatchObject({ type: 2, queue: 2, ivl: c2.interval, factor: c2.ef * 10 });
    expect(cardOf('batch norm', 0)).toMatchObject({ type: 0, queue: 0, ivl: 0, factor: 0, reps: 0 });
    expect(cardOf('Second line')).toMatchObject({ type: 0, queue: 0 });
  });

  it('keeps a suspended card suspended', () => {
    expect(cardOf('ReLU of')).toMatchObject({ type: 2, queue: -1 });
  });

  it('writes the review history to revlog with the grade → ease mapping', () => {
    const cid = cardOf('Output width')['id'];
    const log = p.db.prepare('SELECT ease, ivl, lastIvl, factor, time, type FROM revlog WHERE cid = ? ORDER BY id').all(cid);
    expect(log).toEqual([
      { ease: 3, ivl: 1, lastIvl: 0, factor: 2500, time: 4000, type: 0 },
      { ease: 4, ivl: 6, lastIvl: 1, factor: 2600, time: 4000, type: 1 },
      { ease: 1, ivl: 1, lastIvl: 6, factor: 2280, time: 12_000, type: 1 },
      { ease: 3, ivl: 1, lastIvl: 1, factor: 2280, time: 4000, type: 2 },
    ]);
    expect(p.db.prepare('SELECT count(*) FROM revlog').pluck().get()).toBe(6);
    const ids = p.db.prepare('SELECT id FROM revlog ORDER BY id').pluck().all() as number[];
    expect(ids[0]).toBe(dayStartSecs(today - 20) * 1000 + 6 * 3_600_000);
  });

  it('prints what it carried over', () => {
    expect(ctx.stdout.join('')).toContain('Scheduling: 3 reviewed cards, 6 review log entries');
  });
});
