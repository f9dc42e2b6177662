// --weak: how weak a card is, from what the collection knows about it. Pure; the shell gathers the
// evidence (src/store/exams.ts weaknessEvidence) and assembly leans on the scores.
//
// weakness = 0.35·min(1, lapses/3) + 0.30·min(1, recent failures/2)
//          + 0.20·clamp((2.5 − EF)/1.0, 0, 1) + 0.15·(1 − retention of the card's topic)
// in [0, 1]. Recent failures: grades below 3 in the last 30 days (drills included) and exam misses in
// the last 30 days. Retention: passed share of the topic's scheduled reviews in the last 60 days; a
// topic without reviews counts as retained (no evidence of weakness). A card never studied scores
// only its topic's term.

export interface Evidence {
  lapses: number;
  /** Lowest E-Factor of the card's items, in hundredths. */
  ef: number;
  recentFailures: number;
  /** Retention of the card's topic in [0, 1]; undefined = no reviews. */
  topicRetention: number | undefined;
}

export const WEAKNESS_WEIGHTS = { lapses: 0.35, failures: 0.3, ef: 0.2, topic: 0.15 } as const;

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}

export function cardWeakness(e: Evidence): number {
  const w = WEAKNESS_WEIGHTS;
  const score =
    w.lapses * clamp01(e.lapses / 3) +
    w.failures * clamp01(e.recentFailures / 2) +
    w.ef * clamp01((250 - e.ef) / 100) +
    w.topic * clamp01(1 - (e.topicRetention ?? 1));
  return Math.round(score * 1e6) / 1e6;
}

/** Card id -> weakness, for assembleExam's `weakness` option. */
export function weaknessMap(
  cards: readonly { cardId: string; topic: string; lapses: number; ef: number; recentFailures: number }[],
  retention: ReadonlyMap<string, number>,
): Map<string, number> {
  return new Map(cards.map((c) => [c.cardId, cardWeakness({ ...c, topicRetention: retention.get(c.topic) })]));
}
