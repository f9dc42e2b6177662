// Shared by the export package tests: a command context on a temporary collection with a settable
// clock, and an .apkg opened back with better-sqlite3 (unzipped with fflate into a temp dir).
import Database from 'better-sqlite3';
import { unzipSync } from 'fflate';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument, isMap, isSeq } from 'yaml';
import type { CommandContext } from '../../src/commands/context.js';
import { familyIds } from '../../src/questions/registry.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
export const FIXTURE_DECKS = join(ROOT, 'tests/export/fixtures/decks');
export const BUNDLED_DECKS = join(ROOT, 'decks');

export interface TestCtx extends CommandContext {
  stdout: string[];
  stderr: string[];
  setNow(ms: number): void;
  dir: string;
}

export function tempDir(prefix = 'dc-export-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A context whose collection lives in `dir`, with its own copy of the decks so tests can edit them. */
export function makeCtx(dir: string, decksSource: string, now = Date.parse('2025-03-01T10:00:00')): TestCtx {
  const decksDir = join(dir, 'decks');
  cpSync(decksSource, decksDir, { recursive: true });
  let t = now;
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    out: { write: (s) => void stdout.push(s) },
    err: { write: (s) => void stderr.push(s) },
    env: {},
    clock: { now: () => t },
    dbPath: join(dir, 'collection.db'),
    dbIsDefault: false,
    packageRoot: ROOT,
    color: false,
    decksDir,
    stdin: process.stdin,
    stdout,
    stderr,
    setNow: (ms) => {
      t = ms;
    },
    dir,
  };
}

export interface Opened {
  db: Database.Database;
  files: Record<string, Uint8Array>;
  close(): void;
}

/** Unzip an .apkg into a temp dir and open its collection.anki2 read-only. */
export function openApkg(path: string): Opened {
  const files = unzipSync(new Uint8Array(readFileSync(path)));
  const dir = tempDir('dc-apkg-');
  const col = files['collection.anki2'];
  if (!col) throw new Error('no collection.anki2 in package');
  writeFileSync(join(dir, 'collection.anki2'), col);
  const db = new Database(join(dir, 'collection.anki2'), { readonly: true });
  return {
    db,
    files,
    close: () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The bundled decks, with the numeric cards whose family is not registered yet removed (families are
 * written in parallel); once every family exists this is an exact copy.
 */
export function bundledDecksForTest(dir: string): { path: string; removed: number } {
  const known = new Set(familyIds());
  const out = join(dir, 'bundled');
  cpSync(BUNDLED_DECKS, out, { recursive: true });
  let removed = 0;
  for (const f of readdirSync(out).filter((x) => x.endsWith('.yaml'))) {
    const doc = parseDocument(readFileSync(join(out, f), 'utf8'));
    const cards = doc.get('cards');
    if (!isSeq(cards)) continue;
    const before = cards.items.length;
    cards.items = cards.items.filter((c) => !(isMap(c) && c.get('type') === 'numeric' && !known.has(String(c.get('family')))));
    if (cards.items.length !== before) {
      removed += before - cards.items.length;
      writeFileSync(join(out, f), doc.toString());
    }
  }
  return { path: out, removed };
}

/** Independent of src/export: Anki's cloze numbers (rslib cloze.rs): `{{c<digits>::` … matching `}}`, nesting allowed. */
export function ankiClozeNumbers(fields: string[]): number[] {
  const nums = new Set<number>();
  for (const f of fields) {
    let depth = 0;
    const open: number[] = [];
    for (let i = 0; i < f.length; ) {
      const m = /^\{\{c(\d+)::/.exec(f.slice(i));
      if (m) {
        open.push(Number(m[1]));
        depth++;
        i += m[0].length;
      } else if (f.startsWith('}}', i) && depth > 0) {
        nums.add(open.pop()!);
        depth--;
        i += 2;
      } else i++;
    }
  }
  return [...nums].sort((a, b) => a - b);
}

/** A small RFC 4180 reader (for checking our writer against an independent parser). */
export function parseCsv(text: string, sep = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (q) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') q = false;
      else field += ch;
    } else if (ch === '"' && field === '') q = true;
    else if (ch === sep) {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      /* CR of CRLF */
    } else if (ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

// --- an independent check of a package against /work/shared/anki-apkg.md -----------------------

export const SCHEMA11_COLUMNS: Record<string, string[]> = {
  col: ['id', 'crt', 'mod', 'scm', 'ver', 'dty', 'usn', 'ls', 'conf', 'models', 'decks', 'dconf', 'tags'],
  notes: ['id', 'guid', 'mid', 'mod', 'usn', 'tags', 'flds', 'sfld', 'csum', 'flags', 'data'],
  cards: ['id', 'nid', 'did', 'ord', 'mod', 'usn', 'type', 'queue', 'due', 'ivl', 'factor', 'reps', 'lapses', 'left', 'odue', 'odid', 'flags', 'data'],
  revlog: ['id', 'cid', 'usn', 'ease', 'ivl', 'lastIvl', 'factor', 'time', 'type'],
  graves: ['usn', 'oid', 'type'],
};
export const SCHEMA11_INDEXES = ['ix_notes_usn', 'ix_cards_usn', 'ix_revlog_usn', 'ix_cards_nid', 'ix_cards_sched', 'ix_revlog_cid', 'ix_notes_csum'];
/** Created by the 11→18 upgrade: a ver-11 file must not already hold them. */
const UPGRADE_TABLES = ['notetypes', 'decks', 'fields', 'templates', 'config', 'deck_config', 'tags'];

/** Strip tags and decode the entities our exporter writes (a deliberately separate implementation). */
export function plainStrip(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\u00a0/g, ' ');
}

export function sha1Csum(text: string): number {
  // int(sha1(text).hexdigest()[:8], 16)
  return Number.parseInt(createHash('sha1').update(text, 'utf8').digest('hex').slice(0, 8), 16);
}

/** Balanced, properly ordered delimiter pairs (`\(` … `\)`), never nested. */
export function delimitersBalanced(s: string, open: string, close: string): boolean {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s.startsWith(open, i)) {
      if (depth) return false;
      depth = 1;
      i += open.length - 1;
    } else if (s.startsWith(close, i)) {
      if (!depth) return false;
      depth = 0;
      i += close.length - 1;
    }
  }
  return depth === 0;
}

type Json = Record<string, unknown>;

/** Every violation of the spec found in an opened package (empty = valid). */
export function validatePackage(p: Opened): string[] {
  const problems: string[] = [];
  const bad = (m: string): void => void problems.push(m);
  const { db, files } = p;

  // zip members
  if ('meta' in files) bad('legacy package must not contain meta');
  const mediaBytes = files['media'];
  if (!mediaBytes) bad('no media map');
  else {
    try {
      const media = JSON.parse(new TextDecoder().decode(mediaBytes)) as unknown;
      if (typeof media !== 'object' || media === null || Array.isArray(media)) bad('media map is not an object');
      else {
        for (const [k, v] of Object.entries(media)) {
          if (!/^\d+$/.test(k)) bad(`media key ${k} is not an integer`);
          if (typeof v !== 'string' || v === '' || /[\\/]/.test(v) || v === '.' || v === '..') bad(`media name ${String(v)} is not a safe file name`);
          if (!(k in files)) bad(`media member ${k} missing`);
        }
      }
    } catch {
      bad('media map is not JSON');
    }
  }

  // schema
  for (const [table, cols] of Object.entries(SCHEMA11_COLUMNS)) {
    const got = (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((r) => r.name);
    if (got.join(',') !== cols.join(',')) bad(`table ${table} columns ${got.join(',')} != ${cols.join(',')}`);
  }
  const objects = db.prepare("SELECT type, name FROM sqlite_master").all() as { type: string; name: string }[];
  for (const ix of SCHEMA11_INDEXES) if (!objects.some((o) => o.type === 'index' && o.name === ix)) bad(`missing index ${ix}`);
  for (const t of UPGRADE_TABLES) if (objects.some((o) => o.name === t)) bad(`ver-11 file must not contain ${t}`);

  // col
  const cols = db.prepare('SELECT * FROM col').all() as Json[];
  if (cols.length !== 1) bad(`col has ${cols.length} rows`);
  const col = cols[0]!;
  if (col['ver'] !== 11) bad(`col.ver ${String(col['ver'])}`);
  for (const k of ['crt', 'mod', 'scm']) if (!Number.isInteger(col[k])) bad(`col.${k} not an integer`);
  const parse = (k: string): Json => {
    try {
      const v = JSON.parse(String(col[k])) as unknown;
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error();
      return v as Json;
    } catch {
      bad(`col.${k} is not a JSON object`);
      return {};
    }
  };
  const conf = parse('conf');
  void conf;
  parse('tags');
  const models = parse('models') as Record<string, Json>;
  const decks = parse('decks') as Record<string, Json>;
  const dconf = parse('dconf') as Record<string, Json>;
  for (const [k, m] of Object.entries(models)) {
    if (String(m['id']) !== k) bad(`model key ${k} != id ${String(m['id'])}`);
    for (const req of ['id', 'name', 'type', 'mod', 'usn', 'sortf', 'did', 'tmpls', 'flds', 'css']) if (!(req in m)) bad(`model ${k} lacks ${req}`);
    const flds = m['flds'] as Json[];
    const tmpls = m['tmpls'] as Json[];
    if (!Array.isArray(flds) || flds.length < 1) bad(`model ${k} has no fields`);
    if (!Array.isArray(tmpls) || tmpls.length < 1) bad(`model ${k} has no templates`);
    for (const f of flds ?? []) for (const req of ['name', 'sticky', 'rtl', 'font', 'size']) if (!(req in f)) bad(`model ${k} field lacks ${req}`);
    for (const t of tmpls ?? []) for (const req of ['name', 'qfmt']) if (!(req in t)) bad(`model ${k} template lacks ${req}`);
    if (!String(m['name'] ?? '').trim()) bad(`model ${k} has an empty name`);
    if (m['type'] !== 0 && m['type'] !== 1) bad(`model ${k} type ${String(m['type'])}`);
    if (m['type'] === 1 && tmpls?.length !== 1) bad(`cloze model ${k} must have one template`);
  }
  const names = new Set<string>();
  for (const [k, d] of Object.entries(decks)) {
    if (String(d['id']) !== k) bad(`deck key ${k} != id`);
    for (const req of ['id', 'name', 'usn', 'collapsed', 'dyn', 'lrnToday', 'revToday', 'newToday', 'timeToday']) if (!(req in d)) bad(`deck ${k} lacks ${req}`);
    if (!d['dyn'] && !('conf' in d)) bad(`deck ${k} lacks conf`);
    if (!d['dyn'] && !(String(d['conf']) in dconf)) bad(`deck ${k} conf ${String(d['conf'])} not in dconf`);
    const name = String(d['name']);
    if (names.has(name.toLowerCase())) bad(`duplicate deck name ${name}`);
    names.add(name.toLowerCase());
  }
  if (!decks['1']) bad('no Default deck (id 1)');
  for (const d of Object.values(decks)) {
    const parts = String(d['name']).split('::');
    for (let i = 1; i < parts.length; i++) if (!names.has(parts.slice(0, i).join('::').toLowerCase())) bad(`deck ${String(d['name'])} lacks parent`);
    if (parts.some((c) => c !== c.trim() || c === '')) bad(`deck name component not normalised: ${String(d['name'])}`);
  }
  for (const [k, c] of Object.entries(dconf)) {
    if (String(c['id']) !== k) bad(`dconf key ${k} != id`);
    for (const req of ['id', 'mod', 'name', 'usn', 'maxTaken', 'autoplay', 'timer', 'new', 'rev', 'lapse']) if (!(req in c)) bad(`dconf ${k} lacks ${req}`);
  }

  // notes
  const notes = db.prepare('SELECT id, guid, mid, mod, usn, tags, flds, cast(sfld as text) AS sfld, csum, flags, data FROM notes').all() as {
    id: number; guid: string; mid: number; mod: number; usn: number; tags: string; flds: string; sfld: string; csum: number; flags: number; data: string;
  }[];
  const guids = new Set<string>();
  const cardsOf = new Map<number, number[]>();
  for (const c of db.prepare('SELECT nid, ord FROM cards').all() as { nid: number; ord: number }[]) {
    cardsOf.set(c.nid, [...(cardsOf.get(c.nid) ?? []), c.ord]);
  }
  for (const n of notes) {
    const m = models[String(n.mid)];
    if (!m) {
      bad(`note ${n.id}: unknown model ${n.mid}`);
      continue;
    }
    const fields = n.flds.split('\x1f');
    const mflds = m['flds'] as Json[];
    if (fields.length !== mflds.length) bad(`note ${n.id}: ${fields.length} fields, model has ${mflds.length}`);
    if (!n.guid) bad(`note ${n.id}: empty guid`);
    if (guids.has(n.guid)) bad(`duplicate guid ${n.guid}`);
    guids.add(n.guid);
    const sortf = Number(m['sortf']);
    if (n.sfld !== plainStrip(fields[sortf] ?? '')) bad(`note ${n.id}: sfld ${JSON.stringify(n.sfld)} != ${JSON.stringify(plainStrip(fields[sortf] ?? ''))}`);
    if (n.csum !== sha1Csum(plainStrip(fields[0] ?? ''))) bad(`note ${n.id}: csum ${n.csum} wrong`);
    if (!/^ (\S+ )+$/.test(n.tags) && n.tags !== '') bad(`note ${n.id}: tags not padded: ${JSON.stringify(n.tags)}`);
    if (!Number.isInteger(n.mod) || n.mod <= 0) bad(`note ${n.id}: mod ${n.mod}`);
    if (n.flds.includes('$')) bad(`note ${n.id}: a $ is left in a field`);
    for (const f of fields) {
      if (!delimitersBalanced(f, '\\(', '\\)')) bad(`note ${n.id}: \\( \\) unbalanced in ${JSON.stringify(f.slice(0, 80))}`);
      if (!delimitersBalanced(f, '\\[', '\\]')) bad(`note ${n.id}: \\[ \\] unbalanced`);
      if (f !== f.normalize('NFC')) bad(`note ${n.id}: field not NFC`);
      // eslint-disable-next-line no-control-regex
      if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(f)) bad(`note ${n.id}: control character in a field`);
    }
    // the cards Anki would generate
    const tmpls = m['tmpls'] as Json[];
    let expected: number[];
    if (m['type'] === 1) expected = ankiClozeNumbers(fields).map((x) => Math.min(x - 1, 499));
    else {
      // our standard templates show field 0 on the front: a card exists when it is non-empty
      expected = plainStrip(fields[0] ?? '').trim() ? tmpls.map((_t, i) => i) : [];
    }
    const got = [...(cardsOf.get(n.id) ?? [])].sort((a, b) => a - b);
    if (got.join(',') !== expected.join(',')) bad(`note ${n.id} (${n.guid}): cards ${got.join(',')} but Anki generates ${expected.join(',')}`);
  }

  // cards
  const noteIds = new Set(notes.map((n) => n.id));
  for (const c of db.prepare('SELECT * FROM cards').all() as Json[]) {
    const id = String(c['id']);
    if (!noteIds.has(c['nid'] as number)) bad(`card ${id}: no note`);
    const deck = decks[String(c['did'])];
    if (!deck) bad(`card ${id}: deck ${String(c['did'])} not in col.decks`);
    else if (deck['dyn']) bad(`card ${id}: in a filtered deck`);
    if (c['odid'] !== 0 || c['odue'] !== 0) bad(`card ${id}: odid/odue set`);
    for (const k of ['ivl', 'reps', 'lapses', 'left']) if ((c[k] as number) < 0) bad(`card ${id}: ${k} < 0`);
    if ((c['factor'] as number) < 0 || (c['factor'] as number) > 65535) bad(`card ${id}: factor out of range`);
    if ((c['flags'] as number) < 0 || (c['flags'] as number) > 255) bad(`card ${id}: flags out of range`);
    const type = c['type'] as number;
    const queue = c['queue'] as number;
    if (![0, 1, 2, 3].includes(type)) bad(`card ${id}: type ${type}`);
    if (![0, 1, 2, 3, 4, -1, -2, -3].includes(queue)) bad(`card ${id}: queue ${queue}`);
    if (type === 0 && ![0, -1].includes(queue)) bad(`card ${id}: new card in queue ${queue}`);
    if (type === 2 && ![2, -1].includes(queue)) bad(`card ${id}: review card in queue ${queue}`);
    if (type === 2 && ((c['factor'] as number) < 1300 || (c['ivl'] as number) < 1)) bad(`card ${id}: review card with factor ${String(c['factor'])} ivl ${String(c['ivl'])}`);
  }
  const cardIds = new Set((db.prepare('SELECT id FROM cards').all() as { id: number }[]).map((r) => r.id));
  for (const r of db.prepare('SELECT * FROM revlog').all() as Json[]) {
    if (!cardIds.has(r['cid'] as number)) bad(`revlog ${String(r['id'])}: no card`);
    if (![1, 2, 3, 4].includes(r['ease'] as number)) bad(`revlog ${String(r['id'])}: ease ${String(r['ease'])}`);
    if (![0, 1, 2, 3, 4].includes(r['type'] as number)) bad(`revlog ${String(r['id'])}: type ${String(r['type'])}`);
  }
  return problems;
}

/**
 * A deck of `n` cards for performance runs: 70% basic with math, 20% cloze with two deletions,
 * 10% multiple choice; every card becomes one note.
 */
export function perfDeckYaml(n: number): string {
  const lines = ['topic: perf', 'title: Performance', 'description: Generated cards for timing the export.', 'cards:'];
  for (let i = 0; i < n; i++) {
    const id = `perf.card-${i}`;
    const kind = i % 10;
    lines.push(`  - id: ${id}`);
    if (kind < 7) {
      lines.push('    type: basic', `    front: 'Card ${i}: output width with $W = ${i}$, kernel $k$, padding $p < k$ & stride $s$?'`,
        `    back: '$\\left\\lfloor \\frac{${i} + 2p - k}{s} \\right\\rfloor + 1$, see <note> ${i}'`, '    tags: [formula]');
    } else if (kind < 9) {
      lines.push('    type: cloze', `    text: 'Card ${i}: the {{c1::bias $b_{${i}}$}} is {{c2::redundant::one word}} after $x^{a^{2}}$.'`,
        "    back: 'BN subtracts the mean.'");
    } else {
      lines.push('    type: choice', `    front: 'Card ${i}: which activation is zero-centred?'`, '    choices: [Sigmoid, ReLU, Tanh]',
        '    answer: Tanh', "    explanation: 'tanh maps to $(-1, 1)$.'");
    }
    lines.push(`    sheet: [${(i % 900) + 1}]`);
  }
  return `${lines.join('\n')}\n`;
}
