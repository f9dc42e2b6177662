-- deepcards collection, schema 1.
-- cards: the deck cards as last synced (content kept so that retired cards and history stay readable).
-- items: the schedulable units; one per card, or one per cloze number (`<card id>#c<N>`).
-- reviews: append-only log of every answer, with the state before and after (undo, stats, replay).

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE cards (
  id          TEXT PRIMARY KEY,
  topic       TEXT NOT NULL,
  type        TEXT NOT NULL CHECK (type IN ('basic', 'cloze', 'choice', 'numeric')),
  content     TEXT NOT NULL,             -- the card as JSON (model.ts Card)
  hash        TEXT NOT NULL,             -- of content: an edit is detected by a changed hash
  position    INTEGER NOT NULL,          -- order within its deck: new cards are introduced in deck order
  added_at    INTEGER NOT NULL,          -- epoch ms
  modified_at INTEGER NOT NULL,          -- epoch ms of the last content change
  retired_at  INTEGER                    -- epoch ms when it left its deck; NULL while in a deck
) STRICT;

CREATE TABLE items (
  id         TEXT PRIMARY KEY,
  card_id    TEXT NOT NULL REFERENCES cards(id),
  ord        INTEGER NOT NULL,           -- 0, or the cloze number
  reps       INTEGER NOT NULL DEFAULT 0, -- SM-2 n
  ef         INTEGER NOT NULL DEFAULT 250 CHECK (ef >= 130), -- E-Factor in hundredths
  interval   INTEGER NOT NULL DEFAULT 0, -- days
  due        INTEGER,                    -- study day number; NULL = new (never graded)
  lapses     INTEGER NOT NULL DEFAULT 0,
  reviews    INTEGER NOT NULL DEFAULT 0, -- scheduled reviews so far (numeric instance number)
  suspended  INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1)),
  leech      INTEGER NOT NULL DEFAULT 0 CHECK (leech IN (0, 1)),
  retired    INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1)),
  UNIQUE (card_id, ord)
) STRICT;

-- The review queue: due items by day, and new items; both skip suspended/retired ones.
CREATE INDEX items_due ON items (due) WHERE due IS NOT NULL AND suspended = 0 AND retired = 0;
CREATE INDEX items_new ON items (card_id) WHERE due IS NULL AND suspended = 0 AND retired = 0;

CREATE TABLE reviews (
  id              INTEGER PRIMARY KEY,
  item_id         TEXT NOT NULL REFERENCES items(id),
  session         INTEGER NOT NULL,      -- epoch ms at which the session started
  reviewed_at     INTEGER NOT NULL,      -- epoch ms
  day             INTEGER NOT NULL,      -- study day
  kind            TEXT NOT NULL CHECK (kind IN ('new', 'review', 'drill', 'exam')),
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
  -- numeric questions: enough to replay the instance and the verdict
  family          TEXT,
  seed            INTEGER,
  params          TEXT,                  -- JSON
  answer_given    TEXT,
  correct         INTEGER CHECK (correct IN (0, 1))
) STRICT;

CREATE INDEX reviews_item ON reviews (item_id, reviewed_at);
CREATE INDEX reviews_day ON reviews (day);
