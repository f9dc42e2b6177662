-- deepcards collection, schema 4: what the daily learning loop needs to survive a restart, and what
-- the Anki round trip, cramming and adaptive numeric levels record. One migration for the round so
-- that the pieces built side by side share one schema.
--
-- config: user settings (`deepcards config`), kept in the collection as Anki keeps deck options, so
--   backups and restores carry them. Values are text; src/config/keys.ts validates and types them.
-- items.again_day: SM-2 step 7 across sessions. The study day on which the item was graded below 4
--   and not yet 4 or 5 again; the item is "again today" while again_day = today. NULL otherwise.
-- items.buried_until: the item is hidden from sessions while today < buried_until (a bury lasts
--   until the next study day). NULL = not buried.
-- reviews (rebuilt: SQLite cannot change a CHECK constraint in place):
--   kind 'cram'   answers drilled outside the schedule (`review --cram`): state before = after,
--                 excluded from retention and scheduling;
--   level         numeric: the difficulty level the instance was drawn at (replay = seed + level);
--   misconception numeric: the named misconception the answer matched, if any;
--   shown         choice: JSON array of the option indices in the order they were shown;
--   source        'deepcards', or 'anki' for a review brought back by `deepcards import anki`;
--   anki_id       the Anki revlog id of an imported review (a second import of the same row is a no-op).

CREATE TABLE config (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

ALTER TABLE items ADD COLUMN again_day INTEGER;
ALTER TABLE items ADD COLUMN buried_until INTEGER;

-- The again-today items of a day: a handful of rows, found without scanning the items.
CREATE INDEX items_again ON items (again_day) WHERE again_day IS NOT NULL;

CREATE TABLE reviews_v4 (
  id              INTEGER PRIMARY KEY,
  item_id         TEXT NOT NULL REFERENCES items(id),
  session         INTEGER NOT NULL,
  reviewed_at     INTEGER NOT NULL,
  day             INTEGER NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('new', 'review', 'drill', 'exam', 'cram')),
  grade           INTEGER NOT NULL CHECK (grade BETWEEN 0 AND 5),
  duration_ms     INTEGER NOT NULL,
  reps_before     INTEGER NOT NULL,
  ef_before       INTEGER NOT NULL,
  interval_before INTEGER NOT NULL,
  due_before      INTEGER,
  lapses_before   INTEGER NOT NULL,
  suspended_before INTEGER NOT NULL,
  leech_before    INTEGER NOT NULL,
  reps_after      INTEGER NOT NULL,
  ef_after        INTEGER NOT NULL,
  interval_after  INTEGER NOT NULL,
  due_after       INTEGER,
  lapses_after    INTEGER NOT NULL,
  family          TEXT,
  seed            INTEGER,
  params          TEXT,
  answer_given    TEXT,
  correct         INTEGER CHECK (correct IN (0, 1)),
  level           INTEGER CHECK (level BETWEEN 1 AND 3),
  misconception   TEXT,
  shown           TEXT CHECK (shown IS NULL OR json_valid(shown)),
  source          TEXT NOT NULL DEFAULT 'deepcards' CHECK (source IN ('deepcards', 'anki')),
  anki_id         INTEGER
) STRICT;

INSERT INTO reviews_v4 (id, item_id, session, reviewed_at, day, kind, grade, duration_ms, reps_before, ef_before,
    interval_before, due_before, lapses_before, suspended_before, leech_before, reps_after, ef_after, interval_after,
    due_after, lapses_after, family, seed, params, answer_given, correct)
  SELECT id, item_id, session, reviewed_at, day, kind, grade, duration_ms, reps_before, ef_before,
    interval_before, due_before, lapses_before, suspended_before, leech_before, reps_after, ef_after, interval_after,
    due_after, lapses_after, family, seed, params, answer_given, correct
  FROM reviews;

-- Dropping the old table drops its indexes and the review_days triggers; review_days itself is
-- unchanged (the rows are the same), so only the triggers and indexes are made again.
DROP TABLE reviews;
ALTER TABLE reviews_v4 RENAME TO reviews;

CREATE INDEX reviews_item ON reviews (item_id, reviewed_at);
CREATE INDEX reviews_day ON reviews (day);
CREATE INDEX reviews_family ON reviews (day, family, correct) WHERE family IS NOT NULL;
CREATE INDEX reviews_session ON reviews (session);
CREATE UNIQUE INDEX reviews_anki ON reviews (anki_id) WHERE anki_id IS NOT NULL;

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

CREATE TRIGGER review_days_update AFTER UPDATE OF item_id, day, kind, grade, interval_before, duration_ms ON reviews BEGIN
  UPDATE review_days SET n = n - 1, passed = passed - (OLD.grade >= 3), ms = ms - OLD.duration_ms
    WHERE day = OLD.day AND topic = substr(OLD.item_id, 1, instr(OLD.item_id, '.') - 1) AND kind = OLD.kind AND mature = (OLD.interval_before >= 21);
  DELETE FROM review_days
    WHERE day = OLD.day AND topic = substr(OLD.item_id, 1, instr(OLD.item_id, '.') - 1) AND kind = OLD.kind AND mature = (OLD.interval_before >= 21) AND n <= 0;
  INSERT INTO review_days (day, topic, kind, mature, n, passed, ms)
    VALUES (NEW.day, substr(NEW.item_id, 1, instr(NEW.item_id, '.') - 1), NEW.kind, NEW.interval_before >= 21, 1, NEW.grade >= 3, NEW.duration_ms)
    ON CONFLICT (day, topic, kind, mature) DO UPDATE SET n = n + 1, passed = passed + excluded.passed, ms = ms + excluded.ms;
END;
