// Where things live: the package's own files (decks, migrations) and the user's collection.
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: both src/main.ts (tsx) and dist/main.js (built) sit one level below it. */
export function packageRoot(mainUrl: string): string {
  return dirname(dirname(fileURLToPath(mainUrl)));
}

export interface CollectionPath {
  path: string;
  /** True for the XDG default, whose directory we may create; an explicit path must exist. */
  isDefault: boolean;
}

/** --db, then DEEPCARDS_DB, then $XDG_DATA_HOME/deepcards/collection.db, then ~/.local/share/…. */
export function collectionPath(flag: string | undefined, env: NodeJS.ProcessEnv): CollectionPath {
  if (flag) return { path: resolve(flag), isDefault: false };
  if (env['DEEPCARDS_DB']) return { path: resolve(env['DEEPCARDS_DB']), isDefault: false };
  const data = env['XDG_DATA_HOME'] && env['XDG_DATA_HOME'].startsWith('/') ? env['XDG_DATA_HOME'] : join(env['HOME'] || homedir(), '.local', 'share');
  return { path: join(data, 'deepcards', 'collection.db'), isDefault: true };
}
