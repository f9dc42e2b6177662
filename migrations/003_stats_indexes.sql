-- deepcards collection, schema 3: what `deepcards stats` reads, so that it stays fast at 100,000 cards
-- and a million reviews (docs/performance.md shows the query plans and the timings).
--
-- review_days is an index of the review log kept by triggers: answers counted per study day, topic,
-- kind and maturity (interval_before ≥ 21 days), with how many passed (grade ≥ 3) and their time.
-- The heatmap, streaks, time spent and true retention read a few thousand of its rows instead of
-- every review of the period. Every value is a function of the review row alone — the topic is the
-- item id's prefix (`<topic>.<slug>`, enforced by the deck parser) — so deleting a row (undo) takes
-- back exactly what inserting it added. `deepcards doctor` checks it against the log and rebuilds it.
CREATE TABLE review_days (
  day    INTEGER NOT NULL,
  topic  TEXT NOT NULL,
  kind   TEXT NOT NULL,
  mature INTEGER NOT NULL,            -- interval_before >= 21
  n      INTEGER NOT NULL,            -- answers
  passed INTEGER NOT NULL,            -- answers graded >= 3
  ms     INTEGER NOT NULL,            -- sum of duration_ms
  PRIMARY KEY (day, topic, kind, mature)
) STRICT, WITHOUT ROWID;

INSERT INTO review_days (day, topic, kind, mature, n, passed, ms)
  SELECT day, substr(item_id, 1, instr(item_id, '.') - 1), kind, interval_before >= 21, count(*), sum(grade >= 3), sum(duration_ms)
  FROM reviews GROUP BY 1, 2, 3, 4;

CREATE TRIGGER review_days_insert AFTER INSERT ON reviews BEGIN
  INSERT INTO review_days (day, topic, kind, mature, n, passed, ms)
    VALUES (NEW.day, substr(NEW.item_id, 1, instr(NEW.item_id, '.') - 1), NEW.kind, NEW.interval_before >= 21, 1, NEW.grade >= 3, NEW.duration_ms)
    ON CONFLICT (day, topic, kind, mature) DO UPDATE SET n = n + 1, passed = passed + excluded.passed, ms = ms + excluded.ms;
END;

CREATE TRIGGER review_days_delete AFTER DELETE ON reviews BEGIN
  UPDATE review_days SET n = n - 1, passed = passed - (OLD.grade >= 3), ms = ms - OLD.duration_ms
    WHERE day = OLD.day AND topic = substr(OLD.item_id, 1, instr(OLD.item_id, '.') - 1) AND kind = OLD.kind AND mature = (OLD.interval_before >= 21);
  DELETE FROM review_days
    WHERE day = OLD.day AND topic = substr(OLD.item_id, 1, instr(OLD.item_id, '.') - 1) AND kind = OLD.kind AND mature = (OLD.interval_before >= 21) AND n <= 0;
END;

-- The log is append-only, but should a row ever change, the summary follows.
CREATE TRIGGER review_days_update AFTER UPDATE OF item_id, day, kind, grade, interval_before, duration_ms ON reviews BEGIN
  UPDATE review_days SET n = n - 1, passed = passed - (OLD.grade >= 3), ms = ms - OLD.duration_ms
    WHERE day = OLD.day AND topic = substr(OLD.item_id, 1, instr(OLD.item_id, '.') - 1) AND kind = OLD.kind AND mature = (OLD.interval_before >= 21);
  DELETE FROM review_days
    WHERE day = OLD.day AND topic = substr(OLD.item_id, 1, instr(OLD.item_id, '.') - 1) AND kind = OLD.kind AND mature = (OLD.interval_before >= 21) AND n <= 0;
  INSERT INTO review_days (day, topic, kind, mature, n, passed, ms)
    VALUES (NEW.day, substr(NEW.item_id, 1, instr(NEW.item_id, '.') - 1), NEW.kind, NEW.interval_before >= 21, 1, NEW.grade >= 3, NEW.duration_ms)
    ON CONFLICT (day, topic, kind, mature) DO UPDATE SET n = n + 1, passed = passed + excluded.passed, ms = ms + excluded.ms;
END;

-- Accuracy of numeric answers per family: only numeric answers are in this index.
CREATE INDEX reviews_family ON reviews (day, family, correct) WHERE family IS NOT NULL;

-- Item counts per topic in one pass ordered by topic (no sort), and the E-Factor histogram of the
-- reviewed items: 150 ms → 45 ms at 100,000 items. The expression is the topic of the item's card.
CREATE INDEX items_topic ON items (substr(card_id, 1, instr(card_id, '.') - 1), retired, due, interval, ef, suspended, leech);
CREATE INDEX items_ef ON items (ef) WHERE retired = 0 AND due IS NOT NULL;

-- The leeches (stats, card list --leeches): a handful of rows, found without scanning the items.
CREATE INDEX items_leech ON items (card_id) WHERE leech = 1;

-- The session summary reads the answers of one session: without this it scanned the whole log
-- (1.5 s at a million reviews, found by bench/run.mjs).
CREATE INDEX reviews_session ON reviews (session);
