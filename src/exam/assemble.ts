// Exam assembly: decks + options -> Exam. Pure and seeded (no clock, no I/O, no Math.random): the
// same seed and the same decks give the same exam, so the printed header can say how to regenerate it.
//
// Decisions (docs/exams.md):
// - Topic balance: weights from --topic, else the number of distinct sheet lines the topic's cards
//   cite (its share of the course; unlike a topic's line span this ignores OCR noise and uncovered
//   stretches). A topic's real-valued target is count·w/Σw, capped by its pool with the excess
//   spread over the others; the integer counts are the largest-remainder rounding, so each topic
//   gets ⌊target⌋ or ⌈target⌉.
// - Kinds: numeric cards give numeric questions, choice cards choice questions, basic and cloze
//   cards recall questions. The mix is a soft target: the topic × kind table is filled by a max flow
//   that meets the mix wherever the topics' pools allow it; what it cannot meet is said in `notes`.
// - No card twice; a cloze card gives one question (one deletion, picked by the seed).
// - Randomness comes from separate streams per purpose (fnv1a of seed and purpose), so editing one
//   topic's deck does not reshuffle the questions of another.
// - --weak: card weakness w ∈ [0,1] (computed by the shell from the collection) makes a card
//   (0.05 + w)/0.05 times as likely as an untroubled one (weighted sampling without replacement,
//   Efraimidis–Spirakis), and multiplies each topic's weight by 1 + 2·(mean weakness of its cards).
import { clozeAnswers, clozeBack, clozeFront } from '../decks/cloze.js';
import type { Card, Deck } from '../decks/model.js';
import { clozeNumbers } from '../decks/parse.js';
import { UserError } from '../errors.js';
import { getFamily, instantiate } from '../questions/registry.js';
import { createRng, fnv1a, type Rng } from '../questions/rng.js';
import { answerTexOf } from './describe.js';
import {
  QUESTION_KINDS, type Exam, type ExamTopic, type Mix, type Question, type QuestionKind, type TopicWeight,
} from './types.js';

export const POINTS: Readonly<Record<QuestionKind, number>> = { numeric: 3, choice: 2, recall: 2 };
/** Default time budget per question, in minutes; the exam's budget is the sum, rounded up. */
export const MINUTES_PER: Readonly<Record<QuestionKind, number>> = { numeric: 3, choice: 1.5, recall: 2 };
export const DEFAULT_MIX: Readonly<Mix> = { numeric: 0.4, choice: 0.3, recall: 0.3 };
export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 500;
/** --weak: the sampling weight of a card is WEAK_FLOOR + weakness. */
export const WEAK_FLOOR = 0.05;
/** --weak: a topic's weight is multiplied by 1 + WEAK_TOPIC_GAIN · mean weakness of its cards. */
export const WEAK_TOPIC_GAIN = 2;

export interface AssembleOptions {
  seed: number;
  count: number;
  /** Explicit topic weights; null/undefined = every topic, weighted by cited sheet lines. */
  topics?: readonly TopicWeight[] | null;
  mix?: Mix | null;
  /** Time budget in minutes; null/undefined = from the questions (MINUTES_PER). */
  minutes?: number | null;
  /** Card id -> weakness in [0, 1]; given = --weak. */
  weakness?: ReadonlyMap<string, number> | null;
  /**
   * Item ids never to ask: suspended or retired in the collection. A card whose items are all here is
   * left out; a cloze card is asked about one of its other deletions.
   */
  skip?: ReadonlySet<string> | null;
}

export function kindOf(card: Card): QuestionKind {
  return card.type === 'numeric' ? 'numeric' : card.type === 'choice' ? 'choice' : 'recall';
}

/** Distinct sheet lines cited by the cards of a deck: the default topic weight. */
export function citedLines(deck: Deck): number {
  const lines = new Set<number>();
  for (const c of deck.cards) for (const l of c.sheet) lines.add(l);
  return lines.size;
}

/** The cloze numbers of a card that may be asked (all of them unless some items are skipped). */
function askableOrds(card: Card & { type: 'cloze' }, skip: ReadonlySet<string> | null): number[] {
  const ords = clozeNumbers(card.text);
  return skip ? ords.filter((n) => !skip.has(`${card.id}#c${n}`)) : ords;
}

/**
 * Can this card become a question? (A numeric card needs a family this build knows; a card whose
 * item is suspended or retired — in `skip` — is not asked.)
 */
export function eligible(card: Card, skip: ReadonlySet<string> | null = null): boolean {
  if (card.type === 'cloze') return askableOrds(card, skip).length > 0;
  if (skip?.has(card.id)) return false;
  if (card.type === 'numeric') return getFamily(card.family) !== undefined;
  if (card.type === 'choice') return card.choices.includes(card.answer);
  return true;
}

function subRng(seed: number, purpose: string): Rng {
  return createRng(fnv1a(`exam:${seed}:${purpose}`));
}

/**
 * Real-valued shares of `total` proportional to `weights`, none above its cap (water-filling: a
 * capped entry keeps its cap and the rest is shared among the others). Requires total ≤ Σ caps.
 */
export function cappedQuotas(weights: readonly number[], caps: readonly number[], total: number): number[] {
  const n = weights.length;
  const q = new Array<number>(n).fill(0);
  const capped = new Array<boolean>(n).fill(false);
  for (;;) {
    let rest = total;
    let w = 0;
    let free = 0;
    for (let i = 0; i < n; i++) {
      if (capped[i]) rest -= caps[i]!;
      else {
        w += weights[i]!;
        free++;
      }
    }
    if (free === 0) break;
    let changed = false;
    for (let i = 0; i < n; i++) {
      if (capped[i]) {
        q[i] = caps[i]!;
        continue;
      }
      q[i] = w > 0 ? (rest * weights[i]!) / w : rest / free;
    }
    for (let i = 0; i < n; i++) {
      if (!capped[i] && q[i]! > caps[i]!) {
        capped[i] = true;
        changed = true;
      }
    }
    if (!changed) break;
  }
  return q;
}

/**
 * Largest-remainder rounding of real quotas summing to `total`: each entry gets ⌊q⌋ or ⌈q⌉ (never
 * above its cap); ties are broken by `tieRank` (a seeded permutation, so no topic is always last).
 */
export function roundQuotas(q: readonly number[], total: number, tieRank: readonly number[], caps?: readonly number[]): number[] {
  const out = q.map((x) => Math.floor(x + 1e-9));
  let rest = total - out.reduce((a, b) => a + b, 0);
  const order = q.map((_x, i) => i).sort((a, b) => {
    const fa = q[a]! - out[a]!;
    const fb = q[b]! - out[b]!;
    return Math.abs(fa - fb) > 1e-9 ? fb - fa : tieRank[a]! - tieRank[b]!;
  });
  for (let pass = 0; rest > 0 && pass < 2; pass++) {
    for (const i of order) {
      if (rest <= 0) break;
      const cap = caps ? caps[i]! : Infinity;
      // first pass: only entries with a fractional part; second: anything still below its cap
      if (out[i]! + 1 > cap || (pass === 0 && q[i]! - out[i]! <= 1e-9)) continue;
      out[i]!++;
      rest--;
    }
  }
  return out;
}

/**
 * Fill a rows × kinds table with row sums `rowTarget`, column sums as close to `colTarget` as the
 * availability allows: start from the proportional table, raise it to a maximum flow
 * (Edmonds–Karp over source → kind → row → sink), then complete short rows with any kind left.
 */
export function fillTable(avail: readonly number[][], rowTarget: readonly number[], colTarget: readonly number[], rowOrder: readonly number[]): number[][] {
  const R = rowTarget.length;
  const K = colTarget.length;
  const total = rowTarget.reduce((a, b) => a + b, 0);
  const cell = avail.map((row, r) => row.map((a, k) => Math.min(a, total > 0 ? Math.floor((rowTarget[r]! * colTarget[k]!) / total) : 0)));
  // Nodes: 0 source, 1..K kinds, K+1..K+R rows, K+R+1 sink.
  const N = K + R + 2;
  const S = 0;
  const T = N - 1;
  const cap = Array.from({ length: N }, () => new Array<number>(N).fill(0));
  const flow = Array.from({ length: N }, () => new Array<number>(N).fill(0));
  const setFlow = (u: number, v: number, f: number): void => {
    flow[u]![v] = f;
    flow[v]![u] = -f;
  };
  for (let k = 0; k < K; k++) cap[S]![1 + k] = colTarget[k]!;
  for (let r = 0; r < R; r++) cap[1 + K + r]![T] = rowTarget[r]!;
  for (let k = 0; k < K; k++) for (let r = 0; r < R; r++) cap[1 + k]![1 + K + r] = avail[r]![k]!;
  for (let k = 0; k < K; k++) {
    let col = 0;
    for (let r = 0; r < R; r++) {
      setFlow(1 + k, 1 + K + r, cell[r]![k]!);
      col += cell[r]![k]!;
    }
    setFlow(S, 1 + k, col);
  }
  for (let r = 0; r < R; r++) setFlow(1 + K + r, T, cell[r]!.reduce((a, b) => a + b, 0));
  // Neighbour order: kinds in order, rows in the seeded order.
  const nodeOrder = [S, ...Array.from({ length: K }, (_x, k) => 1 + k), ...rowOrder.map((r) => 1 + K + r), T];
  for (;;) {
    const prev = new Array<number>(N).fill(-1);
    prev[S] = S;
    const queue = [S];
    while (queue.length && prev[T] === -1) {
      const u = queue.shift()!;
      for (const v of nodeOrder) {
        if (prev[v] === -1 && cap[u]![v]! - flow[u]![v]! > 0) {
          prev[v] = u;
          queue.push(v);
        }
      }
    }
    if (prev[T] === -1) break;
    let bottleneck = Infinity;
    for (let v = T; v !== S; v = prev[v]!) bottleneck = Math.min(bottleneck, cap[prev[v]!]![v]! - flow[prev[v]!]![v]!);
    for (let v = T; v !== S; v = prev[v]!) setFlow(prev[v]!, v, flow[prev[v]!]![v]! + bottleneck);
  }
  const out = Array.from({ length: R }, (_x, r) => Array.from({ length: K }, (_y, k) => flow[1 + k]![1 + K + r]!));
  for (let r = 0; r < R; r++) {
    let short = rowTarget[r]! - out[r]!.reduce((a, b) => a + b, 0);
    while (short > 0) {
      let best = -1;
      for (let k = 0; k < K; k++) {
        const left = avail[r]![k]! - out[r]![k]!;
        if (left > 0 && (best < 0 || left > avail[r]![best]! - out[r]![best]!)) best = k;
      }
      if (best < 0) break;
      out[r]![best]!++;
      short--;
    }
  }
  return out;
}

/** `n` cards of `pool`: uniformly, or weighted by weakness (Efraimidis–Spirakis keys). */
function pickCards(pool: readonly Card[], n: number, rng: Rng, weakness: ReadonlyMap<string, number> | null): Card[] {
  if (n <= 0) return [];
  if (!weakness) return rng.shuffle(pool).slice(0, n);
  const keyed = pool.map((card, i) => {
    const w = WEAK_FLOOR + clamp01(weakness.get(card.id) ?? 0);
    return { card, i, key: Math.log(rng.next()) / w };
  });
  keyed.sort((a, b) => (b.key !== a.key ? b.key - a.key : a.i - b.i));
  return keyed.slice(0, n).map((k) => k.card);
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

function formatArgs(seed: number, count: number, topics: readonly TopicWeight[] | null, mix: Mix, minutes: number | null, weak: boolean): string {
  const parts = [`--seed ${seed}`, `--count ${count}`];
  if (topics) {
    const plain = topics.every((t) => t.weight === 1);
    parts.push(`--topic ${topics.map((t) => (plain ? t.topic : `${t.topic}=${t.weight}`)).join(',')}`);
  }
  parts.push(`--mix ${QUESTION_KINDS.map((k) => `${k}=${mix[k]}`).join(',')}`);
  if (minutes !== null) parts.push(`--minutes ${minutes}`);
  if (weak) parts.push('--weak');
  return parts.join(' ');
}

interface TopicPool {
  deck: Deck;
  weight: number;
  firstLine: number;
  /** Eligible cards per kind, in deck order. */
  byKind: Record<QuestionKind, Card[]>;
  size: number;
}

export function assembleExam(decks: readonly Deck[], opts: AssembleOptions): Exam {
  const { seed } = opts;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new UserError(`--seed must be an integer from 0 to ${0xffffffff}`, 2);
  if (!Number.isInteger(opts.count) || opts.count < 1 || opts.count > MAX_COUNT) throw new UserError(`--count must be an integer from 1 to ${MAX_COUNT}`, 2);
  const mix: Mix = opts.mix ?? { ...DEFAULT_MIX };
  const mixSum = QUESTION_KINDS.reduce((a, k) => a + mix[k], 0);
  if (!QUESTION_KINDS.every((k) => Number.isFinite(mix[k]) && mix[k] >= 0) || !(mixSum > 0)) throw new UserError('--mix: shares must be non-negative and not all zero', 2);
  if (opts.minutes != null && !(Number.isFinite(opts.minutes) && opts.minutes > 0)) throw new UserError('--minutes must be a positive number', 2);
  const weakness = opts.weakness ?? null;
  const skip = opts.skip ?? null;
  const notes: string[] = [];

  const byTopic = new Map(decks.map((d) => [d.topic, d]));
  const explicit = opts.topics && opts.topics.length ? opts.topics : null;
  let chosen: { deck: Deck; weight: number }[];
  if (explicit) {
    const seen = new Set<string>();
    chosen = explicit.map((t) => {
      const deck = byTopic.get(t.topic);
      if (!deck) throw new UserError(`unknown topic "${t.topic}" (topics: ${[...byTopic.keys()].join(', ')})`, 2);
      if (seen.has(t.topic)) throw new UserError(`topic "${t.topic}" is given twice`, 2);
      if (!(Number.isFinite(t.weight) && t.weight > 0)) throw new UserError(`topic "${t.topic}": the weight must be a positive number`, 2);
      seen.add(t.topic);
      return { deck, weight: t.weight };
    });
  } else chosen = decks.map((deck) => ({ deck, weight: citedLines(deck) || deck.cards.length })); // an own deck may cite no lines

  const pools: TopicPool[] = chosen.map(({ deck, weight }) => {
    const byKind: Record<QuestionKind, Card[]> = { numeric: [], choice: [], recall: [] };
    for (const card of deck.cards) if (eligible(card, skip)) byKind[kindOf(card)].push(card);
    const size = QUESTION_KINDS.reduce((a, k) => a + byKind[k].length, 0);
    const firstLine = deck.cards.reduce((m, c) => c.sheet.reduce((k, l) => Math.min(k, l), m), Number.MAX_SAFE_INTEGER); // no spread: decks may be large
    let w = weight;
    if (weakness && size > 0) {
      const cards = QUESTION_KINDS.flatMap((k) => byKind[k]);
      const mean = cards.reduce((a, c) => a + clamp01(weakness.get(c.id) ?? 0), 0) / cards.length;
      w = weight * (1 + WEAK_TOPIC_GAIN * mean);
    }
    return { deck, weight: w, firstLine, byKind, size };
  });
  // Sections follow the course: topics by their first sheet line.
  pools.sort((a, b) => a.firstLine - b.firstLine || (a.deck.topic < b.deck.topic ? -1 : a.deck.topic > b.deck.topic ? 1 : 0));
  for (const p of pools) if (p.size === 0 && explicit) notes.push(`topic ${p.deck.topic} has no card that can be asked`);
  const available = pools.reduce((a, p) => a + p.size, 0);
  if (available === 0) throw new UserError('no card of the chosen topics can be asked in an exam', 1);
  let count = opts.count;
  if (count > available) {
    notes.push(`only ${available} questions are available; the exam has ${available}, not ${count}`);
    count = available;
  }

  const order = subRng(seed, 'ties');
  const topicRank = rankOf(order.shuffle(pools.map((_p, i) => i)));
  const kindRank = rankOf(order.shuffle(QUESTION_KINDS.map((_k, i) => i)));
  const caps = pools.map((p) => p.size);
  const weights = pools.map((p) => (p.size > 0 ? p.weight : 0));
  const targets = cappedQuotas(weights, caps, count);
  const topicCounts = roundQuotas(targets, count, topicRank, caps);
  const kindShare = QUESTION_KINDS.map((k) => (count * mix[k]) / mixSum);
  const kindTargets = roundQuotas(kindShare, count, kindRank);
  const avail = pools.map((p) => QUESTION_KINDS.map((k) => p.byKind[k].length));
  const rowOrder = [...topicRank.keys()].sort((a, b) => topicRank[a]! - topicRank[b]!);
  const table = fillTable(avail, topicCounts, kindTargets, rowOrder);

  const kinds: Record<QuestionKind, number> = { numeric: 0, choice: 0, recall: 0 };
  table.forEach((row) => row.forEach((n, k) => (kinds[QUESTION_KINDS[k]!] += n)));
  QUESTION_KINDS.forEach((k, i) => {
    if (kinds[k] < kindTargets[i]!) {
      notes.push(`${k}: ${kinds[k]} question${kinds[k] === 1 ? '' : 's'} instead of ${kindTargets[i]} (the chosen topics have too few ${k} cards)`);
    }
  });

  // Pick the cards of each cell; then order by topic (course order) and deck order inside a topic.
  const picked: { pool: TopicPool; card: Card; index: number }[] = [];
  pools.forEach((pool, r) => {
    const index = new Map(pool.deck.cards.map((c, i) => [c.id, i]));
    const mine: Card[] = [];
    QUESTION_KINDS.forEach((k, ki) => {
      const rng = subRng(seed, `pick:${pool.deck.topic}:${k}`);
      mine.push(...pickCards(pool.byKind[k], table[r]![ki]!, rng, weakness));
    });
    mine.sort((a, b) => index.get(a.id)! - index.get(b.id)!);
    for (const card of mine) picked.push({ pool, card, index: index.get(card.id)! });
  });

  const questions: Question[] = picked.map(({ pool, card }, i) => buildQuestion(card, pool.deck.topic, i + 1, seed, skip));
  const topics: ExamTopic[] = pools.map((p, i) => {
    const qs = questions.filter((q) => q.topic === p.deck.topic);
    return {
      topic: p.deck.topic,
      title: p.deck.title,
      weight: p.weight,
      target: targets[i]!,
      count: qs.length,
      points: qs.reduce((a, q) => a + q.points, 0),
    };
  });
  const maxScore = questions.reduce((a, q) => a + q.points, 0);
  const budget = opts.minutes ?? Math.ceil(questions.reduce((a, q) => a + MINUTES_PER[q.kind], 0));
  const decksId = hex8(fnv1a(JSON.stringify(pools.map((p) => [p.deck.topic, p.deck.title, p.deck.cards]))));
  const settings = {
    count: opts.count,
    topics: explicit ? explicit.map((t) => ({ topic: t.topic, weight: t.weight })) : null,
    mix: { ...mix },
    weak: weakness !== null,
    minutes: opts.minutes ?? null,
  };
  return {
    format: 'deepcards-exam',
    version: 1,
    seed,
    settings,
    decks: decksId,
    args: formatArgs(seed, opts.count, settings.topics, mix, settings.minutes, settings.weak),
    minutes: budget,
    maxScore,
    topics,
    kinds,
    questions,
    notes,
  };
}

function rankOf(perm: readonly number[]): number[] {
  const rank = new Array<number>(perm.length).fill(0);
  perm.forEach((v, i) => (rank[v] = i));
  return rank;
}

/** The seed of the numeric instance at `position`: fresh per exam, reproducible from the exam seed. */
export function questionSeed(examSeed: number, position: number, cardId: string): number {
  return fnv1a(`exam:${examSeed}#${position}:${cardId}`);
}

function buildQuestion(card: Card, topic: string, position: number, seed: number, skip: ReadonlySet<string> | null): Question {
  const base = {
    position,
    cardId: card.id,
    itemId: card.id,
    topic,
    sheet: card.sheet,
    ...(card.fix ? { fix: card.fix } : {}),
  };
  switch (card.type) {
    case 'numeric': {
      const qseed = questionSeed(seed, position, card.id);
      const inst = instantiate(card.family, qseed, card.level);
      return {
        ...base,
        kind: 'numeric',
        points: POINTS.numeric,
        ...(card.front ? { intro: card.front } : {}),
        prompt: inst.prompt,
        family: inst.family,
        level: inst.level,
        seed: qseed,
        params: inst.params,
        answer: inst.answer,
        answerTex: answerTexOf(inst.answer, inst.tolerance),
        tolerance: inst.tolerance,
        answerHint: inst.answerHint,
        steps: inst.steps,
        misconceptions: inst.misconceptions,
      };
    }
    case 'choice': {
      const options = subRng(seed, `options:${position}:${card.id}`).shuffle(card.choices);
      return {
        ...base,
        kind: 'choice',
        points: POINTS.choice,
        prompt: card.front,
        options,
        answerIndex: options.indexOf(card.answer),
        ...(card.explanation ? { explanation: card.explanation } : {}),
      };
    }
    case 'basic':
      return { ...base, kind: 'recall', source: 'basic', points: POINTS.recall, prompt: card.front, answer: card.back };
    case 'cloze': {
      const ord = subRng(seed, `cloze:${card.id}`).pick(askableOrds(card, skip));
      return {
        ...base,
        itemId: `${card.id}#c${ord}`,
        kind: 'recall',
        source: 'cloze',
        points: POINTS.recall,
        prompt: clozeFront(card.text, ord),
        answer: clozeAnswers(card.text, ord).join(' · '),
        full: clozeBack(card.text, ord),
        ...(card.back ? { extra: card.back } : {}),
      };
    }
  }
}
