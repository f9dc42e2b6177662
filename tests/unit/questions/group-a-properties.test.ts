// Properties every group-A family must have over many seeds and all levels: generated parameters are
// rounded, valid and reproduce the answer; misconceptions never coincide with the answer; prompts and
// steps are complete; family-specific invariants hold (KL ≥ 0, softmax sums to 1, …); and, end to end
// through the answer checker, the answer typed to 3 significant digits is accepted while each
// misconception's value is rejected and named.
import { describe, expect, it } from 'vitest';
import { checkAnswer } from '../../../src/engine/check.js';
import { valueMatches } from '../../../src/engine/compare.js';
import { FAMILIES } from '../../../src/questions/families/index.js';

const A_IDS = ['conv-output', 'conv-transpose-output', 'pool-output', 'conv-params', 'receptive-field', 'entropy', 'cross-entropy', 'kl', 'js', 'kl-gaussian', 'softmax', 'sigmoid-nll', 'attention-weights'];
const FAMILIES_A = FAMILIES.filter((f) => A_IDS.includes(f.id));
import { instantiate } from '../../../src/questions/registry.js';
import { unknownCommands } from '../../../src/render/latex-unicode.js';
import type { Instance, Level, Params, Value } from '../../../src/questions/types.js';

const SEEDS = 500;
const CHECKED_SEEDS = 100;
const LEVELS: Level[] = [1, 2, 3];
const components = (v: Value): number[] => (Array.isArray(v) ? v : [v]);
const balancedDollars = (s: string): boolean => s.split('$').length % 2 === 1;
const BROKEN = /undefined|NaN|\[object|Infinity/;
const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
const list = (p: Params, name: string): number[] => components(p[name] ?? []);
const num = (p: Params, name: string): number => components(p[name] ?? NaN)[0]!;
const logIn = (base: number): number => Math.log(base);

/** Family-specific invariants: a description of the violation, or null. */
const INVARIANTS: Record<string, (inst: Instance) => string | null> = {
  'conv-output': (i) => ((i.answer as number) >= 1 ? null : 'output < 1'),
  'conv-transpose-output': (i) => {
    // the forward conv with the same settings maps the output back to the input size (when output_padding < stride)
    const p = i.params;
    const [n, k, s, pad, op, d] = ['size', 'kernel', 'stride', 'padding', 'output_padding', 'dilation'].map((x) => num(p, x)) as number[];
    if (op! >= s!) return null;
    const back = Math.floor(((i.answer as number) + 2 * pad! - d! * (k! - 1) - 1) / s!) + 1;
    return back === n ? null : `forward conv gives ${back}, not ${n}`;
  },
  'pool-output': (i) => {
    const p = i.params;
    const out = i.answer as number;
    return out >= 1 && (out - 1) * num(p, 'stride') < num(p, 'size') + num(p, 'padding') ? null : 'last window outside';
  },
  'conv-params': (i) => (Number.isInteger(i.answer) && (i.answer as number) > 0 ? null : 'not a positive integer'),
  'receptive-field': (i) => ((i.answer as number) >= Math.max(...list(i.params, 'kernels')) ? null : 'smaller than a kernel'),
  entropy: (i) => {
    const h = i.answer as number;
    const max = Math.log(list(i.params, 'p').length) / logIn(num(i.params, 'base'));
    return h >= 0 && h <= max + 1e-12 ? null : `H = ${h} outside [0, log n]`;
  },
  'cross-entropy': (i) => {
    const p = list(i.params, 'p');
    const h = -sum(p.map((x) => (x > 0 ? x * Math.log(x) : 0))) / logIn(num(i.params, 'base'));
    return (i.answer as number) >= h - 1e-12 ? null : 'H(p, q) < H(p)';
  },
  kl: (i) => {
    const again = FAMILIES_A.find((f) => f.id === 'kl')!.solve({ ...i.params, q: i.params['p']! }).answer;
    return (i.answer as number) > 0 && again === 0 ? null : 'KL not > 0 or KL(p‖p) ≠ 0';
  },
  js: (i) => {
    const js = i.answer as number;
    const swapped = FAMILIES_A.find((f) => f.id === 'js')!.solve({ ...i.params, p: i.params['q']!, q: i.params['p']! }).answer as number;
    const max = Math.LN2 / logIn(num(i.params, 'base'));
    return js > 0 && js <= max + 1e-12 && Math.abs(js - swapped) < 1e-12 ? null : 'JS outside (0, ln 2] or not symmetric';
  },
  'kl-gaussian': (i) => ((i.answer as number) > 0 ? null : 'KL ≤ 0'),
  softmax: (i) => {
    const s = i.answer as number[];
    const shifted = FAMILIES_A.find((f) => f.id === 'softmax')!.solve({ x: list(i.params, 'x').map((v) => v + 3) }).answer as number[];
    if (Math.abs(sum(s) - 1) > 1e-12 || s.some((v) => v <= 0)) return 'does not sum to 1';
    return s.every((v, j) => Math.abs(v - shifted[j]!) < 1e-12) ? null : 'not shift-invariant';
  },
  'sigmoid-nll': (i) => ((i.answer as number) > 0 ? null : 'NLL ≤ 0'),
  'attention-weights': (i) => {
    const row = i.answer as number[];
    const r = num(i.params, 'row');
    if (Math.abs(sum(row) - 1) > 1e-12) return 'row does not sum to 1';
    if (num(i.params, 'mask') === 1 && row.slice(r).some((v) => v !== 0)) return 'masked key has weight';
    return null;
  },
};

/** Flags and PyTorch defaults the prompt states in words ("no bias", "ceil_mode=True", omitted defaults). */
function statedInWords(id: string, name: string, p: Params): boolean {
  if (['bias', 'ceil', 'mask'].includes(name)) return true;
  if (id === 'receptive-field' && name === 'dilations') return list(p, name).every((d) => d === 1);
  if (id === 'pool-output') {
    return (name === 'stride' && num(p, 'stride') === num(p, 'kernel')) || (name === 'padding' && num(p, name) === 0) || (name === 'dilation' && num(p, name) === 1);
  }
  return false;
}

/** How a student would type the answer: 3 significant digits (integers as they are). */
function typed(v: Value): string {
  const one = (x: number): string => (Number.isInteger(x) ? String(x) : x.toPrecision(3));
  return Array.isArray(v) ? v.map(one).join(', ') : one(v);
}

describe('group A registry', () => {
  it('registers the 13 families of the brief', () => {
    expect(FAMILIES_A.map((f) => f.id).sort()).toEqual(
      [
        'attention-weights', 'conv-output', 'conv-params', 'conv-transpose-output', 'cross-entropy', 'entropy', 'js',
        'kl', 'kl-gaussian', 'pool-output', 'receptive-field', 'sigmoid-nll', 'softmax',
      ].sort(),
    );
  });
});

describe.each(FAMILIES_A.map((f) => [f.id, f] as const))('%s', (id, family) => {
  it('is registered with a topic, sheet lines and named parameters', () => {
    expect(['cnn', 'essentials', 'nn-basics', 'autoregressive']).toContain(family.topic);
    expect(family.sheet.length).toBeGreaterThan(0);
    expect(family.sheet.every((l) => Number.isInteger(l) && l >= 1 && l <= 953)).toBe(true);
    expect(new Set(family.params.map((p) => p.name)).size).toBe(family.params.length);
    expect(INVARIANTS[id]).toBeDefined();
  });

  it(`gives valid, reproducible instances for ${SEEDS} seeds × 3 levels`, () => {
    // problems are collected and compared once: thousands of expect() calls would dominate the run time
    const problems: string[] = [];
    for (const level of LEVELS) {
      for (let seed = 0; seed < SEEDS; seed++) {
        const inst = instantiate(id, seed, level);
        const where = `seed ${seed} level ${level} ${JSON.stringify(inst.params)}`;
        const fail = (what: string): void => void problems.push(`${where}: ${what}`);

        // parameters: declared names, rounded numbers (what is displayed is what is used); base is e or 2
        for (const [name, value] of Object.entries(inst.params)) {
          if (!family.params.some((p) => p.name === name)) fail(`undeclared parameter ${name}`);
          for (const x of components(value)) {
            const rounded = Number.isFinite(x) && Number(x.toFixed(2)) === x;
            if (!(rounded || (name === 'base' && x === Math.E))) fail(`${name}=${x} is not a rounded number`);
          }
        }
        // the review log stores params as JSON: they must re-solve to the same answer
        const again = family.solve(JSON.parse(JSON.stringify(inst.params)));
        if (JSON.stringify(again.answer) !== JSON.stringify(inst.answer)) fail('re-solving gives another answer');
        if (!components(inst.answer).every(Number.isFinite)) fail('answer not finite');

        const invariant = INVARIANTS[id]?.(inst);
        if (invariant) fail(invariant);

        // misconceptions: finite, never accepted as the right answer, distinct
        const seen: Value[] = [];
        for (const m of inst.misconceptions) {
          if (!/^[a-z0-9-]+$/.test(m.id) || m.message.length < 10) fail(`misconception ${m.id} badly named`);
          if (!components(m.value).every(Number.isFinite)) fail(`${m.id} not finite`);
          if (valueMatches(m.value, inst.answer, inst.tolerance)) fail(`${m.id} = ${JSON.stringify(m.value)} would be accepted`);
          if (seen.some((s) => valueMatches(m.value, s, inst.tolerance))) fail(`${m.id} repeats a value`);
          seen.push(m.value);
        }

        // prompt and steps: every displayed number is in the prompt
        if (BROKEN.test(inst.prompt) || !balancedDollars(inst.prompt)) fail(`bad prompt: ${inst.prompt}`);
        for (const [name, value] of Object.entries(inst.params)) {
          if (name === 'base') {
            if (!inst.prompt.includes(num(inst.params, 'base') === 2 ? 'bits' : 'nats')) fail('unit not stated');
            continue;
          }
          if (statedInWords(id, name, inst.params)) continue;
          for (const x of components(value)) if (!inst.prompt.includes(String(x))) fail(`${name}=${x} not shown in the prompt`);
        }
        if (inst.steps.length < 2) fail('too few steps');
        for (const s of inst.steps) if (BROKEN.test(s) || !balancedDollars(s)) fail(`bad step: ${s}`);
        if (!/^Answer/.test(inst.steps[inst.steps.length - 1] ?? '')) fail('last step is not the answer');
        if (seed < CHECKED_SEEDS) {
          for (const t of [inst.prompt, ...inst.steps, ...inst.misconceptions.map((m) => m.message)]) {
            const unknown = unknownCommands(t);
            if (unknown.length) fail(`LaTeX the terminal renderer does not know: ${unknown.join(', ')}`);
          }
        }

        // end to end through the checker (a subset of seeds: parsing dominates the run time)
        if (seed < CHECKED_SEEDS) {
          const right = checkAnswer(typed(inst.answer), inst.answer, inst.tolerance, inst.misconceptions);
          if (right.kind !== 'correct') fail(`typed answer ${typed(inst.answer)} judged ${right.kind}`);
          for (const m of inst.misconceptions) {
            const v = checkAnswer(JSON.stringify(m.value), inst.answer, inst.tolerance, inst.misconceptions);
            if (v.kind !== 'wrong' || v.misconception?.id !== m.id) fail(`misconception ${m.id} not recognised (${v.kind})`);
          }
        }
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });

  it('is deterministic for a seed', () => {
    for (const level of LEVELS) expect(instantiate(id, 12345, level)).toEqual(instantiate(id, 12345, level));
  });

  it('offers at least one misconception on nearly every instance', () => {
    let withSome = 0;
    for (let seed = 0; seed < 100; seed++) if (instantiate(id, seed, 2).misconceptions.length > 0) withSome++;
    expect(withSome).toBeGreaterThanOrEqual(90);
  });
});
