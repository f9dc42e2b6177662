// KaTeX's stylesheet for a self-contained page: read from the installed katex package (the same
// version that typeset the math), every font reference replaced by the woff2 file as a data: URL, and
// only the font families the page's markup can use kept (all 20 fonts would add ~400 kB to each file).
// The same page gives the same bytes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

interface Assets {
  /** The stylesheet without its @font-face rules. */
  rules: string;
  /** Family → its @font-face rules with data: URLs. */
  faces: Map<string, string[]>;
  /** Family → the class lists (each a selector's classes) whose rules set that family. */
  users: Map<string, string[][]>;
}

let assets: Assets | undefined;

function load(): Assets {
  if (assets) return assets;
  const require = createRequire(import.meta.url);
  const cssPath = require.resolve('katex/dist/katex.min.css');
  const dir = dirname(cssPath);
  const css = readFileSync(cssPath, 'utf8');
  const faces = new Map<string, string[]>();
  const fontData = new Map<string, string>();
  const rules = css.replace(/@font-face\{[^}]*\}/g, (face) => {
    const family = /font-family:\s*([\w-]+)/.exec(face)?.[1];
    const woff2 = /url\(([^)]+\.woff2)\)/.exec(face)?.[1];
    if (!family || !woff2) return '';
    let data = fontData.get(woff2);
    if (data === undefined) {
      data = `data:font/woff2;base64,${readFileSync(join(dir, woff2)).toString('base64')}`;
      fontData.set(woff2, data);
    }
    // only the woff2 source: every browser that runs this page reads it
    const one = face.replace(/src:[^;}]*/, `src:url(${data}) format("woff2")`);
    faces.set(family, [...(faces.get(family) ?? []), one]);
    return '';
  });
  const users = new Map<string, string[][]>();
  for (const m of rules.matchAll(/([^{}]+)\{([^{}]*)\}/g)) {
    const family = /font-family:\s*([\w-]+)/.exec(m[2]!)?.[1];
    if (!family) continue;
    for (const sel of m[1]!.split(',')) {
      const classes = [...sel.matchAll(/\.([\w-]+)/g)].map((c) => c[1]!);
      users.set(family, [...(users.get(family) ?? []), classes]);
    }
  }
  assets = { rules, faces, users };
  return assets;
}

/** Class names used in `html`'s class attributes. */
function classesOf(html: string): Set<string> {
  const out = new Set<string>();
  for (const m of html.matchAll(/class="([^"]*)"/g)) for (const c of m[1]!.split(/\s+/)) if (c) out.add(c);
  return out;
}

/**
 * KaTeX's CSS for a page whose body is `html`, with the fonts it can need embedded: a family is kept
 * when every class of one of the selectors that set it occurs in the page; all weights and styles of
 * a kept family come with it. KaTeX_Main is always kept: it is the base font of `.katex` and the
 * page's text font too, so prose and formulas match and the page looks the same on every machine.
 */
export function katexCss(html: string): string {
  const { rules, faces, users } = load();
  const present = classesOf(html);
  const families = [...faces.keys()].filter((f) =>
    f === 'KaTeX_Main' || (users.get(f) ?? []).some((classes) => classes.length > 0 && classes.every((c) => present.has(c))));
  return `${families.flatMap((f) => faces.get(f)!).join('\n')}\n${rules}`;
}
