// Adaptive difficulty for numeric items (issue 11), pure: the level an item's next instance is drawn
// at, and the misconception that instance must separate.
//
// - The level starts at the card's `level` and rises one step per two SM-2 repetitions, up to 3:
//   an item the learner keeps getting right gets harder instances.
// - A lapse resets SM-2's repetitions to 0, so the level falls back; right after a lapse it goes one
//   below the card's level (not below 1), so the learner first rebuilds on an easier instance.
// - After an answer that matched a named misconception, the next instances are drawn so that this
//   misconception's value is clearly apart from the answer (registry.instantiate's `separate`).
import type { Level } from './types.js';

export interface LevelInput {
  /** The card's level in its deck. */
  baseLevel: Level;
  /** SM-2 repetitions in a row (0 after a lapse). */
  reps: number;
  /** Lapses so far. */
  lapses: number;
  /** The misconception id logged with the item's last answer, if any. */
  lastMisconception?: string | null | undefined;
}

export interface LevelChoice {
  level: Level;
  /** Draw the instance so that this misconception is clearly separated from the answer. */
  separate?: string;
}

/** Repetitions per level step. */
export const REPS_PER_LEVEL = 2;

export function levelFor({ baseLevel, reps, lapses, lastMisconception }: LevelInput): LevelChoice {
  const justLapsed = reps === 0 && lapses > 0;
  const raw = justLapsed ? baseLevel - 1 : baseLevel + Math.floor(Math.max(0, reps) / REPS_PER_LEVEL);
  const level = Math.min(3, Math.max(1, raw)) as Level;
  return lastMisconception ? { level, separate: lastMisconception } : { level };
}
