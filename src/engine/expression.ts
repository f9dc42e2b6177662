// Reads one typed number or arithmetic expression (`log(2)/2`, `1-0.9^3`) safely.
//
// mathjs is used for PARSING ONLY: the instance is built from `parseDependencies` alone (number
// build, plain JS numbers), so it has no evaluate/compile/import/createUnit functions at all. The
// parsed tree is checked node by node against an allow-list, and only then evaluated here, by our
// own walk with JS Math. Nothing the user types is ever compiled or executed by mathjs.
//
// `mathjs/number` (the package's official number-only entry) is used instead of the full `mathjs`
// entry: the full entry's SymbolNode drags in the Unit/BigNumber/Complex machinery (~700 KB bundled,
// ~200 ms to load) while the number-only parser bundles to ~340 KB and loads in ~30 ms.
import { create, parseDependencies } from 'mathjs/number';

export const MAX_INPUT_LENGTH = 200;
/** Maximum bracket nesting, checked before parsing (mathjs's parser is recursive). */
export const MAX_NESTING = 20;
/** Maximum depth of the parsed tree (long chains like `----1` nest without brackets). */
const MAX_TREE_DEPTH = 100;

export type EvalResult = { ok: true; value: number } | { ok: false; message: string };

interface Arity {
  min: number;
  max: number;
}
/** Functions a typed answer may call, with their arity. `ln` is our alias of the natural log. */
export const ALLOWED_FUNCTIONS: Readonly<Record<string, Arity>> = {
  sqrt: { min: 1, max: 1 },
  exp: { min: 1, max: 1 },
  log: { min: 1, max: 2 }, // log(x) natural, log(x, base)
  ln: { min: 1, max: 1 },
  log2: { min: 1, max: 1 },
  log10: { min: 1, max: 1 },
  floor: { min: 1, max: 1 },
  ceil: { min: 1, max: 1 },
  round: { min: 1, max: 2 }, // round(x), round(x, decimals)
  abs: { min: 1, max: 1 },
  min: { min: 1, max: 20 },
  max: { min: 1, max: 20 },
};

const CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, e: Math.E };

/** mathjs operator function name -> what the user typed, for the ones we allow. */
const ALLOWED_OPERATORS = new Set(['add', 'subtract', 'multiply', 'divide', 'pow', 'unaryMinus', 'unaryPlus']);

/** Names for refused operators, so the message says what was refused. */
const OPERATOR_NAMES: Readonly<Record<string, string>> = {
  factorial: 'factorial (!)',
  mod: 'modulo',
  to: 'unit conversion (to)',
  in: 'unit conversion (in)',
  ctranspose: "transpose (')",
  transpose: "transpose (')",
  dotMultiply: 'element-wise multiplication (.*)',
  dotDivide: 'element-wise division (./)',
  dotPow: 'element-wise power (.^)',
  equal: 'comparison (==)',
  unequal: 'comparison (!=)',
  smaller: 'comparison (<)',
  larger: 'comparison (>)',
  smallerEq: 'comparison (<=)',
  largerEq: 'comparison (>=)',
  and: 'logical and',
  or: 'logical or',
  xor: 'logical xor',
  not: 'logical not',
  bitAnd: 'bitwise and (&)',
  bitOr: 'bitwise or (|)',
  bitXor: 'bitwise xor (^|)',
  bitNot: 'bitwise not (~)',
  leftShift: 'shift (<<)',
  rightArithShift: 'shift (>>)',
  rightLogShift: 'shift (>>>)',
  nullish: 'nullish coalescing (??)',
};

// Only the parser: no function of this instance ever sees the user's input except `parse`.
if (!parseDependencies) throw new Error('mathjs/number has no parseDependencies');
const math = create({ parseDependencies }, { number: 'number' });

/** What the other node types are, for the refusal message. */
const REFUSED_NODES: Readonly<Record<string, string>> = {
  AssignmentNode: 'assignment (=)',
  FunctionAssignmentNode: 'function definition (f(x) = …)',
  IndexNode: 'indexing',
  ObjectNode: 'an object ({…})',
  ArrayNode: 'a matrix or nested list ([…] inside a value)',
  RangeNode: 'a range (a:b)',
  ConditionalNode: 'a conditional (a ? b : c)',
  BlockNode: 'more than one statement (separated by ; or a new line)',
  RelationalNode: 'a chained comparison',
};

/** The structural view of a mathjs node that the checker reads (fields vary per node type). */
interface AnyNode {
  type?: unknown;
  value?: unknown;
  name?: unknown;
  fn?: unknown;
  op?: unknown;
  args?: unknown;
  content?: unknown;
  implicit?: unknown;
  isPercentage?: unknown;
  index?: unknown;
}

class Refused extends Error {}

function refuse(what: string): never {
  throw new Refused(`refused: ${what}`);
}

/** Length, characters and bracket nesting, before the parser sees anything. */
function precheck(text: string): string | null {
  if (text.length > MAX_INPUT_LENGTH) return `refused: input longer than ${MAX_INPUT_LENGTH} characters`;
  // `%` is refused outright: mathjs's percent-vs-modulo lookahead re-parses the rest of the input
  // and takes exponential time on nested input such as 1%(1%(1%(…)))
  if (text.includes('%')) return 'refused: % (percent or modulo) is not allowed; write 0.35 instead of 35%';
  let depth = 0;
  let deepest = 0;
  for (const ch of text) {
    if (ch === '(' || ch === '[' || ch === '{') deepest = Math.max(deepest, ++depth);
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
  }
  if (deepest > MAX_NESTING) return `refused: brackets nested more than ${MAX_NESTING} deep`;
  return null;
}

function nodeType(node: AnyNode): string {
  return typeof node.type === 'string' ? node.type : 'unknown';
}

function children(node: AnyNode): AnyNode[] {
  return Array.isArray(node.args) ? (node.args as AnyNode[]) : [];
}

function symbolName(node: AnyNode): string {
  return typeof node.name === 'string' ? node.name : '?';
}

function hasOwn(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** Throws Refused unless every node of the tree is on the allow-list. */
function checkTree(node: AnyNode, depth: number): void {
  if (depth > MAX_TREE_DEPTH) refuse('expression nested too deeply');
  const type = nodeType(node);
  switch (type) {
    case 'ConstantNode': {
      const v = node.value;
      if (typeof v === 'number') {
        if (!Number.isFinite(v)) refuse(`the number ${String(v)} is not finite`);
        return;
      }
      if (typeof v === 'string') refuse('strings are not allowed');
      if (v === undefined) refuse('empty expression');
      refuse(`the constant ${String(v)} is not allowed`);
    }
    case 'SymbolNode': {
      const name = symbolName(node);
      if (hasOwn(CONSTANTS, name)) return;
      if (hasOwn(ALLOWED_FUNCTIONS, name)) refuse(`function "${name}" must be called with arguments, e.g. ${name}(2)`);
      if (name === 'Infinity' || name === 'NaN') refuse(`${name} is not a finite number`);
      refuse(`unknown symbol "${name}" (allowed constants: pi, e)`);
    }
    case 'ParenthesisNode':
      checkTree(node.content as AnyNode, depth + 1);
      return;
    case 'OperatorNode': {
      const fn = typeof node.fn === 'string' ? node.fn : '?';
      if (node.isPercentage === true) refuse('percentages are not allowed; write 0.35 instead of 35%');
      if (node.implicit === true) {
        refuse('implicit multiplication (such as "2 pi" or "2 m") is not allowed: write * explicitly; units are not supported');
      }
      if (!ALLOWED_OPERATORS.has(fn)) {
        refuse(`${hasOwn(OPERATOR_NAMES, fn) ? OPERATOR_NAMES[fn] : `operator "${String(node.op)}"`} is not allowed`);
      }
      const args = children(node);
      const unary = fn === 'unaryMinus' || fn === 'unaryPlus';
      if (args.length !== (unary ? 1 : 2)) refuse(`operator "${String(node.op)}" with ${args.length} operands`);
      for (const a of args) checkTree(a, depth + 1);
      return;
    }
    case 'FunctionNode': {
      const callee = node.fn as AnyNode | undefined;
      if (!callee || nodeType(callee) !== 'SymbolNode') {
        if (callee && nodeType(callee) === 'AccessorNode') refuse('property access is not allowed');
        refuse('only direct calls of the allowed functions are allowed');
      }
      const name = symbolName(callee);
      if (!hasOwn(ALLOWED_FUNCTIONS, name)) {
        refuse(`unknown function "${name}" (allowed: ${Object.keys(ALLOWED_FUNCTIONS).join(', ')})`);
      }
      const arity = ALLOWED_FUNCTIONS[name]!;
      const args = children(node);
      if (args.length < arity.min || args.length > arity.max) {
        const want = arity.min === arity.max ? `${arity.min}` : arity.max === arity.min + 1 ? `${arity.min} or ${arity.max}` : `${arity.min} to ${arity.max}`;
        refuse(`${name} takes ${want} argument${arity.max === 1 ? '' : 's'}, got ${args.length}`);
      }
      for (const a of args) checkTree(a, depth + 1);
      return;
    }
    case 'AccessorNode': {
      const index = node.index as { dotNotation?: unknown } | undefined;
      refuse(index?.dotNotation === true ? 'property access is not allowed' : 'indexing ([…] after a value) is not allowed');
    }
    default:
      refuse(`${hasOwn(REFUSED_NODES, type) ? REFUSED_NODES[type] : type} is not allowed`);
  }
}

function roundHalfAway(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return (Math.sign(x) * Math.round(Math.abs(x) * f)) / f;
}

function callFunction(name: string, a: number[]): number {
  const x = a[0]!;
  switch (name) {
    case 'sqrt':
      return Math.sqrt(x);
    case 'exp':
      return Math.exp(x);
    case 'log':
      return a.length === 2 ? Math.log(x) / Math.log(a[1]!) : Math.log(x);
    case 'ln':
      return Math.log(x);
    case 'log2':
      return Math.log2(x);
    case 'log10':
      return Math.log10(x);
    case 'floor':
      return Math.floor(x);
    case 'ceil':
      return Math.ceil(x);
    case 'round': {
      const d = a[1] ?? 0;
      if (!Number.isInteger(d) || d < 0 || d > 15) refuse('round(x, n) needs an integer n between 0 and 15');
      return roundHalfAway(x, d);
    }
    case 'abs':
      return Math.abs(x);
    case 'min':
      return Math.min(...a);
    case 'max':
      return Math.max(...a);
    default:
      return refuse(`unknown function "${name}"`);
  }
}

/** Evaluates a tree that checkTree accepted. */
function evalTree(node: AnyNode): number {
  switch (nodeType(node)) {
    case 'ConstantNode':
      return node.value as number;
    case 'SymbolNode':
      return CONSTANTS[symbolName(node)]!;
    case 'ParenthesisNode':
      return evalTree(node.content as AnyNode);
    case 'OperatorNode': {
      const args = children(node).map(evalTree);
      const [a = NaN, b = NaN] = args;
      switch (node.fn) {
        case 'add':
          return a + b;
        case 'subtract':
          return a - b;
        case 'multiply':
          return a * b;
        case 'divide':
          return a / b;
        case 'pow':
          return a ** b;
        case 'unaryMinus':
          return -a;
        case 'unaryPlus':
          return a;
        default:
          return refuse(`operator "${String(node.op)}" is not allowed`);
      }
    }
    case 'FunctionNode':
      return callFunction(symbolName(node.fn as AnyNode), children(node).map(evalTree));
    default:
      return refuse(`${nodeType(node)} is not allowed`);
  }
}

/**
 * The value of one number or arithmetic expression. Never throws: every failure (syntax error,
 * refused construct, non-finite result) comes back as `{ ok: false, message }`.
 */
export function evaluateExpression(input: string): EvalResult {
  const text = input.trim();
  if (text === '') return { ok: false, message: 'empty answer' };
  const pre = precheck(text);
  if (pre) return { ok: false, message: pre };
  let tree: AnyNode;
  try {
    tree = math.parse(text) as unknown as AnyNode;
  } catch (e) {
    if (e instanceof RangeError) return { ok: false, message: 'refused: expression nested too deeply' };
    const why = e instanceof Error ? e.message : String(e);
    return { ok: false, message: `could not read "${text}": ${why}` };
  }
  try {
    checkTree(tree, 0);
    const value = evalTree(tree);
    if (!Number.isFinite(value)) {
      return { ok: false, message: `"${text}" does not evaluate to a finite real number` };
    }
    return { ok: true, value: value === 0 ? 0 : value };
  } catch (e) {
    if (e instanceof Refused) return { ok: false, message: e.message };
    if (e instanceof RangeError) return { ok: false, message: 'refused: expression nested too deeply' };
    return { ok: false, message: `could not evaluate "${text}"` };
  }
}
