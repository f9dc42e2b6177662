// The errata of the course sheet: every card that departs from the sheet (`fix: {had, why}`), in sheet
// order. Pure (no fs, no process); LaTeX stays raw here — the command renders it for the terminal.
import type { Deck } from '../decks/model.js';
import { splitLines, truncate } from './coverage.js';

export interface Erratum {
  topic: string;
  id: string;
  /** The sheet lines the card cites. */
  lines: number[];
  /** The sheet's text at those lines, each trimmed and truncated (lines beyond the sheet are skipped). */
  sheet: { line: number; text: string }[];
  /** What the sheet had (raw, may contain LaTeX). */
  had: string;
  /** The correction and its source (raw). */
  why: string;
}

export interface ErrataTopic {
  topic: string;
  title: string;
  errata: Erratum[];
}

export interface Errata {
  /** Topics with at least one correction, in sheet order of their first correction. */
  topics: ErrataTopic[];
  count: number;
}

/** Every card with a `fix`, ordered by its first sheet line (then id), grouped by topic. */
export function collectErrata(decks: readonly Deck[], sheetText: string, options: { width?: number } = {}): Errata {
  const text = splitLines(sheetText);
  const width = options.width ?? 100;
  const all: (Erratum & { title: string })[] = [];
  for (const d of decks) {
    if (d.source !== undefined) continue; // an own deck's fixes are not about the course sheet
    for (const c of d.cards) {
      if (!c.fix) continue;
      all.push({
        topic: d.topic,
        title: d.title,
        id: c.id,
        lines: [...c.sheet],
        sheet: c.sheet.filter((l) => l >= 1 && l <= text.length).map((l) => ({ line: l, text: truncate(text[l - 1]!, width) })),
        had: c.fix.had,
        why: c.fix.why,
      });
    }
  }
  const first = (e: Erratum): number => e.lines[0] ?? Infinity;
  all.sort((a, b) => first(a) - first(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const topics: ErrataTopic[] = [];
  const index = new Map<string, ErrataTopic>();
  for (const { title, ...e } of all) {
    let t = index.get(e.topic);
    if (!t) {
      t = { topic: e.topic, title, errata: [] };
      index.set(e.topic, t);
      topics.push(t);
    }
    t.errata.push(e);
  }
  return { topics, count: all.length };
}
