// Which lines of the course sheet the decks cover. Pure (no fs, no process).
//
// The content-line rule (docs/coverage.md states it for users): a sheet line counts as content unless
//   (a) it is blank or whitespace only;
//   (b) it repeats, after trimming, an earlier line exactly (OCR noise such as the clipping line repeated
//       62 times at 409–531; only the first occurrence counts);
//   (c) it is a pure heading (see isHeading).
// ALL-CAPS headings of at least 8 letters (and Markdown `#`/`##` headings) split the sheet into sections.
import type { Deck } from '../decks/model.js';

export const CONTENT_RULE =
  'A sheet line is content unless it is (a) blank, (b) an exact repeat (after trimming) of an earlier line — ' +
  'only the first occurrence counts — or (c) a pure heading: a Markdown heading, an ALL-CAPS line, or a short ' +
  'title line that starts with a letter or digit, uses only letters, digits, spaces, parentheses and - / & \' ' +
  '(so no math, no sentence punctuation . , ; ! ?, no colon except one at the very end), has at most 4 words ' +
  'outside parentheses, no Greek letters and none of the sentence words is/are/was/were/be/been/has/have/had/' +
  'can/cannot/could/do/does/did/will/would/should/must/may/might/not/to/we/it.';

export type LineKind = 'blank' | 'repeat' | 'heading' | 'content';

export interface SheetLine {
  /** 1-based line number. */
  line: number;
  text: string;
  kind: LineKind;
  /** For a repeat: the line number of the first occurrence. */
  firstLine?: number;
}

/** The sheet's lines; `\r\n` and `\n` both end a line. Index i is line i + 1. */
export function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

const MD_HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
/** Letters, digits, spaces and - / & ' (and , for ALL-CAPS lists); no math, no sentence punctuation. */
const ALL_CAPS = /^[\p{Lu}\p{Nd}][\p{Lu}\p{Nd} &/'’,-]*$/u;
const TITLE = /^[\p{L}\p{Nd}][\p{L}\p{Nd} ()&/'’-]*$/u;
const GREEK = /\p{Script=Greek}/u;
const SENTENCE_WORDS = new Set([
  'is', 'are', 'was', 'were', 'be', 'been', 'has', 'have', 'had', 'can', 'cannot', 'could', 'do', 'does',
  'did', 'will', 'would', 'should', 'must', 'may', 'might', 'not', 'to', 'we', 'it',
]);
export const MAX_TITLE_WORDS = 4;
/** ALL-CAPS lines with fewer letters (LSTM, GRU) are sub-headings, not sections. */
export const MIN_SECTION_LETTERS = 8;

/** A Markdown heading's level and text, if the line is one. */
export function markdownHeading(line: string): { level: number; text: string } | undefined {
  const m = line.trim().match(MD_HEADING);
  return m && m[2] ? { level: m[1]!.length, text: m[2] } : undefined;
}

function letterCount(s: string): number {
  return (s.match(/\p{L}/gu) ?? []).length;
}

/** An ALL-CAPS line: only capitals, digits, spaces and & / ' , - with at least two capital letters. */
export function isAllCaps(line: string): boolean {
  const t = line.trim();
  return ALL_CAPS.test(t) && letterCount(t) >= 2;
}

/** A line that starts a section: ALL-CAPS with ≥ 8 letters, or a Markdown `#`/`##` heading. */
export function isSectionHeading(line: string): boolean {
  const md = markdownHeading(line);
  if (md) return md.level <= 2;
  return isAllCaps(line) && letterCount(line) >= MIN_SECTION_LETTERS;
}

/** A short title line such as `LSTM`, `Expectation Properties`, `Matrix/Vector Basics`, `Derivatives:`. */
export function isTitleLine(line: string): boolean {
  let t = line.trim();
  if (t.endsWith(':')) t = t.slice(0, -1).trimEnd();
  if (!TITLE.test(t) || GREEK.test(t)) return false;
  const outside = t.replace(/\([^()]*\)/g, ' ');
  if (/[()]/.test(outside)) return false; // unbalanced parentheses: a fragment, not a title
  const words = outside.split(/\s+/).filter((w) => /[\p{L}\p{Nd}]/u.test(w));
  if (words.length === 0 || words.length > MAX_TITLE_WORDS) return false;
  return !t.toLowerCase().split(/[\s()/&-]+/).some((w) => SENTENCE_WORDS.has(w));
}

/** A pure heading: Markdown heading, ALL-CAPS line, or short title line. */
export function isHeading(line: string): boolean {
  return markdownHeading(line) !== undefined || isAllCaps(line) || isTitleLine(line);
}

/** Every line of the sheet with its kind under the content-line rule. */
export function classifyLines(sheetText: string): SheetLine[] {
  const first = new Map<string, number>();
  return splitLines(sheetText).map((text, i) => {
    const line = i + 1;
    const t = text.trim();
    if (t === '') return { line, text, kind: 'blank' };
    const seen = first.get(t);
    if (seen !== undefined) return { line, text, kind: 'repeat', firstLine: seen };
    first.set(t, line);
    return { line, text, kind: isHeading(t) ? 'heading' : 'content' };
  });
}

export interface Section {
  /** The heading text (trimmed), or "(before the first heading)". */
  heading: string;
  /** First line (the heading's) and last line of the section. */
  start: number;
  end: number;
  /** The topic citing most lines inside the section, or null when no deck cites any. */
  topic: string | null;
}

export interface UncoveredLine {
  line: number;
  /** The line's text, trimmed and truncated. */
  text: string;
  /** The topic the line belongs to (null if no deck claims its section). */
  topic: string | null;
  status: 'excused' | 'no-card';
  /** The `uncovered:` reason, for excused lines. */
  reason?: string;
  /** The topic whose `uncovered:` entry excuses the line. */
  excusedBy?: string;
}

export interface TopicCoverage {
  /** Deck topic, or null for a section no deck claims. */
  topic: string | null;
  title: string;
  /** First and last content line the topic owns (0 when it owns none). */
  first: number;
  last: number;
  /** Headings of the sections whose content lines this topic owns. */
  sections: string[];
  content: number;
  covered: number;
  excused: number;
  noCard: number;
  /** covered / content × 100, rounded to one decimal (100 when the topic owns no content line). */
  percent: number;
}

export interface OutOfRangeCitation {
  topic: string;
  id: string;
  line: number;
}

export interface CoverageReport {
  rule: string;
  sheetLines: number;
  topics: TopicCoverage[];
  total: { content: number; covered: number; excused: number; noCard: number; percent: number };
  /** Content lines no card cites, in sheet order. */
  uncovered: UncoveredLine[];
  sections: Section[];
  /** Card citations beyond the end of the sheet (a deck/sheet mismatch). */
  outOfRange: OutOfRangeCitation[];
}

export const TEXT_WIDTH = 80;

/** Trimmed text cut to `max` characters with an ellipsis. */
export function truncate(text: string, max = TEXT_WIDTH): string {
  const t = text.trim().replace(/\s+/g, ' ');
  const chars = [...t];
  return chars.length <= max ? t : `${chars.slice(0, max - 1).join('')}…`;
}

export function percent(part: number, whole: number): number {
  return whole === 0 ? 100 : Math.round((part / whole) * 1000) / 10;
}

/** Split the classified lines into sections at section headings. */
export function sectionsOf(lines: readonly SheetLine[]): Omit<Section, 'topic'>[] {
  const out: Omit<Section, 'topic'>[] = [];
  for (const l of lines) {
    if ((l.kind === 'heading') && isSectionHeading(l.text)) {
      const prev = out[out.length - 1];
      if (prev) prev.end = l.line - 1;
      else if (l.line > 1) out.push({ heading: '(before the first heading)', start: 1, end: l.line - 1 });
      const md = markdownHeading(l.text);
      out.push({ heading: md ? md.text : l.text.trim(), start: l.line, end: lines.length });
    }
  }
  if (out.length === 0 && lines.length) out.push({ heading: '(before the first heading)', start: 1, end: lines.length });
  return out;
}

export function computeCoverage(sheetText: string, allDecks: readonly Deck[]): CoverageReport {
  // an own deck (with `source:`) does not cite the course sheet
  const decks = allDecks.filter((d) => d.source === undefined);
  const lines = classifyLines(sheetText);
  const n = lines.length;
  const rawSections = sectionsOf(lines);
  const sectionOf = new Array<number>(n + 1).fill(0);
  rawSections.forEach((s, i) => {
    for (let l = s.start; l <= s.end; l++) sectionOf[l] = i;
  });

  // who cites what: line -> topics citing it (in deck order), topic -> distinct lines per section
  const citers = new Map<number, string[]>();
  const outOfRange: OutOfRangeCitation[] = [];
  const perSection = rawSections.map(() => new Map<string, number>());
  const titles = new Map<string, string>();
  for (const d of decks) {
    titles.set(d.topic, d.title);
    const mine = new Set<number>();
    for (const c of d.cards) {
      for (const l of c.sheet) {
        if (l < 1 || l > n) {
          outOfRange.push({ topic: d.topic, id: c.id, line: l });
          continue;
        }
        mine.add(l);
      }
    }
    for (const l of mine) {
      const list = citers.get(l) ?? [];
      list.push(d.topic);
      citers.set(l, list);
      const counts = perSection[sectionOf[l]!]!;
      counts.set(d.topic, (counts.get(d.topic) ?? 0) + 1);
    }
  }
  const excuse = new Map<number, { topic: string; reason: string }>();
  for (const d of decks) {
    for (const u of d.uncovered) for (const l of u.lines) if (!excuse.has(l)) excuse.set(l, { topic: d.topic, reason: u.reason });
  }

  const sections: Section[] = rawSections.map((s, i) => {
    let best: string | null = null;
    let bestCount = 0;
    for (const [topic, count] of perSection[i]!) {
      if (count > bestCount || (count === bestCount && best !== null && topic < best)) {
        best = topic;
        bestCount = count;
      }
    }
    return { ...s, topic: best };
  });

  // owner of each content line: the section's topic if it cites the line, else the citing topic with the
  // most lines in the section; an uncited line goes with the nearest owned content line of its section.
  const content = lines.filter((l) => l.kind === 'content');
  const owner = new Map<number, string | null>();
  for (const l of content) {
    const sec = sectionOf[l.line]!;
    const cs = citers.get(l.line);
    if (!cs) continue;
    const sectionTopic = sections[sec]!.topic;
    if (sectionTopic !== null && cs.includes(sectionTopic)) owner.set(l.line, sectionTopic);
    else {
      const counts = perSection[sec]!;
      owner.set(l.line, [...cs].sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || (a < b ? -1 : 1))[0]!);
    }
  }
  for (const l of content) {
    if (owner.has(l.line)) continue;
    const sec = sectionOf[l.line]!;
    let best: { dist: number; topic: string | null } | undefined;
    for (const m of content) {
      if (sectionOf[m.line] !== sec || !citers.has(m.line)) continue;
      const dist = Math.abs(m.line - l.line);
      if (!best || dist < best.dist) best = { dist, topic: owner.get(m.line) ?? null };
    }
    owner.set(l.line, best ? best.topic : sections[sec]!.topic);
  }

  // per topic
  const byTopic = new Map<string, TopicCoverage>();
  const keyOf = (topic: string | null, sec: number): string => topic ?? `\0${sec}`;
  const order = (t: TopicCoverage): number => t.first || Infinity;
  for (const d of decks) {
    byTopic.set(d.topic, { topic: d.topic, title: d.title, first: 0, last: 0, sections: [], content: 0, covered: 0, excused: 0, noCard: 0, percent: 100 });
  }
  const uncovered: UncoveredLine[] = [];
  for (const l of content) {
    const topic = owner.get(l.line) ?? null;
    const sec = sectionOf[l.line]!;
    const key = keyOf(topic, sec);
    let t = byTopic.get(key);
    if (!t) {
      t = { topic, title: topic ? titles.get(topic) ?? topic : sections[sec]!.heading, first: 0, last: 0, sections: [], content: 0, covered: 0, excused: 0, noCard: 0, percent: 100 };
      byTopic.set(key, t);
    }
    t.content++;
    if (!t.first) t.first = l.line;
    t.last = l.line;
    const heading = sections[sec]!.heading;
    if (!t.sections.includes(heading)) t.sections.push(heading);
    if (citers.has(l.line)) t.covered++;
    else {
      const ex = excuse.get(l.line);
      if (ex) t.excused++;
      else t.noCard++;
      uncovered.push({
        line: l.line,
        text: truncate(l.text),
        topic,
        status: ex ? 'excused' : 'no-card',
        ...(ex ? { reason: ex.reason, excusedBy: ex.topic } : {}),
      });
    }
  }
  const topics = [...byTopic.values()].sort((a, b) => order(a) - order(b) || String(a.topic).localeCompare(String(b.topic)));
  for (const t of topics) t.percent = percent(t.covered, t.content);
  const total = { content: content.length, covered: 0, excused: 0, noCard: 0, percent: 100 };
  for (const t of topics) {
    total.covered += t.covered;
    total.excused += t.excused;
    total.noCard += t.noCard;
  }
  total.percent = percent(total.covered, total.content);
  return { rule: CONTENT_RULE, sheetLines: n, topics, total, uncovered, sections, outOfRange };
}
