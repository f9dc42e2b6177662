// `deepcards decks generate`: draft deck files from a course sheet (plain text or Markdown with LaTeX).
// A drafting aid only — every card is tagged `draft` and must be reviewed by a person.
// Pure (no fs, no process): bytes/text in, YAML text out; problems as located errors/warnings.
//
// Line by line (see docs/coverage.md, "Drafting decks from a sheet"):
//   section heading (ALL-CAPS ≥ 8 letters, Markdown #/##)  -> starts a topic
//   other heading (short title line, ALL-CAPS acronym, ###) -> the current subject
//   `+ …` / `⊕ …`                                           -> "What is an advantage of <subject>?"; several
//                                                               for one subject -> one cloze, one deletion each
//   `– …` / `⊖ …` (and `- …` when its block also has a + line) -> the same for drawbacks
//   `Term: definition`                                       -> "What is the term?" / definition
//   `Term: formula`                                          -> cloze of the formula, labelled with the term
//   formula line ($$…$$, mostly $math$, or `X = …`)          -> cloze blanking the right-hand side of the
//                                                               first top-level `=` (or ←), else a question
//   other prose line                                         -> no card, but it names the subject of the
//                                                               +/- lines under it (`Permutation test (…)`)
//   indented line right after a card's line                  -> appended to that card
//   a line repeated ≥ 3 times                                -> dropped as noise, with a warning
// Ids are `<topic>.<slug of the term>` (with -2, -3 for a repeated term), never a line number, so that
// inserting or moving lines and regenerating keeps every id and so every schedule. The decks name the
// sheet as their `source:`: they are own decks, studied in their file order after the course.
import { Document, isSeq, visit } from 'yaml';
import { LocatedError, type Located } from '../errors.js';
import { parseDeck } from '../decks/parse.js';
import { isAllCaps, isSectionHeading, isTitleLine, markdownHeading, splitLines, truncate } from './coverage.js';

export interface DraftDeck {
  topic: string;
  title: string;
  fileName: string;
  yaml: string;
  cards: number;
  /** First and last sheet line of the section the deck was drafted from. */
  from: number;
  to: number;
}

export interface NoiseLine {
  text: string;
  lines: number[];
}

export interface GenerateResult {
  decks: DraftDeck[];
  warnings: Located[];
  /** Lines dropped as noise (a text repeated ≥ 3 times). */
  noise: NoiseLine[];
  /** Content lines no draft card was made from (to be written by hand). */
  skipped: number[];
}

export const NOISE_REPEATS = 3;
export const DRAFT_TAG = 'draft';

// ---------------------------------------------------------------------------------------------------------
// decoding

/** Bytes -> text, refusing binary and non-UTF-8 input with a located error; a leading BOM is dropped. */
export function decodeSheet(bytes: Uint8Array, file: string): string {
  if (bytes.length === 0) throw new LocatedError([{ file, line: 1, col: 1, message: 'empty sheet: the file has no text' }]);
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    const pos = positionOfByte(bytes, bad);
    throw new LocatedError([{ file, ...pos, message: `not UTF-8 text (invalid byte 0x${bytes[bad]!.toString(16).padStart(2, '0')}); save the sheet as UTF-8` }]);
  }
  let text = new TextDecoder('utf-8').decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  checkText(text, file);
  return text;
}

/** Offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    let n: number;
    let min: number;
    if (c < 0x80) { i++; continue; }
    else if (c >= 0xc2 && c <= 0xdf) { n = 1; min = 0x80; }
    else if (c >= 0xe0 && c <= 0xef) { n = 2; min = 0x800; }
    else if (c >= 0xf0 && c <= 0xf4) { n = 3; min = 0x10000; }
    else return i;
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return -1;
}

function positionOfByte(b: Uint8Array, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    if (b[i] === 0x0a) {
      line++;
      start = i + 1;
    }
  }
  const col = [...new TextDecoder('utf-8').decode(b.subarray(start, offset))].length + 1;
  return { line, col };
}

function positionOfIndex(text: string, index: number): { line: number; col: number } {
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  const col = [...before.slice(before.lastIndexOf('\n') + 1)].length + 1;
  return { line, col };
}

/** Binary control characters (NUL and other C0 controls except tab, newlines, form feed) are refused. */
function checkText(text: string, file: string): void {
  // eslint-disable-next-line no-control-regex
  const m = /[\u0000-\u0008\u000e-\u001f]/.exec(text);
  if (m) {
    const what = m[0] === '\0' ? 'a NUL byte' : `control character U+${m[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`;
    throw new LocatedError([{ file, ...positionOfIndex(text, m.index), message: `binary data (${what}); expected a plain-text or Markdown sheet` }]);
  }
  if (text.trim() === '') throw new LocatedError([{ file, line: 1, col: 1, message: 'empty sheet: the file has no text' }]);
}

// ---------------------------------------------------------------------------------------------------------
// slugs

/** `NEURAL NETWORK BASICS` -> `neural-network-basics`; accents dropped; '' when nothing is left. */
export function slugify(text: string, maxWords = 8): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\\[a-z]+/g, ' ')
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .slice(0, maxWords)
    .join('-');
}

/** `NEURAL NETWORK BASICS` -> `Neural Network Basics`; mixed-case text is kept. */
export function titleOf(heading: string): string {
  const t = heading.trim().replace(/:$/, '').trim();
  if (!isAllCaps(t)) return t;
  const small = new Set(['of', 'and', 'or', 'the', 'a', 'an', 'in', 'on', 'for', 'to', 'with']);
  return t
    .split(' ')
    .map((w, i) => {
      const lower = w.toLowerCase();
      if (i > 0 && small.has(lower)) return lower;
      if (w.length <= 3) return w; // RL, GAN, CNN stay acronyms
      return lower.charAt(0).toUpperCase() + lower.slice(1);
    })
    .join(' ');
}

// ---------------------------------------------------------------------------------------------------------
// line kinds

type Kind =
  | { k: 'blank' }
  | { k: 'noise' }
  | { k: 'section'; title: string }
  | { k: 'subheading'; title: string }
  | { k: 'pro'; text: string; about?: string }
  | { k: 'con'; text: string; about?: string }
  | { k: 'dash'; text: string }
  | { k: 'term'; term: string; def: string }
  | { k: 'formula' }
  | { k: 'text' };

const PRO = /^(?:\+|⊕|\\oplus\b)\s*(.*)$/;
const CON = /^(?:[–−]|⊖|\\ominus\b)\s*(.*)$/;
const DASH = /^-\s+(.*)$/;
/** `Points ⊖ does not model connectivity`: a drawback (or ⊕ advantage) of a named thing. */
const INLINE_PRO_CON = /^([^$:\\]{1,40}?)\s+(⊕|⊖|\\oplus|\\ominus)\s+(\S.*)$/;
const TERM = /^([^:$\\]{1,60}?)\s*:\s+(\S.*)$/;
const NOT_TERMS = /^(?:if|for|when|where|with|given|assume|let|since|so|then|note|and|or|but|as|e\.g|i\.e|we|this|it|in|on|by|from|to|because|while|after|before)\b/i;
const MAX_TERM_WORDS = 6;

function stripEmphasis(s: string): string {
  return s.replace(/\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)/g, '').trim();
}

function termOf(t: string): { term: string; def: string } | undefined {
  const body = t.replace(/^(?:[*•]|\d+[.)])\s+/, '');
  const m = body.match(TERM);
  if (!m) return undefined;
  const term = stripEmphasis(m[1]!).replace(/^[↳→•]\s*/, '');
  if (!/^[\p{L}\p{Nd}]/u.test(term) || NOT_TERMS.test(term)) return undefined;
  if (term.split(/\s+/).length > MAX_TERM_WORDS) return undefined;
  return { term, def: m[2]!.trim() };
}

interface MathSeg {
  start: number;
  end: number;
  delim: '$' | '$$';
  body: string;
}

/** `$…$` and `$$…$$` segments of a line; segments whose body holds a `$` are ignored. */
export function mathSegments(t: string): MathSeg[] {
  const out: MathSeg[] = [];
  const re = /\$\$([^$]+?)\$\$|\$([^$]+?)\$/g;
  for (const m of t.matchAll(re)) {
    const display = m[1] !== undefined;
    out.push({ start: m.index, end: m.index + m[0].length, delim: display ? '$$' : '$', body: (display ? m[1] : m[2])! });
  }
  return out;
}

function mathShare(t: string): number {
  const segs = mathSegments(t);
  const inside = segs.reduce((n, s) => n + s.body.replace(/\s/g, '').length, 0);
  let outside = t;
  for (const s of [...segs].reverse()) outside = outside.slice(0, s.start) + outside.slice(s.end);
  const rest = outside.replace(/\s/g, '').length;
  return inside + rest === 0 ? 0 : inside / (inside + rest);
}

const PLAIN_EQUATION = /^([^=$:]{1,40}?)\s*=\s*([^=].*)$/;

function isFormula(t: string): boolean {
  if (/^\$\$[\s\S]*\$\$$/.test(t)) return true;
  if (t.includes('$')) return mathShare(t) >= 0.5;
  const m = t.match(PLAIN_EQUATION);
  return !!m && m[1]!.trim().split(/\s+/).length <= 3 && !/[<>!]$/.test(m[1]!);
}

function classify(t: string): Kind {
  if (t === '') return { k: 'blank' };
  const md = markdownHeading(t);
  if (md) return md.level <= 2 ? { k: 'section', title: md.text } : { k: 'subheading', title: md.text };
  if (isSectionHeading(t)) return { k: 'section', title: t };
  if (isAllCaps(t) || isTitleLine(t)) return { k: 'subheading', title: t.replace(/:$/, '').trim() };
  let m = t.match(PRO);
  if (m && m[1]) return { k: 'pro', text: m[1] };
  m = t.match(CON);
  if (m && m[1]) return { k: 'con', text: m[1] };
  m = t.match(DASH);
  if (m && m[1]) {
    const item = termOf(m[1]);
    return item ? { k: 'term', ...item } : { k: 'dash', text: m[1] };
  }
  const term = termOf(t);
  if (term) return { k: 'term', ...term };
  m = t.match(INLINE_PRO_CON);
  if (m && /^[\p{L}\p{Nd}]/u.test(m[1]!)) {
    const pro = m[2] === '⊕' || m[2] === '\\oplus';
    return { k: pro ? 'pro' : 'con', text: m[3]!, about: m[1]!.trim() };
  }
  if (isFormula(t)) return { k: 'formula' };
  return { k: 'text' };
}

// ---------------------------------------------------------------------------------------------------------
// cloze drafting

/** Where a right-hand side ends: the next `=`, `;`, `, `, line break, quad space or chaining relation. */
const RELATIONS = /^(?:\\(?:approx|Leftrightarrow|Rightarrow|iff|equiv|leftarrow|gets|quad|qquad)(?![a-zA-Z])|\\\\|[=;])/;
const OPENERS = new Set(['begin', 'left', '{', '(', '[', 'langle', 'lbrace', 'lvert', 'lVert', 'lfloor', 'lceil']);
const CLOSERS = new Set(['end', 'right', '}', ')', ']', 'rangle', 'rbrace', 'rvert', 'rVert', 'rfloor', 'rceil']);
const ASSIGN = /^(?:=|\\leftarrow(?![a-zA-Z])|\\gets(?![a-zA-Z]))/;

/** The [start, end) of the right-hand side of the first top-level `=` (or ←) of a LaTeX body. */
export function rhsSpan(body: string): [number, number] | undefined {
  let depth = 0;
  let start = -1;
  for (let i = 0; i < body.length; i++) {
    const rest = body.slice(i);
    const cmd = rest.match(/^\\(begin|end|left|right|[a-zA-Z]+|.)/);
    if (depth === 0 && start >= 0 && RELATIONS.test(rest)) {
      return finish(body, start, i);
    }
    if (depth === 0 && start < 0) {
      const a = rest.match(ASSIGN);
      if (a && !/[<>!]$/.test(body.slice(0, i))) {
        start = i + a[0].length;
        i = start - 1;
        continue;
      }
    }
    if (depth === 0 && start >= 0 && /^,\s/.test(rest)) return finish(body, start, i);
    if (cmd) {
      const name = cmd[1]!;
      if (OPENERS.has(name)) depth++;
      else if (CLOSERS.has(name)) depth--;
      if (name === 'left' || name === 'right') {
        // skip the delimiter that follows \left / \right so it is not counted again
        const delim = body.slice(i + cmd[0].length).match(/^\s*(\\[a-zA-Z]+|\\.|.)/);
        i += cmd[0].length + (delim ? delim[0].length : 0) - 1;
      } else i += cmd[0].length - 1;
      continue;
    }
    const c = body[i]!;
    if (c === '{' || c === '(' || c === '[') depth++;
    else if (c === '}' || c === ')' || c === ']') depth--;
    if (depth < 0) return undefined;
  }
  return start >= 0 && depth === 0 ? finish(body, start, body.length) : undefined;
}

function finish(body: string, start: number, end: number): [number, number] | undefined {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(body[s]!)) s++;
  while (e > s && /[\s,.;]/.test(body[e - 1]!)) e--;
  const ans = body.slice(s, e);
  return /[\p{L}\p{N}]/u.test(ans) && balanced(ans) ? [s, e] : undefined;
}

function balanced(s: string): boolean {
  let d = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '{') d++;
    else if (c === '}' && --d < 0) return false;
  }
  return d === 0;
}

/** Make text safe inside a cloze card: no `}}`, `{{` or `::` outside the deletion markers. */
export function clozeSafe(s: string): string {
  let out = s;
  let prev;
  do {
    prev = out;
    out = out.replace(/\}\}/g, '} }').replace(/\{\{/g, '{ {').replace(/::/g, ': :');
  } while (out !== prev);
  return out;
}

/** A cloze text blanking one meaningful part of a formula line, or undefined. */
export function clozeOf(line: string): string | undefined {
  const segs = mathSegments(line);
  for (const seg of segs) {
    const span = rhsSpan(seg.body);
    if (!span) continue;
    const d = '$'; // pieces of a split display formula are shown inline
    const pre = seg.body.slice(0, span[0]).trimEnd();
    const ans = seg.body.slice(span[0], span[1]).trim();
    const post = seg.body.slice(span[1]).trim();
    const parts = [
      clozeSafe(line.slice(0, seg.start)),
      `${d}${clozeSafe(pre)}${d} {{c1::${d}${clozeSafe(ans)}${d}}}`,
      post ? ` ${d}${clozeSafe(post)}${d}` : '',
      clozeSafe(line.slice(seg.end)),
    ];
    return parts.join('').replace(/\s+/g, ' ').trim();
  }
  if (line.includes('$')) return undefined;
  const m = line.match(PLAIN_EQUATION);
  if (!m) return undefined;
  const rhs = m[2]!.match(/^(.*?)(?:(?<=[^\s])[.;](?:\s|$)(.*))?$/)!;
  const ans = rhs[1]!.trim();
  if (!/[\p{L}\p{N}]/u.test(ans)) return undefined;
  const tail = rhs[2] ? `. ${rhs[2].trim()}` : '';
  const a = clozeSafe(ans);
  return `${clozeSafe(m[1]!.trim())} = {{c1::${a.endsWith('}') ? `${a} ` : a}}}${clozeSafe(tail)}`;
}

// ---------------------------------------------------------------------------------------------------------
// the generator

interface DraftCard {
  id: string;
  type: 'basic' | 'cloze';
  front?: string;
  back?: string;
  text?: string;
  sheet: number[];
  tags: string[];
}

interface Topic {
  topic: string;
  title: string;
  line: number;
  end: number;
  cards: DraftCard[];
  ids: Set<string>;
  /** Advantages / drawbacks per subject, in sheet order: one card each, made a cloze when several. */
  proCons: Map<string, ProCon>;
}

interface ProCon {
  card: DraftCard;
  pro: boolean;
  about: string;
  items: string[];
}

/** `Mean` -> `the mean`, `KL divergence` -> `the KL divergence`, `Permutation tests` -> `permutation tests`. */
export function termPhrase(term: string): { phrase: string; plural: boolean } {
  const t = term.trim();
  if (/^(?:the|a|an)\s/i.test(t)) return { phrase: t.charAt(0).toLowerCase() + t.slice(1), plural: false };
  const words = t.split(/\s+/);
  const first = words[0]!;
  const last = words[words.length - 1]!;
  // keep acronyms, symbols and names (KL, t, ReLU, Bayes') as written; lower-case an ordinary capital
  const ordinary = /^\p{Lu}\p{Ll}+$/u.test(first) && !/['’]s?$/.test(first);
  const body = ordinary ? first.toLowerCase() + t.slice(first.length) : t;
  const plural = /^\p{Ll}{3,}s$/u.test(last.toLowerCase()) && !/(?:ss|us|is)$/i.test(last) && /^\p{L}+$/u.test(last);
  return { phrase: plural ? body : `the ${body}`, plural };
}

/** "What is the mean?" / "What are permutation tests?" */
export function whatIs(term: string): string {
  const { phrase, plural } = termPhrase(term);
  return `What ${plural ? 'are' : 'is'} ${phrase}?`;
}

/** The name a prose line gives to what follows it: `Permutation test (resampling) - …` -> `Permutation test`. */
function nameOf(t: string): string | undefined {
  const head = stripEmphasis(t).split(/\s[-–—]\s|[:(,.;$]/)[0]!.trim();
  const words = head.split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.length > 5 || !/^[\p{L}\p{Nd}]/u.test(head) || NOT_TERMS.test(head)) return undefined;
  return head;
}

export function generateDecks(sheetText: string, sheetName: string): GenerateResult {
  const file = sheetName;
  checkText(sheetText, file);
  const raw = splitLines(sheetText);
  const trimmed = raw.map((l) => l.trim());
  const warnings: Located[] = [];
  const warn = (line: number, message: string): void => void warnings.push({ file, line, col: 1, message });

  // noise: any non-blank text occurring ≥ 3 times
  const occurrences = new Map<string, number[]>();
  trimmed.forEach((t, i) => {
    if (!t) return;
    const list = occurrences.get(t) ?? [];
    list.push(i + 1);
    occurrences.set(t, list);
  });
  const noise: NoiseLine[] = [];
  const noiseText = new Set<string>();
  for (const [text, lines] of occurrences) {
    if (lines.length >= NOISE_REPEATS) {
      noise.push({ text, lines });
      noiseText.add(text);
      warn(lines[0]!, `dropped noise: "${truncate(text, 60)}" appears ${lines.length} times (${rangeText(lines)})`);
    }
  }

  const kinds: Kind[] = trimmed.map((t) => (noiseText.has(t) ? { k: 'noise' } : classify(t)));
  if (!kinds.some((k) => k.k !== 'blank' && k.k !== 'noise' && k.k !== 'section' && k.k !== 'subheading')) {
    const hasHeadings = kinds.some((k) => k.k === 'section' || k.k === 'subheading');
    throw new LocatedError([{ file, line: 1, col: 1, message: hasHeadings ? 'no content: the sheet has headings but no lines to draft cards from' : 'no headings and no content: nothing to draft' }]);
  }

  // a `- ` line is a drawback only when its block (between headings / term lines) also has a `+` line
  const blockOf: number[] = [];
  let block = 0;
  kinds.forEach((k) => {
    if (k.k === 'section' || k.k === 'subheading' || k.k === 'term') block++;
    blockOf.push(block);
  });
  const blocksWithPro = new Set(kinds.flatMap((k, i) => (k.k === 'pro' ? [blockOf[i]!] : [])));
  kinds.forEach((k, i) => {
    if (k.k !== 'dash') return;
    if (blocksWithPro.has(blockOf[i]!)) kinds[i] = { k: 'con', text: k.text };
    else {
      const inner = classify(k.text);
      kinds[i] = inner.k === 'term' || inner.k === 'formula' ? inner : { k: 'text' };
    }
  });

  const topics: Topic[] = [];
  const usedTopics = new Set<string>();
  const newTopic = (title: string, line: number): Topic => {
    let slug = slugify(title) || `topic-${line}`;
    if (usedTopics.has(slug)) {
      let n = 2;
      while (usedTopics.has(`${slug}-${n}`)) n++;
      slug = `${slug}-${n}`;
    }
    usedTopics.add(slug);
    const prev = topics[topics.length - 1];
    if (prev) prev.end = line - 1;
    const t: Topic = { topic: slug, title: titleOf(title) || slug, line, end: raw.length, cards: [], ids: new Set(), proCons: new Map() };
    topics.push(t);
    return t;
  };
  let current: Topic | undefined;
  const ensureTopic = (line: number): Topic => {
    if (!current) {
      const base = sheetName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '') || 'sheet';
      current = newTopic(base, line);
      warn(line, `content before the first heading: drafted into topic "${current.topic}"`);
    }
    return current;
  };
  // subject: the nearest term or sub-heading (what a +/- line is about); heading: the current sub-heading;
  // prevTerm: the term of the previous non-blank line (a formula right after `Term: …` belongs to it)
  let subject: string | undefined;
  let heading: string | undefined;
  let prevTerm: string | undefined;
  let lastCard: DraftCard | undefined;
  let lastCardLine = -1;
  const skipped: number[] = [];

  const add = (topic: Topic, base: string, line: number, card: Omit<DraftCard, 'id' | 'tags' | 'sheet'>): DraftCard => {
    // no line number in the id: a regenerated deck keeps its ids when lines are inserted or moved
    const slug = slugify(base, 6).slice(0, 48).replace(/-+$/, '') || 'card';
    let id = `${topic.topic}.${slug}`;
    for (let n = 2; topic.ids.has(id); n++) id = `${topic.topic}.${slug}-${n}`;
    topic.ids.add(id);
    const full: DraftCard = { id, ...card, sheet: [line], tags: [DRAFT_TAG] };
    const checked = validCard(full, topic.topic) ? full : fallback(full, raw[line - 1]!.trim(), topic.topic);
    if (checked) {
      topic.cards.push(checked);
      lastCard = checked;
      lastCardLine = line;
    } else warn(line, 'no valid card could be drafted from this line');
    return checked ?? full;
  };

  kinds.forEach((k, i) => {
    const line = i + 1;
    const t = trimmed[i]!;
    const indented = /^[ \t\u00a0]/.test(raw[i]!);
    const termBefore = prevTerm;
    if (k.k !== 'blank' && k.k !== 'noise') prevTerm = undefined;
    switch (k.k) {
      case 'blank':
      case 'noise':
        return;
      case 'section':
        current = newTopic(k.title, line);
        subject = undefined;
        heading = undefined;
        lastCard = undefined;
        return;
      case 'subheading':
        subject = k.title;
        heading = k.title;
        lastCard = undefined;
        return;
      case 'term': {
        const topic = ensureTopic(line);
        if (isFormula(k.def)) {
          // `Mean: $\bar x = \frac{1}{n}\sum_i x_i$` is a formula to recall, labelled with its term
          const cloze = clozeOf(k.def);
          if (cloze) add(topic, k.term, line, { type: 'cloze', text: `${clozeSafe(k.term)}: ${cloze}` });
          else add(topic, k.term, line, { type: 'basic', front: `What is the formula for ${termPhrase(k.term).phrase}?`, back: k.def });
        } else add(topic, k.term, line, { type: 'basic', front: whatIs(k.term), back: k.def });
        subject = k.term;
        prevTerm = k.term;
        return;
      }
      case 'pro':
      case 'con': {
        const topic = ensureTopic(line);
        const about = k.about ?? subject ?? topic.title;
        // `+ a. - b` on one line: a pro and a con
        const parts = k.k === 'pro' ? k.text.split(/(?<=[.;])\s+(?:-|–|−|⊖|\\ominus)\s+/) : [k.text];
        parts.forEach((p, j) => {
          const pro = k.k === 'pro' && j === 0;
          const key = `${pro ? '+' : '-'}${about.toLowerCase()}`;
          const group = topic.proCons.get(key);
          if (group) {
            // another advantage of the same subject: one card with a deletion per item (built below)
            group.items.push(p.trim());
            if (!group.card.sheet.includes(line)) group.card.sheet.push(line);
            return;
          }
          const card = add(topic, `${about} ${pro ? 'advantages' : 'drawbacks'}`, line, {
            type: 'basic',
            front: `What is ${pro ? 'an advantage' : 'a drawback'} of ${termPhrase(about).phrase}?`,
            back: p.trim(),
          });
          topic.proCons.set(key, { card, pro, about, items: [p.trim()] });
        });
        return;
      }
      case 'formula': {
        const topic = ensureTopic(line);
        const cloze = clozeOf(t);
        const about = termBefore ?? heading;
        const label = about ? `${about}: ` : '';
        // id from the term or heading it belongs to, else from its left-hand side: never from its line
        const base = about ? `${about} formula` : slugify(t.split(/=|\\leftarrow|\\gets/)[0]!, 4) || 'formula';
        if (cloze) add(topic, base, line, { type: 'cloze', text: `${clozeSafe(label)}${cloze}` });
        else add(topic, base, line, stateCard(about, line, t));
        return;
      }
      case 'dash':
      case 'text': {
        if (indented && lastCard && lastCardLine === line - 1) {
          // a continuation of the previous card's line
          if (lastCard.type === 'basic') lastCard.back = `${lastCard.back}\n${t}`;
          else lastCard.back = lastCard.back ? `${lastCard.back}\n${t}` : t;
          lastCard.sheet.push(line);
          lastCardLine = line;
          return;
        }
        ensureTopic(line);
        // the line names what the +/- lines under it are about, even though it gets no card itself
        subject = nameOf(t) ?? subject;
        skipped.push(line);
        warn(line, `no card drafted (not a Term: definition, formula or +/- line): "${truncate(t, 60)}"`);
        return;
      }
    }
  });

  for (const topic of topics) for (const group of topic.proCons.values()) if (group.items.length > 1) listCard(group, topic.topic);

  const decks: DraftDeck[] = [];
  for (const topic of topics) {
    if (topic.cards.length === 0) {
      warn(topic.line, `section "${topic.title}" has no line to draft a card from: no deck written for "${topic.topic}"`);
      continue;
    }
    const yaml = deckYaml(topic, sheetName);
    const fileName = `${topic.topic}.yaml`;
    const check = parseDeck(yaml, fileName);
    if (!check.ok) {
      // validCard() checks every card on its own, so this is a bug in the generator
      throw new Error(`internal error: generated ${fileName} does not parse:\n${check.errors.map((e) => `${e.line}:${e.col}: ${e.message}`).join('\n')}`);
    }
    decks.push({ topic: topic.topic, title: topic.title, fileName, yaml, cards: topic.cards.length, from: topic.line, to: topic.end });
  }
  if (decks.length === 0) {
    throw new LocatedError([{ file, line: 1, col: 1, message: 'nothing to draft: no Term: definition, formula or +/- line found' }]);
  }
  warnings.sort((a, b) => a.line - b.line);
  return { decks, warnings, noise, skipped };
}

function stateCard(subject: string | undefined, line: number, t: string): Omit<DraftCard, 'id' | 'tags' | 'sheet'> {
  return { type: 'basic', front: subject ? `What is the formula for ${termPhrase(subject).phrase}?` : `What formula does sheet line ${line} state?`, back: t };
}

/** Several advantages (or drawbacks) of one subject: a cloze with one deletion per item, else a list. */
function listCard(group: ProCon, topic: string): void {
  const { card, pro, about, items } = group;
  const label = `${pro ? 'Advantages' : 'Drawbacks'} of ${termPhrase(about).phrase}`;
  const deletions = items.map((it, i) => `{{c${i + 1}::${clozeSafe(it.replace(/[.;]+$/, '')).replace(/\}$/, '} ')}}}`);
  const cloze: DraftCard = { ...card, type: 'cloze', text: `${clozeSafe(label)}: ${deletions.join('; ')}.` };
  delete cloze.front;
  delete cloze.back;
  if (validCard(cloze, topic)) {
    Object.assign(card, { type: 'cloze', text: cloze.text });
    delete card.front;
    delete card.back;
  } else Object.assign(card, { front: `${label}?`, back: items.join('\n') });
}

/** Both the per-card check and the whole-file check go through parseDeck. */
function validCard(card: DraftCard, topic: string): boolean {
  const yaml = new Document({ topic, title: 'x', description: 'x', cards: [plain(card)] }).toString();
  return parseDeck(yaml, `${topic}.yaml`).ok;
}

function fallback(card: DraftCard, line: string, topic: string): DraftCard | undefined {
  const alt: DraftCard = { id: card.id, type: 'basic', front: card.front ?? `State sheet line ${card.sheet[0]}.`, back: card.back ?? line, sheet: card.sheet, tags: card.tags };
  if (card.type === 'cloze') Object.assign(alt, { front: `State sheet line ${card.sheet[0]}.`, back: line });
  return validCard(alt, topic) ? alt : undefined;
}

function plain(c: DraftCard): Record<string, unknown> {
  const out: Record<string, unknown> = { id: c.id, type: c.type };
  if (c.type === 'basic') Object.assign(out, { front: c.front, back: c.back });
  else Object.assign(out, { text: c.text }, c.back ? { back: c.back } : {});
  return { ...out, sheet: c.sheet, tags: c.tags };
}

function deckYaml(topic: Topic, sheetName: string): string {
  const base = sheetName.replace(/^.*[\\/]/, '');
  const doc = new Document({
    topic: topic.topic,
    title: topic.title,
    description: `Draft generated from ${base} — review every card before studying.`,
    // an own deck: not part of the course sheet, studied in its file order after the course
    source: base,
    cards: topic.cards.map(plain),
  });
  doc.commentBefore = ` Draft deck generated by \`deepcards decks generate\` from ${base} (sheet lines ${topic.line}-${topic.end}).\n Every card is tagged "draft": check it against the sheet and a textbook, then remove the tag.`;
  visit(doc, {
    Pair(_, pair) {
      const key = (pair.key as { value?: unknown } | null)?.value;
      if ((key === 'sheet' || key === 'tags') && isSeq(pair.value)) pair.value.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0, singleQuote: true, flowCollectionPadding: false });
}

function rangeText(lines: number[]): string {
  if (lines.length <= 4) return `lines ${lines.join(', ')}`;
  return `lines ${lines[0]}–${lines[lines.length - 1]}`;
}
