// The `config` table (migration 004): settings as text, validated by src/config/keys.ts.
import type { Db } from './open.js';
import { findKey, settingsFrom, type Settings } from '../config/keys.js';
import { UserError } from '../errors.js';

export function readConfig(db: Db): Map<string, string> {
  const rows = db.prepare('SELECT key, value FROM config ORDER BY key').all() as { key: string; value: string }[];
  return new Map(rows.map((r) => [r.key, r.value]));
}

export function readSettings(db: Db): Settings {
  return settingsFrom(readConfig(db)).settings;
}

/** Validate and store a setting (its normalised text form). Exit 2 for an unknown key or a bad value. */
export function setConfig(db: Db, key: string, value: string): string {
  const k = findKey(key);
  if (!k) throw new UserError(`config: unknown setting "${key}" (see \`deepcards config list\`)`, 2);
  let parsed;
  try {
    parsed = k.parse(value);
  } catch (e) {
    throw new UserError(`config: ${key}: ${(e as Error).message}`, 2);
  }
  if (parsed === null) {
    unsetConfig(db, key);
    return 'none';
  }
  const text = Array.isArray(parsed) ? parsed.join(',') : String(parsed);
  db.prepare('INSERT INTO config (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, text);
  return text;
}

export function unsetConfig(db: Db, key: string): void {
  if (!findKey(key)) throw new UserError(`config: unknown setting "${key}" (see \`deepcards config list\`)`, 2);
  db.prepare('DELETE FROM config WHERE key = ?').run(key);
}
