// `deepcards plan [--topic a,b] [--json]`: readiness per topic and the day-by-day load to the exam
// date. SQLite and the pure pacing modules only (no mathjs, no prompt library).
import { checkTopicNames } from './topics.js';
import { dayToIso, studyDay } from '../clock.js';
import { isoToDay, type PaceInput } from '../pacing/pace.js';
import { load, medianSeconds, projectItems, topicPlans, type LoadDay, type TopicPlan } from '../pacing/plan.js';
import { curve, observations, type Curve } from '../pacing/recall.js';
import { readSettings } from '../store/config.js';
import { loadPlanRows, pacedNewLimit, introducedOn, RETENTION_DAYS } from '../store/pacing.js';
import { makeStyle } from '../ui/style.js';
import type { CommandContext } from './context.js';
import { openForCommand } from './open-collection.js';

export interface PlanOptions {
  topic?: string[] | undefined;
  json?: boolean | undefined;
}

export async function runPlan(opts: PlanOptions, ctx: CommandContext): Promise<number> {
  const db = await openForCommand(ctx, { backup: false, readOnlyFallback: true });
  let rows, settings, paced, introducedToday, today;
  try {
    settings = readSettings(db);
    today = studyDay(ctx.clock.now(), settings.rolloverHour);
    rows = loadPlanRows(db, today);
    paced = pacedNewLimit(db, settings, today);
    introducedToday = introducedOn(db, today, settings.examTopics);
  } finally {
    db.close();
  }
  const known = [...new Set(rows.items.map((i) => i.topic))];
  checkTopicNames(opts.topic, [...known].sort());
  const shown = opts.topic?.length ? known.filter((t) => opts.topic!.includes(t)) : known;

  const examDay = settings.examDate === null ? null : isoToDay(settings.examDate);
  const examTopics = settings.examTopics;
  const inExam = (t: string): boolean => examTopics === null || examTopics.includes(t);
  let projected = null;
  let days: LoadDay[] = [];
  const seconds = medianSeconds(rows.durationsMs);
  if (examDay !== null && examDay > today) {
    const newOrder = rows.items.filter((i) => i.due === null && inExam(i.topic)).map((i) => i.id);
    const paceIn: PaceInput = {
      today, examDay, margin: settings.examMargin, remaining: newOrder.length, introducedToday,
      minimum: settings.newPerDay, cap: settings.newCap,
    };
    projected = projectItems(rows.items, newOrder, paceIn);
    const mine = projected.filter((p) => shown.includes(p.topic));
    days = load(mine, today, examDay, seconds, settings.dailyMinutes);
  }
  const topics = topicPlans(shown, rows.items, rows.log, { retention: rows.retention, lastExam: rows.lastExam }, projected);
  const recall = curve(observations(rows.log)); // the whole log's recall per interval bucket, shown as the estimate's basis

  if (opts.json) {
    ctx.out.write(`${JSON.stringify({
      today: dayToIso(today),
      examDate: settings.examDate,
      examTopics,
      deadline: examDay === null ? null : dayToIso(examDay - settings.examMargin),
      newToday: { limit: paced.limit, pacedFor: paced.pacedFor, warning: paced.warning },
      secondsPerAnswer: seconds,
      dailyMinutes: settings.dailyMinutes,
      retentionDays: RETENTION_DAYS,
      estimateAssumes: 'every review before the exam passes (grade 4); recall per interval bucket from the learner\'s own log',
      recallByInterval: recall,
      topics: topics.map((t) => ({ ...t, examTopic: inExam(t.topic) })),
      load: days.map((d) => ({ date: dayToIso(d.day), ...d, minutes: d.minutes === null ? null : Math.round(d.minutes * 10) / 10 })),
    }, null, 2)}\n`);
    return 0;
  }

  const s = makeStyle(ctx.color);
  if (examDay === null) {
    ctx.out.write(`${s.bold('Plan')} · no exam date set (deepcards config set exam-date YYYY-MM-DD): readiness only\n`);
  } else if (examDay <= today) {
    ctx.out.write(`${s.bold('Plan')} · the exam date ${settings.examDate} is ${examDay === today ? 'today' : 'past'}: readiness only\n`);
  } else {
    ctx.out.write(`${s.bold('Plan')} for the exam on ${settings.examDate} (${examDay - today} days from ${dayToIso(today)}) · `
      + `every item introduced by ${dayToIso(examDay - settings.examMargin)} · topics: ${examTopics ? examTopics.join(', ') : 'all'}\n`);
  }
  ctx.out.write(`new today: ${paced.limit}${paced.pacedFor ? ` (paced for ${paced.pacedFor})` : ''}\n`);
  if (paced.warning) ctx.out.write(`${s.yellow('warning')}: ${paced.warning}\n`);
  const strays = (examTopics ?? []).filter((t) => !known.includes(t));
  if (strays.length) ctx.out.write(`${s.yellow('warning')}: exam-topics names ${strays.join(', ')}, not a topic of the collection (topics: ${known.join(', ')})\n`);
  ctx.out.write('\n');
  writeTopics(ctx, topics, s, examDay !== null && examDay > today);
  writeCurve(ctx, recall, s);
  if (days.length) writeLoad(ctx, days, seconds, settings.dailyMinutes, s);
  return 0;
}

const pct = (x: number): string => `${Math.round(100 * x)}%`;

function writeTopics(ctx: CommandContext, topics: TopicPlan[], s: ReturnType<typeof makeStyle>, withEstimate: boolean): void {
  const w = Math.max(5, ...topics.map((t) => t.topic.length));
  const head = `${'topic'.padEnd(w)}  items  intro  young  mature  retention ${RETENTION_DAYS}d   last exam          ${withEstimate ? 'recall on exam day (estimate)' : ''}`;
  ctx.out.write(`${s.dim(head.trimEnd())}\n`);
  for (const t of topics) {
    const ret = t.retention.n ? `${pct(t.retention.passed / t.retention.n)} of ${t.retention.n}` : '—';
    const exam = t.lastExam ? `${t.lastExam.earned}/${t.lastExam.max} (${dayToIso(t.lastExam.day)})` : '—';
    const est = !withEstimate ? '' : t.estimate
      ? `~${pct(t.estimate.share)} (from ${t.estimate.topicObservations} of your reviews here, ${t.estimate.allObservations} in all)`
      : 'not enough history';
    ctx.out.write(`${t.topic.padEnd(w)}  ${String(t.items).padStart(5)}  ${String(t.introduced).padStart(5)}  ${String(t.young).padStart(5)}  ${String(t.mature).padStart(6)}  `
      + `${ret.padEnd(14)}  ${exam.padEnd(17)}  ${est}`.trimEnd() + '\n');
  }
  if (withEstimate) {
    ctx.out.write(s.dim('The recall estimate is the share of the topic\'s items you would recall on the exam day, from your own recall at each\n'
      + 'interval since the last review (bucketed), assuming every review on the way passes; items not introduced count as not recalled.\n'));
  }
}

function writeLoad(ctx: CommandContext, days: LoadDay[], seconds: number | null, budget: number | null, s: ReturnType<typeof makeStyle>): void {
  ctx.out.write(`\n${s.bold('Load to the exam')} · ${seconds === null ? 'no answer times yet: minutes unknown' : `${seconds.toFixed(1)} s per answer (your median)`}`
    + `${budget === null ? '' : ` · budget ${budget} min a day`}\n`);
  ctx.out.write(`${s.dim('date          reviews    new  minutes')}\n`);
  for (const d of days) {
    const min = d.minutes === null ? '—' : d.minutes.toFixed(1);
    ctx.out.write(`${dayToIso(d.day)}  ${String(d.reviews).padStart(9)}  ${String(d.new).padStart(5)}  ${min.padStart(7)}${d.over ? `  ${s.yellow(`over ${budget} min`)}` : ''}\n`);
  }
  const over = days.filter((d) => d.over);
  if (over.length) ctx.out.write(`${s.yellow('warning')}: ${over.length} day${over.length === 1 ? '' : 's'} over daily-minutes ${budget}: ${over.slice(0, 5).map((d) => dayToIso(d.day)).join(', ')}${over.length > 5 ? ', …' : ''}\n`);
}

function writeCurve(ctx: CommandContext, c: Curve, s: ReturnType<typeof makeStyle>): void {
  const known = c.filter((b) => b.n > 0);
  if (!known.length) return;
  ctx.out.write(s.dim(`Your recall by days since the last review: ${known.map((b) => `${b.label} ${pct(b.passed / b.n)} (n=${b.n})`).join(' · ')}\n`));
}
