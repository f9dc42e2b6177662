// Pure lints for weak flashcards (`decks check`): warnings located as file:line:col, errors under
// --strict. A deck may list a deliberate exception with its reason (`lint-allow:` on the card or deck).
// Why these rules: a cloze whose answer is visible elsewhere on the card tests reading, not recall; a
// choice key that is the only long option is guessed by length; long answers hide several facts; two
// cards with the same front interfere; and a key always in the same place is guessed by position
// wherever options are shown as stored (Anki export, printed exams).
import type { Located } from '../errors.js';
import { CLOZE_RE, clozeNumbers } from './cloze.js';
import type { Card, Deck, LintRule } from './model.js';

export interface LintOptions {
  /** Most words on an answer side (a basic back, a choice key). */
  maxAnswerWords: number;
  /** Most words of prose in one cloze deletion (a formula counts as one word). */
  maxDeletionWords: number;
  /** Shortest deleted text (normalised) that counts as given away when it appears elsewhere. */
  minGiveawayChars: number;
}

export const DEFAULT_LINT: LintOptions = { maxAnswerWords: 40, maxDeletionWords: 6, minGiveawayChars: 3 };

export interface LintWarning extends Located {
  rule: LintRule;
  cardId?: string;
}

/** A deck with the text it was parsed from (for locating warnings). */
export interface LintInput {
  deck: Deck;
  text: string;
}

/** Every lint warning of the decks, minus the listed exceptions, sorted by file and line. */
export function lintDecks(inputs: readonly LintInput[], options: LintOptions = DEFAULT_LINT): LintWarning[] {
  const out: LintWarning[] = [];
  for (const input of inputs) out.push(...lintDeck(input, options));
  out.push(...duplicateFronts(inputs));
  const allowed = (w: LintWarning): boolean => {
    const input = inputs.find((i) => i.deck.file === w.file);
    if (!input) return false;
    if (input.deck.lintAllow?.some((a) => a.rule === w.rule)) return true;
    const card = w.cardId ? input.deck.cards.find((c) => c.id === w.cardId) : undefined;
    return !!card?.lintAllow?.some((a) => a.rule === w.rule);
  };
  return out.filter((w) => !allowed(w)).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.col - b.col));
}

export function lintDeck({ deck, text }: LintInput, options: LintOptions = DEFAULT_LINT): LintWarning[] {
  const loc = locator(text);
  const out: LintWarning[] = [];
  const warn = (card: Card, field: string, rule: LintRule, message: string): void => {
    out.push({ file: deck.file, ...loc(card.id, field), rule, cardId: card.id, message: `${card.id}: ${message} [${rule}]` });
  };
  for (const card of deck.cards) {
    if (card.type === 'cloze') {
      for (const g of clozeGiveaways(card.text, options.minGiveawayChars)) {
        warn(card, 'text', 'cloze-giveaway', `deletion c${g.ord} (${short(g.answer)}) is visible ${g.where} when it is hidden`);
      }
      for (const m of card.text.matchAll(CLOZE_RE)) {
        const words = wordCount(m[2]!);
        if (words > options.maxDeletionWords) warn(card, 'text', 'answer-length', `deletion c${m[1]} has ${words} words (at most ${options.maxDeletionWords}): a recall of wording, not of a fact`);
      }
    } else if (card.type === 'basic') {
      const words = wordCount(card.back);
      if (words > options.maxAnswerWords) warn(card, 'back', 'answer-length', `the back has ${words} words (at most ${options.maxAnswerWords}): split it into cards of one fact`);
    } else if (card.type === 'choice') {
      const words = wordCount(card.answer);
      if (words > options.maxAnswerWords) warn(card, 'answer', 'answer-length', `the key has ${words} words (at most ${options.maxAnswerWords})`);
      if (standsOutByLength(card.choices, card.answer)) warn(card, 'answer', 'choice-longest', 'the key is the only longest option: make a distractor as long, or the key shorter');
    }
  }
  const pos = predictablePosition(deck.cards);
  if (pos) {
    const first = deck.cards.find((c) => c.type === 'choice')!;
    out.push({ file: deck.file, ...loc(first.id, 'answer'), rule: 'choice-position', message: `the key is option ${pos.position + 1} in ${pos.count} of ${pos.total} choice cards: vary its position [choice-position]` });
  }
  return out;
}

// ---- cloze give-aways --------------------------------------------------------------------------

export interface Giveaway {
  ord: number;
  answer: string;
  where: string;
}

/** Compare formulas and prose the way a reader sees them: no $, spacing commands, braces or spaces. */
export function normalise(s: string): string {
  return s
    .replace(/\\[,;:! ]/g, '')
    .replace(/\\(?:left|right|big|Big|bigg|Bigg)(?![a-zA-Z])/g, '')
    .replace(/\\(?:mathrm|text|operatorname|mathbf|boldsymbol)\s*/g, '')
    .replace(/[${}\s~]/g, '')
    .toLowerCase();
}

/** Deletions of a cloze text whose answer can be read elsewhere on the same item's front. */
export function clozeGiveaways(text: string, minChars = DEFAULT_LINT.minGiveawayChars): Giveaway[] {
  const out: Giveaway[] = [];
  for (const ord of clozeNumbers(text)) {
    const answers: string[] = [];
    let visible = '';
    let siblings = '';
    let last = 0;
    for (const m of text.matchAll(CLOZE_RE)) {
      visible += text.slice(last, m.index);
      last = m.index! + m[0].length;
      if (Number(m[1]) === ord) {
        answers.push(m[2]!);
        visible += ' \u0000 ';
      } else {
        visible += ` ${m[2]!} `;
        siblings += ` ${m[2]!} \u0000`;
      }
    }
    visible += text.slice(last);
    for (const answer of new Set(answers)) {
      const a = normalise(answer);
      if (a.length < minChars) continue;
      if (!containsToken(normalise(visible), a)) continue;
      out.push({ ord, answer, where: containsToken(normalise(siblings), a) ? 'in a sibling deletion' : 'in the text' });
    }
  }
  return out;
}

/** `needle` occurs in `hay`, and a word answer is not merely part of a longer word. */
function containsToken(hay: string, needle: string): boolean {
  let i = hay.indexOf(needle);
  const wordy = /^[a-z]/.test(needle) && /[a-z]$/.test(needle);
  while (i >= 0) {
    if (!wordy) return true;
    const before = hay[i - 1] ?? '';
    const after = hay[i + needle.length] ?? '';
    if (!/[a-z]/.test(before) && !/[a-z]/.test(after)) return true;
    // `\max` shows "max" to the reader, so a backslash before counts as a boundary
    i = hay.indexOf(needle, i + 1);
  }
  return false;
}

// ---- lengths -----------------------------------------------------------------------------------

/** Words of prose; each $…$ formula counts as one word. */
export function wordCount(s: string): number {
  const prose = s.replace(/\$\$[\s\S]*?\$\$|\$(?:\\\$|[^$])*\$/g, ' F ');
  return prose.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** Visible length of an option: a formula counts by its normalised characters. */
function visibleLength(s: string): number {
  return normalise(s.replace(/\\[a-zA-Z]+/g, 'x')).length + (s.match(/\s+/g)?.length ?? 0);
}

/**
 * The key is the unique longest option and clearly so (at least 1.25 times the next, and 8 characters
 * more): a reader who knows nothing picks it.
 */
export function standsOutByLength(choices: readonly string[], answer: string): boolean {
  if (choices.length < 2) return false;
  const key = visibleLength(answer);
  const others = choices.filter((c) => c !== answer).map(visibleLength);
  const next = Math.max(...others);
  return key > next * 1.25 && key - next >= 8;
}

// ---- answer position ---------------------------------------------------------------------------

/**
 * The most common key position, when it is predictable: with at least 4 choice cards, more than half
 * of the keys in one position (with 2 options that is a coin flip, so those cards are left out).
 */
export function predictablePosition(cards: readonly Card[]): { position: number; count: number; total: number } | undefined {
  const positions = cards.flatMap((c) => (c.type === 'choice' && c.choices.length > 2 ? [c.choices.indexOf(c.answer)] : []));
  if (positions.length < 4) return undefined;
  const counts = new Map<number, number>();
  for (const p of positions) counts.set(p, (counts.get(p) ?? 0) + 1);
  const [position, count] = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]!;
  return count * 2 > positions.length ? { position, count, total: positions.length } : undefined;
}

// ---- duplicate fronts --------------------------------------------------------------------------

function frontOf(card: Card): string | undefined {
  switch (card.type) {
    case 'basic':
    case 'choice': return card.front;
    case 'cloze': return card.text;
    case 'numeric': return undefined; // a numeric front is a shared instruction, each instance differs
  }
}

function frontKey(s: string): string {
  return normalise(s).replace(/[.?!:]+$/, '');
}

/** Cards (in any deck) whose front reads the same as an earlier card's. */
export function duplicateFronts(inputs: readonly LintInput[]): LintWarning[] {
  const seen = new Map<string, { id: string; file: string }>();
  const out: LintWarning[] = [];
  for (const { deck, text } of inputs) {
    const loc = locator(text);
    for (const card of deck.cards) {
      const front = frontOf(card);
      if (front === undefined) continue;
      const key = frontKey(front);
      const first = seen.get(key);
      if (first) {
        const field = card.type === 'cloze' ? 'text' : 'front';
        out.push({ file: deck.file, ...loc(card.id, field), rule: 'duplicate-front', cardId: card.id, message: `${card.id}: same front as ${first.id} (${first.file}) [duplicate-front]` });
      } else seen.set(key, { id: card.id, file: deck.file });
    }
  }
  return out;
}

// ---- locating ----------------------------------------------------------------------------------

/** line:col of a card's field (or of its id when the field is not found) in the deck text. */
function locator(text: string): (id: string, field: string) => { line: number; col: number } {
  const lines = text.split('\n');
  return (id, field) => {
    const idRe = new RegExp(`^\\s*-?\\s*id:\\s*['"]?${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"]?\\s*$`);
    const start = lines.findIndex((l) => idRe.test(l));
    if (start < 0) return { line: 1, col: 1 };
    const fieldRe = new RegExp(`^(\\s*-?\\s*)${field}:`);
    for (let i = start; i < lines.length; i++) {
      if (i > start && /^\s*-\s*id:/.test(lines[i]!)) break;
      const m = lines[i]!.match(fieldRe);
      if (m) return { line: i + 1, col: m[1]!.length + 1 };
    }
    const col = lines[start]!.indexOf('id:');
    return { line: start + 1, col: col + 1 };
  };
}

function short(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 40 ? `${t.slice(0, 39)}…` : t;
}
