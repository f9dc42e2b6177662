// The deck vocabulary shared by every capability: parsing, sync, review, exams, export.
// Closed unions so that an impossible card cannot be expressed.

export type CardType = 'basic' | 'cloze' | 'choice' | 'numeric';
export const CARD_TYPES: readonly CardType[] = ['basic', 'cloze', 'choice', 'numeric'];

/** A correction of the sheet: what the transcription had, and why the card says otherwise. */
export interface Fix {
  /** What the sheet had (verbatim or close to it; may contain LaTeX). */
  had: string;
  /** Why the card differs: the correct statement and its source. */
  why: string;
}

/** The lints of `decks check` (src/decks/lint.ts). */
export const LINT_RULES = ['cloze-giveaway', 'choice-longest', 'answer-length', 'duplicate-front', 'choice-position'] as const;
export type LintRule = (typeof LINT_RULES)[number];

/** A deliberate exception to a lint, kept in the deck with its reason. */
export interface LintAllow {
  rule: LintRule;
  reason: string;
}

interface CardBase {
  /** Stable forever: `<topic>.<slug>`; the collection keys scheduling on it. */
  id: string;
  /** 1-based line numbers of the sheet this card comes from (ranges expanded); empty in an own deck without them. */
  sheet: number[];
  fix?: Fix;
  tags: string[];
  /** Lint exceptions for this card (`lint-allow:`). */
  lintAllow?: LintAllow[];
}

export interface BasicCard extends CardBase {
  type: 'basic';
  front: string;
  back: string;
}

/** `{{c1::answer}}` or `{{c1::answer::hint}}`; one review item per distinct cloze number. */
export interface ClozeCard extends CardBase {
  type: 'cloze';
  text: string;
  /** Optional extra shown after the answer. */
  back?: string;
}

export interface ChoiceCard extends CardBase {
  type: 'choice';
  front: string;
  choices: string[];
  /** Exactly one of `choices`. */
  answer: string;
  explanation?: string;
}

/** A parameterized numeric question: a fresh instance of `family` at each review. */
export interface NumericCard extends CardBase {
  type: 'numeric';
  family: string;
  /** Difficulty passed to the family's generator: 1 easy, 2 medium, 3 hard. */
  level: 1 | 2 | 3;
  /** Optional short text shown above the generated prompt. */
  front?: string;
}

export type Card = BasicCard | ClozeCard | ChoiceCard | NumericCard;

/** Sheet lines of this topic that deliberately have no card, with the reason (coverage report). */
export interface Uncovered {
  lines: number[];
  reason: string;
}

export interface Deck {
  topic: string;
  title: string;
  description: string;
  uncovered: Uncovered[];
  /**
   * Where an own deck comes from (a book, a lecture, a sheet of one's own). A deck with a source is not
   * part of the course sheet: its cards may omit `sheet:`, coverage and errata ignore it, and its new
   * cards keep their file order after the course's.
   */
  source?: string;
  /** Lint exceptions for the whole deck (`lint-allow:`). */
  lintAllow?: LintAllow[];
  /** Path the deck was read from (for messages). */
  file: string;
  cards: Card[];
}
