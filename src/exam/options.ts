// Parsing the exam's command-line values (pure): --topic, --mix, --count, --minutes, --seed, --format.
// Every problem is a UserError with exit code 2 (usage).
import { UserError } from '../errors.js';
import type { ExamFormat } from './describe.js';
import { QUESTION_KINDS, type Mix, type QuestionKind, type TopicWeight } from './types.js';

const TOPIC_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function positiveNumber(text: string, what: string): number {
  const t = text.trim();
  const n = /^\d+(\.\d+)?$|^\.\d+$/.test(t) ? Number(t) : NaN;
  if (!Number.isFinite(n)) throw new UserError(`${what}: "${text}" is not a number`, 2);
  return n;
}

/** `cnn=2,rnn=1` (weights) or `cnn,rnn` (equal weights). */
export function parseTopics(text: string): TopicWeight[] {
  const parts = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (!parts.length) throw new UserError('--topic: give topic names, e.g. cnn,rnn or cnn=2,rnn=1', 2);
  const seen = new Set<string>();
  return parts.map((p) => {
    const eq = p.indexOf('=');
    const topic = (eq < 0 ? p : p.slice(0, eq)).trim();
    if (!TOPIC_RE.test(topic)) throw new UserError(`--topic: "${topic}" is not a topic name`, 2);
    if (seen.has(topic)) throw new UserError(`--topic: ${topic} is given twice`, 2);
    seen.add(topic);
    const weight = eq < 0 ? 1 : positiveNumber(p.slice(eq + 1), `--topic ${topic}`);
    if (!(weight > 0)) throw new UserError(`--topic ${topic}: the weight must be greater than 0`, 2);
    return { topic, weight };
  });
}

/** `numeric=0.4,choice=0.3,recall=0.3`; kinds left out get 0; shares are normalized by assembly. */
export function parseMix(text: string): Mix {
  const mix: Mix = { numeric: 0, choice: 0, recall: 0 };
  const seen = new Set<string>();
  for (const p of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const eq = p.indexOf('=');
    const kind = (eq < 0 ? p : p.slice(0, eq)).trim();
    if (!QUESTION_KINDS.includes(kind as QuestionKind)) throw new UserError(`--mix: "${kind}" is not one of ${QUESTION_KINDS.join(', ')}`, 2);
    if (eq < 0) throw new UserError(`--mix: give a share for ${kind}, e.g. ${kind}=0.4`, 2);
    if (seen.has(kind)) throw new UserError(`--mix: ${kind} is given twice`, 2);
    seen.add(kind);
    mix[kind as QuestionKind] = positiveNumber(p.slice(eq + 1), `--mix ${kind}`);
  }
  if (!QUESTION_KINDS.some((k) => mix[k] > 0)) throw new UserError('--mix: at least one share must be greater than 0', 2);
  return mix;
}

export function parseIntOption(v: string | number | undefined, name: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const t = String(v).trim();
  const n = /^\d+$/.test(t) ? Number(t) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new UserError(`${name} must be an integer from ${min} to ${max}`, 2);
  return n;
}

export function parseMinutes(v: string | number | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = positiveNumber(String(v), '--minutes');
  if (!(n > 0) || n > 24 * 60) throw new UserError('--minutes must be greater than 0 and at most 1440', 2);
  return n;
}

export function parseFormat(v: string | undefined, output: string | undefined): ExamFormat {
  if (v !== undefined) {
    const f = v.trim().toLowerCase();
    if (f === 'md' || f === 'markdown') return 'md';
    if (f === 'html') return 'html';
    if (f === 'json') return 'json';
    throw new UserError(`--format must be md, html or json (not "${v}")`, 2);
  }
  if (output && /\.html?$/i.test(output)) return 'html';
  if (output && /\.json$/i.test(output)) return 'json';
  return 'md';
}

/** `exam.md` → `exam-key.md`; `out/exam` → `out/exam-key`. */
export function defaultKeyPath(output: string): string {
  const m = /^(.*?)(\.[^./\\]+)?$/.exec(output)!;
  return `${m[1]}-key${m[2] ?? ''}`;
}
