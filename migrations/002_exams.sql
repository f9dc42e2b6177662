-- deepcards collection, schema 2: practice exams sat with `deepcards exam --take`.
-- exams: one row per sitting; options is the JSON of the settings that regenerate the exam
-- (count, topics, mix, weak, minutes as given, the decks fingerprint and the command).
-- exam_answers: one row per question, answered or not. A missed question (earned < points) makes its
-- item due today when it was due later or new (not when already due, suspended or retired):
-- made_due = 1 and due_before keep that change auditable. The SM-2 state (repetitions, E-Factor,
-- interval, lapses) is never touched, and no row is written to `reviews` (an exam answer is not a
-- graded SM-2 repetition; review statistics, undo and the daily limits stay about reviews).

CREATE TABLE exams (
  id          INTEGER PRIMARY KEY,
  taken_at    INTEGER NOT NULL,                    -- epoch ms at which the sitting started
  seed        INTEGER NOT NULL CHECK (seed >= 0),
  options     TEXT NOT NULL CHECK (json_valid(options)),
  minutes     REAL NOT NULL CHECK (minutes > 0),   -- the time budget
  score       INTEGER NOT NULL CHECK (score >= 0),
  max_score   INTEGER NOT NULL CHECK (max_score >= score),
  duration_ms INTEGER NOT NULL CHECK (duration_ms >= 0),
  day         INTEGER NOT NULL                     -- study day of taken_at
) STRICT;

CREATE INDEX exams_taken ON exams (taken_at);

CREATE TABLE exam_answers (
  exam_id    INTEGER NOT NULL REFERENCES exams(id) ON DELETE CASCADE,
  position   INTEGER NOT NULL CHECK (position >= 1),
  card_id    TEXT NOT NULL REFERENCES cards(id),
  item_id    TEXT REFERENCES items(id),           -- NULL if the card had no item in the collection
  topic      TEXT NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('numeric', 'choice', 'recall')),
  points     INTEGER NOT NULL CHECK (points >= 1),
  earned     INTEGER NOT NULL CHECK (earned BETWEEN 0 AND points),
  answer     TEXT,                                -- as typed / picked / self-graded; NULL = unanswered
  correct    INTEGER NOT NULL CHECK (correct IN (0, 1)),
  seed       INTEGER,                             -- numeric: the instance seed (replays the question)
  made_due   INTEGER NOT NULL DEFAULT 0 CHECK (made_due IN (0, 1)), -- this miss set the item due today
  due_before INTEGER,                             -- the item's due day before that (NULL = was new)
  PRIMARY KEY (exam_id, position)
) STRICT;

CREATE INDEX exam_answers_item ON exam_answers (item_id);
CREATE INDEX exam_answers_card ON exam_answers (card_id);
