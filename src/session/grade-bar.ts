// Pure: the grade keys as the screen shows them. Each grade with the interval it gives AND what it
// does to the E-Factor, so 3, 4 and 5 are told apart even on a new card (all 1d): `3 · 1d · EF −0.14`.
// In a re-drill (step 7) the schedule does not change: the bar says which grades end it.
import { formatInterval, previewOutcomes, type CardState, type Grade } from '../scheduler/sm2.js';

/** An E-Factor change in hundredths as the bar shows it: −0.14, +0.10, ±0. */
export function efChange(delta: number): string {
  if (delta === 0) return '±0';
  const abs = (Math.abs(delta) / 100).toFixed(2);
  return delta > 0 ? `+${abs}` : `−${abs}`;
}

export function gradeBar(state: CardState, allowed: readonly Grade[], drill: boolean, defaultGrade: Grade): string[] {
  const enter = allowed.includes(defaultGrade) ? defaultGrade : allowed[allowed.length - 1]!;
  if (drill) {
    const again = allowed.filter((g) => g < 4);
    const done = allowed.filter((g) => g >= 4);
    return [
      ...(again.length ? [`${again.join(' ')} · again today`] : []),
      ...(done.length ? [`${done.join(' ')} · done`] : []),
      `Space/Enter = ${enter}`,
    ];
  }
  const before = state.kind === 'new' ? 250 : state.ef;
  const preview = previewOutcomes(state, 0);
  return [...allowed.map((g) => `${g} · ${formatInterval(preview[g].interval)} · EF ${efChange(preview[g].ef - before)}`), `Space/Enter = ${enter}`];
}
