-- deepcards collection, schema 6: what `deepcards import anki` needs to bring 100,000 reviews in at
-- once (src/commands/import-anki.ts; figures in docs/performance.md).
--
-- review_days_batch: while it holds a row, review_days_insert does nothing and the writer adds the
--   summary of its rows itself, with one grouped statement (src/store/review-days.ts addReviewDays).
--   A batch writer inserts the row, the reviews and the summary, and deletes the row, all in one
--   transaction: no other connection ever sees the row, and a kill takes it back with the rest.
--   The per-row upsert cost ~3.5 µs of the ~9 µs an imported review took to insert.
-- cards_position gains the card type, so that the import reads every card's id, type, topic and
--   retirement (the GUIDs the export derives from them) from the index alone, not from the cards'
--   rows with their JSON content.
-- reviews_session holds deepcards' own answers only: it serves the summary of a review session, and
--   an imported review has no such session (its `session` is the first Anki answer time of its day).
--   Keeping 100,000 imported rows in it cost ~0.2 s of an import.
CREATE TABLE review_days_batch (
  one INTEGER PRIMARY KEY CHECK (one = 1)
) STRICT;

DROP TRIGGER review_days_insert;
CREATE TRIGGER review_days_insert AFTER INSERT ON reviews WHEN NOT EXISTS (SELECT 1 FROM review_days_batch) BEGIN
  INSERT INTO review_days (day, topic, kind, mature, n, passed, ms)
    VALUES (NEW.day, substr(NEW.item_id, 1, instr(NEW.item_id, '.') - 1), NEW.kind, NEW.interval_before >= 21, 1, NEW.grade >= 3, NEW.duration_ms)
    ON CONFLICT (day, topic, kind, mature) DO UPDATE SET n = n + 1, passed = passed + excluded.passed, ms = ms + excluded.ms;
END;

DROP INDEX cards_position;
CREATE INDEX cards_position ON cards (id, position, retired_at, topic, type);

DROP INDEX reviews_session;
CREATE INDEX reviews_session ON reviews (session) WHERE source = 'deepcards';
