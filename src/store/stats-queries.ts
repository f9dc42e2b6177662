// The reads behind `deepcards stats`: small aggregates, each served by an index (the plans are pinned
// in tests/store/query-plans.test.ts and shown in docs/performance.md). Rows out, no figures computed.
import type { StatsRows } from '../stats/compute.js';
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

/** The SQL of each read, with the topic filter spliced in; exported for the query-plan tests. */
export function statsSql(topics: string[] | null): Record<keyof StatsRows, string> {
  const ph = topics && topics.length ? topics.map(() => '?').join(', ') : null;
  // items of the chosen topics, through the cards_topic index; reviews reach them by item id
  const itemFilter = ph ? ` AND card_id IN (SELECT id FROM cards WHERE topic IN (${ph}))` : '';
  const reviewFilter = ph ? ` AND r.item_id IN (SELECT i.id FROM items i WHERE i.card_id IN (SELECT id FROM cards WHERE topic IN (${ph})))` : '';
  return {
    dueByDay: `SELECT due, count(*) AS n FROM items
      WHERE due IS NOT NULL AND suspended = 0 AND retired = 0 AND due < @dueBefore${itemFilter} GROUP BY due`,
    reviewsByDay: `SELECT r.day AS day, count(*) AS n FROM reviews r
      WHERE r.day >= @heatmapFrom AND r.day <= @today${reviewFilter} GROUP BY r.day`,
    // a loose index scan: one index seek per distinct day instead of reading every review
    activeDays: ph
      ? `SELECT DISTINCT r.day AS day FROM reviews r WHERE r.day <= @today${reviewFilter}`
      : `WITH RECURSIVE d(day) AS (
          SELECT max(day) FROM reviews WHERE day <= @today
          UNION ALL
          SELECT (SELECT max(day) FROM reviews WHERE day < d.day) FROM d WHERE d.day IS NOT NULL
        ) SELECT day FROM d WHERE day IS NOT NULL`,
    retention: `SELECT c.topic AS topic, r.interval_before >= 21 AS mature, count(*) AS n, sum(r.grade >= 3) AS passed
      FROM reviews r JOIN items i ON i.id = r.item_id JOIN cards c ON c.id = i.card_id
      WHERE r.day >= @from AND r.day <= @today AND r.kind = 'review'${ph ? ` AND c.topic IN (${ph})` : ''}
      GROUP BY c.topic, mature`,
    items: `SELECT c.topic AS topic, CASE WHEN i.due IS NULL THEN 0 ELSE i.ef END AS ef, i.due IS NULL AS isNew,
        i.interval >= 21 AS mature, i.suspended AS suspended, i.leech AS leech, count(*) AS n
      FROM cards c JOIN items i ON i.card_id = c.id
      WHERE i.retired = 0${ph ? ` AND c.topic IN (${ph})` : ''}
      GROUP BY c.topic, 2, 3, 4, 5, 6`,
    timeByDay: `SELECT r.day AS day, count(*) AS n, sum(r.duration_ms) AS ms FROM reviews r
      WHERE r.day >= @from AND r.day <= @today${reviewFilter} GROUP BY r.day`,
    families: `SELECT r.family AS family, count(*) AS n, sum(r.correct) AS correct FROM reviews r
      WHERE r.family IS NOT NULL AND r.day >= @from AND r.day <= @today${reviewFilter} GROUP BY r.family`,
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
    timeByDay: all(sql.timeByDay),
    families: all(sql.families),
    leeches: all(sql.leeches),
  };
}
