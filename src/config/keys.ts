// The settings a learner can keep in the collection (`deepcards config`), as Anki keeps deck options
// in its collection: backups and restores carry them. Pure: parsing and validation only; the store
// (src/store/config.ts) reads and writes the text values. A command-line flag overrides a setting
// for one run.

export type ConfigValue = number | string | string[] | null;

export interface ConfigKey {
  key: string;
  /** What the setting does, for `config list` and help. */
  description: string;
  /** The default as text (what `config get` prints when unset); null = unset ("none"). */
  defaultText: string | null;
  /** Parse the text form; throws a message (no key name: the caller adds it) when invalid. */
  parse(text: string): ConfigValue;
}

function int(min: number, max: number, opts: { none?: boolean } = {}): (t: string) => number | null {
  return (t) => {
    const s = t.trim();
    if (opts.none && (s === 'none' || s === '')) return null;
    if (!/^\d+$/.test(s)) throw new Error(`expected a whole number from ${min} to ${max}${opts.none ? ' or "none"' : ''}, got "${t}"`);
    const n = Number(s);
    if (n < min || n > max) throw new Error(`expected a whole number from ${min} to ${max}${opts.none ? ' or "none"' : ''}, got ${n}`);
    return n;
  };
}

function oneOf(values: readonly string[]): (t: string) => string {
  return (t) => {
    const s = t.trim();
    if (!values.includes(s)) throw new Error(`expected one of ${values.join(', ')}, got "${t}"`);
    return s;
  };
}

/** A comma-separated list of topic names (checked against the decks by the command, not here). */
function topicList(t: string): string[] | null {
  const parts = t.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (parts.length === 0) return null;
  for (const p of parts) if (!/^[a-z0-9][a-z0-9-]*$/.test(p)) throw new Error(`"${p}" is not a topic name (lower-case letters, digits, -)`);
  return [...new Set(parts)];
}

function isoDate(t: string): string | null {
  const s = t.trim();
  if (s === '' || s === 'none') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) throw new Error(`expected a date as YYYY-MM-DD, got "${t}"`);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (d.toISOString().slice(0, 10) !== s) throw new Error(`"${t}" is not a calendar date`);
  return s;
}

export const CONFIG_KEYS: readonly ConfigKey[] = [
  { key: 'new-per-day', description: 'new cards introduced per study day (the minimum when pacing toward an exam date)', defaultText: '20', parse: int(0, 9999) },
  { key: 'reviews-per-day', description: 'due reviews per study day ("none" = no limit)', defaultText: null, parse: int(0, 99999, { none: true }) },
  { key: 'topics', description: 'topics a session studies by default (comma-separated; unset = all)', defaultText: null, parse: topicList },
  { key: 'default-grade', description: 'the grade Space/Enter gives after the answer is shown', defaultText: '4', parse: int(3, 5) },
  { key: 'leech-threshold', description: 'lapses at which a card becomes a leech', defaultText: '8', parse: int(1, 99) },
  { key: 'leech-action', description: 'what happens to a leech: suspend it, or only tag it', defaultText: 'suspend', parse: oneOf(['suspend', 'tag']) },
  { key: 'rollover-hour', description: 'local hour at which a new study day starts', defaultText: '4', parse: int(0, 23) },
  { key: 'exam-date', description: 'the exam date (YYYY-MM-DD): new cards are paced to be introduced before it', defaultText: null, parse: isoDate },
  { key: 'exam-topics', description: 'topics of the exam (comma-separated; unset = all)', defaultText: null, parse: topicList },
  { key: 'exam-margin', description: 'days before the exam date by which every new card is introduced', defaultText: '7', parse: int(0, 365) },
  { key: 'new-cap', description: 'the most new cards a paced day may introduce', defaultText: '60', parse: int(1, 9999) },
  { key: 'daily-minutes', description: 'study budget per day; `plan` warns about days over it ("none" = no budget)', defaultText: null, parse: int(1, 1440, { none: true }) },
];

export function findKey(key: string): ConfigKey | undefined {
  return CONFIG_KEYS.find((k) => k.key === key);
}

/** The typed settings, defaults filled in. */
export interface Settings {
  newPerDay: number;
  reviewsPerDay: number | null;
  topics: string[] | null;
  defaultGrade: 3 | 4 | 5;
  leechThreshold: number;
  leechAction: 'suspend' | 'tag';
  rolloverHour: number;
  examDate: string | null;
  examTopics: string[] | null;
  examMargin: number;
  newCap: number;
  dailyMinutes: number | null;
}

/**
 * Typed settings from the stored text values. A stored value that no longer parses (written by a
 * newer deepcards, or edited by hand) falls back to the default and is reported in `invalid`.
 */
export function settingsFrom(stored: ReadonlyMap<string, string>): { settings: Settings; invalid: { key: string; message: string }[] } {
  const invalid: { key: string; message: string }[] = [];
  const get = (key: string): ConfigValue => {
    const k = findKey(key)!;
    const text = stored.get(key);
    if (text !== undefined) {
      try {
        return k.parse(text);
      } catch (e) {
        invalid.push({ key, message: (e as Error).message });
      }
    }
    return k.defaultText === null ? null : k.parse(k.defaultText);
  };
  const settings: Settings = {
    newPerDay: get('new-per-day') as number,
    reviewsPerDay: get('reviews-per-day') as number | null,
    topics: get('topics') as string[] | null,
    defaultGrade: get('default-grade') as 3 | 4 | 5,
    leechThreshold: get('leech-threshold') as number,
    leechAction: get('leech-action') as 'suspend' | 'tag',
    rolloverHour: get('rollover-hour') as number,
    examDate: get('exam-date') as string | null,
    examTopics: get('exam-topics') as string[] | null,
    examMargin: get('exam-margin') as number,
    newCap: get('new-cap') as number,
    dailyMinutes: get('daily-minutes') as number | null,
  };
  return { settings, invalid };
}
