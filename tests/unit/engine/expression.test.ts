import { describe, expect, it } from 'vitest';
import { MAX_INPUT_LENGTH, MAX_NESTING, evaluateExpression } from '../../../src/engine/expression.js';

function value(input: string): number {
  const r = evaluateExpression(input);
  if (!r.ok) throw new Error(`expected ${input} to evaluate, got: ${r.message}`);
  return r.value;
}

function refusal(input: string): string {
  const r = evaluateExpression(input);
  if (r.ok) throw new Error(`expected ${input} to be refused, got ${r.value}`);
  return r.message;
}

describe('evaluateExpression: allowed forms', () => {
  it.each([
    ['0.35', 0.35],
    ['-1.5e-3', -0.0015],
    ['+2', 2],
    ['.5', 0.5],
    ['1E3', 1000],
    ['3/4', 0.75],
    ['1-0.9^3', 1 - 0.729],
    ['2^-1', 0.5],
    ['-2^2', -4], // power binds tighter than unary minus, as in mathematics
    ['2^3^2', 512], // right-associative
    ['(1+2)*3', 9],
    ['  7  ', 7],
  ])('%s = %s', (input, expected) => {
    expect(value(input)).toBeCloseTo(expected, 12);
  });

  it('knows pi and e', () => {
    expect(value('pi')).toBe(Math.PI);
    expect(value('e')).toBe(Math.E);
    expect(value('2*pi')).toBe(2 * Math.PI);
    expect(value('e^2')).toBeCloseTo(7.38905609893065, 12);
  });

  it('evaluates the allowed functions', () => {
    expect(value('log(2)/2')).toBeCloseTo(0.34657359027997264, 15);
    expect(value('ln(2)')).toBe(Math.LN2);
    expect(value('log(8, 2)')).toBeCloseTo(3, 12);
    expect(value('log2(8)')).toBe(3);
    expect(value('log10(1000)')).toBe(3);
    expect(value('exp(1)')).toBe(Math.E);
    expect(value('sqrt(2)')).toBe(Math.SQRT2);
    expect(value('floor(2.7)')).toBe(2);
    expect(value('ceil(2.1)')).toBe(3);
    expect(value('round(2.5)')).toBe(3);
    expect(value('round(-2.5)')).toBe(-3); // half away from zero, as mathjs
    expect(value('round(0.12345, 2)')).toBe(0.12);
    expect(value('abs(-3)')).toBe(3);
    expect(value('min(3, 1, 2)')).toBe(1);
    expect(value('max(3, 1, 2)')).toBe(3);
    expect(value('-0.5*log2(0.5) - 0.5*log2(0.5)')).toBe(1);
  });
});

describe('evaluateExpression: refusals say what was refused', () => {
  it.each([
    ['x=1', 'refused: assignment (=) is not allowed'],
    ['f(x)=x', 'refused: function definition (f(x) = …) is not allowed'],
    ['"a".constructor', 'refused: property access is not allowed'],
    ['a.b(1)', 'refused: property access is not allowed'],
    ['[1,2][1]', 'refused: indexing ([…] after a value) is not allowed'],
    ['{a:1}', 'refused: an object ({…}) is not allowed'],
    ['[1,2]', 'refused: a matrix or nested list ([…] inside a value) is not allowed'],
    ['1:3', 'refused: a range (a:b) is not allowed'],
    ['1?2:3', 'refused: a conditional (a ? b : c) is not allowed'],
    ['1;2', 'refused: more than one statement (separated by ; or a new line) is not allowed'],
    ['1\n2', 'refused: more than one statement (separated by ; or a new line) is not allowed'],
    ['1<2<3', 'refused: a chained comparison is not allowed'],
    ['1<2', 'refused: comparison (<) is not allowed'],
    ['1==1', 'refused: comparison (==) is not allowed'],
    ["'a'", 'refused: strings are not allowed'],
    ['"1"', 'refused: strings are not allowed'],
    ['true', 'refused: the constant true is not allowed'],
    ['null', 'refused: the constant null is not allowed'],
    ['5!', 'refused: factorial (!) is not allowed'],
    ['1 mod 2', 'refused: modulo is not allowed'],
    ['50%', 'refused: % (percent or modulo) is not allowed; write 0.35 instead of 35%'],
    ['5 % 2', 'refused: % (percent or modulo) is not allowed; write 0.35 instead of 35%'],
    ["2'", "refused: transpose (') is not allowed"],
    ['1 to 2', 'refused: unit conversion (to) is not allowed'],
    ['not 1', 'refused: logical not is not allowed'],
    ['2 & 3', 'refused: bitwise and (&) is not allowed'],
    ['2 .* 3', 'refused: element-wise multiplication (.*) is not allowed'],
    ['1e309', 'refused: the number Infinity is not finite'],
    ['Infinity', 'refused: the number Infinity is not finite'],
    ['NaN', 'refused: the number NaN is not finite'],
    ['x', 'refused: unknown symbol "x" (allowed constants: pi, e)'],
    ['constructor', 'refused: unknown symbol "constructor" (allowed constants: pi, e)'],
    ['__proto__', 'refused: unknown symbol "__proto__" (allowed constants: pi, e)'],
    ['sqrt', 'refused: function "sqrt" must be called with arguments, e.g. sqrt(2)'],
    ['sqrt(1, 2)', 'refused: sqrt takes 1 argument, got 2'],
    ['log()', 'refused: log takes 1 or 2 arguments, got 0'],
    ['round(1.5, 0.5)', 'refused: round(x, n) needs an integer n between 0 and 15'],
  ])('%j → %s', (input, message) => {
    expect(refusal(input)).toBe(message);
  });

  it.each(['evaluate("1")', 'import({})', 'createUnit("x")', 'config({})', 'parse("1")', 'simplify("x")', 'derivative("x", "x")', 'typed()', 'compile("1")', 'pi()'])(
    'refuses the unknown function in %s',
    (input) => {
      const name = input.slice(0, input.indexOf('('));
      expect(refusal(input)).toMatch(new RegExp(`^refused: unknown function "${name}" \\(allowed: sqrt, exp, log, ln,`));
    },
  );

  it.each(['2 m', '3 inch', '2pi', '2(3)', '(1)(2)', 'sqrt(4)(2)'])('refuses implicit multiplication and units: %s', (input) => {
    expect(refusal(input)).toBe(
      'refused: implicit multiplication (such as "2 pi" or "2 m") is not allowed: write * explicitly; units are not supported',
    );
  });

  it('refuses non-finite results', () => {
    expect(refusal('0/0')).toBe('"0/0" does not evaluate to a finite real number');
    expect(refusal('1/0')).toBe('"1/0" does not evaluate to a finite real number');
    expect(refusal('sqrt(-1)')).toBe('"sqrt(-1)" does not evaluate to a finite real number');
    expect(refusal('log(-1)')).toBe('"log(-1)" does not evaluate to a finite real number');
    expect(refusal('10^400')).toBe('"10^400" does not evaluate to a finite real number');
  });

  it('bounds the length and the nesting before parsing', () => {
    expect(refusal('1+'.repeat(150) + '1')).toBe(`refused: input longer than ${MAX_INPUT_LENGTH} characters`);
    expect(refusal('('.repeat(MAX_NESTING + 1) + '1' + ')'.repeat(MAX_NESTING + 1))).toBe(
      `refused: brackets nested more than ${MAX_NESTING} deep`,
    );
    expect(value('('.repeat(MAX_NESTING) + '1' + ')'.repeat(MAX_NESTING))).toBe(1);
  });

  it('refuses % before parsing: mathjs\'s percent lookahead is exponential on nested input', () => {
    const start = Date.now();
    expect(refusal('1%('.repeat(20) + '1' + ')'.repeat(20))).toMatch(/^refused: % /);
    expect(Date.now() - start).toBeLessThan(1000); // parsing it would take seconds (2^20 re-parses)
  });

  it('reports syntax errors with the parser\'s reason', () => {
    expect(refusal('1 +')).toMatch(/^could not read "1 \+": /);
    expect(refusal('0,35')).toMatch(/^could not read "0,35": Unexpected operator ,/);
    expect(refusal('@')).toMatch(/^could not read "@": /);
    expect(refusal('')).toBe('empty answer');
    expect(refusal('   ')).toBe('empty answer');
  });
});
