// Properties every group-B family must have over many seeds and all levels: generated parameters are
// rounded, valid and reproduce the answer; misconceptions never coincide with the answer; prompts and
// steps are complete; instances are deterministic.
import { describe, expect, it } from 'vitest';
import { FAMILIES } from '../../../src/questions/families/index.js';

const B_IDS = ['batchnorm', 'sgd-momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'lr-schedule', 'discounted-return', 'value-iteration', 'policy-evaluation', 'q-learning', 'sarsa', 'td0', 'gan-optimal-discriminator'];
const FAMILIES_B = FAMILIES.filter((f) => B_IDS.includes(f.id));
import { instantiate } from '../../../src/questions/registry.js';
import type { Level, Value } from '../../../src/questions/types.js';
import { withinTol } from './group-b-expect.js';

const SEEDS = 500;
const LEVELS: Level[] = [1, 2, 3];
const components = (v: Value): number[] => (Array.isArray(v) ? v : [v]);
const balancedDollars = (s: string): boolean => s.split('$').length % 2 === 1;
const BROKEN = /undefined|NaN|\[object/;

describe.each(FAMILIES_B.map((f) => [f.id, f] as const))('%s', (id, family) => {
  it('is registered with a topic, sheet lines and named parameters', () => {
    expect(['training', 'rl-classical', 'gans']).toContain(family.topic);
    expect(family.sheet.length).toBeGreaterThan(0);
    expect(family.sheet.every((l) => Number.isInteger(l) && l >= 1 && l <= 953)).toBe(true);
    expect(new Set(family.params.map((p) => p.name)).size).toBe(family.params.length);
  });

  it(`gives valid, reproducible instances for ${SEEDS} seeds × 3 levels`, () => {
    // problems are collected and compared once: thousands of expect() calls would dominate the run time
    const problems: string[] = [];
    for (const level of LEVELS) {
      for (let seed = 0; seed < SEEDS; seed++) {
        const inst = instantiate(id, seed, level);
        const where = `seed ${seed} level ${level} ${JSON.stringify(inst.params)}`;
        const fail = (what: string): void => void problems.push(`${where}: ${what}`);

        // parameters: only declared names, rounded numbers (what is displayed is what is used)
        for (const [name, value] of Object.entries(inst.params)) {
          if (!family.params.some((p) => p.name === name)) fail(`undeclared parameter ${name}`);
          for (const x of components(value)) {
            if (!Number.isFinite(x) || Number(x.toPrecision(4)) !== x) fail(`${name}=${x} is not a rounded number`);
          }
        }
        // the review log stores params as JSON: they must re-solve to the same answer
        const again = family.solve(JSON.parse(JSON.stringify(inst.params)));
        if (JSON.stringify(again.answer) !== JSON.stringify(inst.answer)) fail('re-solving gives another answer');

        if (!components(inst.answer).every(Number.isFinite)) fail('answer not finite');
        if (inst.tolerance.kind === 'relative' && !(inst.tolerance.abs > 0 && inst.tolerance.rel >= 0)) fail('bad tolerance');

        // misconceptions: finite, same shape, never accepted as the right answer, distinct
        const seen: Value[] = [];
        for (const m of inst.misconceptions) {
          if (!/^[a-z0-9-]+$/.test(m.id) || m.message.length < 10) fail(`misconception ${m.id} badly named`);
          if (!components(m.value).every(Number.isFinite)) fail(`${m.id} not finite`);
          if (Array.isArray(m.value) !== Array.isArray(inst.answer)) fail(`${m.id} has another shape`);
          if (withinTol(m.value, inst.answer, inst.tolerance)) fail(`${m.id} = ${JSON.stringify(m.value)} would be accepted`);
          if (seen.some((s) => withinTol(m.value, s, inst.tolerance))) fail(`${m.id} repeats a value`);
          seen.push(m.value);
        }

        // prompt and steps
        if (BROKEN.test(inst.prompt) || !balancedDollars(inst.prompt)) fail(`bad prompt: ${inst.prompt}`);
        if (inst.steps.length < 2) fail('too few steps');
        for (const s of inst.steps) if (BROKEN.test(s) || !balancedDollars(s)) fail(`bad step: ${s}`);
        if (!/^Answer/.test(inst.steps[inst.steps.length - 1] ?? '')) fail('last step is not the answer');
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
