// Planning `deepcards import anki`, pure: an Anki package's review log -> the review rows to add, the
// logged rows whose kind or states change, and each item's new SM-2 state. No disk, clock or database:
// the shell (commands/import-anki.ts) reads the rows, calls these functions and writes the plan.
//
// Decisions:
// - Matching. A note is a deepcards note when its GUID is one the export derives from a card id
//   (export/anki/notes.ts: `deepcards:<type>:<card id>`, numeric `…#<k>`). Cloze card ord n−1 is item
//   ord n; every numeric instance is its card's one item (ord 0). Notes from elsewhere, cards retired
//   in deepcards and cloze deletions removed since are listed and skipped.
// - A revlog row is an answer when its ease is 1–4 (0 marks a manual reschedule in Anki). Ease maps
//   back as the export maps it out: Again -> 1, Hard -> 3, Good -> 4, Easy -> 5.
// - Rows already known are skipped: by `reviews.anki_id` (a second import adds nothing), and rows
//   the export itself wrote from deepcards' own log (same item, same ease, id within a second after
//   the logged answer — the export's revlog id is the answer time, moved up by a few ms on collisions).
// - Replay. An item's answers, deepcards' and Anki's, in time order: the first answer of a study day is
//   a graded SM-2 repetition ('new' or 'review'), later ones that day are 'drill' rows (step 7), as in
//   a deepcards session. When every imported answer is later than the item's last logged one, the
//   replay continues from the item's current state (a reset or an exam's change is kept); when one
//   falls earlier, the whole log is replayed from a new item, and logged rows whose kind or states
//   change are rewritten, so the log still replays to the item's state.
// - Leech: lapses reaching the threshold mark the item a leech (and suspend it when that is the
//   setting), as an answer in deepcards would.
import type { CardType } from '../../decks/model.js';
import { INITIAL_EF, NEW_STATE, review, type CardState, type Grade } from '../../scheduler/sm2.js';
import { guidFor } from '../../export/anki/ids.js';
import { easeForGrade } from '../../export/anki/notes.js';
import { seedFor } from '../../questions/rng.js';
import type { AnkiPackage } from './package.js';
import type { ItemSchedule } from '../../scheduler/item.js';

/** The export writes at most this many instances of a numeric card (commands/export.ts MAX_INSTANCES). */
export const MAX_INSTANCES = 100;
/** An exported deepcards answer's revlog id lies within this many ms after its logged time. */
export const EXPORTED_ID_WINDOW = 1000;

export interface DeckCardRef {
  id: string;
  topic: string;
  type: CardType;
  /** numeric cards: the family and level their instances are drawn from */
  numeric?: { family: string; level: number };
  retired: boolean;
}

export interface ItemRef extends ItemSchedule {
  id: string;
  cardId: string;
  leech: boolean;
  retired: boolean;
  againDay: number | null;
}

/** SM-2 fields as the review log stores them before and after an answer. */
export interface Snap {
  readonly reps: number;
  readonly ef: number;
  readonly interval: number;
  readonly due: number | null;
  readonly lapses: number;
}

export interface LoggedReview {
  id: number;
  itemId: string;
  reviewedAt: number;
  day: number;
  kind: 'new' | 'review' | 'drill';
  grade: Grade;
  source: 'deepcards' | 'anki';
  before: Snap;
  after: Snap;
}

export type SkipReason = 'already imported' | 'exported from deepcards' | 'note not from deepcards' | 'card retired in deepcards'
  | 'cloze deletion removed in deepcards' | 'not an answer (manual reschedule)' | 'card not in the package';

/** An Anki answer matched to a deepcards item. */
export interface MatchedRow {
  /** Anki's revlog id: the answer time in epoch ms, and what makes a second import add nothing */
  ankiId: number;
  /** Anki's button, 1–4 */
  ease: number;
  /** ms spent on the answer */
  time: number;
  itemId: string;
  cardId: string;
  topic: string;
  grade: Grade;
  /** numeric: the instance's family, seed and level (the note showed seedFor(card, k)) */
  numeric?: { family: string; seed: number; level: number };
}

export interface Matched {
  /** answers by item id, in revlog id order */
  byItem: Map<string, MatchedRow[]>;
  skipped: Map<SkipReason, number>;
  /** notes whose GUID no deepcards card has, in note order: listed, skipped */
  foreignNotes: { guid: string; reviews: number }[];
  /** deepcards cards retired (or cloze deletions removed) that Anki still has reviews of */
  retiredCards: { cardId: string; reviews: number }[];
}

/** Anki ease 1–4 -> SM-2 grade (the export's easeForGrade reversed on the grades it writes). */
export function gradeForEase(ease: number): Grade | null {
  switch (ease) {
    case 1: return 1;
    case 2: return 3;
    case 3: return 4;
    case 4: return 5;
    default: return null;
  }
}

/**
 * The collection as the matching sees it. Every card's id and type (the export's GUIDs are made of
 * them), then the details of only the cards and items the package answers: a package may hold a
 * note for each of 100,000 cards, of which a few thousand have answers. The shell answers from
 * SQLite; inMemoryCollection answers from arrays.
 */
export interface CollectionSide {
  /** every card's id, by card type */
  idsByType: ReadonlyMap<CardType, readonly string[]>;
  /** the cards with these ids */
  cards(ids: readonly string[]): readonly DeckCardRef[];
  /** the items of the cards with these ids */
  items(cardIds: readonly string[]): readonly MatchItem[];
}

export type MatchItem = Pick<ItemRef, 'id' | 'cardId' | 'ord' | 'retired'>;

/** A CollectionSide over arrays (tests, small collections). */
export function inMemoryCollection(cards: readonly DeckCardRef[], items: readonly MatchItem[]): CollectionSide {
  const idsByType = new Map<CardType, string[]>();
  for (const c of cards) {
    const ids = idsByType.get(c.type);
    if (ids) ids.push(c.id);
    else idsByType.set(c.type, [c.id]);
  }
  return {
    idsByType,
    cards: (ids) => cards.filter((c) => ids.includes(c.id)),
    items: (ids) => items.filter((it) => ids.includes(it.cardId)),
  };
}

/** The GUID of every note the export can write -> its card id, and the instance of a numeric card's notes. */
function guidMap(idsByType: CollectionSide['idsByType']): { cardOf: Map<string, string>; instanceOf: Map<string, number> } {
  const cardOf = new Map<string, string>();
  const instanceOf = new Map<string, number>();
  for (const [type, ids] of idsByType) {
    const prefix = `deepcards:${type}:`;
    for (const id of ids) {
      if (type !== 'numeric') {
        cardOf.set(guidFor(prefix + id), id);
        continue;
      }
      for (let k = 0; k < MAX_INSTANCES; k++) {
        const guid = guidFor(`${prefix}${id}#${k}`);
        cardOf.set(guid, id);
        instanceOf.set(guid, k);
      }
    }
  }
  return { cardOf, instanceOf };
}

function bump<K>(m: Map<K, number>, k: K, by = 1): void {
  m.set(k, (m.get(k) ?? 0) + by);
}

/** What a package card's answers go to: an item, or a reason to skip them (with the card listed). */
type CardTarget =
  | { item: Pick<ItemRef, 'id'>; card: DeckCardRef; numeric?: MatchedRow['numeric'] }
  | { skip: SkipReason; foreignGuid?: string; retired?: string };

/**
 * Step 1: each revlog row to its deepcards item, or a reason to skip it. `knownAnkiIds`: the anki_id
 * of every review already in the collection. Each package card is resolved once (a package holds many
 * answers per card), and the collection is asked once for the cards and once for the items answered.
 */
export function matchRevlog(
  pkg: Pick<AnkiPackage, 'guids' | 'cards' | 'revlog'>,
  collection: CollectionSide,
  knownAnkiIds: ReadonlySet<number>,
): Matched {
  const { cardOf, instanceOf } = guidMap(collection.idsByType);
  const cardById = new Map(pkg.cards.map((c) => [c.id, c]));
  const byItem = new Map<string, MatchedRow[]>();
  const skipped = new Map<SkipReason, number>();
  const foreign = new Map<string, { guid: string; reviews: number }>();
  const retired = new Map<string, number>();
  for (const g of pkg.guids) if (!cardOf.has(g)) foreign.set(g, { guid: g, reviews: 0 });

  // Each answered package card to its deepcards card id, then (once all are known, so that the
  // collection is asked in one go) to the card and its item: ord 0, or cloze number n for Anki's
  // card ord n − 1.
  const found = new Map<number, { cardId: string; instance: number; ankiOrd: number } | CardTarget>();
  const { id: ids, cid: cids, ease: eases, time: times, type: types } = pkg.revlog;
  for (const cid of cids) {
    if (found.has(cid)) continue;
    const card = cardById.get(cid);
    const cardId = card && cardOf.get(card.guid);
    if (!card) found.set(cid, { skip: 'card not in the package' });
    else if (cardId === undefined) found.set(cid, { skip: 'note not from deepcards', foreignGuid: card.guid });
    else found.set(cid, { cardId, instance: instanceOf.get(card.guid) ?? -1, ankiOrd: card.ord });
  }
  const wanted = [...new Set([...found.values()].flatMap((f) => ('cardId' in f ? [f.cardId] : [])))];
  const cardRefs = new Map(collection.cards(wanted).map((c) => [c.id, c]));
  const live = wanted.filter((id) => cardRefs.get(id)?.retired === false);
  const itemByKey = new Map(collection.items(live).map((it) => [`${it.cardId}#${it.ord}`, it]));
  const targets = new Map<number, CardTarget>();
  for (const [cid, f] of found) {
    if (!('cardId' in f)) {
      targets.set(cid, f);
      continue;
    }
    const c = cardRefs.get(f.cardId);
    if (!c || c.retired) {
      targets.set(cid, { skip: 'card retired in deepcards', retired: f.cardId });
      continue;
    }
    const ord = c.type === 'cloze' ? f.ankiOrd + 1 : 0;
    const item = itemByKey.get(`${c.id}#${ord}`);
    if (!item || item.retired || (c.type !== 'cloze' && f.ankiOrd !== 0)) {
      targets.set(cid, { skip: 'cloze deletion removed in deepcards', retired: ord ? `${c.id}#c${ord}` : c.id });
    } else {
      targets.set(cid, { item, card: c, ...(c.numeric ? { numeric: { ...c.numeric, seed: seedFor(c.id, Math.max(0, f.instance)) } } : {}) });
    }
  }

  for (let i = 0; i < ids.length; i++) {
    const ankiId = ids[i]!;
    const ease = eases[i]!;
    const grade = gradeForEase(ease);
    if (grade === null || types[i] === 4 || types[i] === 5) {
      bump(skipped, 'not an answer (manual reschedule)');
      continue;
    }
    const t = targets.get(cids[i]!)!;
    if ('skip' in t) {
      // a note from elsewhere is reported as such before an id already imported, as a retired card is not
      if (t.skip === 'card not in the package' || t.skip === 'note not from deepcards') {
        bump(skipped, t.skip);
        if (t.foreignGuid !== undefined) foreign.get(t.foreignGuid)!.reviews++;
        continue;
      }
    }
    if (knownAnkiIds.has(ankiId)) {
      bump(skipped, 'already imported');
      continue;
    }
    if ('skip' in t) {
      bump(skipped, t.skip);
      bump(retired, t.retired!);
      continue;
    }
    const m: MatchedRow = { ankiId, ease, time: times[i]!, itemId: t.item.id, cardId: t.card.id, topic: t.card.topic, grade };
    if (t.numeric) m.numeric = t.numeric;
    const list = byItem.get(t.item.id);
    if (list) list.push(m);
    else byItem.set(t.item.id, [m]);
  }
  return {
    byItem,
    skipped,
    foreignNotes: [...foreign.values()],
    retiredCards: [...retired].map(([cardId, reviews]) => ({ cardId, reviews })),
  };
}

// --- step 2: replay -------------------------------------------------------------------------

export interface NewReview {
  itemId: string;
  ankiId: number;
  at: number;
  day: number;
  session: number;
  kind: 'new' | 'review' | 'drill';
  grade: Grade;
  durationMs: number;
  before: Snap;
  after: Snap;
  suspendedBefore: boolean;
  leechBefore: boolean;
  numeric?: { family: string; seed: number; level: number };
}

export interface RowUpdate {
  id: number;
  kind: 'new' | 'review' | 'drill';
  before: Snap;
  after: Snap;
}

export interface ItemUpdate {
  itemId: string;
  state: Snap;
  reviews: number;
  againDay: number | null;
  leech: boolean;
  suspended: boolean;
  /** the SM-2 state differs from the item's before the import */
  rescheduled: boolean;
  /** the whole log was replayed (an Anki answer fell before a logged one) */
  replayed: boolean;
}

export interface ItemPlan {
  inserts: NewReview[];
  updates: RowUpdate[];
  item: ItemUpdate;
  /** matched rows skipped here (answers the export itself carried out of deepcards) */
  fromDeepcards: number;
}

export interface ReplayOptions {
  /** study day of an epoch-ms time (the rollover hour applies) */
  dayOf: (ms: number) => number;
  leechThreshold: number;
  leechSuspends: boolean;
  /** session id for imported answers of a study day */
  sessionOf: (day: number) => number;
}

export function snapOf(s: CardState): Snap {
  return s.kind === 'new'
    ? { reps: 0, ef: INITIAL_EF, interval: 0, due: null, lapses: 0 }
    : { reps: s.repetitions, ef: s.ef, interval: s.interval, due: s.due, lapses: s.lapses };
}

function stateOf(s: Snap): CardState {
  return s.due === null ? NEW_STATE : { kind: 'review', repetitions: s.reps, ef: s.ef, interval: s.interval, due: s.due, lapses: s.lapses };
}

export function sameSnap(a: Snap, b: Snap): boolean {
  return a.reps === b.reps && a.ef === b.ef && a.interval === b.interval && a.due === b.due && a.lapses === b.lapses;
}

interface Event {
  at: number;
  day: number;
  grade: Grade;
  logged?: LoggedReview;
  imported?: MatchedRow;
}

/**
 * Step 2 for one item: its logged answers (kinds new/review/drill, oldest first) and the matched Anki
 * rows -> rows to insert, rows to rewrite, the item's final state.
 */
export function planItem(item: ItemRef, logged: readonly LoggedReview[], matched: readonly MatchedRow[], o: ReplayOptions): ItemPlan {
  // answers the export carried out of deepcards come back: pair each with its logged row once (any
  // kind: an earlier import may have made a logged review a drill)
  const exported = logged.filter((r) => r.source === 'deepcards');
  const used = new Set<number>();
  let fromDeepcards = 0;
  const fresh: MatchedRow[] = [];
  let j = 0;
  for (const m of matched) {
    while (j < exported.length && exported[j]!.reviewedAt + EXPORTED_ID_WINDOW <= m.ankiId) j++;
    let hit = -1;
    for (let k = j; k < exported.length && exported[k]!.reviewedAt <= m.ankiId; k++) {
      const r = exported[k]!;
      if (!used.has(r.id) && easeForGrade(r.grade) === m.ease) {
        hit = k;
        break;
      }
    }
    if (hit >= 0) {
      used.add(exported[hit]!.id);
      fromDeepcards++;
    } else {
      fresh.push(m);
    }
  }

  const current: Snap = { reps: item.reps, ef: item.ef, interval: item.interval, due: item.due, lapses: item.lapses };
  const lastLogged = logged.at(-1);
  const incremental = fresh.length === 0 || !lastLogged || fresh[0]!.ankiId > lastLogged.reviewedAt;
  const events: Event[] = [];
  if (!incremental) for (const r of logged) events.push({ at: r.reviewedAt, day: r.day, grade: r.grade, logged: r });
  for (const m of fresh) events.push({ at: m.ankiId, day: o.dayOf(m.ankiId), grade: m.grade, imported: m });
  // stable: on equal times a logged answer stays before an imported one
  events.sort((a, b) => a.at - b.at);

  let state: CardState = incremental ? stateOf(current) : NEW_STATE;
  let lastDay: number | null = incremental && lastLogged ? lastLogged.day : null;
  let again = incremental && lastDay !== null && item.againDay === lastDay;
  let reviews = incremental ? item.reviews : 0;
  let leech = item.leech;
  let suspended = item.suspended;
  const inserts: NewReview[] = [];
  const updates: RowUpdate[] = [];
  // one Snap per state, shared by the answer after which and the answer before which it holds
  // (a drill's before and after are the same): an import of 100,000 answers makes fewer objects
  let snap = snapOf(state);
  for (const e of events) {
    const first = e.day !== lastDay;
    const before = snap;
    const suspendedBefore = suspended;
    const leechBefore = leech;
    let kind: 'new' | 'review' | 'drill';
    if (first) {
      kind = state.kind === 'new' ? 'new' : 'review';
      state = review(state, e.grade, e.day);
      reviews++;
      again = false;
      if (!leech && state.lapses >= o.leechThreshold && before.lapses < o.leechThreshold) {
        leech = true;
        if (o.leechSuspends) suspended = true;
      }
    } else {
      kind = 'drill';
    }
    // step 7: graded below 4, drilled until a 4 or 5 the same day
    if (e.grade < 4) again = true;
    else again = false;
    lastDay = e.day;
    if (first) snap = snapOf(state);
    const after = snap;
    if (e.logged) {
      const r = e.logged;
      if (r.kind !== kind || !sameSnap(r.before, before) || !sameSnap(r.after, after)) updates.push({ id: r.id, kind, before, after });
    } else {
      const m = e.imported!;
      const r: NewReview = {
        itemId: item.id, ankiId: m.ankiId, at: m.ankiId, day: e.day, session: o.sessionOf(e.day), kind, grade: e.grade,
        durationMs: Math.max(0, Math.min(m.time, 2_147_483_647)), before, after, suspendedBefore, leechBefore,
      };
      if (m.numeric) r.numeric = m.numeric;
      inserts.push(r);
    }
  }
  const final = snap;
  return {
    inserts,
    updates,
    fromDeepcards,
    item: {
      itemId: item.id, state: final, reviews, againDay: again ? lastDay : null, leech, suspended,
      rescheduled: !sameSnap(final, current), replayed: !incremental,
    },
  };
}
