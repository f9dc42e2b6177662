import { describe, expect, it } from 'vitest';
import {
  broadcast,
  changeTolerance,
  niceFloor,
  reader,
  requireInteger,
  toleranceText,
} from '../../../src/questions/families/common.js';
import type { ParamSpec } from '../../../src/questions/types.js';

const SPECS: ParamSpec[] = [
  { name: 'x', description: 'required' },
  { name: 'lr', default: 0.1, description: 'with a default' },
  { name: 'xs', default: [], list: true, description: 'an optional list' },
];

describe('group-b-common', () => {
  it('reader falls back to ParamSpec defaults and reports missing parameters', () => {
    const r = reader(SPECS, { x: 2 });
    expect(r.num('x')).toBe(2);
    expect(r.num('lr')).toBe(0.1);
    expect(r.given('lr')).toBe(false);
    expect(r.listOrEmpty('xs')).toEqual([]);
    expect(() => reader(SPECS, {}).num('x')).toThrow('missing parameter x');
  });

  it('reader checks shapes and finiteness', () => {
    expect(() => reader(SPECS, { x: [1, 2] }).num('x')).toThrow(/single number/);
    expect(reader(SPECS, { x: [3] }).num('x')).toBe(3);
    expect(reader(SPECS, { x: 3 }).list('x')).toEqual([3]);
    expect(() => reader(SPECS, { x: [] }).list('x')).toThrow(/empty/);
    expect(() => reader(SPECS, { x: Number.NaN }).num('x')).toThrow(/finite/);
    expect(() => reader(SPECS, { x: [1, Number.POSITIVE_INFINITY] }).numOrList('x')).toThrow(/finite/);
  });

  it('broadcast repeats numbers and checks list lengths', () => {
    expect(broadcast('v', 0, 3)).toEqual([0, 0, 0]);
    expect(broadcast('v', [1, 2], 2)).toEqual([1, 2]);
    expect(() => broadcast('v', [1, 2], 3)).toThrow('v must have 3 elements (got 2)');
  });

  it('requireInteger', () => {
    expect(requireInteger('t', 3, 1, 10)).toBe(3);
    expect(() => requireInteger('t', 0, 1, 10)).toThrow(/t must be an integer from 1 to 10/);
    expect(() => requireInteger('t', 1.5, 1, 10)).toThrow(/integer/);
  });

  it('niceFloor picks the largest 1, 2, 5 × 10^k not above x', () => {
    expect(niceFloor(0.0078)).toBe(0.005);
    // D6: float noise just below a power of ten must not skip a step (sgd-momentum --seed 6 --level 1
    // stated ±1e-5 where its rule gives ±1e-4)
    expect(niceFloor(9.999999999999995e-5)).toBe(1e-4);
    expect(niceFloor(0.01 * Math.abs(0.9 * 0.1 - 0.1))).toBe(1e-4);
    expect(niceFloor(0.001)).toBe(0.001);
    expect(niceFloor(0.0099999)).toBe(0.005);
    expect(niceFloor(0.00058)).toBe(0.0005);
    expect(niceFloor(2e-7)).toBe(2e-7);
    expect(niceFloor(123)).toBe(100);
  });

  it('changeTolerance is absolute, at most 1% of the smallest change, capped at 10^-3', () => {
    expect(changeTolerance([0.22])).toEqual({ kind: 'relative', rel: 0, abs: 0.001 });
    expect(changeTolerance([0.078])).toEqual({ kind: 'relative', rel: 0, abs: 0.0005 });
    expect(changeTolerance([0.001, -0.5])).toEqual({ kind: 'relative', rel: 0, abs: 0.00001 });
    expect(changeTolerance([0, 0])).toEqual({ kind: 'relative', rel: 0, abs: 0.001 });
  });

  it('toleranceText', () => {
    expect(toleranceText({ kind: 'relative', rel: 0, abs: 0.0005 })).toBe('within $\\pm 0.0005$');
    expect(toleranceText({ kind: 'relative', rel: 0, abs: 1e-5 })).toBe('within $\\pm 10^{-5}$');
    expect(toleranceText({ kind: 'relative', rel: 0.01, abs: 0.001 })).toBe('within ±1% (or $\\pm 0.001$ near 0)');
    expect(toleranceText({ kind: 'exact' })).toBe('exactly');
  });
});
