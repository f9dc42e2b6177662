// Spawn the built CLI as a user would: a temporary collection, a fixed clock, answers piped in.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';

export const ROOT = resolve(__dirname, '../..');
export const BIN = join(ROOT, 'bin', 'deepcards.js');
export const E2E_DECKS = join(ROOT, 'tests', 'fixtures', 'e2e-decks');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'deepcards-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function baseEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', DEEPCARDS_NOW: '2026-03-02T09:00:00', TZ: 'UTC', ...extra };
  delete env['FORCE_COLOR'];
  return env;
}

export function run(args: string[], opts: { input?: string; env?: Record<string, string> } = {}): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { input: opts.input ?? '', env: baseEnv(opts.env), encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function spawnCli(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { env: baseEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
}

export function openDb(path: string): Database.Database {
  return new Database(path, { readonly: true });
}
