// A cheap fingerprint of a deck directory (names and bytes, no parsing), so that starting a command
// costs a few file reads, and the YAML parser loads only when the bundled decks actually changed.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export function decksFingerprint(dir: string): string {
  const h = createHash('sha1');
  for (const f of readdirSync(dir).filter((n) => /\.ya?ml$/i.test(n)).sort()) {
    h.update(f);
    h.update('\0');
    h.update(readFileSync(join(dir, f)));
    h.update('\0');
  }
  return h.digest('hex');
}
