// The Anki collection as data, pure: cards of the deepcards collection (+ SM-2 item states and the
// review log) -> note types, decks, notes, cards, revlog rows and the `col` row of a schema-11
// collection (/work/shared/anki-apkg.md). apkg.ts writes it; nothing here touches disk or the clock.
//
// Decisions (see also ids.ts):
// - guid  = guidFor(`deepcards:<note type key>:<card id>`), numeric instances `…:<card id>#<k>`.
//   The note type key is part of it because Anki refuses to update a note into another note type
//   ("conflicting"): a card whose type changes becomes a new note instead of a silently stuck one.
// - Note and card ids are the card's `added_at` (epoch ms, so Anki shows when it was added), made
//   unique by counting up in a fixed order; deck and note type ids come from stable names.
// - Note `mod` follows content, not the collection: CONTENT_EPOCH for content as first synced (so two
//   fresh collections export identical `mod`s and a reinstall never looks "newer" than the learner's
//   edits in Anki), or the time this collection saw the content change or the card retire, when later.
//   Bump CONTENT_EPOCH when the generated HTML changes, so Anki takes the new rendering once.
// - Retired cards are exported with the tag `deepcards::retired` and their cards suspended; a note
//   with removed cloze deletions gets `deepcards::retired-cloze` (Anki's Empty Cards removes those);
//   a leech gets Anki's own `leech` tag; the card's own tags are namespaced `deepcards::tag::<tag>`.
// - Numeric instances 1..N−1 are spread through the new-card order: instance k comes k passes later.
// - Scheduling (--with-scheduling): a graded item becomes a review card (type 2, queue 2, or −1 if
//   suspended), ivl = interval, factor = EF hundredths × 10, due = its study day − crt's study day,
//   reps = scheduled answers, lapses = lapses. Review log: SM-2 grade → Anki ease 0–2 → 1 (again),
//   3 → 2 (hard), 4 → 3 (good), 5 → 4 (easy); revlog type 0 (learn) for a new card's first answer and
//   for a never-passed card, 2 (relearn) for the first review after a lapse, else 1 (review).
//   Drills (same-day re-asks) and exam answers are not scheduling and are not carried over.
// - A numeric card becomes N fixed instances (seeds seedFor(cardId, k)); its schedule and history go
//   to instance 0, the others start new.
import type { Card, ChoiceCard, NumericCard } from '../../decks/model.js';
import type { Instance, Level, Value } from '../../questions/types.js';
import { seedFor } from '../../questions/rng.js';
import { describeTolerance } from '../../questions/registry.js';
import { fieldChecksum, guidFor, stableId, stripHtmlPreservingMediaFilenames } from './ids.js';
import { clozeOrdinals, clozeToHtml, cleanField, escapeHtml, neutralizeCloze, sheetLines, texToHtml } from './fields.js';
import type { ItemSchedule } from '../../scheduler/item.js';

/**
 * `mod` (epoch s) of content as first synced: 2026-12-07 00:00 UTC. Bump to the release date when the
 * generated field HTML changes, so every note is newer than the ones Anki holds and takes the change.
 */
export const CONTENT_EPOCH = 1_796_601_600;
export const RETIRED_TAG = 'deepcards::retired';
export const RETIRED_CLOZE_TAG = 'deepcards::retired-cloze';
export const LEECH_TAG = 'leech';
/** Note types' `mod` (epoch s): bump when templates or CSS change, so Anki takes the new ones. */
export const NOTETYPE_MOD = 1_764_000_000;
export const ROOT_DECK = 'Deep Learning';
export const DEFAULT_INSTANCES = 5;
/** Anki's default maximum interval; longer SM-2 intervals are capped to it. */
export const MAX_IVL = 36_500;

export type NoteKind = 'basic' | 'cloze' | 'choice' | 'numeric';

export interface NoteType {
  kind: NoteKind;
  id: number;
  name: string;
  type: 0 | 1;
  fields: readonly string[];
  templates: readonly { name: string; qfmt: string; afmt: string }[];
}

const CSS = `.card {
  --dc-fg: #1f2328;
  --dc-muted: #59636e;
  --dc-accent: #0550ae;
  --dc-rule: #d0d7de;
  --dc-code-bg: #eff2f5;
  --dc-fix-bg: #fff8c5;
  --dc-fix-border: #d4a72c;
  --dc-answer: #116329;
  font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 20px;
  line-height: 1.5;
  text-align: left;
  color: var(--dc-fg);
  max-width: 42em;
  margin: 0 auto;
  padding: 0 0.6em;
}
.card.nightMode, .card.night_mode, .nightMode .card, .night_mode .card {
  --dc-fg: #e6edf3;
  --dc-muted: #9198a1;
  --dc-accent: #79c0ff;
  --dc-rule: #3d444d;
  --dc-code-bg: #2d333b;
  --dc-fix-bg: #3a3018;
  --dc-fix-border: #bb8009;
  --dc-answer: #56d364;
}
hr#answer { border: none; border-top: 1px solid var(--dc-rule); margin: 0.9em 0; }
.cloze { font-weight: 600; color: var(--dc-accent); }
.nightMode .cloze, .night_mode .cloze { color: var(--dc-accent); }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; background: var(--dc-code-bg); padding: 0.05em 0.3em; border-radius: 4px; }
.dc-lead { color: var(--dc-muted); margin-bottom: 0.4em; }
.dc-choices ol { margin: 0.5em 0; padding-left: 1.8em; }
.dc-choices li { margin: 0.2em 0; }
.dc-answer { font-weight: 600; color: var(--dc-answer); }
.dc-back, .dc-extra, .dc-solution { margin-top: 0.5em; }
.dc-solution ol { margin: 0.4em 0; padding-left: 1.6em; }
.dc-tolerance, .dc-variant, .dc-sheet { color: var(--dc-muted); font-size: 0.8em; }
.dc-sheet { margin-top: 0.9em; }
.dc-fix { margin-top: 0.9em; padding: 0.4em 0.7em; background: var(--dc-fix-bg); border-left: 3px solid var(--dc-fix-border); border-radius: 4px; font-size: 0.9em; }
.dc-label { font-weight: 600; }
mjx-container { color: inherit; }
`;

const BACK_COMMON = '{{#Fix}}\n<div class="dc-fix">{{Fix}}</div>\n{{/Fix}}\n{{#Sheet}}\n<div class="dc-sheet">Sheet: {{Sheet}}</div>\n{{/Sheet}}';

/** The four note types. Ids from stable keys; field and template lists must never change in place. */
export const NOTE_TYPES: Readonly<Record<NoteKind, NoteType>> = {
  basic: {
    kind: 'basic',
    id: stableId('notetype:basic'),
    name: 'deepcards Basic',
    type: 0,
    fields: ['Front', 'Back', 'Sheet', 'Fix'],
    templates: [{
      name: 'Card 1',
      qfmt: '<div class="dc-front">{{Front}}</div>',
      afmt: `{{FrontSide}}\n\n<hr id=answer>\n\n<div class="dc-back">{{Back}}</div>\n${BACK_COMMON}`,
    }],
  },
  cloze: {
    kind: 'cloze',
    id: stableId('notetype:cloze'),
    name: 'deepcards Cloze',
    type: 1,
    fields: ['Text', 'Back Extra'],
    templates: [{
      name: 'Cloze',
      qfmt: '{{cloze:Text}}',
      afmt: '{{cloze:Text}}<br>\n{{Back Extra}}',
    }],
  },
  choice: {
    kind: 'choice',
    id: stableId('notetype:choice'),
    name: 'deepcards Choice',
    type: 0,
    fields: ['Question', 'Choices', 'Answer', 'Explanation'],
    templates: [{
      name: 'Card 1',
      qfmt: '<div class="dc-front">{{Question}}</div>\n<div class="dc-choices">{{Choices}}</div>',
      afmt: '{{FrontSide}}\n\n<hr id=answer>\n\n<div class="dc-answer">{{Answer}}</div>\n{{#Explanation}}\n<div class="dc-back">{{Explanation}}</div>\n{{/Explanation}}',
    }],
  },
  numeric: {
    kind: 'numeric',
    id: stableId('notetype:numeric'),
    name: 'deepcards Numeric',
    type: 0,
    fields: ['Question', 'Answer', 'Solution'],
    templates: [{
      name: 'Card 1',
      qfmt: '<div class="dc-front">{{Question}}</div>',
      afmt: '{{FrontSide}}\n\n<hr id=answer>\n\n<div class="dc-answer">{{Answer}}</div>\n{{#Solution}}\n<div class="dc-solution">{{Solution}}</div>\n{{/Solution}}',
    }],
  },
};

const LATEX_PRE = '\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n';

/** The `models` JSON entry of a note type (schema 11, notetype/schema11.rs). */
export function noteTypeJson(t: NoteType): Record<string, unknown> {
  return {
    id: t.id,
    name: t.name,
    type: t.type,
    mod: NOTETYPE_MOD,
    usn: -1,
    sortf: 0,
    did: null,
    tmpls: t.templates.map((tm, ord) => ({
      name: tm.name, ord, qfmt: tm.qfmt, afmt: tm.afmt, bqfmt: '', bafmt: '', did: null, bfont: '', bsize: 0,
    })),
    flds: t.fields.map((name, ord) => ({ name, ord, sticky: false, rtl: false, font: 'Arial', size: 20, media: [] })),
    css: CSS,
    latexPre: LATEX_PRE,
    latexPost: '\\end{document}',
    latexsvg: false,
    // which fields must be non-empty for the card to exist (Anki < 2.1.28); cloze models have none
    ...(t.type === 0 ? { req: [[0, 'all', [0]]] } : {}),
    tags: [],
    vers: [],
  };
}

// --- inputs -----------------------------------------------------------------------------------

export interface ExportCard {
  card: Card;
  topic: string;
  position: number;
  /** epoch ms */
  addedAt: number;
  /** epoch ms of the last content change */
  modifiedAt: number;
  /** epoch ms when the card left its deck (exported suspended, tagged deepcards::retired) */
  retiredAt?: number | null;
  /** some item of the card is a leech (Anki tag `leech`) */
  leech?: boolean;
  /** cloze numbers whose deletion was removed from the text (retired items) */
  retiredOrds?: readonly number[];
}

/** A note's `mod`: CONTENT_EPOCH, or when this collection saw the content change or the card retire. */
export function noteMod(ec: Pick<ExportCard, 'addedAt' | 'modifiedAt' | 'retiredAt'>): number {
  const changed = ec.modifiedAt > ec.addedAt ? Math.floor(ec.modifiedAt / 1000) : 0;
  const retired = ec.retiredAt != null ? Math.floor(ec.retiredAt / 1000) : 0;
  return Math.max(CONTENT_EPOCH, changed, retired);
}

export interface ExportItem extends ItemSchedule {
  cardId: string;
}

export interface ExportReview {
  cardId: string;
  ord: number;
  reviewedAt: number;
  day: number;
  kind: 'new' | 'review';
  grade: number;
  durationMs: number;
  repsBefore: number;
  intervalBefore: number;
  lapsesBefore: number;
  efAfter: number;
  intervalAfter: number;
}

export interface TopicInfo {
  topic: string;
  title: string;
  description?: string;
}

export type Instantiate = (familyId: string, seed: number, level: Level) => Instance;

export interface BuildOptions {
  /** Fixed instances per numeric card (seeds seedFor(cardId, k), k < instances). */
  instances: number;
  withScheduling: boolean;
  /** epoch ms of the export */
  now: number;
  /** study day of `now` */
  today: number;
  /** epoch seconds at which a study day starts (local 04:00); becomes `crt`. */
  dayStart: (day: number) => number;
  instantiate: Instantiate;
}

// --- outputs ----------------------------------------------------------------------------------

export interface NoteRow {
  id: number; guid: string; mid: number; mod: number; usn: number; tags: string; flds: string;
  sfld: string; csum: number; flags: number; data: string;
}
export interface CardRow {
  id: number; nid: number; did: number; ord: number; mod: number; usn: number; type: number; queue: number;
  due: number; ivl: number; factor: number; reps: number; lapses: number; left: number; odue: number;
  odid: number; flags: number; data: string;
}
export interface RevlogRow {
  id: number; cid: number; usn: number; ease: number; ivl: number; lastIvl: number; factor: number; time: number; type: number;
}
export interface ColRow {
  crt: number; mod: number; scm: number; ver: 11; conf: string; models: string; decks: string; dconf: string; tags: string;
}

export interface AnkiCollection {
  col: ColRow;
  notes: NoteRow[];
  cards: CardRow[];
  revlog: RevlogRow[];
  /** Deck names (with parents) by id. */
  decks: Map<number, string>;
  /** Numeric cards that could not be instantiated (unknown family, generator error). */
  skipped: { cardId: string; reason: string }[];
  /** Cards carried over as reviewed (with scheduling). */
  reviewedCards: number;
}

// --- fields -------------------------------------------------------------------------------------

function fixHtml(card: Card): string {
  if (!card.fix) return '';
  return `<span class="dc-label">The sheet had:</span> ${texToHtml(card.fix.had)}<br>${texToHtml(card.fix.why)}`;
}

/** Sheet lines and correction for fields that hold them inline (cloze Back Extra, choice Explanation). */
function inlineNotes(card: Card): string {
  const fix = card.fix ? `<div class="dc-fix">${fixHtml(card)}</div>` : '';
  return card.sheet.length ? `${fix}<div class="dc-sheet">Sheet: ${sheetLines(card.sheet)}</div>` : fix;
}

const LETTERS = 'ABCDEFGH';

function choiceFields(card: ChoiceCard): string[] {
  const i = card.choices.indexOf(card.answer);
  const letter = LETTERS[i] ?? '?';
  const choices = `<ol type="A">${card.choices.map((c) => `<li>${texToHtml(c)}</li>`).join('')}</ol>`;
  const explanation = `${card.explanation ? texToHtml(card.explanation) : ''}${inlineNotes(card)}`;
  return [texToHtml(card.front), choices, `${letter}. ${texToHtml(card.answer)}`, explanation];
}

function latexNumber(x: number): string {
  if (Number.isNaN(x)) return '\\text{NaN}';
  if (!Number.isFinite(x)) return x > 0 ? '\\infty' : '-\\infty';
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const s = x.toPrecision(6);
  const [mant = s, exp] = s.split('e');
  const m = mant.includes('.') ? mant.replace(/0+$/, '').replace(/\.$/, '') : mant;
  return exp === undefined ? m : `${m} \\times 10^{${Number(exp)}}`;
}

/** An answer value as MathJax: `\(42\)`, `\(3.5 \times 10^{-8}\)`, `\((1, 0.5, 2)\)`. */
export function valueHtml(v: Value): string {
  return typeof v === 'number' ? `\\(${latexNumber(v)}\\)` : `\\((${v.map(latexNumber).join(', ')})\\)`;
}

/** The fields of one numeric instance (variant k, 0-based). */
export function numericFields(card: NumericCard, inst: Instance, k: number, familyTitle?: string): string[] {
  const lead = card.front ? `<div class="dc-lead">${texToHtml(card.front)}</div>` : '';
  const variant = `<div class="dc-variant">${escapeHtml(familyTitle ?? card.family)} · variant ${k + 1}</div>`;
  const question = `${lead}${texToHtml(inst.prompt)}${variant}`;
  const tol = inst.tolerance.kind === 'exact' ? '' : ` <span class="dc-tolerance">(${escapeHtml(describeTolerance(inst.tolerance))})</span>`;
  const answer = `${valueHtml(inst.answer)}${tol}`;
  const solution = inst.steps.length ? `<ol>${inst.steps.map((s) => `<li>${texToHtml(s)}</li>`).join('')}</ol>` : '';
  return [question, answer, solution];
}

/** Field values (HTML, cleaned) of a non-numeric card, in its note type's field order. */
export function cardFields(card: Exclude<Card, NumericCard>): string[] {
  switch (card.type) {
    case 'basic':
      return [texToHtml(card.front), texToHtml(card.back), sheetLines(card.sheet), fixHtml(card)];
    case 'cloze':
      return [clozeToHtml(card.text), neutralizeCloze(`${card.back ? texToHtml(card.back) : ''}${inlineNotes(card)}`)];
    case 'choice':
      return choiceFields(card);
  }
}

/** A tag as Anki keeps it: no spaces (they separate tags). */
function tagPart(t: string): string {
  return t.trim().replace(/\s+/g, '_');
}

/**
 * Anki tags of a card: its topic as `deepcards::<topic>`, its own tags as `deepcards::tag::<tag>` (so
 * they never mix with the learner's), and the state marks; sorted, unique.
 */
export function noteTags(topic: string, card: Card, marks: Pick<ExportCard, 'retiredAt' | 'leech' | 'retiredOrds'> = {}): string[] {
  const tags = [`deepcards::${tagPart(topic)}`];
  for (const t of card.tags) if (tagPart(t)) tags.push(`deepcards::tag::${tagPart(t)}`);
  if (marks.retiredAt != null) tags.push(RETIRED_TAG);
  if (marks.retiredOrds?.length) tags.push(RETIRED_CLOZE_TAG);
  if (marks.leech) tags.push(LEECH_TAG);
  return [...new Set(tags)].sort();
}

/** Deck name of a topic: `Deep Learning::<title>` (a `::` inside a title would nest, so it is flattened). */
export function deckName(title: string): string {
  const clean = title.replace(/::+/g, ':').replace(/^[\s:]+|[\s:]+$/g, '') || 'blank';
  return `${ROOT_DECK}::${clean}`;
}

// --- the collection ---------------------------------------------------------------------------

interface PendingNote {
  ec: ExportCard;
  kind: NoteKind;
  guid: string;
  fields: string[];
  /** Anki card ordinals to generate, with the deepcards item ord each one carries. */
  ords: { ankiOrd: number; itemOrd: number }[];
  /** numeric instance number, or -1 */
  instance: number;
  /** carries the item states and history (false for numeric instances 1..N-1) */
  scheduled: boolean;
}

/** SM-2 grade 0–5 -> Anki ease 1–4: 0–2 again, 3 hard, 4 good, 5 easy. */
export function easeForGrade(grade: number): 1 | 2 | 3 | 4 {
  return grade <= 2 ? 1 : grade === 3 ? 2 : grade === 4 ? 3 : 4;
}

/** Anki revlog type of a logged answer: 0 learn, 1 review, 2 relearn. */
export function revlogType(r: Pick<ExportReview, 'kind' | 'repsBefore' | 'lapsesBefore'>): 0 | 1 | 2 {
  if (r.kind === 'new') return 0;
  if (r.repsBefore === 0) return r.lapsesBefore > 0 ? 2 : 0;
  return 1;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, Math.trunc(x)));
}

const I32_MAX = 2_147_483_647;

/** Hand out ids: the wanted time, or one more than the last id handed out. Call in a fixed order. */
function idAllocator(): (wanted: number) => number {
  let last = -Infinity;
  return (wanted) => {
    const id = Math.max(Math.trunc(wanted), last + 1);
    last = id;
    return id;
  };
}

export function buildCollection(
  cards: readonly ExportCard[],
  items: readonly ExportItem[],
  reviews: readonly ExportReview[],
  topics: readonly TopicInfo[],
  opts: BuildOptions,
  familyTitle: (id: string) => string | undefined = () => undefined,
): AnkiCollection {
  const sorted = [...cards].sort((a, b) => a.position - b.position || (a.card.id < b.card.id ? -1 : a.card.id > b.card.id ? 1 : 0));
  const skipped: AnkiCollection['skipped'] = [];

  // notes in deck order
  const pending: PendingNote[] = [];
  for (const ec of sorted) {
    const card = ec.card;
    if (card.type === 'numeric') {
      for (let k = 0; k < opts.instances; k++) {
        let inst: Instance;
        try {
          inst = opts.instantiate(card.family, seedFor(card.id, k), card.level);
        } catch (e) {
          skipped.push({ cardId: card.id, reason: (e as Error).message });
          break;
        }
        pending.push({
          ec, kind: 'numeric', guid: guidFor(`deepcards:numeric:${card.id}#${k}`),
          fields: numericFields(card, inst, k, familyTitle(card.family)),
          ords: [{ ankiOrd: 0, itemOrd: 0 }], instance: k, scheduled: k === 0,
        });
      }
      continue;
    }
    // cloze: ord = number − 1, capped at 499 as Anki does (numbers past 500 share that one card)
    const ords = card.type === 'cloze'
      ? clozeOrdinals(card.text).map((n) => ({ ankiOrd: Math.min(n - 1, 499), itemOrd: n })).filter((o, i, all) => all.findIndex((x) => x.ankiOrd === o.ankiOrd) === i)
      : [{ ankiOrd: 0, itemOrd: 0 }];
    pending.push({ ec, kind: card.type, guid: guidFor(`deepcards:${card.type}:${card.id}`), fields: cardFields(card), ords, instance: -1, scheduled: true });
  }

  // decks: the root, one per topic present (in deck order), Default
  const titles = new Map(topics.map((t) => [t.topic, t]));
  const deckIdOfTopic = new Map<string, number>();
  const decks = new Map<number, string>();
  const deckDesc = new Map<number, string>();
  const rootId = stableId(`deck:${ROOT_DECK}`);
  for (const p of pending) {
    const topic = p.ec.topic;
    if (deckIdOfTopic.has(topic)) continue;
    const info = titles.get(topic);
    const name = deckName(info?.title ?? topic);
    const id = stableId(`deck:${name}`);
    deckIdOfTopic.set(topic, id);
    decks.set(id, name);
    if (info?.description) deckDesc.set(id, escapeHtml(info.description)); // Anki shows it as HTML
  }
  if (decks.size) decks.set(rootId, ROOT_DECK);

  // ids: by time added, then deck order (a stable order for a given collection)
  const byAdded = pending.map((p, i) => ({ p, i })).sort((a, b) => a.p.ec.addedAt - b.p.ec.addedAt || a.i - b.i);
  const noteId = idAllocator();
  const cardId = idAllocator();
  const nids = new Map<PendingNote, number>();
  const cids = new Map<PendingNote, number[]>();
  for (const { p } of byAdded) {
    nids.set(p, noteId(p.ec.addedAt));
    cids.set(p, p.ords.map(() => cardId(p.ec.addedAt)));
  }

  // scheduling inputs
  const itemByKey = new Map(items.map((it) => [`${it.cardId}#${it.ord}`, it]));
  // a loop, not Math.min(...): a spread of a million review days overflows the call stack
  let crtDay = opts.today;
  if (opts.withScheduling) {
    for (const it of items) if (it.due !== null && it.due < crtDay) crtDay = it.due;
    for (const r of reviews) if (r.day < crtDay) crtDay = r.day;
  }

  const notes: NoteRow[] = [];
  const cardRows: CardRow[] = [];
  const ankiCardOfItem = new Map<string, number>();
  let reviewedCards = 0;
  // new-card order: every note's first (or only) instance in deck order, then instance k of a numeric
  // card k passes through the deck later, so its variants do not arrive back to back
  const firsts = pending.filter((p) => p.instance <= 0).length;
  const newPos = new Map<PendingNote, number>();
  let base = 0;
  for (const p of pending) {
    if (p.instance <= 0) base++;
    newPos.set(p, base + Math.max(0, p.instance) * firsts);
  }
  pending.forEach((p) => {
    const fields = p.fields.map(cleanField);
    const mod = noteMod(p.ec);
    const retired = p.ec.retiredAt != null;
    const nid = nids.get(p)!;
    const type = NOTE_TYPES[p.kind];
    const first = stripHtmlPreservingMediaFilenames(fields[0]!); // sort field = field 0 for every type
    notes.push({
      id: nid, guid: p.guid, mid: type.id, mod, usn: -1,
      tags: ` ${noteTags(p.ec.topic, p.ec.card, p.ec).join(' ')} `,
      flds: fields.join('\x1f'), sfld: first, csum: fieldChecksum(first), flags: 0, data: '',
    });
    const did = deckIdOfTopic.get(p.ec.topic)!;
    p.ords.forEach(({ ankiOrd, itemOrd }, j) => {
      const id = cids.get(p)![j]!;
      const row: CardRow = {
        id, nid, did, ord: ankiOrd, mod, usn: -1, type: 0, queue: retired ? -1 : 0, due: newPos.get(p)!, ivl: 0, factor: 0,
        reps: 0, lapses: 0, left: 0, odue: 0, odid: 0, flags: 0, data: '',
      };
      const item = p.scheduled ? itemByKey.get(`${p.ec.card.id}#${itemOrd}`) : undefined;
      if (opts.withScheduling && item) {
        if (p.scheduled) ankiCardOfItem.set(`${p.ec.card.id}#${itemOrd}`, id);
        if (item.due !== null) {
          const due = Math.min(item.due, opts.today + MAX_IVL);
          row.type = 2;
          row.queue = 2;
          row.due = clamp(due - crtDay, 0, I32_MAX);
          row.ivl = clamp(item.interval, 0, MAX_IVL);
          row.factor = clamp(item.ef * 10, 0, 65_535);
          row.reps = clamp(item.reviews, 0, I32_MAX);
          row.lapses = clamp(item.lapses, 0, I32_MAX);
          reviewedCards++;
        }
        if (item.suspended || retired) row.queue = -1;
      }
      cardRows.push(row);
    });
  });

  const revlog: RevlogRow[] = [];
  if (opts.withScheduling) {
    const revId = idAllocator();
    const ordered = [...reviews].sort((a, b) => a.reviewedAt - b.reviewedAt);
    for (const r of ordered) {
      const cid = ankiCardOfItem.get(`${r.cardId}#${r.ord}`);
      if (cid === undefined) continue;
      revlog.push({
        id: revId(r.reviewedAt), cid, usn: -1, ease: easeForGrade(r.grade),
        ivl: clamp(r.intervalAfter, 0, MAX_IVL), lastIvl: clamp(r.intervalBefore, 0, MAX_IVL),
        factor: clamp(r.efAfter * 10, 0, 65_535), time: clamp(r.durationMs, 0, I32_MAX), type: revlogType(r),
      });
    }
  }

  const col = colRow(decks, deckDesc, {
    crt: opts.dayStart(crtDay),
    mod: opts.now,
    nextPos: pending.length + 1,
  });
  return { col, notes, cards: cardRows, revlog, decks, skipped, reviewedCards };
}

// --- col ----------------------------------------------------------------------------------------

function deckJson(id: number, name: string, desc: string, mod: number): Record<string, unknown> {
  return {
    id, name, desc, mod, usn: -1, collapsed: false, browserCollapsed: false, dyn: 0, conf: 1,
    extendNew: 0, extendRev: 0, newToday: [0, 0], revToday: [0, 0], lrnToday: [0, 0], timeToday: [0, 0],
  };
}

/** Anki's default options group (deckconfig/schema11.rs defaults), id 1. */
function defaultDconf(): Record<string, unknown> {
  return {
    1: {
      id: 1, mod: 0, name: 'Default', usn: 0, maxTaken: 60, autoplay: true, timer: 0, replayq: true, dyn: false,
      new: { bury: false, delays: [1, 10], initialFactor: 2500, ints: [1, 4, 0], order: 1, perDay: 20 },
      rev: { bury: false, ease4: 1.3, ivlFct: 1, maxIvl: MAX_IVL, perDay: 200, hardFactor: 1.2 },
      lapse: { delays: [10], leechAction: 1, leechFails: 8, minInt: 1, mult: 0 },
    },
  };
}

function colRow(decks: Map<number, string>, deckDesc: Map<number, string>, o: { crt: number; mod: number; nextPos: number }): ColRow {
  const modSecs = Math.floor(o.mod / 1000);
  const deckEntries: Record<string, unknown> = { 1: deckJson(1, 'Default', '', modSecs) };
  for (const [id, name] of decks) deckEntries[id] = deckJson(id, name, deckDesc.get(id) ?? '', modSecs);
  const models: Record<string, unknown> = {};
  for (const t of Object.values(NOTE_TYPES)) models[t.id] = noteTypeJson(t);
  const conf = {
    activeDecks: [1], curDeck: 1, newSpread: 0, collapseTime: 1200, timeLim: 0, estTimes: true, dueCounts: true,
    curModel: String(NOTE_TYPES.basic.id), nextPos: o.nextPos, sortType: 'noteFld', sortBackwards: false, addToCur: true,
    // Without it every importer takes the package for a v1-scheduler collection and rewrites the
    // ease of learning/relearning rows (rslib scheduler/upgrade.rs upgrade_to_v2_scheduler).
    schedVer: 2,
  };
  return {
    crt: o.crt, mod: o.mod, scm: o.mod, ver: 11,
    conf: JSON.stringify(conf), models: JSON.stringify(models), decks: JSON.stringify(deckEntries),
    dconf: JSON.stringify(defaultDconf()), tags: '{}',
  };
}
