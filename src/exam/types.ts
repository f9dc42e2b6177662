// The exam as data: what assembly produces and every renderer, the grader and the sitting consume.
// Plain JSON-serializable values only (the JSON format is this object), no functions, no Dates.
import type { Fix } from '../decks/model.js';
import type { Level, Misconception, Params, Tolerance, Value } from '../questions/types.js';

export type QuestionKind = 'numeric' | 'choice' | 'recall';
export const QUESTION_KINDS: readonly QuestionKind[] = ['numeric', 'choice', 'recall'];

/** Share of each kind in the exam; non-negative, normalized by assembly. */
export type Mix = Record<QuestionKind, number>;

export interface TopicWeight {
  topic: string;
  weight: number;
}

interface QuestionBase {
  /** 1-based position in the exam. */
  position: number;
  cardId: string;
  /** The schedulable item the question drills: the card id, or `<card id>#c<N>` for a cloze. */
  itemId: string;
  topic: string;
  kind: QuestionKind;
  points: number;
  /** Sheet lines of the card (for the key: where to study). */
  sheet: number[];
  fix?: Fix;
}

export interface NumericQuestion extends QuestionBase {
  kind: 'numeric';
  /** The card's optional text above the generated prompt. */
  intro?: string;
  prompt: string;
  family: string;
  level: Level;
  /** Instance seed, derived from the exam seed, the position and the card id. */
  seed: number;
  params: Params;
  answer: Value;
  /** The answer as LaTeX (without `$`), e.g. `13` or `(0.1, 0.2)`. */
  answerTex: string;
  tolerance: Tolerance;
  /** "an integer", "a number …, within 1% …". */
  answerHint: string;
  steps: string[];
  misconceptions: Misconception[];
}

export interface ChoiceQuestion extends QuestionBase {
  kind: 'choice';
  prompt: string;
  /** The choices in exam order (shuffled by the seed). */
  options: string[];
  /** Index into `options` of the right one. */
  answerIndex: number;
  explanation?: string;
}

export interface RecallQuestion extends QuestionBase {
  kind: 'recall';
  source: 'basic' | 'cloze';
  prompt: string;
  /** What the key shows: the back of a basic card, the hidden text of a cloze deletion. */
  answer: string;
  /** Cloze: the whole sentence with every deletion shown. */
  full?: string;
  /** Cloze: the card's optional extra. */
  extra?: string;
}

export type Question = NumericQuestion | ChoiceQuestion | RecallQuestion;

export interface ExamTopic {
  topic: string;
  title: string;
  /** The weight used (after --weak's adjustment). */
  weight: number;
  /** The real-valued share of the count this topic should get (after capping by its pool). */
  target: number;
  count: number;
  points: number;
}

export interface ExamSettings {
  count: number;
  /** Explicit --topic weights, or null for the default (sheet lines cited per topic). */
  topics: TopicWeight[] | null;
  mix: Mix;
  weak: boolean;
  /** --minutes as given, or null for the default budget. */
  minutes: number | null;
}

export interface Exam {
  format: 'deepcards-exam';
  version: 1;
  seed: number;
  settings: ExamSettings;
  /** Short fingerprint of the deck content the exam was drawn from. */
  decks: string;
  /** The options that regenerate this exam, without `--format`: `--seed 7 --count 30 …`. */
  args: string;
  minutes: number;
  maxScore: number;
  topics: ExamTopic[];
  kinds: Record<QuestionKind, number>;
  questions: Question[];
  /** What assembly could not honour (a kind short of its share, a count larger than the pool). */
  notes: string[];
}
