// The repros of ../shared/findings/numeric.md (D3–D13), each pinned with its seed. Values a learner
// would type are computed here from the instance's parameters, independently of the family code.
import { describe, expect, it } from 'vitest';
import { checkAnswer } from '../../../src/engine/check.js';
import { niceFloor } from '../../../src/questions/families/common.js';
import { instantiate } from '../../../src/questions/registry.js';
import type { Instance, Value } from '../../../src/questions/types.js';

const nums = (v: unknown): number[] => (Array.isArray(v) ? (v as number[]) : [v as number]);
const typed = (v: Value): string => (Array.isArray(v) ? v.map((x) => x.toPrecision(6)).join(', ') : v.toPrecision(6));
function verdict(inst: Instance, v: Value) {
  return checkAnswer(typed(v), inst.answer, inst.tolerance, inst.misconceptions);
}

describe('D3: wrong methods are not accepted (the findings\' seeds)', () => {
  it('kl --seed 0 --level 2: KL(q‖p) for KL(p‖q)', () => {
    const i = instantiate('kl', 0, 2);
    const [p, q] = [nums(i.params['p']), nums(i.params['q'])];
    const base = i.params['base'] === undefined ? Math.E : (i.params['base'] as number);
    const swapped = q.reduce((a, qi, k) => a + (qi > 0 ? qi * Math.log(qi / p[k]!) : 0), 0) / Math.log(base);
    expect(verdict(i, swapped).kind).toBe('wrong');
  });

  it('td0 --seed 5 --level 2: γ forgotten; and the TD sign flip is named (D10)', () => {
    const i = instantiate('td0', 5, 2);
    const [v, r, g, a, nv] = ['v', 'reward', 'gamma', 'alpha', 'next_v'].map((k) => i.params[k] as number) as [number, number, number, number, number];
    expect(verdict(i, v + a * (r + nv - v)).kind).toBe('wrong');
    const flip = verdict(i, v - a * (r + g * nv - v));
    expect(flip.kind).toBe('wrong');
    expect(flip.kind === 'wrong' && [flip.misconception?.id, ...(flip.misconception?.also ?? [])]).toContain('td-sign-flip');
  });

  it('discounted-return --seed 0 --level 3: no discounting', () => {
    const i = instantiate('discounted-return', 0, 3);
    expect(verdict(i, nums(i.params['rewards']).reduce((a, b) => a + b, 0)).kind).toBe('wrong');
  });

  it('nesterov --seed 48 --level 1: classical momentum (gradient at θ), as a change Δθ', () => {
    const i = instantiate('nesterov', 48, 1);
    const [t, v, a, lr, g] = ['theta', 'v', 'a', 'lr', 'gamma'].map((k) => i.params[k] as number) as [number, number, number, number, number];
    expect(verdict(i, -(g * v + lr * a * t)).kind).toBe('wrong');
  });

  it('sigmoid-nll --seed 244 --level 1: "0" for a tiny NLL', () => {
    const i = instantiate('sigmoid-nll', 244, 1);
    expect(checkAnswer('0', i.answer, i.tolerance, i.misconceptions).kind).toBe('wrong');
  });

  it('attention-weights --seed 72 --level 1: a one-hot row', () => {
    const i = instantiate('attention-weights', 72, 1);
    const a = nums(i.answer);
    const top = a.indexOf(Math.max(...a));
    expect(verdict(i, a.map((_x, k) => (k === top ? 1 : 0))).kind).toBe('wrong');
  });
});

describe('D4: coincidences are drawn again', () => {
  it('adagrad --seed 0 --level 2: dividing by r instead of √(r + g²) is wrong', () => {
    const i = instantiate('adagrad', 0, 2);
    const [r, g] = [nums(i.params['r']), nums(i.params['grad'])];
    const lr = i.params['lr'] as number;
    const byR = g.map((gk, k) => (-lr * gk) / (r[k]! + gk * gk));
    expect(verdict(i, Array.isArray(i.answer) ? byR : byR[0]!).kind).toBe('wrong');
  });

  it('kl --seed 13 --level 1 is not a symmetric pair', () => {
    const i = instantiate('kl', 13, 1);
    expect(nums(i.params['p'])).not.toEqual([...nums(i.params['q'])].reverse());
  });

  it('sgd-momentum --seed 255 --level 1: θ moves (V_t ≠ 0)', () => {
    const i = instantiate('sgd-momentum', 255, 1);
    expect(checkAnswer('0', i.answer, i.tolerance, i.misconceptions).kind).toBe('wrong');
  });

  it('value-iteration --seed 45 --level 1 is not [1, 1, 1]', () => {
    expect(instantiate('value-iteration', 45, 1).answer).not.toEqual([1, 1, 1]);
  });

  it('attention-weights --seed 11 --level 3: the causal mask matters for the asked row', () => {
    const i = instantiate('attention-weights', 11, 3);
    const noMask = (i.contrasts ?? []).find((m) => m.id === 'no-mask');
    expect(noMask).toBeDefined();
    expect(verdict(i, noMask!.value).kind).toBe('wrong');
  });
});

describe('D5, D6, D7, D8, D13', () => {
  it('D5: adam at t = 2 states (m, v) one gradient produces: m² = 10 v (β1 = 0.9, β2 = 0.999)', () => {
    let seen = 0;
    for (let seed = 0; seed < 300; seed++) {
      const i = instantiate('adam', seed, 2);
      if (i.params['t'] !== 2) continue;
      seen++;
      const [m, v] = [i.params['m'] as number, i.params['v'] as number];
      // m = 0.1 g, v = 0.001 g² → m² = 0.01 g² = 10 v (to the 4 digits shown)
      expect(Math.abs(m * m - 10 * v)).toBeLessThanOrEqual(2e-3 * 10 * v);
    }
    expect(seen).toBeGreaterThan(30);
  });

  it('D6: sgd-momentum --seed 6 --level 1 style float noise keeps its step (niceFloor(9.999…e-5) = 1e-4)', () => {
    expect(niceFloor(9.999999999999995e-5)).toBe(1e-4);
  });

  it('D7: update answers need at most 4 significant digits', () => {
    for (const id of ['sgd-momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam']) {
      for (const level of [1, 2, 3] as const) {
        for (let seed = 0; seed < 100; seed++) {
          const i = instantiate(id, seed, level);
          const four = nums(i.answer).map((x) => Number(x.toPrecision(4)));
          const v = checkAnswer(four.join(', '), i.answer, i.tolerance, i.misconceptions);
          expect(v.kind, `${id} ${seed} L${level}`).toBe('correct');
        }
      }
    }
  });

  it('D8: conv-transpose-output uses output_padding < stride (conv-transpose-output --seed 17 --level 3 had op = 2 = s)', () => {
    for (let seed = 0; seed < 600; seed++) {
      const p = instantiate('conv-transpose-output', seed, 3).params;
      expect(p['output_padding'] as number).toBeLessThan(p['stride'] as number);
    }
  });

  it('D13: policy-evaluation level 1 is not memorisable (had 3 distinct answers in 600)', () => {
    const answers = new Set<number>();
    for (let seed = 0; seed < 600; seed++) answers.add(instantiate('policy-evaluation', seed, 1).answer as number);
    expect(answers.size).toBeGreaterThanOrEqual(6);
  });
});

describe('D10, D11', () => {
  it('D10: −ln(1 − σ) for a label y = 1 is named', () => {
    for (let seed = 0; seed < 50; seed++) {
      const i = instantiate('sigmoid-nll', seed, 1);
      const ids = i.misconceptions.flatMap((m) => [m.id, ...(m.also ?? [])]);
      if (nums(i.params['y']).includes(1)) expect(ids).toContain('log-one-minus-sigma-for-one-label');
    }
  });

  it('D10: receptive-field "sum of kernels" is Σk (two 3×3 then a 3×3 with stride 2 → 9)', () => {
    const i = instantiate('receptive-field', 0, 1);
    const m = (i.contrasts ?? []).find((c) => c.id === 'sum-of-kernels')!;
    const ks = nums(i.params['kernels']);
    const d = i.params['dilations'];
    const ds = d === undefined ? ks.map(() => 1) : Array.isArray(d) ? d : ks.map(() => d);
    expect(m.value).toBe(ks.reduce((a, k, l) => a + (k - 1) * ds[l]! + 1, 0));
  });

  it('D11: the prompt states the floor the checker applies', () => {
    for (const id of ['entropy', 'kl', 'js', 'softmax', 'batchnorm', 'discounted-return', 'lr-schedule', 'gan-optimal-discriminator']) {
      const i = instantiate(id, 1, 2);
      if (i.tolerance.kind !== 'relative') continue;
      const abs = i.tolerance.abs;
      const shown = abs >= 1e-4 ? String(Number(abs.toPrecision(4))) : `10^{${Math.round(Math.log10(abs))}}`;
      expect(i.prompt, id).toContain(shown);
    }
  });
});
