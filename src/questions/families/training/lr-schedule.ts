// Learning-rate schedules (sheet lines 238–242), epochs counted from t = 0 (η_0 = lr0 is the rate of
// the first epoch):
//   step         η_t = lr0 · drop^⌊t/every⌋        (PyTorch StepLR: the drop happens AT epochs every, 2·every, …)
//   exponential  η_t = lr0 · e^{−k t}              (the sheet's continuous form, not a per-epoch factor γ^t)
//   inverse      η_t = lr0 / (1 + k t)             (1/t decay)
// The sheet writes η_{t+1} = η_0 e^{−kt}; read literally that shifts the index by one, which is a
// misconception here.
import { fmt, fmtP } from '../../format.js';
import type { Family, Level, Misconception, ParamSpec, Params, Solution, Tolerance } from '../../types.js';
import { judge } from '../../../engine/compare.js';
import type { Rng } from '../../rng.js';
import { niceFloor, reader, requireInteger, toleranceText } from '../common.js';

export const SCHEDULE_KINDS = ['step', 'exponential', 'inverse'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

const PARAMS: ParamSpec[] = [
  {
    name: 'kind',
    default: 0,
    choices: SCHEDULE_KINDS,
    description: 'schedule: 0 = step, 1 = exponential (lr0·e^{−kt}), 2 = inverse (lr0/(1+kt))',
  },
  { name: 'lr0', description: 'initial learning rate η_0 (the rate at epoch 0)' },
  { name: 'epoch', description: 'the epoch t, counted from 0' },
  { name: 'drop', default: 0.5, description: 'step: factor applied every `every` epochs' },
  { name: 'every', default: 10, description: 'step: epochs between drops' },
  { name: 'k', default: 0.1, description: 'exponential / inverse: decay constant k' },
];

function kindOf(x: number): ScheduleKind {
  const kind = SCHEDULE_KINDS[x];
  if (!Number.isInteger(x) || kind === undefined) {
    throw new Error(`kind must be 0 (step), 1 (exponential) or 2 (inverse) (got ${x})`);
  }
  return kind;
}

function solve(p: Params): Solution {
  const rd = reader(PARAMS, p);
  const kind = kindOf(rd.num('kind'));
  const lr0 = rd.num('lr0');
  const t = requireInteger('epoch', rd.num('epoch'), 0, 1_000_000);
  if (!(lr0 > 0)) throw new Error('lr0 must be > 0');
  const tolerance: Tolerance = { kind: 'relative', rel: 1e-2, abs: niceFloor(lr0 * 1e-6) };
  const candidates: Misconception[] = [];
  const steps: string[] = [];
  let answer: number;

  const expo = (tt: number, k: number): number => lr0 * Math.exp(-k * tt);
  const inv = (tt: number, k: number): number => lr0 / (1 + k * tt);

  if (kind === 'step') {
    const drop = rd.num('drop');
    const every = requireInteger('every', rd.num('every'), 1, 1_000_000);
    if (!(drop > 0 && drop < 1)) throw new Error('drop must be in (0, 1)');
    const drops = Math.floor(t / every);
    answer = lr0 * drop ** drops;
    steps.push(
      'Step decay: $\\eta_t = \\eta_0 \\cdot \\mathrm{drop}^{\\lfloor t / \\mathrm{every} \\rfloor}$ (epochs from 0; the rate drops at epochs every, 2·every, …).',
      `$\\lfloor ${t} / ${every} \\rfloor = ${drops}$ drops so far`,
      `$\\eta_{${t}} = ${fmt(lr0, 6)} \\cdot ${fmt(drop, 6)}^{${drops}} = ${fmt(answer, 6)}$`,
    );
    const late = t >= 1 ? Math.floor((t - 1) / every) : 0;
    candidates.push(
      {
        id: 'drop-one-epoch-late',
        message: `Off by one epoch: the drop happens at the start of epoch ${every} (t counts from 0), so at t = ${t} there have been ⌊${t}/${every}⌋ = ${drops} drops.`,
        value: lr0 * drop ** late,
      },
      {
        id: 'drop-one-epoch-early',
        message: `Off by one epoch: ⌊t/every⌋ with t = ${t}, not ⌊(t+1)/every⌋ — epochs count from 0.`,
        value: lr0 * drop ** Math.floor((t + 1) / every),
      },
      {
        id: 'drop-every-epoch',
        message: `You applied the factor every epoch (drop^t); it applies once per ${every} epochs.`,
        value: lr0 * drop ** t,
      },
    );
  } else {
    const k = rd.num('k');
    if (!(k > 0)) throw new Error('k must be > 0');
    if (kind === 'exponential') {
      answer = expo(t, k);
      steps.push(
        'Exponential decay: $\\eta_t = \\eta_0 e^{-k t}$',
        `$\\eta_{${t}} = ${fmt(lr0, 6)} \\cdot e^{-${fmt(k, 6)} \\cdot ${t}} = ${fmt(lr0, 6)} \\cdot ${fmt(Math.exp(-k * t), 6)} = ${fmt(answer, 6)}$`,
      );
      candidates.push(
        {
          id: 'index-shift',
          message: 'You shifted the index by one (e^{−k(t−1)}): here η_t = η_0 e^{−kt}, so epoch 0 has η_0.',
          value: expo(t - 1, k),
        },
        {
          id: 'inverse-formula',
          message: 'That is 1/t decay, η_0/(1 + kt); exponential decay is η_0 e^{−kt}.',
          value: inv(t, k),
        },
        {
          id: 'factor-form',
          message: 'You used a per-epoch factor (1 − k)^t; this question uses η_0 e^{−kt}.',
          value: lr0 * (1 - k) ** t,
        },
      );
    } else {
      answer = inv(t, k);
      steps.push(
        '1/t decay: $\\eta_t = \\eta_0 / (1 + k t)$',
        `$\\eta_{${t}} = ${fmt(lr0, 6)} / (1 + ${fmt(k, 6)} \\cdot ${t}) = ${fmt(lr0, 6)} / ${fmt(1 + k * t, 6)} = ${fmt(answer, 6)}$`,
      );
      candidates.push(
        {
          id: 'no-one',
          message: 'You dropped the 1: η_t = η_0/(1 + kt), which also keeps η_0 at t = 0.',
          value: t > 0 ? lr0 / (k * t) : Number.NaN,
        },
        {
          id: 'index-shift',
          message: 'You shifted the index by one (1 + k(t−1)): here η_t = η_0/(1 + kt), so epoch 0 has η_0.',
          value: inv(t - 1, k),
        },
        {
          id: 'exponential-formula',
          message: 'That is exponential decay, η_0 e^{−kt}; 1/t decay is η_0/(1 + kt).',
          value: expo(t, k),
        },
      );
    }
  }
  steps.push(`Answer: $\\eta_{${t}} = ${fmt(answer, 6)}$`);
  return { answer, tolerance, steps, ...judge(answer, tolerance, candidates) };
}

function generate(rng: Rng, level: Level): Params {
  const kind: ScheduleKind =
    level === 1 ? rng.pick(['step', 'inverse']) : level === 2 ? rng.pick(['step', 'exponential']) : rng.pick(SCHEDULE_KINDS);
  const lr0 = rng.pick(level === 1 ? [0.1, 1] : [0.1, 0.01, 0.05, 0.2]);
  const kindIndex = SCHEDULE_KINDS.indexOf(kind);
  if (kind === 'step') {
    const every = rng.pick(level === 1 ? [5, 10] : [3, 5, 10, 20, 30]);
    const drops = rng.int(1, level === 3 ? 4 : 2);
    // often exactly at a boundary, where off-by-one mistakes show
    const offset = rng.pick([0, 0, -1, 1, rng.int(2, every - 1)]);
    const epoch = Math.max(1, drops * every + Math.min(offset, every - 1));
    return { kind: kindIndex, lr0, epoch, drop: level === 1 ? 0.5 : rng.pick([0.5, 0.1, 0.2]), every };
  }
  const k = rng.pick(kind === 'exponential' ? [0.1, 0.05, 0.01, 0.2] : [0.1, 0.5, 0.01, 1]);
  // keep k·t ≤ 5 for exponential decay, so the answer stays a readable fraction of lr0
  const maxEpoch = level === 3 ? 100 : 20;
  const epoch = rng.int(1, kind === 'exponential' ? Math.min(maxEpoch, Math.floor(5 / k)) : maxEpoch);
  return { kind: kindIndex, lr0, epoch, k };
}

function prompt(p: Params): string {
  const { tolerance } = solve(p);
  const rd = reader(PARAMS, p);
  const kind = kindOf(rd.num('kind'));
  const t = rd.num('epoch');
  const lr0 = fmt(rd.num('lr0'), 6);
  let rule: string;
  if (kind === 'step') {
    const every = rd.num('every');
    rule = `step decay: the rate is multiplied by ${fmt(rd.num('drop'), 6)} every ${every} epochs, starting from $\\eta_0 = ${lr0}$ (epochs counted from $t = 0$, so the first drop takes effect at epoch ${every}, as PyTorch's StepLR)`;
  } else if (kind === 'exponential') {
    rule = `exponential decay $\\eta_t = \\eta_0 e^{-k t}$ with $\\eta_0 = ${lr0}$, $k = ${fmtP(rd.num('k'), 6)}$ (epochs counted from $t = 0$)`;
  } else {
    rule = `1/t decay $\\eta_t = \\eta_0 / (1 + k t)$ with $\\eta_0 = ${lr0}$, $k = ${fmtP(rd.num('k'), 6)}$ (epochs counted from $t = 0$)`;
  }
  return `A learning-rate schedule uses ${rule}. What is the learning rate at epoch $t = ${t}$? (${toleranceText(tolerance)})`;
}

export const lrSchedule: Family = {
  id: 'lr-schedule',
  title: 'Learning-rate schedules',
  topic: 'training',
  sheet: [234, 238, 240, 242],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
