#!/usr/bin/env node
// The CLI is bundled into dist/ by `npm run build` (also run by `npm ci` / `npm install`).
import { existsSync } from 'node:fs';

if (!existsSync(new URL('../dist/main.js', import.meta.url))) {
  process.stderr.write('deepcards: not built yet; run `npm run build` (or `npm ci`) in the package directory\n');
  process.exit(1);
}
await import('../dist/main.js');
