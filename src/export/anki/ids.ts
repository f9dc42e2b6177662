// Identity and checksums for the Anki export, pure and deterministic.
// - guid: genanki's scheme (base91 of the first 8 bytes of a SHA-256) over a stable key built from the
//   card id, never from content or time, so an edited card is an update on re-import.
// - stableId: 13-digit ids for decks and note types from their stable names.
// - sfld / csum: exactly as Anki computes them (rslib text.rs strip_html_preserving_media_filenames,
//   notes/mod.rs field_checksum); see /work/shared/anki-apkg.md §4.
import * as crypto from 'node:crypto';

type Algorithm = 'sha1' | 'sha256';
/**
 * One-shot digest in hex: crypto.hash (Node ≥ 20.12, several times faster for short inputs) or
 * createHash. Hex, not a Buffer: a Buffer per call made hashing 100,000 keys (an import's GUIDs)
 * two to five times slower, and the callers want a few leading bytes as numbers anyway.
 */
const digest: (alg: Algorithm, text: string) => string = typeof (crypto as { hash?: unknown }).hash === 'function'
  ? (alg, text) => (crypto as unknown as { hash(a: string, d: string, o: 'hex'): string }).hash(alg, text, 'hex')
  : (alg, text) => crypto.createHash(alg).update(text, 'utf8').digest('hex');

/** The big-endian unsigned number in bytes [from, to) of a hex digest (to − from ≤ 6). */
const bytesOf = (hex: string, from: number, to: number): number => parseInt(hex.slice(2 * from, 2 * to), 16);

/** Anki's and genanki's base91 alphabet (rslib notes/mod.rs, genanki util.py). */
export const BASE91 = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~';

export function base91(n: bigint): string {
  if (n <= 0n) return BASE91[0]!;
  let out = '';
  const base = BigInt(BASE91.length);
  while (n > 0n) {
    out = BASE91[Number(n % base)]! + out;
    n /= base;
  }
  return out;
}

/** base91 of the first 8 bytes of sha256(key): ~10 characters, like genanki's guid_for. */
export function guidFor(key: string): string {
  const d = digest('sha256', key);
  // base91 of the u64 (hi, lo) in plain numbers: every intermediate stays below 91 · 2^32 < 2^53
  let hi = bytesOf(d, 0, 4);
  let lo = bytesOf(d, 4, 8);
  let out = '';
  while (hi > 0 || lo > 0) {
    const carry = hi % 91;
    hi = Math.floor(hi / 91);
    const cur = carry * 0x1_0000_0000 + lo;
    lo = Math.floor(cur / 91);
    out = BASE91[cur % 91]! + out;
  }
  return out || BASE91[0]!;
}

const ID_BASE = 1_000_000_000_000; // 2001-09-09 in epoch ms
const ID_SPAN = 500_000_000_000; // up to 2017: always in the past, 13 digits

/**
 * A 13-digit id for a deck or note type, from a stable name. In the past as an epoch-ms time (Anki
 * rewrites ids more than a day in the future), and the same name always gives the same id.
 */
export function stableId(name: string): number {
  return ID_BASE + (bytesOf(digest('sha256', `deepcards:${name}`), 0, 6) % ID_SPAN);
}

// --- stripping, as rslib/src/text.rs --------------------------------------------------------

/** HTML_MEDIA_TAGS: a media tag becomes its file name padded with spaces. */
const MEDIA_TAG_RE = /<\b(?:img|audio|video|object|source)\b[^>]+\b(?:src|data)\b=(?:"([^"]+?)"[^>]*>|'([^']+?)'[^>]*>|([^ >]+?)(?: [^>]*>|>))/gi;
/** HTML: comments, style and script elements, then any tag (case-insensitive, dot matches newline). */
const HTML_RE = /(<!--[\s\S]*?-->)|(<style[\s\S]*?>[\s\S]*?<\/style>)|(<script[\s\S]*?>[\s\S]*?<\/script>)|(<[\s\S]*?>)/gi;

// HTML 4 named entities (what the htmlescape crate decodes).
const LATIN1 =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro ' +
  'para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil ' +
  'Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave ' +
  'Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml ' +
  'igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml';
const GREEK_UPPER = 'Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa Lambda Mu Nu Xi Omicron Pi Rho';
const GREEK_UPPER2 = 'Sigma Tau Upsilon Phi Chi Psi Omega';
const GREEK_LOWER = 'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigmaf sigma tau upsilon phi chi psi omega';
const OTHER: Record<string, number> = {
  quot: 34, amp: 38, lt: 60, gt: 62, OElig: 338, oelig: 339, Scaron: 352, scaron: 353, Yuml: 376, fnof: 402, circ: 710,
  tilde: 732, thetasym: 977, upsih: 978, piv: 982, ensp: 8194, emsp: 8195, thinsp: 8201, zwnj: 8204, zwj: 8205, lrm: 8206,
  rlm: 8207, ndash: 8211, mdash: 8212, lsquo: 8216, rsquo: 8217, sbquo: 8218, ldquo: 8220, rdquo: 8221, bdquo: 8222,
  dagger: 8224, Dagger: 8225, bull: 8226, hellip: 8230, permil: 8240, prime: 8242, Prime: 8243, lsaquo: 8249, rsaquo: 8250,
  oline: 8254, frasl: 8260, euro: 8364, image: 8465, weierp: 8472, real: 8476, trade: 8482, alefsym: 8501, larr: 8592,
  uarr: 8593, rarr: 8594, darr: 8595, harr: 8596, crarr: 8629, lArr: 8656, uArr: 8657, rArr: 8658, dArr: 8659, hArr: 8660,
  forall: 8704, part: 8706, exist: 8707, empty: 8709, nabla: 8711, isin: 8712, notin: 8713, ni: 8715, prod: 8719, sum: 8721,
  minus: 8722, lowast: 8727, radic: 8730, prop: 8733, infin: 8734, ang: 8736, and: 8743, or: 8744, cap: 8745, cup: 8746,
  int: 8747, there4: 8756, sim: 8764, cong: 8773, asymp: 8776, ne: 8800, equiv: 8801, le: 8804, ge: 8805, sub: 8834,
  sup: 8835, nsub: 8836, sube: 8838, supe: 8839, oplus: 8853, otimes: 8855, perp: 8869, sdot: 8901, lceil: 8968,
  rceil: 8969, lfloor: 8970, rfloor: 8971, lang: 9001, rang: 9002, loz: 9674, spades: 9824, clubs: 9827, hearts: 9829,
  diams: 9830,
};

export const HTML4_ENTITIES: ReadonlyMap<string, number> = (() => {
  const m = new Map<string, number>();
  LATIN1.split(' ').forEach((name, i) => m.set(name, 160 + i));
  GREEK_UPPER.split(' ').forEach((name, i) => m.set(name, 913 + i));
  GREEK_UPPER2.split(' ').forEach((name, i) => m.set(name, 931 + i));
  GREEK_LOWER.split(' ').forEach((name, i) => m.set(name, 945 + i));
  for (const [k, v] of Object.entries(OTHER)) m.set(k, v);
  return m;
})();

const ENTITY_RE = /&(?:#([0-9]+)|#[xX]([0-9a-fA-F]+)|([A-Za-z][A-Za-z0-9]*));/y;

/**
 * rslib `decode_entities`: HTML 4 entities decoded strictly (any malformed or unknown `&…` leaves the
 * whole text undecoded, as htmlescape's error path does), then NBSP → space.
 */
export function decodeEntities(html: string): string {
  if (!html.includes('&')) return html;
  let out = '';
  let last = 0;
  for (let i = html.indexOf('&'); i >= 0; i = html.indexOf('&', last)) {
    ENTITY_RE.lastIndex = i;
    const m = ENTITY_RE.exec(html);
    if (!m) return html;
    let cp: number | undefined;
    if (m[1] !== undefined) cp = Number.parseInt(m[1], 10);
    else if (m[2] !== undefined) cp = Number.parseInt(m[2], 16);
    else cp = HTML4_ENTITIES.get(m[3]!);
    if (cp === undefined || !(cp > 0 && cp <= 0x10ffff) || (cp >= 0xd800 && cp <= 0xdfff)) return html;
    out += html.slice(last, i) + String.fromCodePoint(cp);
    last = i + m[0].length;
  }
  return (out + html.slice(last)).replace(/\u00a0/g, ' ');
}

/** rslib `strip_html_preserving_media_filenames`: what `sfld` holds and `csum` hashes. No trimming. */
export function stripHtmlPreservingMediaFilenames(html: string): string {
  if (!html.includes('<') && !html.includes('&')) return html;
  const withNames = html.replace(MEDIA_TAG_RE, (_m, a?: string, b?: string, c?: string) => ` ${a ?? ''}${b ?? ''}${c ?? ''} `);
  return decodeEntities(withNames.replace(HTML_RE, ''));
}

/** rslib `field_checksum`: the first 4 bytes of SHA-1, big-endian (= int(sha1(s).hexdigest()[:8], 16)). */
export function fieldChecksum(text: string): number {
  return bytesOf(digest('sha1', text), 0, 4);
}

/** `csum` of a note: the checksum of its first field, HTML stripped. */
export function csum(firstFieldHtml: string): number {
  return fieldChecksum(stripHtmlPreservingMediaFilenames(firstFieldHtml));
}

/** `sfld` of a note: its sort field, HTML stripped. */
export function sfld(sortFieldHtml: string): string {
  return stripHtmlPreservingMediaFilenames(sortFieldHtml);
}
