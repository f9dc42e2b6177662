// Pure: the road to the exam. Every item is projected forward on SM-2 from its current state,
// assuming each review on the way passes with grade 4 (E-Factor unchanged): that gives the reviews of
// each day and the last review before the exam (so the days elapsed at the exam). New items of the
// exam topics are introduced in sheet order at the paced rate (paceSchedule); others stay new.
import { review, type ReviewState } from '../scheduler/sm2.js';
import { paceSchedule, type PaceInput } from './pace.js';
import { curve, estimateShare, observations, type Curve, type Estimate, type LogRow } from './recall.js';

export const MATURE_DAYS = 21;

export interface PlanItem {
  id: string;
  topic: string;
  /** null = new. */
  due: number | null;
  reps: number;
  ef: number;
  interval: number;
  lapses: number;
  /** Day of the item's last scheduled answer (new/review), null if never answered. */
  lastDay: number | null;
}

export interface ProjectedItem {
  id: string;
  topic: string;
  /** Day it is introduced (today or later), or null if it stays new until the exam. */
  introducedOn: number | null;
  reviewDays: number[];
  /** Days from the last review (actual or projected) to the exam day; null = never introduced. */
  elapsedAtExam: number | null;
}

/** Reviews from `state` on days before the exam, each passing with grade 4. Overdue items come today. */
export function project(state: ReviewState, lastDay: number, today: number, examDay: number): { reviewDays: number[]; last: number } {
  const days: number[] = [];
  let s = state;
  let last = lastDay;
  let day = Math.max(s.due, today);
  while (day < examDay) {
    days.push(day);
    last = day;
    s = review(s, 4, day);
    day = s.due;
  }
  return { reviewDays: days, last };
}

/**
 * Project every item. `newOrder`: new items of the exam topics in the order sessions introduce them
 * (sheet order); `pace`: the pacing input at today (remaining = newOrder.length).
 */
export function projectItems(items: readonly PlanItem[], newOrder: readonly string[], paceIn: PaceInput): ProjectedItem[] {
  const { today, examDay } = paceIn;
  const perDay = paceSchedule({ ...paceIn, remaining: newOrder.length });
  const introDay = new Map<string, number>();
  let k = 0;
  perDay.forEach((n, d) => {
    for (let i = 0; i < n && k < newOrder.length; i++) introDay.set(newOrder[k++]!, today + d);
  });
  return items.map((it): ProjectedItem => {
    if (it.due !== null) {
      const state: ReviewState = { kind: 'review', repetitions: it.reps, ef: it.ef, interval: it.interval, due: it.due, lapses: it.lapses };
      const p = project(state, it.lastDay ?? it.due - it.interval, today, examDay);
      return { id: it.id, topic: it.topic, introducedOn: null, reviewDays: p.reviewDays, elapsedAtExam: examDay - p.last };
    }
    const d = introDay.get(it.id);
    if (d === undefined) return { id: it.id, topic: it.topic, introducedOn: null, reviewDays: [], elapsedAtExam: null };
    const p = project(review({ kind: 'new' }, 4, d), d, today, examDay);
    return { id: it.id, topic: it.topic, introducedOn: d, reviewDays: p.reviewDays, elapsedAtExam: examDay - p.last };
  });
}

export interface LoadDay {
  day: number;
  reviews: number;
  new: number;
  /** From the learner's median seconds per answer; null without history. */
  minutes: number | null;
  /** Over the daily-minutes budget. */
  over: boolean;
}

/** Reviews and new cards per day from today to the day before the exam. */
export function load(projected: readonly ProjectedItem[], today: number, examDay: number, secondsPerAnswer: number | null, budget: number | null): LoadDay[] {
  const days: LoadDay[] = [];
  for (let d = today; d < examDay; d++) days.push({ day: d, reviews: 0, new: 0, minutes: null, over: false });
  for (const p of projected) {
    if (p.introducedOn !== null && p.introducedOn >= today && p.introducedOn < examDay) days[p.introducedOn - today]!.new++;
    for (const r of p.reviewDays) if (r >= today && r < examDay) days[r - today]!.reviews++;
  }
  for (const d of days) {
    if (secondsPerAnswer !== null) d.minutes = ((d.reviews + d.new) * secondsPerAnswer) / 60;
    d.over = budget !== null && d.minutes !== null && d.minutes > budget;
  }
  return days;
}

/** The median of the answer times, in seconds; null when there are none. */
export function medianSeconds(durationsMs: readonly number[]): number | null {
  if (durationsMs.length === 0) return null;
  const s = [...durationsMs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return (s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2) / 1000;
}

export interface TopicPlan {
  topic: string;
  items: number;
  introduced: number;
  young: number;
  mature: number;
  /** Scheduled reviews (kind 'review') in the recent window: passed / n. */
  retention: { n: number; passed: number };
  /** The topic's score in the most recent practice exam that had it. */
  lastExam: { day: number; earned: number; max: number } | null;
  /** Share of the topic's items recalled on the exam day; null without an exam date or a log. */
  estimate: Estimate | null;
}

export interface TopicInputs {
  retention: ReadonlyMap<string, { n: number; passed: number }>;
  lastExam: ReadonlyMap<string, { day: number; earned: number; max: number }>;
}

/** Per topic figures; `projected` is null without an exam date. */
export function topicPlans(topics: readonly string[], items: readonly PlanItem[], log: readonly LogRow[], inputs: TopicInputs,
  projected: readonly ProjectedItem[] | null): TopicPlan[] {
  const obs = observations(log);
  const all = curve(obs);
  const curves = new Map<string, Curve>();
  for (const t of topics) curves.set(t, curve(obs.filter((o) => o.topic === t)));
  return topics.map((topic) => {
    const mine = items.filter((i) => i.topic === topic);
    const introduced = mine.filter((i) => i.due !== null);
    const mature = introduced.filter((i) => i.interval >= MATURE_DAYS).length;
    const elapsed = projected?.filter((p) => p.topic === topic).map((p) => p.elapsedAtExam) ?? null;
    return {
      topic,
      items: mine.length,
      introduced: introduced.length,
      young: introduced.length - mature,
      mature,
      retention: inputs.retention.get(topic) ?? { n: 0, passed: 0 },
      lastExam: inputs.lastExam.get(topic) ?? null,
      estimate: elapsed ? estimateShare(elapsed, curves.get(topic)!, all) : null,
    };
  });
}
