// `deepcards solve`: the question families as a calculator. `--list` shows every family with its
// parameters and defaults; `solve <family> key=value …` prints the answer and the worked solution
// (`--json`: exactly {"family","params","answer","steps"}, answer at full precision, params with the
// defaults filled in, steps as LaTeX source).
//
// Values: a number (`0.5`, `-1e-3`), `e` or `pi`, or a list separated by commas (`p=0.2,0.3,0.5`,
// brackets optional). A categorical parameter (ParamSpec.choices) takes a choice name or its index.
// String defaults name another parameter (`stride` defaults to `kernel`) or a constant (`base=e`).
// No expression parser here: parameters are plain numbers, and this command stays free of mathjs.
import { formatValue } from '../engine/format.js';
import { UserError } from '../errors.js';
import { renderLatex } from '../render/latex-unicode.js';
import { FAMILIES, getFamily } from '../questions/registry.js';
import type { Family, ParamSpec, ParamValue, Params } from '../questions/types.js';
import type { CommandContext } from './context.js';

export interface SolveOptions {
  list?: boolean | undefined;
  family?: string | undefined;
  assignments: string[];
  json?: boolean | undefined;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const CONSTANTS: Readonly<Record<string, number>> = { e: Math.E, pi: Math.PI };

export async function runSolve(opts: SolveOptions, ctx: CommandContext): Promise<void> {
  if (opts.list) {
    ctx.out.write(opts.json ? `${JSON.stringify(FAMILIES.map(describeJson))}\n` : listText());
    return;
  }
  if (!opts.family) {
    throw new UserError(`name a family: deepcards solve <family> key=value … (families: ${familyNames()}); deepcards solve --list shows their parameters`, 2);
  }
  const family = getFamily(opts.family);
  if (!family) throw new UserError(`unknown family "${opts.family}"; families: ${familyNames()}`, 2);

  const params = readParams(family, opts.assignments);
  let solution;
  try {
    solution = family.solve(params);
  } catch (e) {
    throw new UserError(`${family.id}: ${e instanceof Error ? e.message : String(e)}`, 2);
  }

  if (opts.json) {
    ctx.out.write(`${JSON.stringify({ family: family.id, params, answer: solution.answer, steps: solution.steps })}\n`);
    return;
  }
  const shown = family.params.map((s) => `${s.name}=${showValue(s, params[s.name]!)}`).join(' ');
  ctx.out.write(
    [
      `${family.id} — ${family.title}`,
      `  ${shown}`,
      `Answer: ${formatValue(solution.answer, 6)}`,
      'Worked solution:',
      ...solution.steps.map((st) => `  ${renderLatex(st)}`),
      '',
    ].join('\n'),
  );
}

function familyNames(): string {
  return FAMILIES.map((f) => f.id).join(', ');
}

/** The parameters from `key=value` assignments, with the defaults filled in. */
function readParams(family: Family, assignments: readonly string[]): Params {
  const names = family.params.map((s) => s.name).join(', ');
  const given = new Map<string, string>();
  for (const a of assignments) {
    const m = /^([A-Za-z_][\w-]*)=(.*)$/s.exec(a);
    if (!m) throw new UserError(`malformed assignment "${a}": expected key=value, e.g. ${family.params[0]?.name ?? 'x'}=3 (parameters of ${family.id}: ${names})`, 2);
    const [, key = '', value = ''] = m;
    if (!family.params.some((s) => s.name === key)) {
      throw new UserError(`unknown parameter "${key}" for ${family.id}; parameters: ${names}`, 2);
    }
    if (given.has(key)) throw new UserError(`parameter ${key} given twice`, 2);
    given.set(key, value);
  }
  const params: Params = {};
  for (const spec of family.params) {
    const text = given.get(spec.name);
    if (text !== undefined) params[spec.name] = parseValue(family, spec, text);
  }
  for (const spec of family.params) {
    if (params[spec.name] !== undefined) continue;
    const value = defaultValue(family, spec, params, []);
    if (value === undefined) {
      const required = family.params.filter((s) => s.default === undefined).map((s) => s.name);
      throw new UserError(`missing parameter ${spec.name} for ${family.id} (required: ${required.join(', ')}; see deepcards solve --list)`, 2);
    }
    params[spec.name] = value;
  }
  return params;
}

function defaultValue(family: Family, spec: ParamSpec, params: Params, seen: string[]): ParamValue | undefined {
  const d = spec.default;
  if (d === undefined || typeof d !== 'string') return d;
  if (spec.choices) {
    const i = spec.choices.indexOf(d);
    if (i >= 0) return i;
  }
  if (Object.prototype.hasOwnProperty.call(CONSTANTS, d)) return CONSTANTS[d]!;
  const other = family.params.find((s) => s.name === d);
  if (!other || seen.includes(d)) throw new Error(`internal: default "${d}" of ${family.id}.${spec.name} cannot be resolved`);
  return params[d] ?? defaultValue(family, other, params, [...seen, spec.name]);
}

function parseValue(family: Family, spec: ParamSpec, text: string): ParamValue {
  const raw = text.trim();
  if (spec.choices) {
    const i = spec.choices.indexOf(raw);
    if (i >= 0) return i;
    if (/^\d+$/.test(raw) && Number(raw) < spec.choices.length) return Number(raw);
    throw new UserError(`${spec.name}=${text}: expected one of ${spec.choices.join(', ')}`, 2);
  }
  const inner = /^\[.*\]$|^\(.*\)$/s.test(raw) ? raw.slice(1, -1) : raw;
  const items = inner.split(/[,;]/).map((s) => s.trim());
  const values = items.map((item) => {
    if (NUMBER.test(item)) {
      const x = Number(item);
      if (Number.isFinite(x)) return x;
    }
    if (Object.prototype.hasOwnProperty.call(CONSTANTS, item)) return CONSTANTS[item]!;
    throw new UserError(
      `${family.id}: ${spec.name}=${text}: ${item === '' ? 'empty value' : `"${item}" is not a number`} (write numbers such as 0.5 or -1e-3, e or pi, lists separated by commas)`,
      2,
    );
  });
  // a bare number stays a number (families read it as a list of one where they expect a list)
  return /[,;[\]()]/.test(raw) ? values : values[0]!;
}

function showNumber(x: number): string {
  if (x === Math.E) return 'e';
  if (x === Math.PI) return 'pi';
  return formatValue(x, 6);
}

function showValue(spec: ParamSpec, v: ParamValue): string {
  if (spec.choices && typeof v === 'number' && spec.choices[v] !== undefined) return spec.choices[v]!;
  return Array.isArray(v) ? v.map(showNumber).join(',') : showNumber(v);
}

function showDefault(spec: ParamSpec): string {
  if (spec.default === undefined) return '(required)';
  if (typeof spec.default === 'string') return `= ${spec.default}`;
  return `= ${Array.isArray(spec.default) ? spec.default.join(',') : String(spec.default)}`;
}

function listText(): string {
  const lines = ['Families (deepcards solve <family> key=value …; lists are comma-separated):', ''];
  for (const f of FAMILIES) {
    lines.push(`${f.id} — ${f.title} [${f.topic}]`);
    const width = Math.max(...f.params.map((s) => s.name.length));
    for (const s of f.params) {
      const choices = s.choices ? ` (one of: ${s.choices.join(', ')})` : '';
      lines.push(`  ${s.name.padEnd(width)}  ${showDefault(s).padEnd(12)}  ${s.description}${s.list ? ' [list]' : ''}${choices}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

function describeJson(f: Family): object {
  return {
    id: f.id,
    title: f.title,
    topic: f.topic,
    params: f.params.map((s) => ({
      name: s.name,
      ...(s.default !== undefined ? { default: s.default } : {}),
      ...(s.list ? { list: true } : {}),
      ...(s.choices ? { choices: s.choices } : {}),
      description: s.description,
    })),
  };
}
