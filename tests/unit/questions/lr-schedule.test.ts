import { describe, expect, it } from 'vitest';
import { lrSchedule, SCHEDULE_KINDS } from '../../../src/questions/families/training/lr-schedule.js';
import { instantiate } from '../../../src/questions/registry.js';
import { expectClose, expectMisconception, misconception } from './group-b-expect.js';

const STEP = 0;
const EXPONENTIAL = 1;
const INVERSE = 2;

describe('lr-schedule', () => {
  it('declares kind as a categorical parameter', () => {
    expect(SCHEDULE_KINDS).toEqual(['step', 'exponential', 'inverse']);
    expect(lrSchedule.params.find((p) => p.name === 'kind')?.choices).toEqual(SCHEDULE_KINDS);
  });

  it('step decay follows the PyTorch StepLR documentation example', () => {
    // StepLR(step_size=30, gamma=0.1) with lr = 0.05: 0.05 for epoch < 30, 0.005 for 30 ≤ epoch < 60,
    // 0.0005 for 60 ≤ epoch < 90
    const at = (epoch: number): number =>
      lrSchedule.solve({ kind: STEP, lr0: 0.05, epoch, drop: 0.1, every: 30 }).answer as number;
    expectClose(at(0), 0.05, 1e-15);
    expectClose(at(29), 0.05, 1e-15);
    expectClose(at(30), 0.005, 1e-15);
    expectClose(at(59), 0.005, 1e-15);
    expectClose(at(60), 0.0005, 1e-15);
    expectClose(at(89), 0.0005, 1e-15);
  });

  it('flags the off-by-one epoch mistakes at a drop boundary', () => {
    // epoch 10, every 10, drop ½: ⌊10/10⌋ = 1 drop → 0.05. Late by one: ⌊9/10⌋ = 0 → 0.1.
    const sol = lrSchedule.solve({ kind: STEP, lr0: 0.1, epoch: 10, drop: 0.5, every: 10 });
    expectClose(sol.answer, 0.05, 1e-15);
    expectMisconception(sol, 'drop-one-epoch-late', 0.1, 1e-15);
    // one epoch before the boundary: ⌊9/10⌋ = 0 → 0.1; early by one: ⌊10/10⌋ = 1 → 0.05
    const before = lrSchedule.solve({ kind: STEP, lr0: 0.1, epoch: 9, drop: 0.5, every: 10 });
    expectClose(before.answer, 0.1, 1e-15);
    expectMisconception(before, 'drop-one-epoch-early', 0.05, 1e-15);
    expect(misconception(before, 'drop-one-epoch-late')).toBeUndefined();
  });

  it('uses the defaults kind = step, drop = 0.5, every = 10', () => {
    // epoch 25: ⌊25/10⌋ = 2 drops → 0.1·0.25 = 0.025
    expectClose(lrSchedule.solve({ lr0: 0.1, epoch: 25 }).answer, 0.025, 1e-15);
  });

  it('exponential decay η_0 e^{−kt} by hand', () => {
    // 0.1·e^{−0.1·10} = 0.1·e^{−1} = 0.0367879
    const sol = lrSchedule.solve({ kind: EXPONENTIAL, lr0: 0.1, epoch: 10, k: 0.1 });
    expectClose(sol.answer, 0.0367879, 1e-7);
    // index shifted: 0.1·e^{−0.9} = 0.0406570
    expectMisconception(sol, 'index-shift', 0.040657, 1e-6);
    // the 1/t formula: 0.1/(1 + 1) = 0.05
    expectMisconception(sol, 'inverse-formula', 0.05, 1e-12);
    // per-epoch factor (1 − k)^t = 0.9^10 = 0.3486784 → 0.0348678
    expectMisconception(sol, 'factor-form', 0.0348678, 1e-7);
  });

  it('1/t decay η_0/(1 + kt) by hand', () => {
    // 0.1/(1 + 0.5·4) = 0.1/3 = 0.0333333
    const sol = lrSchedule.solve({ kind: INVERSE, lr0: 0.1, epoch: 4, k: 0.5 });
    expectClose(sol.answer, 0.1 / 3, 1e-12);
    // without the 1: 0.1/2 = 0.05
    expectMisconception(sol, 'no-one', 0.05, 1e-12);
    // index shifted: 0.1/(1 + 1.5) = 0.04
    expectMisconception(sol, 'index-shift', 0.04, 1e-12);
  });

  it('invariants: 0 < η_t ≤ η_0 and η never increases from one epoch to the next', () => {
    for (const level of [1, 2, 3] as const) {
      for (let seed = 0; seed < 200; seed++) {
        const { params, answer } = instantiate('lr-schedule', seed, level);
        const lr = answer as number;
        expect(lr).toBeGreaterThan(0);
        expect(lr).toBeLessThanOrEqual(params.lr0 as number);
        const next = lrSchedule.solve({ ...params, epoch: (params.epoch as number) + 1 }).answer as number;
        expect(next).toBeLessThanOrEqual(lr);
      }
    }
  });

  it('names the schedule and the epoch convention in the prompt', () => {
    const prompt = lrSchedule.prompt({ kind: STEP, lr0: 0.1, epoch: 10, drop: 0.5, every: 10 });
    expect(prompt).toMatch(/counted from \$t = 0\$/);
    expect(prompt).toMatch(/StepLR/);
  });

  it('rejects invalid parameters', () => {
    expect(() => lrSchedule.solve({ kind: 3, lr0: 0.1, epoch: 1 })).toThrow(/kind/);
    expect(() => lrSchedule.solve({ kind: 0.5, lr0: 0.1, epoch: 1 })).toThrow(/kind/);
    expect(() => lrSchedule.solve({ kind: STEP, lr0: 0.1, epoch: -1 })).toThrow(/epoch/);
    expect(() => lrSchedule.solve({ kind: STEP, lr0: 0.1, epoch: 1, drop: 1.5 })).toThrow(/drop/);
    expect(() => lrSchedule.solve({ kind: INVERSE, lr0: 0.1, epoch: 1, k: 0 })).toThrow(/k/);
    expect(() => lrSchedule.solve({ kind: STEP, lr0: 0, epoch: 1 })).toThrow(/lr0/);
  });
});
