// The reads behind `deepcards stats`: small aggregates, each served by an index (the plans are pinned
// in tests/store/query-plans.test.ts and shown in docs/performance.md). Rows out, no figures computed.
// The history figures read review_days (migration 003: the review log summed per day, topic, kind
// and maturity, kept by triggers), not the log itself: a few thousand rows instead of a million.
import { MATURE_DAYS, type StatsRows } from '../stats/compute.js';
import type { Db } from './open.js';

export interface StatsQueryOptions {
  today: number;
  /** First day of the period (history figures). */
  from: number;
  /** Forecast: items due before this day. */
  dueBefore: number;
  /** First day of the heatmap window. */
  heatmapFrom: number;
  topics: string[] | null;
}

/** The topic of an item or card id: ids are `<topic>.<slug>` (the deck parser enforces it). */
const topicOf = (col: string): string => `substr(${col}, 1, instr(${col}, '.') - 1)`;

/** The SQL of each read, with the topic filter spliced in; exported for the query-plan tests. */
export function statsSql(topics: string[] | null): Record<keyof StatsRows, string> {
  const ph = topics && topics.length ? topics.map(() => '?').join(', ') : null;
  const itemFilter = ph ? ` AND ${topicOf('card_id')} IN (${ph})` : '';
  const dayFilter = ph ? ` AND topic IN (${ph})` : '';
  return {
    dueByDay: `SELECT due, count(*) AS n FROM items
      WHERE due IS NOT NULL AND suspended = 0 AND retired = 0 AND due < @dueBefore${itemFilter} GROUP BY due`,
    reviewsByDay: `SELECT day, sum(n) AS n FROM review_days
      WHERE day >= @heatmapFrom AND day <= @today${dayFilter} GROUP BY day`,
    activeDays: `SELECT DISTINCT day FROM review_days WHERE day <= @today${dayFilter}`,
    retention: `SELECT topic, mature, sum(n) AS n, sum(passed) AS passed FROM review_days
      WHERE day >= @from AND day <= @today AND kind = 'review'${dayFilter} GROUP BY topic, mature`,
    // one pass over the items in topic order (the items_topic index: no sort), simple sums only
    items: `SELECT ${topicOf('card_id')} AS topic, count(*) AS n, sum(due IS NULL) AS isNew,
        sum(due IS NOT NULL AND interval >= ${MATURE_DAYS}) AS mature, sum(suspended) AS suspended, sum(leech) AS leech,
        sum(due IS NOT NULL) AS reviewed, coalesce(sum(CASE WHEN due IS NOT NULL THEN ef END), 0) AS efSum
      FROM items WHERE retired = 0${itemFilter} GROUP BY ${topicOf('card_id')}`,
    ease: `SELECT ef, count(*) AS n FROM items WHERE retired = 0 AND due IS NOT NULL${itemFilter} GROUP BY ef`,
    timeByDay: `SELECT day, sum(n) AS n, sum(ms) AS ms FROM review_days
      WHERE day >= @from AND day <= @today${dayFilter} GROUP BY day`,
    families: `SELECT family, count(*) AS n, sum(correct) AS correct FROM reviews
      WHERE family IS NOT NULL AND day >= @from AND day <= @today${ph ? ` AND ${topicOf('item_id')} IN (${ph})` : ''} GROUP BY family`,
    // the period's answers, by what the figures split on; reviews_day bounds it to the period
    answers: `SELECT day, kind, reps_before = 0 AS repsZero, interval_before >= ${MATURE_DAYS} AS mature, grade,
        CAST(strftime('%H', reviewed_at / 1000, 'unixepoch', 'localtime') AS INTEGER) AS hour, count(*) AS n, sum(duration_ms) AS ms
      FROM reviews WHERE day >= @from AND day <= @today${ph ? ` AND ${topicOf('item_id')} IN (${ph})` : ''}
      GROUP BY day, kind, repsZero, mature, grade, hour`,
    intervals: `SELECT interval, count(*) AS n FROM items WHERE retired = 0 AND due IS NOT NULL${itemFilter} GROUP BY interval`,
    leeches: `SELECT i.id AS id, c.topic AS topic, i.lapses AS lapses FROM items i JOIN cards c ON c.id = i.card_id
      WHERE i.leech = 1 AND i.retired = 0${ph ? ` AND c.topic IN (${ph})` : ''}`,
  };
}

export function loadStatsRows(db: Db, o: StatsQueryOptions): StatsRows {
  const sql = statsSql(o.topics);
  const named = { today: o.today, from: o.from, dueBefore: o.dueBefore, heatmapFrom: o.heatmapFrom };
  const topics = o.topics ?? [];
  // better-sqlite3 binds named parameters from an object and positional ones from the rest
  const all = <T>(q: string): T[] => {
    const st = db.prepare(q);
    const used = Object.fromEntries(Object.entries(named).filter(([k]) => q.includes(`@${k}`)));
    const positional = q.includes('?') ? topics : [];
    return (Object.keys(used).length ? st.all(used, ...positional) : st.all(...positional)) as T[];
  };
  return {
    dueByDay: all(sql.dueByDay),
    reviewsByDay: all(sql.reviewsByDay),
    activeDays: all<{ day: number }>(sql.activeDays).map((r) => r.day),
    retention: all(sql.retention),
    items: all(sql.items),
    ease: all(sql.ease),
    timeByDay: all(sql.timeByDay),
    families: all(sql.families),
    leeches: all(sql.leeches),
    answers: all(sql.answers),
    intervals: all(sql.intervals),
  };
}
