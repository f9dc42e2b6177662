// Near-miss suggestions for mistyped commands and topics (pure). Optimal string alignment distance:
// Levenshtein plus a swap of two neighbours, so `reveiw` is one edit from `review`.

export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidates closest to `word`: within a third of its length (at least 1 edit), or that it is a
 * prefix of (`stat` → `status`). Closest first, then alphabetical.
 */
export function suggest(word: string, candidates: readonly string[]): string[] {
  const w = word.toLowerCase();
  const scored = candidates
    .map((c) => ({ c, d: editDistance(w, c.toLowerCase()) }))
    .filter(({ c, d }) => d <= Math.max(1, Math.floor(w.length / 3)) || (w.length >= 3 && c.toLowerCase().startsWith(w)));
  const best = Math.min(...scored.map((s) => s.d));
  return scored.filter((s) => s.d === best || s.c.toLowerCase().startsWith(w)).map((s) => s.c).sort((x, y) => x.localeCompare(y));
}

/** " (did you mean x?)", " (did you mean x or y?)", or "" when nothing is close. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const s = suggest(word, candidates).slice(0, 3);
  if (!s.length) return '';
  return ` (did you mean ${s.length === 1 ? s[0] : `${s.slice(0, -1).join(', ')} or ${s[s.length - 1]}`}?)`;
}
