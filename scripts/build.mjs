// Bundles the CLI with esbuild: one small entry chunk plus lazily loaded chunks per command, so
// `deepcards status` parses and loads only what it needs (no mathjs, no KaTeX, no prompts).
// better-sqlite3 stays external: it is a native addon loaded from node_modules.
import { build } from 'esbuild';
import { rmSync, mkdirSync, writeFileSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist', { recursive: true });
const result = await build({
  metafile: true,
  entryPoints: { main: 'src/main.ts' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  external: ['better-sqlite3'],
  sourcemap: 'linked',
  legalComments: 'none',
  banner: {
    // some bundled CommonJS packages call require(); give ESM chunks one
    js: "import { createRequire as __dcCreateRequire } from 'node:module'; const require = __dcCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});

// The module graph, for checking what each command loads (tests/cli/startup.test.ts).
writeFileSync('dist/meta.json', JSON.stringify(result.metafile));
