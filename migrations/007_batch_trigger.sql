-- deepcards collection, schema 7: review_days_insert without a WHEN.
--
-- Schema 6 gave the trigger `WHEN NOT EXISTS (SELECT 1 FROM review_days_batch)` so that a batch
-- writer (`deepcards import anki`) could switch it off. Evaluating that subquery for every row still
-- cost ~2 µs of each imported review, 0.2 s of an import of 100,000. A batch writer now drops the
-- trigger inside its own transaction and creates it again before committing
-- (src/store/review-days.ts): no other connection ever sees it missing, and a kill or an error takes
-- the drop back with the rest of the transaction.
DROP TRIGGER review_days_insert;
CREATE TRIGGER review_days_insert AFTER INSERT ON reviews BEGIN
  INSERT INTO review_days (day, topic, kind, mature, n, passed, ms)
    VALUES (NEW.day, substr(NEW.item_id, 1, instr(NEW.item_id, '.') - 1), NEW.kind, NEW.interval_before >= 21, 1, NEW.grade >= 3, NEW.duration_ms)
    ON CONFLICT (day, topic, kind, mature) DO UPDATE SET n = n + 1, passed = passed + excluded.passed, ms = ms + excluded.ms;
END;

DROP TABLE review_days_batch;
