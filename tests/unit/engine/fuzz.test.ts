// Parser fuzzing: 10,000 random and adversarial strings (seeded, reproducible) must never make the
// checker throw, and whatever it accepts must consist only of allow-listed nodes. The allow-list is
// re-checked here independently, on a tree parsed by a separate full mathjs instance, and accepted
// values are compared with that instance's own evaluation.
import { all, create } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { checkAnswer } from '../../../src/engine/check.js';
import { evaluateExpression } from '../../../src/engine/expression.js';
import { createRng, type Rng } from '../../../src/questions/rng.js';
import type { Tolerance } from '../../../src/questions/types.js';

const reference = create(all!, { number: 'number' });
reference.import({ ln: (x: number) => Math.log(x) }, { override: false });

const ALLOWED_FUNCTIONS = new Set(['sqrt', 'exp', 'log', 'ln', 'log2', 'log10', 'floor', 'ceil', 'round', 'abs', 'min', 'max']);
const ALLOWED_OPS = new Set(['add', 'subtract', 'multiply', 'divide', 'pow', 'unaryMinus', 'unaryPlus']);

/** Independent allow-list walk over a mathjs tree; returns the offending node's description or null. */
function forbidden(node: any): string | null {
  switch (node.type) {
    case 'ConstantNode':
      return typeof node.value === 'number' && Number.isFinite(node.value) ? null : `constant ${String(node.value)}`;
    case 'SymbolNode':
      return node.name === 'pi' || node.name === 'e' ? null : `symbol ${node.name}`;
    case 'ParenthesisNode':
      return forbidden(node.content);
    case 'OperatorNode':
      if (!ALLOWED_OPS.has(node.fn) || node.implicit || node.isPercentage) return `operator ${node.fn}`;
      return node.args.map(forbidden).find((x: string | null) => x !== null) ?? null;
    case 'FunctionNode':
      if (node.fn.type !== 'SymbolNode' || !ALLOWED_FUNCTIONS.has(node.fn.name)) return `function ${node.fn.toString()}`;
      return node.args.map(forbidden).find((x: string | null) => x !== null) ?? null;
    default:
      return node.type;
  }
}

const ALPHABET = '0123456789.eE+-*/^()[]{},;:?!=<>&|~\'"%# \n\t$@_abcdefghijklmnopqrstuvwxyzπ\\`';
const WORDS = [
  'sqrt', 'exp', 'log', 'ln', 'log2', 'log10', 'floor', 'ceil', 'round', 'abs', 'min', 'max', 'pi', 'e',
  'evaluate', 'import', 'createUnit', 'config', 'parse', 'simplify', 'derivative', 'typed', 'compile', 'help',
  'constructor', '__proto__', 'prototype', 'toString', 'valueOf', 'Infinity', 'NaN', 'x', 'm', 'cm', 'inch', 'true', 'null',
  'mod', 'to', 'in', 'and', 'or', 'not', 'xor', 'end', 'i', 'f', 'g',
];
const PIECES = ['(', ')', '[', ']', '{', '}', ',', ';', ':', '?', '!', '=', '==', '<', '>', '+', '-', '*', '/', '^', '.', "'", '"', '%', ' ', '.*', './', '&', '|', '~', '<<'];
const NUMBERS = ['0', '1', '2', '0.5', '.5', '1e3', '-1.5e-3', '1e309', '1e-400', '0x1F', '0b11', '1e', '3.', '007', '2'];
const VALID = [
  '0.35', '-1.5e-3', 'log(2)/2', '3/4', '1-0.9^3', 'sqrt(2)*pi', 'exp(-1)', 'log(8, 2)', 'ln(2)', 'max(1, 2, 3)',
  'round(2.5)', '-(0.2*log2(0.2) + 0.8*log2(0.8))', '1/(1+exp(-0.5))', 'floor((32+2-3)/2)+1', 'abs(-3)^2', '2^-1',
];
const ADVERSARIAL = [
  'constructor', '__proto__', '"a".constructor', '[1,2][1]', 'f(x)=x', 'x=1', '1?2:3', '1:3', '{a:1}', 'evaluate("1")',
  'import({})', 'createUnit("x")', 'config({})', 'parse("1")', '2 m', '5!', '1e309', '0/0', 'a.constructor("return 1")()',
  'evaluate.constructor("return process")()', 'import({evaluate: 1}, {override: true})', 'config({number: "BigNumber"})',
  'cos.constructor("return 1")', 'simplify("x")', 'derivative("x^2", "x")', 'typed("x", {})', '[1,2,3]', '[[1]]',
  'Infinity', '-Infinity', 'NaN', '1e-400', 'sqrt(-1)', 'log(0)', 'e^1000', '10^308*10', '1 to 2', '2 inch to cm',
  'x\'', '1;2', '1\n2', '# only a comment', '1 # trailing comment', '"1"', "'1'", '1 ? : 2', '@', '$a', 'π', '\\pi',
  'toString()', 'valueOf()', 'hasOwnProperty("x")', 'this', 'globalThis', 'process.exit(1)', 'require("fs")',
  'Object.prototype', '{}', '()', '[]', '(,)', ',', ';', '1,,2', '[1;2]', '(1,2)', 'log(1,2,3)', 'sqrt()',
  '1%(1%(1%(1%(1%(1%(1%(1%(1%(1%(1%(1%(1%(1%(1%(1%(1%(1%(1))))))))))))))))))',
];

function randomChars(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET[rng.int(0, ALPHABET.length - 1)];
  return s;
}

function randomTokens(rng: Rng, n: number): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const kind = rng.int(0, 2);
    parts.push(kind === 0 ? rng.pick(WORDS) : kind === 1 ? rng.pick(PIECES) : rng.pick(NUMBERS));
  }
  return parts.join(rng.next() < 0.5 ? '' : ' ');
}

function mutate(rng: Rng, s: string): string {
  let out = s;
  const edits = rng.int(1, 3);
  for (let e = 0; e < edits; e++) {
    const i = rng.int(0, out.length);
    const op = rng.int(0, 2);
    const piece = rng.next() < 0.5 ? rng.pick(PIECES) : rng.pick([...WORDS, ...NUMBERS]);
    if (op === 0) out = out.slice(0, i) + piece + out.slice(i);
    else if (op === 1) out = out.slice(0, i) + out.slice(i + 1);
    else out = out.slice(0, i) + piece + out.slice(i + 1);
  }
  return out;
}

function nested(rng: Rng): string {
  const depth = rng.int(1, 60);
  const open = rng.pick(['(', '[', '{', 'sqrt(', '-(', 'log(']);
  const close = open === '[' ? ']' : open === '{' ? '}' : ')';
  return open.repeat(depth) + rng.pick(NUMBERS) + close.repeat(rng.int(0, depth + 1));
}

/** A random well-formed expression over the allow-list (differential test against mathjs). */
function randomArithmetic(rng: Rng, depth: number): string {
  if (depth === 0 || rng.next() < 0.3) return rng.pick(['0.5', '2', '3', '1e-3', '.25', 'pi', 'e', '10', '1.5e2']);
  const kind = rng.int(0, 3);
  if (kind === 0) return `${randomArithmetic(rng, depth - 1)} ${rng.pick(['+', '-', '*', '/', '^'])} ${randomArithmetic(rng, depth - 1)}`;
  if (kind === 1) return `(${randomArithmetic(rng, depth - 1)})`;
  if (kind === 2) return `-${randomArithmetic(rng, depth - 1)}`;
  const fn = rng.pick(['sqrt', 'exp', 'log', 'ln', 'log2', 'log10', 'floor', 'ceil', 'round', 'abs', 'min', 'max']);
  const args = fn === 'min' || fn === 'max' ? rng.int(1, 3) : fn === 'log' ? rng.int(1, 2) : 1;
  return `${fn}(${Array.from({ length: args }, () => randomArithmetic(rng, depth - 1)).join(', ')})`;
}

function generateInputs(count: number): string[] {
  const rng = createRng(20240601);
  const inputs = [...ADVERSARIAL];
  while (inputs.length < count) {
    const kind = rng.int(0, 7);
    if (kind === 0) inputs.push(randomChars(rng, rng.int(0, 40)));
    else if (kind === 1) inputs.push(randomTokens(rng, rng.int(1, 12)));
    else if (kind === 2 || kind === 3) inputs.push(mutate(rng, rng.pick(VALID)));
    else if (kind === 4) inputs.push(nested(rng));
    else if (kind === 5) inputs.push(rng.pick(VALID).repeat(rng.int(1, 40)) + randomChars(rng, rng.int(0, 5)));
    else if (kind === 6) inputs.push(randomArithmetic(rng, 4));
    else inputs.push(`${rng.pick([...VALID, ...ADVERSARIAL])}, ${rng.pick([...VALID, ...ADVERSARIAL])}${rng.next() < 0.3 ? `; ${randomTokens(rng, 3)}` : ''}`);
  }
  return inputs;
}

const EXACT: Tolerance = { kind: 'exact' };
const REL: Tolerance = { kind: 'relative', rel: 1e-2, abs: 1e-3 };

describe('parser fuzzing (10,000 seeded inputs)', () => {
  const inputs = generateInputs(10_000);

  it('never throws, always returns a verdict, and only accepts allow-listed trees', () => {
    const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort();
    const globalsBefore = Object.getOwnPropertyNames(globalThis).sort();
    let accepted = 0;
    // problems are collected and compared once: 60,000 expect() calls would dominate the run time
    const problems: string[] = [];
    const cases = [[0.5, REL], [3, EXACT], [[0.5, 1], REL]] as const;
    for (const input of inputs) {
      for (const [expected, tol] of cases) {
        try {
          const v = checkAnswer(input, expected as number | number[], tol, [{ id: 'm', message: 'm', value: expected as number | number[] }]);
          if (!['correct', 'wrong', 'unreadable'].includes(v.kind)) problems.push(`${JSON.stringify(input)}: verdict ${JSON.stringify(v)}`);
        } catch (e) {
          problems.push(`${JSON.stringify(input)}: threw ${String(e)}`);
        }
      }
      const r = evaluateExpression(input);
      if (!r.ok) {
        if (r.message.length === 0) problems.push(`${JSON.stringify(input)}: empty message`);
        continue;
      }
      accepted++;
      if (!Number.isFinite(r.value)) problems.push(`${JSON.stringify(input)}: non-finite ${r.value}`);
      const bad = forbidden(reference.parse(input.trim()));
      if (bad !== null) {
        problems.push(`${JSON.stringify(input)}: accepted a tree with ${bad}`);
        continue; // never evaluate it with the full instance
      }
      const ref = reference.evaluate(input.trim()) as number;
      if (!(Math.abs(ref - r.value) <= 1e-9 * Math.max(1, Math.abs(ref)))) problems.push(`${JSON.stringify(input)}: ${r.value} vs mathjs ${ref}`);
    }
    expect(problems.slice(0, 10)).toEqual([]);
    // the corpus must exercise both sides
    expect(accepted).toBeGreaterThan(1000);
    expect(accepted).toBeLessThan(inputs.length / 2);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoBefore);
    expect(Object.getOwnPropertyNames(globalThis).sort()).toEqual(globalsBefore);
  }, 120_000);

  it('refuses every adversarial input that is not plain arithmetic', () => {
    const plain = new Set(['1 # trailing comment', '1e-400']);
    for (const input of ADVERSARIAL) {
      const r = evaluateExpression(input);
      if (!plain.has(input)) expect(r.ok, input).toBe(false);
    }
  });

  it('handles very long and deeply nested input quickly', () => {
    const start = Date.now();
    for (const input of ['1+'.repeat(100_000) + '1', '('.repeat(10_000) + '1' + ')'.repeat(10_000), '-'.repeat(199) + '1', '[' .repeat(5000)]) {
      expect(checkAnswer(input, 1, REL, []).kind).toBe('unreadable');
    }
    expect(Date.now() - start).toBeLessThan(5000);
  });
});
