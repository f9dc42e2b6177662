// The plans of the queries that must stay fast at 100,000 cards and a million reviews: each reads an
// index range, not a table. docs/performance.md shows the same plans with timings.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations } from '../../src/store/migrate.js';
import { openCollection, type Db } from '../../src/store/open.js';
import { statsSql } from '../../src/store/stats-queries.js';

let dir: string;
let db: Db;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'dc-plans-'));
  db = openCollection(join(dir, 'c.db'), { migrations: loadMigrations('migrations'), now: 0 });
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const params = { today: 20514, from: 20485, dueBefore: 20544, heatmapFrom: 20339 };

function plan(sql: string, topics: string[] = []): string {
  const used = Object.fromEntries(Object.entries(params).filter(([k]) => sql.includes(`@${k}`)));
  const st = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  const rows = (Object.keys(used).length ? st.all(used, ...topics) : st.all(...topics)) as { detail: string }[];
  return rows.map((r) => r.detail).join('\n');
}

describe('stats queries', () => {
  const sql = statsSql(null);
  it('the forecast reads the items_due index', () => {
    expect(plan(sql.dueByDay)).toMatch(/^SEARCH items USING (COVERING )?INDEX items_due \(due>\? AND due<\?\)$/);
  });
  it('heatmap, streaks, retention and time read a day range of review_days, not the review log', () => {
    for (const q of [sql.reviewsByDay, sql.retention, sql.timeByDay]) {
      const p = plan(q);
      expect(p).toMatch(/SEARCH review_days USING PRIMARY KEY \(day>\? AND day<\?\)/);
      expect(p).not.toMatch(/reviews/);
    }
    expect(plan(sql.activeDays)).toMatch(/SEARCH review_days USING PRIMARY KEY \(day<\?\)/);
  });
  it('numeric accuracy reads the partial reviews_family index only', () => {
    expect(plan(sql.families)).toMatch(/SEARCH reviews USING COVERING INDEX reviews_family \(day>\? AND day<\?\)/);
  });
  it('leeches come from the partial items_leech index', () => {
    expect(plan(sql.leeches)).toMatch(/items_leech/);
    expect(plan(sql.leeches)).not.toMatch(/^SCAN i$/m);
  });
  it('the card counts are one pass over the items_topic index in topic order: no join, no sort', () => {
    const p = plan(sql.items);
    expect(p).toMatch(/^SCAN items USING (COVERING )?INDEX items_topic$/);
    expect(p).not.toMatch(/cards|TEMP B-TREE/);
  });
  it('the E-Factor histogram reads the partial items_ef index', () => {
    expect(plan(sql.ease)).toMatch(/^SCAN items USING (COVERING )?INDEX items_ef$/);
  });
  it('with a topic filter the same indexes are used', () => {
    const f = statsSql(['cnn']);
    expect(plan(f.retention, ['cnn'])).toMatch(/SEARCH review_days USING PRIMARY KEY \(day>\? AND day<\?\)/);
    expect(plan(f.dueByDay, ['cnn'])).toMatch(/^SEARCH items USING (COVERING )?INDEX (items_due|items_topic)/);
  });
});

describe('review session queries', () => {
  it("today's due items come from items_due; today's counts from reviews_day", () => {
    expect(plan(`SELECT i.id FROM items i JOIN cards c ON c.id = i.card_id
      WHERE i.due IS NOT NULL AND i.due <= @today AND i.suspended = 0 AND i.retired = 0 AND c.retired_at IS NULL ORDER BY i.due LIMIT -1`))
      .toMatch(/SEARCH i USING INDEX items_due \(due>\? AND due<\?\)/);
    expect(plan('SELECT count(*) FROM reviews WHERE day = @today AND kind = ?', ['new'])).toMatch(/^SEARCH reviews USING INDEX reviews_day \(day=\?\)$/);
  });
});

describe('session summary', () => {
  it("reads one session's answers through reviews_session", () => {
    expect(plan("SELECT kind, grade FROM reviews WHERE session = ? AND source = 'deepcards'", ['1'])).toMatch(/SEARCH reviews USING INDEX reviews_session \(session=\?\)/);
    expect(plan("SELECT DISTINCT item_id FROM reviews WHERE session = ? AND source = 'deepcards' AND kind != 'drill' AND grade < 3", ['1'])).toMatch(/reviews_session/);
  });
});
