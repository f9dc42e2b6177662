// `deepcards decks coverage|errata|generate`: the decks against the course sheet.
// Shell only: read files, call the pure modules in src/sheet, print. Never exits the process.
import { checkTopicNames } from './topics.js';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError, formatLocated } from '../errors.js';
import { displayPath } from '../decks/load.js';
import { loadBundledDecks } from './bundled-decks.js';
import type { Deck } from '../decks/model.js';
import { computeCoverage, truncate, type CoverageReport } from '../sheet/coverage.js';
import { collectErrata } from '../sheet/errata.js';
import { decodeSheet, generateDecks } from '../sheet/generate.js';
import { makeStyle } from '../ui/style.js';
import type { CommandContext } from './context.js';

/** The sheet shipped with the package. */
export function defaultSheetPath(ctx: CommandContext): string {
  return join(ctx.packageRoot, 'sheet', 'deep-learning.txt');
}

/** Read and decode a sheet; a missing file is a usage error (2), unreadable content a located error (1). */
export function readSheet(path: string): { text: string; shown: string } {
  const full = resolve(path);
  const shown = displayPath(full);
  if (!existsSync(full)) throw new UserError(`${shown}: no such file`, 2);
  if (statSync(full).isDirectory()) throw new UserError(`${shown}: is a directory, expected a sheet file`, 2);
  return { text: decodeSheet(readFileSync(full), shown), shown };
}

function bundledDecks(ctx: CommandContext): Promise<Deck[]> {
  return loadBundledDecks(ctx);
}

// ---------------------------------------------------------------------------------------------------------
// coverage

export async function runDecksCoverage(opts: { json?: boolean; sheet?: string; min?: number }, ctx: CommandContext): Promise<number> {
  if (opts.min !== undefined && (!Number.isFinite(opts.min) || opts.min < 0 || opts.min > 100)) {
    throw new UserError('--min must be a percentage between 0 and 100', 2);
  }
  const { text, shown } = readSheet(opts.sheet ?? defaultSheetPath(ctx));
  const report = computeCoverage(text, await bundledDecks(ctx));
  const below = opts.min !== undefined && (report.total.content === 0 ? 100 : (report.total.covered / report.total.content) * 100) < opts.min;
  if (opts.json) {
    ctx.out.write(`${JSON.stringify({ sheet: shown, ...report, ...(opts.min !== undefined ? { min: opts.min, ok: !below } : {}) }, null, 2)}\n`);
  } else writeCoverage(report, shown, ctx);
  if (below) {
    ctx.err.write(`coverage ${report.total.percent}% is below --min ${opts.min}%\n`);
    return 1;
  }
  return 0;
}

function writeCoverage(r: CoverageReport, shown: string, ctx: CommandContext): void {
  const s = makeStyle(ctx.color);
  const out = (line = ''): void => ctx.out.write(`${line}\n`);
  out(`${s.bold('Sheet coverage')} — ${shown}: ${r.sheetLines} lines, ${r.total.content} content lines (blank, repeated and heading lines do not count; see docs/coverage.md)`);
  out();
  const name = (t: { topic: string | null; title: string }): string => t.topic ?? `(no deck) ${t.title}`;
  const w = Math.max(5, ...r.topics.map((t) => name(t).length));
  out(s.dim(`${'topic'.padEnd(w)}  ${'lines'.padEnd(9)}  content  covered  excused  no card       %`));
  for (const t of r.topics) {
    const lines = t.first ? `${t.first}–${t.last}` : '-';
    const pct = `${t.percent.toFixed(1)}%`;
    const row = `${name(t).padEnd(w)}  ${lines.padEnd(9)}  ${String(t.content).padStart(7)}  ${String(t.covered).padStart(7)}  ${String(t.excused).padStart(7)}  ${String(t.noCard).padStart(7)}  ${pct.padStart(6)}`;
    out(t.noCard > 0 ? s.yellow(row) : row);
  }
  out();
  out(s.bold(`covered ${r.total.covered} of ${r.total.content} content lines (${r.total.percent.toFixed(1)}%)`) +
    `; ${r.total.excused} excused, ${r.total.noCard} with no card`);
  if (r.uncovered.length) {
    out();
    out(s.bold('Uncovered content lines'));
    const tw = Math.max(...r.uncovered.map((u) => (u.topic ?? '-').length));
    for (const u of r.uncovered) {
      out(`${String(u.line).padStart(5)}  ${(u.topic ?? '-').padEnd(tw)}  ${truncate(u.text, 70)}`);
      out(`${' '.repeat(7 + tw + 2)}${u.status === 'excused' ? s.dim(`excused: ${u.reason ?? ''}`) : s.red('NO CARD')}`);
    }
  }
  if (r.outOfRange.length) {
    out();
    out(s.yellow(`${r.outOfRange.length} citation${r.outOfRange.length === 1 ? '' : 's'} beyond the end of the sheet (${r.sheetLines} lines):`));
    for (const o of r.outOfRange) out(`  ${o.id} cites line ${o.line}`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// errata

export async function runDecksErrata(opts: { json?: boolean; topic?: string | string[]; sheet?: string }, ctx: CommandContext): Promise<number> {
  const { text } = readSheet(opts.sheet ?? defaultSheetPath(ctx));
  let decks = await bundledDecks(ctx);
  const wanted = typeof opts.topic === 'string' ? opts.topic.split(',').map((t) => t.trim()).filter(Boolean) : opts.topic;
  if (wanted?.length) {
    checkTopicNames(wanted, decks.map((d) => d.topic).sort());
    decks = decks.filter((d) => wanted.includes(d.topic));
  }
  const errata = collectErrata(decks, text);
  if (opts.json) {
    ctx.out.write(`${JSON.stringify(errata, null, 2)}\n`);
    return 0;
  }
  const { renderLatex } = await import('../render/latex-unicode.js');
  const s = makeStyle(ctx.color);
  const out = (line = ''): void => ctx.out.write(`${line}\n`);
  const indent = (label: string, body: string): string => {
    const pad = ' '.repeat(4 + label.length);
    return `    ${label}${body.split('\n').join(`\n${pad}`)}`;
  };
  for (const t of errata.topics) {
    out(`${s.bold(t.topic)} — ${t.title} (${t.errata.length} correction${t.errata.length === 1 ? '' : 's'})`);
    out();
    for (const e of t.errata) {
      out(`  ${s.cyan(e.id)} ${s.dim(`sheet ${compactLines(e.lines)}`)}`);
      for (const l of e.sheet) out(s.dim(`    ${String(l.line).padStart(4)} | ${l.text}`));
      out(indent('sheet had:  ', renderLatex(e.had)));
      out(indent('correction: ', renderLatex(e.why)));
      out();
    }
  }
  const topics = errata.topics.length;
  out(`${errata.count} correction${errata.count === 1 ? '' : 's'} in ${topics} topic${topics === 1 ? '' : 's'}`);
  return 0;
}

/** [3, 4, 5, 9] -> "3-5, 9" */
export function compactLines(lines: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const a = lines[i]!;
    let b = a;
    while (i + 1 < lines.length && lines[i + 1] === b + 1) b = lines[++i]!;
    out.push(a === b ? String(a) : `${a}-${b}`);
  }
  return out.join(', ');
}

// ---------------------------------------------------------------------------------------------------------
// generate

export async function runDecksGenerate(sheetPath: string, opts: { out: string; force?: boolean }, ctx: CommandContext): Promise<number> {
  if (!opts.out) throw new UserError('missing -o <dir>: where to write the draft decks', 2);
  const { text, shown } = readSheet(sheetPath);
  const result = generateDecks(text, shown);
  const dir = resolve(opts.out);
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new UserError(`${displayPath(dir)}: exists and is not a directory`, 2);
  const targets = result.decks.map((d) => ({ deck: d, path: join(dir, d.fileName) }));
  const existing = targets.filter((t) => existsSync(t.path));
  if (existing.length && !opts.force) {
    throw new UserError(
      `refusing to overwrite ${existing.map((t) => displayPath(t.path)).join(', ')} (use --force to replace ${existing.length === 1 ? 'it' : 'them'}); nothing was written`,
      1,
    );
  }
  mkdirSync(dir, { recursive: true });
  for (const t of targets) writeFileSync(t.path, t.deck.yaml);

  const s = makeStyle(ctx.color);
  const out = (line = ''): void => ctx.out.write(`${line}\n`);
  const cards = result.decks.reduce((n, d) => n + d.cards, 0);
  out(`wrote ${result.decks.length} draft deck${result.decks.length === 1 ? '' : 's'} (${cards} cards) to ${displayPath(dir)}:`);
  const w = Math.max(...targets.map((t) => t.deck.fileName.length));
  for (const t of targets) {
    out(`  ${t.deck.fileName.padEnd(w)}  ${String(t.deck.cards).padStart(4)} card${t.deck.cards === 1 ? ' ' : 's'}  from sheet lines ${t.deck.from}–${t.deck.to}${existing.includes(t) ? s.yellow('  (overwritten)') : ''}`);
  }
  for (const n of result.noise) {
    const span = n.lines.length > 4 ? `${n.lines[0]}–${n.lines[n.lines.length - 1]}` : n.lines.join(', ');
    out(`dropped noise: "${truncate(n.text, 50)}" ×${n.lines.length} (lines ${span})`);
  }
  if (result.skipped.length) {
    out(`${result.skipped.length} content line${result.skipped.length === 1 ? '' : 's'} got no draft card (write ${result.skipped.length === 1 ? 'it' : 'them'} by hand): lines ${compactLines(result.skipped)}`);
  }
  for (const wng of result.warnings) ctx.err.write(`${formatLocated(wng)}\n`);
  out();
  out(s.bold(`These are drafts: review every card for correctness before studying them (deepcards decks check ${opts.out}).`));
  return 0;
}
