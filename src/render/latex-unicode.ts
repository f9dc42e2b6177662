// LaTeX → readable Unicode for the terminal.
//
// Card text mixes prose with math in `$…$` (inline) and `$$…$$` (display). Math is tokenized and
// converted by a small recursive-descent parser (commands, `{…}` groups, `[…]` optional arguments,
// `^`/`_` scripts, environments) into plain Unicode: Greek letters and operators, Unicode super- and
// subscripts where every character has one, `a/b` fractions, `√x`, one-line `[a b; c d]` matrices.
// Pure, dependency-free, never throws. Inside math no backslash command survives: an unknown command
// degrades to its bare name (and is reported by `unknownCommands`, so deck tests can forbid it).
import { visible } from '../ui/sanitize.js';
import { splitMath } from './math-spans.js';

// ---------------------------------------------------------------------------------------------
// Public API

/**
 * Renders card text: math spans become Unicode, prose is kept as is except `\$` → `$`. This is the
 * way deck text reaches the terminal, so control characters leave it escaped (src/ui/sanitize.ts).
 */
export function renderLatex(text: string): string {
  return visible(splitMath(text)
    .map((span) => (span.kind === 'math' ? latexToUnicode(span.text) : span.text))
    .join(''));
}

/** Converts one math expression (without `$` delimiters) to readable Unicode. */
export function latexToUnicode(math: string): string {
  return convert(math, new Set());
}

/** Every `\word` still present in rendered text (unique, in order): must be empty for shown cards. */
export function leftoverCommands(rendered: string): string[] {
  return [...new Set(rendered.match(/\\[a-zA-Z]+/g) ?? [])];
}

/**
 * Commands (and environments, as `\begin{name}`) in the math of `text` that the converter does not
 * know and rendered by the bare-name fallback. `leftoverCommands` cannot see those, hence this check.
 */
export function unknownCommands(text: string): string[] {
  const unknown = new Set<string>();
  for (const span of splitMath(text)) if (span.kind === 'math') convert(span.text, unknown);
  return [...unknown];
}

// ---------------------------------------------------------------------------------------------
// Tokenizer

type Token =
  | { readonly kind: 'cmd'; readonly name: string }
  | { readonly kind: 'char'; readonly ch: string }
  | { readonly kind: 'open' | 'close' | 'sup' | 'sub' | 'amp' | 'space' };

const STARRABLE = new Set(['operatorname', 'tag', 'hspace', 'vspace']);
const SIMPLE_TOKENS: Readonly<Record<string, Token>> = {
  '{': { kind: 'open' },
  '}': { kind: 'close' },
  '^': { kind: 'sup' },
  '_': { kind: 'sub' },
  '&': { kind: 'amp' },
};

function tokenize(src: string): Token[] {
  const cps = Array.from(src);
  const toks: Token[] = [];
  let i = 0;
  while (i < cps.length) {
    const c = cps[i] ?? '';
    if (c === '\\') {
      i = readCommand(cps, i + 1, toks);
    } else if (/\s/.test(c)) {
      while (/\s/.test(cps[i] ?? '')) i++;
      toks.push({ kind: 'space' });
    } else {
      toks.push(SIMPLE_TOKENS[c] ?? { kind: 'char', ch: c });
      i++;
    }
  }
  return toks;
}

/** Reads the command after a backslash at `i`; a trailing lone backslash yields nothing. */
function readCommand(cps: string[], i: number, toks: Token[]): number {
  const first = cps[i];
  if (first === undefined) return i;
  if (!isAsciiLetter(first)) {
    toks.push({ kind: 'cmd', name: first });
    return i + 1;
  }
  let j = i;
  while (isAsciiLetter(cps[j] ?? '')) j++;
  let name = cps.slice(i, j).join('');
  if (cps[j] === '*' && STARRABLE.has(name)) {
    name += '*';
    j++;
  }
  toks.push({ kind: 'cmd', name });
  return j;
}

function isAsciiLetter(c: string): boolean {
  return /^[A-Za-z]$/.test(c);
}

function rawText(t: Token): string {
  switch (t.kind) {
    case 'cmd':
      return `\\${t.name}`;
    case 'char':
      return t.ch;
    case 'open':
      return '{';
    case 'close':
      return '}';
    case 'sup':
      return '^';
    case 'sub':
      return '_';
    case 'amp':
      return '&';
    case 'space':
      return ' ';
  }
}

// ---------------------------------------------------------------------------------------------
// Output builder: spacing rules live here so the parser only says what it emits.

/** A space that survives collapsing (`\quad`); becomes a plain space in `finalize`. */
const HARD = '\uE000';
const WORD_START = /^[\p{L}\p{N}∂∇√∞∫∮]/u;
const WORD_END = /[\p{L}\p{N}\p{M}′)\]]$/u;

class Out {
  // Pieces plus the last character: checking the end of one growing string would flatten it on
  // every append (quadratic on long cards).
  private readonly parts: string[] = [];
  private last = '';
  /** The last piece is an operator name or a fraction: keep a following word apart (`log x`). */
  private gap = false;
  /** Drop the next soft space: after an opening delimiter, and after ∂/∇ (`∂x`). */
  private swallow = false;

  value(): string {
    return this.parts.join('');
  }

  take(): string {
    const s = this.value();
    this.parts.length = 0;
    this.last = '';
    this.gap = this.swallow = false;
    return s;
  }

  text(t: string): void {
    if (t === '') return;
    if (this.gap && !this.endsWithSpace() && WORD_START.test(t)) this.push(' ');
    this.push(t);
    this.gap = this.swallow = false;
  }

  word(t: string): void {
    if (WORD_END.test(this.last)) this.push(' ');
    this.text(t);
    this.gap = true;
  }

  soft(): void {
    if (this.swallow || this.last === '' || this.endsWithSpace()) return;
    this.push(' ');
  }

  space(width: number): void {
    if (width === 1) this.soft();
    if (width > 1) {
      this.push(HARD.repeat(width));
      this.swallow = false;
    }
  }

  /** Scripts and primes attach to what precedes them, whatever spaces the source had. */
  script(t: string, unicode: boolean): void {
    this.trimEnd();
    this.push(t);
    if (!unicode) this.swallow = false;
  }

  open(t: string): void {
    this.text(t);
    this.swallow = true;
  }

  close(t: string): void {
    this.trimEnd();
    this.push(t);
    this.gap = this.swallow = false;
  }

  glue(t: string): void {
    this.text(t);
    this.swallow = true;
  }

  private push(t: string): void {
    if (t === '') return;
    this.parts.push(t);
    this.last = lastChar(t);
  }

  private endsWithSpace(): boolean {
    return this.last === ' ' || this.last === HARD;
  }

  /** Drops trailing soft spaces. */
  private trimEnd(): void {
    for (let piece = this.parts.pop(); piece !== undefined; piece = this.parts.pop()) {
      const kept = piece.replace(/ +$/, '');
      if (kept !== '') {
        this.parts.push(kept);
        break;
      }
    }
    this.last = lastChar(this.parts[this.parts.length - 1] ?? '');
  }
}

function lastChar(s: string): string {
  const tail = s.slice(-2);
  return tail.length === 2 && /^[\uD800-\uDBFF]/.test(tail) ? tail : s.slice(-1);
}

function trimSoft(s: string): string {
  return s.replace(/^ +| +$/g, '');
}

/** Collapses soft spaces, materializes hard ones, trims. */
function finalize(s: string): string {
  return s
    .replace(/[ \uE000]+/g, (run) => {
      const hard = run.split(HARD).length - 1;
      return hard > 0 ? ' '.repeat(hard) : ' ';
    })
    .trim();
}

// ---------------------------------------------------------------------------------------------
// Symbol tables

const GREEK: Readonly<Record<string, string>> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ϵ', varepsilon: 'ε', zeta: 'ζ', eta: 'η',
  theta: 'θ', vartheta: 'ϑ', iota: 'ι', kappa: 'κ', varkappa: 'ϰ', lambda: 'λ', mu: 'μ', nu: 'ν',
  xi: 'ξ', omicron: 'ο', pi: 'π', varpi: 'ϖ', rho: 'ρ', varrho: 'ϱ', sigma: 'σ', varsigma: 'ς',
  tau: 'τ', upsilon: 'υ', phi: 'ϕ', varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω', digamma: 'ϝ',
  Alpha: 'Α', Beta: 'Β', Gamma: 'Γ', Delta: 'Δ', Epsilon: 'Ε', Zeta: 'Ζ', Eta: 'Η', Theta: 'Θ',
  Iota: 'Ι', Kappa: 'Κ', Lambda: 'Λ', Mu: 'Μ', Nu: 'Ν', Xi: 'Ξ', Omicron: 'Ο', Pi: 'Π', Rho: 'Ρ',
  Sigma: 'Σ', Tau: 'Τ', Upsilon: 'Υ', Phi: 'Φ', Chi: 'Χ', Psi: 'Ψ', Omega: 'Ω',
  varGamma: 'Γ', varDelta: 'Δ', varTheta: 'Θ', varLambda: 'Λ', varXi: 'Ξ', varPi: 'Π',
  varSigma: 'Σ', varUpsilon: 'Υ', varPhi: 'Φ', varPsi: 'Ψ', varOmega: 'Ω',
};

const BIG_OPERATORS: Readonly<Record<string, string>> = {
  // Σ and Π (Greek capitals) rather than ∑/∏: same reading, better terminal-font coverage.
  sum: 'Σ', prod: 'Π', coprod: '∐', int: '∫', iint: '∬', iiint: '∭', oint: '∮',
  bigcup: '⋃', bigcap: '⋂', bigoplus: '⊕', bigotimes: '⊗', bigodot: '⊙', bigvee: '⋁',
  bigwedge: '⋀', bigsqcup: '⊔', biguplus: '⊎',
};

const RELATIONS: Readonly<Record<string, string>> = {
  le: '≤', leq: '≤', ge: '≥', geq: '≥', leqslant: '⩽', geqslant: '⩾', lt: '<', gt: '>',
  neq: '≠', ne: '≠', approx: '≈', approxeq: '≊', sim: '∼', simeq: '≃', cong: '≅', equiv: '≡',
  propto: '∝', in: '∈', notin: '∉', ni: '∋', owns: '∋', subset: '⊂', subseteq: '⊆',
  subsetneq: '⊊', supset: '⊃', supseteq: '⊇', supsetneq: '⊋', sqsubset: '⊏', sqsubseteq: '⊑',
  sqsupset: '⊐', sqsupseteq: '⊒', ll: '≪', gg: '≫', lll: '⋘', ggg: '⋙', prec: '≺', succ: '≻',
  preceq: '⪯', succeq: '⪰', asymp: '≍', doteq: '≐', models: '⊨', vdash: '⊢', dashv: '⊣',
  vDash: '⊨', perp: '⊥', parallel: '∥', nparallel: '∦', mid: '|', nmid: '∤', coloneqq: ':=',
  coloneq: ':=', eqqcolon: '=:', triangleq: '≜', defeq: '≝', lesssim: '≲', gtrsim: '≳',
  nleq: '≰', ngeq: '≱', nless: '≮', ngtr: '≯', nsim: '≁', ncong: '≇', nsubseteq: '⊈',
  nsupseteq: '⊉', bowtie: '⋈', forall: '∀', exists: '∃', nexists: '∄',
};

const ARROWS: Readonly<Record<string, string>> = {
  to: '→', rightarrow: '→', leftarrow: '←', gets: '←', Rightarrow: '⇒', Leftarrow: '⇐',
  Leftrightarrow: '⇔', leftrightarrow: '↔', iff: '⇔', implies: '⇒', impliedby: '⇐',
  mapsto: '↦', longmapsto: '⟼', uparrow: '↑', downarrow: '↓', updownarrow: '↕', Uparrow: '⇑',
  Downarrow: '⇓', Updownarrow: '⇕', longrightarrow: '⟶', longleftarrow: '⟵',
  longleftrightarrow: '⟷', Longrightarrow: '⟹', Longleftarrow: '⟸', Longleftrightarrow: '⟺',
  hookrightarrow: '↪', hookleftarrow: '↩', rightharpoonup: '⇀', rightharpoondown: '⇁',
  leftharpoonup: '↼', leftharpoondown: '↽', rightleftharpoons: '⇌', leftrightharpoons: '⇋',
  leadsto: '⇝', rightsquigarrow: '⇝', nearrow: '↗', searrow: '↘', swarrow: '↙', nwarrow: '↖',
  twoheadrightarrow: '↠', rightrightarrows: '⇉', leftleftarrows: '⇇', circlearrowleft: '↺',
  circlearrowright: '↻', nrightarrow: '↛', nleftarrow: '↚', nRightarrow: '⇏', nLeftrightarrow: '⇎',
};

const BINARY_OPERATORS: Readonly<Record<string, string>> = {
  cdot: '·', cdotp: '·', centerdot: '·', times: '×', div: '÷', pm: '±', mp: '∓', ast: '∗',
  star: '⋆', circ: '∘', bullet: '•', odot: '⊙', otimes: '⊗', oplus: '⊕', ominus: '⊖',
  oslash: '⊘', setminus: '∖', smallsetminus: '∖', cup: '∪', cap: '∩', sqcup: '⊔', sqcap: '⊓',
  uplus: '⊎', wedge: '∧', land: '∧', vee: '∨', lor: '∨', neg: '¬', lnot: '¬', diamond: '⋄',
  triangleleft: '◁', triangleright: '▷', lhd: '⊲', rhd: '⊳', unlhd: '⊴', unrhd: '⊵',
  dagger: '†', ddagger: '‡', dag: '†', ddag: '‡', amalg: '⨿', wr: '≀', bigtriangleup: '△',
  bigtriangledown: '▽', boxplus: '⊞', boxtimes: '⊠', boxminus: '⊟', boxdot: '⊡', ltimes: '⋉',
  rtimes: '⋊', intercal: '⊺', barwedge: '⊼', veebar: '⊻',
};

const MISC_SYMBOLS: Readonly<Record<string, string>> = {
  infty: '∞', partial: '∂', nabla: '∇', emptyset: '∅', varnothing: '∅', top: '⊤', bot: '⊥',
  ell: 'ℓ', hbar: 'ℏ', hslash: 'ℏ', Re: 'ℜ', Im: 'ℑ', aleph: 'ℵ', beth: 'ℶ', wp: '℘',
  angle: '∠', measuredangle: '∡', triangle: '△', vartriangle: '△', square: '□', Box: '□',
  blacksquare: '■', lozenge: '◊', bigstar: '★', checkmark: '✓', dots: '…', ldots: '…',
  cdots: '⋯', vdots: '⋮', ddots: '⋱', dotsc: '…', dotsb: '⋯', dotsm: '⋯', dotsi: '⋯',
  dotso: '…', mathellipsis: '…', prime: '′', degree: '°', therefore: '∴', because: '∵',
  sharp: '♯', flat: '♭', natural: '♮', clubsuit: '♣', diamondsuit: '♢', heartsuit: '♡',
  spadesuit: '♠', imath: 'ı', jmath: 'ȷ', complement: '∁', surd: '√', S: '§', P: '¶',
  copyright: '©', pounds: '£', euro: '€', colon: ':', And: '&',
  textbackslash: '∖', backslash: '∖', textasciitilde: '~', textunderscore: '_', textbar: '|',
  textendash: '–', textemdash: '—', textdegree: '°', ldquo: '“', rdquo: '”',
};

const DELIMITERS: Readonly<Record<string, string>> = {
  vert: '|', Vert: '‖', lvert: '|', rvert: '|', lVert: '‖', rVert: '‖', '|': '‖',
  langle: '⟨', rangle: '⟩', lfloor: '⌊', rfloor: '⌋', lceil: '⌈', rceil: '⌉',
  lbrace: '{', rbrace: '}', lbrack: '[', rbrack: ']', '{': '{', '}': '}',
  llbracket: '⟦', rrbracket: '⟧', lgroup: '⟮', rgroup: '⟯',
  ulcorner: '⌜', urcorner: '⌝', llcorner: '⌞', lrcorner: '⌟',
};

/** Escaped characters that print as themselves. */
const ESCAPED: Readonly<Record<string, string>> = { _: '_', '%': '%', '&': '&', '#': '#', $: '$' };

const SYMBOLS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    ...GREEK, ...BIG_OPERATORS, ...RELATIONS, ...ARROWS, ...BINARY_OPERATORS, ...MISC_SYMBOLS,
    ...DELIMITERS, ...ESCAPED,
  }),
);

// Delimiters that open or close a pair: spaces just inside them are dropped (`⟨x, y⟩`).
const OPENING = new Set(['langle', 'lfloor', 'lceil', 'lvert', 'lVert', 'lbrace', 'lbrack', '{', 'llbracket', 'lgroup']);
const CLOSING = new Set(['rangle', 'rfloor', 'rceil', 'rvert', 'rVert', 'rbrace', 'rbrack', '}', 'rrbracket', 'rgroup']);
const OPENING_CHARS = new Set(['(', '[']);
const CLOSING_CHARS = new Set([')', ']']);
/** `\left<` and `\right>` are angle brackets. */
const DELIMITER_CHARS: Readonly<Record<string, string>> = { '<': '⟨', '>': '⟩' };
/** ∂ and ∇ bind to what follows: `\partial x` → ∂x. */
const GLUED = new Set(['partial', 'nabla']);

/** Operator names printed as upright words. */
const FUNCTIONS = new Set([
  'log', 'ln', 'lg', 'exp', 'sin', 'cos', 'tan', 'cot', 'sec', 'csc', 'sinh', 'cosh', 'tanh',
  'coth', 'arcsin', 'arccos', 'arctan', 'max', 'min', 'argmax', 'argmin', 'det', 'dim', 'lim',
  'liminf', 'limsup', 'sup', 'inf', 'Pr', 'gcd', 'deg', 'hom', 'ker', 'tr', 'Tr', 'rank', 'diag',
  'sgn', 'sign', 'erf', 'Var', 'Cov', 'softmax',
]);

/** Spacing commands → width in spaces (0 = nothing; 1 merges with neighbouring spaces). */
const SPACES: ReadonlyMap<string, number> = new Map([
  [',', 1], [':', 1], [';', 1], ['>', 1], [' ', 1], ['!', 0], ['/', 0], ['-', 0],
  ['quad', 2], ['qquad', 4], ['enspace', 1], ['enskip', 1], ['thinspace', 1], ['medspace', 1],
  ['thickspace', 1], ['space', 1], ['nobreakspace', 1], ['hfill', 1], ['par', 1],
  ['negthinspace', 0], ['negmedspace', 0], ['negthickspace', 0],
]);

/** Commands with no visible output in a terminal (styles, sizes, bookkeeping). */
const IGNORED = new Set([
  'displaystyle', 'textstyle', 'scriptstyle', 'scriptscriptstyle', 'limits', 'nolimits',
  'displaylimits', 'nonumber', 'notag', 'hline', 'toprule', 'midrule', 'bottomrule', 'centering',
  'mathstrut', 'strut', 'relax', 'allowbreak', 'nobreak', 'protect', 'noindent', 'boldmath',
  'big', 'Big', 'bigg', 'Bigg', 'bigl', 'bigr', 'Bigl', 'Bigr', 'biggl', 'biggr', 'Biggl', 'Biggr',
  'bigm', 'Bigm', 'biggm', 'Biggm', 'rm', 'bf', 'it', 'sf', 'tt', 'cal', 'normalsize', 'small',
  'large', 'Large', 'LARGE', 'tiny', 'footnotesize', 'scriptsize', 'huge', 'Huge',
  // text accents (`\'e`): the letter follows and is printed plainly
  "'", '"', '`', '^', '~', '.', '=',
]);

type Style = 'bold' | 'bb' | 'cal' | 'frak';

const STYLED_FONTS: ReadonlyMap<string, Style> = new Map([
  ['mathbb', 'bb'], ['Bbb', 'bb'], ['mathcal', 'cal'], ['mathscr', 'cal'], ['mathfrak', 'frak'],
  ['mathbf', 'bold'], ['boldsymbol', 'bold'], ['bm', 'bold'], ['pmb', 'bold'], ['mathbfit', 'bold'],
]);

/** Font switches whose content is printed plainly: math-mode ones and text-mode ones. */
const PLAIN_MATH = new Set([
  'mathrm', 'mathit', 'mathsf', 'mathtt', 'mathnormal', 'mathsfit', 'mathord', 'mathbin',
  'mathrel', 'mathopen', 'mathclose', 'mathpunct', 'mathinner',
]);
const PLAIN_TEXT = new Set([
  'text', 'textrm', 'textbf', 'textit', 'textsf', 'texttt', 'textnormal', 'textup', 'textmd',
  'textsc', 'textsl', 'emph', 'mbox', 'hbox', 'fbox', 'url',
]);

interface Accent {
  mark: string;
  /** Line accents (bar, strike) extend over every character of a longer argument. */
  line: boolean;
}

const ACCENTS: ReadonlyMap<string, Accent> = new Map(
  Object.entries<readonly [string, boolean]>({
    hat: ['\u0302', false], widehat: ['\u0302', false], tilde: ['\u0303', false],
    widetilde: ['\u0303', false], bar: ['\u0304', true], overline: ['\u0305', true],
    underline: ['\u0332', true], vec: ['\u20d7', false], overrightarrow: ['\u20d7', false],
    overleftarrow: ['\u20d6', false], dot: ['\u0307', false], ddot: ['\u0308', false],
    dddot: ['\u20db', false], check: ['\u030c', false], breve: ['\u0306', false],
    acute: ['\u0301', false], grave: ['\u0300', false], mathring: ['\u030a', false],
    cancel: ['\u0336', true], bcancel: ['\u0336', true], xcancel: ['\u0336', true],
    sout: ['\u0336', true],
  }).map(([name, [mark, line]]) => [name, { mark, line }] as const),
);

/** `\not` applied to these has a precomposed glyph; anything else gets a combining slash. */
const NEGATED: Readonly<Record<string, string>> = {
  '=': '≠', in: '∉', ni: '∌', subset: '⊄', supset: '⊅', subseteq: '⊈', supseteq: '⊉',
  equiv: '≢', sim: '≁', simeq: '≄', approx: '≉', cong: '≇', le: '≰', leq: '≰', ge: '≱',
  geq: '≱', '<': '≮', '>': '≯', mid: '∤', parallel: '∦', exists: '∄', prec: '⊀', succ: '⊁',
};

/** `\x…arrow{label}`: [line before label, tip after] or, for left arrows, [tip, line]. */
const EXTENSIBLE_ARROWS: ReadonlyMap<string, readonly [string, string, string]> = new Map([
  ['xrightarrow', ['─', '→', '→']], ['xleftarrow', ['←', '─', '←']],
  ['xRightarrow', ['═', '⇒', '⇒']], ['xLeftarrow', ['⇐', '═', '⇐']],
  ['xleftrightarrow', ['←', '→', '↔']], ['xLeftrightarrow', ['⇐', '⇒', '⇔']],
  ['xmapsto', ['↦', '→', '↦']], ['xhookrightarrow', ['↪', '→', '↪']],
  ['xtwoheadrightarrow', ['─', '↠', '↠']], ['xlongequal', ['═', '═', '=']],
]);

const VULGAR_FRACTIONS: ReadonlyMap<string, string> = new Map([
  ['1/2', '½'], ['1/3', '⅓'], ['2/3', '⅔'], ['1/4', '¼'], ['3/4', '¾'], ['1/5', '⅕'],
  ['2/5', '⅖'], ['3/5', '⅗'], ['4/5', '⅘'], ['1/6', '⅙'], ['5/6', '⅚'], ['1/8', '⅛'],
  ['3/8', '⅜'], ['5/8', '⅝'], ['7/8', '⅞'],
]);

// Environments: delimiters around the one-line form (TeX's own, so `\left[\begin{matrix}` is not doubled).
const ENVIRONMENTS: ReadonlyMap<string, readonly [string, string]> = new Map([
  ['matrix', ['', '']], ['smallmatrix', ['', '']], ['pmatrix', ['(', ')']], ['bmatrix', ['[', ']']],
  ['Bmatrix', ['{', '}']], ['vmatrix', ['|', '|']], ['Vmatrix', ['‖', '‖']], ['cases', ['{', '}']],
  ['dcases', ['{', '}']], ['rcases', ['', '}']], ['array', ['', '']], ['subarray', ['', '']],
  ['aligned', ['', '']], ['alignedat', ['', '']], ['align', ['', '']], ['alignat', ['', '']],
  ['gather', ['', '']], ['gathered', ['', '']], ['split', ['', '']], ['equation', ['', '']],
  ['eqnarray', ['', '']], ['multline', ['', '']], ['flalign', ['', '']], ['tabular', ['', '']],
]);
/** Environments whose `\begin` takes a mandatory argument (column spec, column count). */
const ENVIRONMENT_ARGS = new Set(['array', 'subarray', 'alignat', 'alignedat', 'tabular']);
/** …and those that may take a `[t]`-style optional one right after the name. */
const ENVIRONMENT_OPTS = new Set(['array', 'aligned', 'alignedat', 'gathered', 'subarray']);
const ROW_BREAKS = new Set(['\\', 'cr', 'newline']);

// ---------------------------------------------------------------------------------------------
// Super- and subscripts

function charMap(from: string, to: string): [string, string][] {
  const a = Array.from(from);
  const b = Array.from(to);
  return a.map((c, i) => [c, b[i] ?? c]);
}

/** Maps to script characters; every script character maps to itself so nesting flattens. */
function scriptMap(pairs: [string, string][]): ReadonlyMap<string, string> {
  const map = new Map(pairs);
  for (const v of pairs.map(([, v]) => v)) map.set(v, v);
  return map;
}

const SUPERSCRIPTS = scriptMap([
  ...charMap('0123456789+-=()', '⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾'),
  ...charMap('abcdefghijklmnoprstuvwxyz', 'ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ'),
  ...charMap('ABDEGHIJKLMNOPRTUVW', 'ᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ'),
  ...charMap('αβγδεϵθιφϕχ', 'ᵅᵝᵞᵟᵋᵋᶿᶥᵠᶲᵡ'),
  // x^T, x^\top → xᵀ; x^* stays x*; 90^\circ → 90°
  ...charMap('⊤⊺′″*∗†∘−', 'ᵀᵀ′″**†°⁻'),
]);

const SUBSCRIPTS = scriptMap([
  ...charMap('0123456789+-=()', '₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎'),
  ...charMap('aehijklmnoprstuvx', 'ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ'),
  ...charMap('βγρφϕχ−', 'ᵦᵧᵨᵩᵩᵪ₋'),
]);

const SCRIPT_CHARS = new Set([...SUPERSCRIPTS.values(), ...SUBSCRIPTS.values()]);

interface Script {
  text: string;
  /** True when rendered with Unicode script characters, false for the `^(…)` fallback. */
  unicode: boolean;
}

/**
 * Unicode scripts when every character has one (`xᵢ₊₁`, `Wᵀ`, `x⁽ⁱ⁾`), else `_word`, `^(a+b)`.
 * Upright words (`\text{prior}`, `\max`) always take the fallback: `ℒ_prior` reads better than `ℒₚᵣᵢₒᵣ`.
 */
function toScript(raw: string, kind: 'sup' | 'sub', upright = false): Script {
  const s = finalize(raw);
  if (s === '') return { text: '', unicode: true };
  const map = kind === 'sup' ? SUPERSCRIPTS : SUBSCRIPTS;
  const mapped = Array.from(s.replace(/ /g, ''), (c) => map.get(c));
  if (!upright && mapped.every((c) => c !== undefined)) return { text: mapped.join(''), unicode: true };
  const body = compactScript(s);
  const bare = /^[\p{L}\p{N}\p{M}′]+$/u.test(body) || Array.from(body).length === 1 || isWrapped(body);
  return { text: (kind === 'sup' ? '^' : '_') + (bare ? body : `(${body})`), unicode: false };
}

/** Drops spaces next to operators and commas inside a fallback script: `_(x∈X)`, `_(i,j)`. */
function compactScript(s: string): string {
  const cps = Array.from(s);
  const tight = (c: string | undefined): boolean => c !== undefined && /[\p{Sm}\p{So},;:\-]/u.test(c);
  return cps.filter((c, i) => c !== ' ' || !(tight(cps[i - 1]) || tight(cps[i + 1]))).join('');
}

/** A bracket pair around the whole string: `(1:n)`, `|x|`. */
function isWrapped(s: string): boolean {
  const cps = Array.from(s);
  return cps.length > 1 && matchBracket(cps, 0) === cps.length;
}

// ---------------------------------------------------------------------------------------------
// Fractions, roots, accents, fonts

const PAIRS: Readonly<Record<string, string>> = {
  '(': ')', '[': ']', '{': '}', '⟨': '⟩', '⌊': '⌋', '⌈': '⌉', '|': '|', '‖': '‖',
};
const PREFIXES = new Set(['-', '∂', '∇', '√', '∛', '∜']);
const SYMBOL_ATOMS = new Set(['∞', '∅', '∂', '∇']);

function fraction(numRaw: string, denRaw: string): string {
  const num = differential(finalize(numRaw));
  const den = differential(finalize(denRaw));
  return VULGAR_FRACTIONS.get(`${num}/${den}`) ?? `${parenthesize(num)}/${parenthesize(den)}`;
}

/** `d f` → `df` (also δ, Δ) so that `\frac{d f}{d t}` reads df/dt, not (d f)/(d t). */
function differential(s: string): string {
  const m = /^([dδΔ]) (\S+)$/u.exec(s);
  return m !== null && isSimple(m[2] ?? '') ? `${m[1]}${m[2]}` : s;
}

function parenthesize(s: string): string {
  return isSimple(s) ? s : `(${s})`;
}

/**
 * One "simple token" that needs no parentheses next to `/` or after `√`: a number, a word or
 * letter with its decorations (x̂ᵢ′, 𝐱, p_θ), a bracketed group (‖x‖₂, (f(x))²), a call (P(x|y)),
 * optionally after ∂, ∇, √ or a leading minus. `2σ` or `a+b` are not.
 */
function isSimple(s: string): boolean {
  const cps = Array.from(s);
  let i = 0;
  while (PREFIXES.has(cps[i] ?? '')) i = skipDecorations(cps, i + 1);
  const core = skipCore(cps, i);
  if (core === i) return i === cps.length;
  i = core;
  for (let next = skipTail(cps, i); next !== i; next = skipTail(cps, i)) i = next;
  return i === cps.length;
}

function skipCore(cps: string[], i: number): number {
  const c = cps[i] ?? '';
  if (/[0-9]/.test(c)) {
    let j = i;
    while (/[0-9]/.test(cps[j] ?? '')) j++;
    if (cps[j] === '.' && /[0-9]/.test(cps[j + 1] ?? '')) j = skipDigits(cps, j + 1);
    return j;
  }
  if (/\p{L}/u.test(c) || SYMBOL_ATOMS.has(c)) {
    let j = i + 1;
    while (/[\p{L}\p{N}\p{M}]/u.test(cps[j] ?? '')) j++;
    return j;
  }
  return c in PAIRS ? matchBracket(cps, i) : i;
}

function skipDigits(cps: string[], i: number): number {
  while (/[0-9]/.test(cps[i] ?? '')) i++;
  return i;
}

/** Decorations, fallback scripts (`_data`, `^(1:n)`) and call arguments after a core. */
function skipTail(cps: string[], i: number): number {
  const c = cps[i] ?? '';
  if (isDecoration(c)) return i + 1;
  if (c === '(' || c === '[') return matchBracket(cps, i);
  if (c !== '_' && c !== '^') return i;
  if (cps[i + 1] === '(') return matchBracket(cps, i + 1);
  let j = i + 1;
  while (/[\p{L}\p{N}\p{M}]/u.test(cps[j] ?? '')) j++;
  return j === i + 1 ? i : j;
}

function skipDecorations(cps: string[], i: number): number {
  while (isDecoration(cps[i] ?? '')) i++;
  return i;
}

function isDecoration(c: string): boolean {
  return c !== '' && (/\p{M}/u.test(c) || SCRIPT_CHARS.has(c));
}

/** Index just after the bracket closing the one at `i`, or `i` when it never closes. */
function matchBracket(cps: string[], i: number): number {
  const open = cps[i] ?? '';
  const close = PAIRS[open];
  if (close === undefined) return i;
  for (let j = i + 1, depth = 1; j < cps.length; j++) {
    if (cps[j] === close && --depth === 0) return j + 1;
    if (cps[j] === open && open !== close) depth++;
  }
  return i;
}

function root(indexRaw: string | undefined, bodyRaw: string): string {
  const body = parenthesize(finalize(bodyRaw));
  const index = finalize(indexRaw ?? '');
  if (index === '' || index === '2') return `√${body}`;
  if (index === '3' || index === '4') return `${index === '3' ? '∛' : '∜'}${body}`;
  const sup = toScript(index, 'sup');
  return `${sup.unicode ? sup.text : `(${index})`}√${body}`;
}

function accent(raw: string, name: string, { mark, line }: Accent): string {
  const cps = Array.from(finalize(raw));
  if (cps.length === 0) return '';
  const base = skipMarks(cps, 1);
  if (cps.slice(base).every(isDecoration)) {
    return [...cps.slice(0, base), mark, ...cps.slice(base)].join('');
  }
  if (line) return cps.map((c) => (c === ' ' || /\p{M}/u.test(c) ? c : c + mark)).join('');
  return `${name}(${cps.join('')})`;
}

function skipMarks(cps: string[], i: number): number {
  while (/\p{M}/u.test(cps[i] ?? '')) i++;
  return i;
}

interface Alphabet {
  upper: number;
  lower: number;
  digit?: number;
  /** Letters that live in the Letterlike Symbols block instead of the math block. */
  holes: Readonly<Record<string, string>>;
}

const ALPHABETS: Readonly<Record<Style, Alphabet>> = {
  bold: { upper: 0x1d400, lower: 0x1d41a, digit: 0x1d7ce, holes: {} },
  bb: {
    upper: 0x1d538, lower: 0x1d552, digit: 0x1d7d8,
    holes: { C: 'ℂ', H: 'ℍ', N: 'ℕ', P: 'ℙ', Q: 'ℚ', R: 'ℝ', Z: 'ℤ' },
  },
  cal: {
    upper: 0x1d49c, lower: 0x1d4b6,
    holes: { B: 'ℬ', E: 'ℰ', F: 'ℱ', H: 'ℋ', I: 'ℐ', L: 'ℒ', M: 'ℳ', R: 'ℛ', e: 'ℯ', g: 'ℊ', o: 'ℴ' },
  },
  frak: { upper: 0x1d504, lower: 0x1d51e, holes: { C: 'ℭ', H: 'ℌ', I: 'ℑ', R: 'ℜ', Z: 'ℨ' } },
};

/** Bold Greek variants outside the contiguous α…ω run. */
const BOLD_GREEK_EXTRA: Readonly<Record<string, number>> = {
  '∇': 0x1d6c1, '∂': 0x1d6db, 'ϵ': 0x1d6dc, 'ϑ': 0x1d6dd, 'ϰ': 0x1d6de, 'ϕ': 0x1d6df,
  'ϱ': 0x1d6e0, 'ϖ': 0x1d6e1,
};

function styled(s: string, style: Style): string {
  return Array.from(s, (c) => styleChar(c, style)).join('');
}

function styleChar(c: string, style: Style): string {
  const abc = ALPHABETS[style];
  const hole = abc.holes[c];
  if (hole !== undefined) return hole;
  const code = c.codePointAt(0) ?? 0;
  if (c >= 'A' && c <= 'Z') return String.fromCodePoint(abc.upper + code - 0x41);
  if (c >= 'a' && c <= 'z') return String.fromCodePoint(abc.lower + code - 0x61);
  if (c >= '0' && c <= '9' && abc.digit !== undefined) return String.fromCodePoint(abc.digit + code - 0x30);
  return style === 'bold' ? boldGreek(c, code) : c;
}

function boldGreek(c: string, code: number): string {
  const extra = BOLD_GREEK_EXTRA[c];
  if (extra !== undefined) return String.fromCodePoint(extra);
  if (code >= 0x391 && code <= 0x3a9 && code !== 0x3a2) return String.fromCodePoint(0x1d6a8 + code - 0x391);
  if (code >= 0x3b1 && code <= 0x3c9) return String.fromCodePoint(0x1d6c2 + code - 0x3b1);
  return c;
}

// ---------------------------------------------------------------------------------------------
// Parser

/** What the current `seq` is nested in; decides which tokens end it. */
type Container = 'group' | 'left' | 'env' | 'opt' | 'dollar';

type Handler = (p: Parser, out: Out, name: string) => void;

function convert(math: string, unknown: Set<string>): string {
  try {
    return finalize(new Parser(tokenize(math), unknown).seq()).normalize('NFC');
  } catch {
    // Only reachable on pathological input (e.g. nesting deep enough to exhaust the stack).
    return finalize(math.replace(/\\([a-zA-Z]+)/g, '$1').replace(/[{}\\]/g, ''));
  }
}

class Parser {
  private pos = 0;
  private readonly stack: Container[] = [];
  /** Upright words emitted so far (`\text{…}`, `\log`): scripts containing one are not shrunk. */
  private words = 0;

  constructor(
    private readonly toks: readonly Token[],
    private readonly unknown: Set<string>,
  ) {}

  /** Parses until the token that ends the current container (not consumed) or the end. */
  seq(): string {
    const out = new Out();
    for (let t = this.peek(); t !== undefined && !this.endsContainer(t); t = this.peek()) {
      this.pos++;
      this.token(t, out);
    }
    return out.value();
  }

  /** A `{…}` group whose `{` was just consumed. */
  group(): string {
    const s = this.within('group', () => this.seq());
    this.eat('close');
    return trimSoft(s);
  }

  /** One argument: a group, a command with its own arguments, or a single character. */
  arg(): string {
    this.skipSpaces();
    const t = this.peek();
    if (t === undefined || this.endsContainer(t)) return '';
    if (t.kind === 'open') {
      this.pos++;
      return this.group();
    }
    if (t.kind !== 'char' && t.kind !== 'cmd') return '';
    this.pos++;
    const out = new Out();
    this.token(t, out);
    return trimSoft(out.value());
  }

  /** The argument of `^`/`_` (or `\underset`) as a script. */
  scriptArg(kind: 'sup' | 'sub'): Script {
    const before = this.words;
    const content = this.arg();
    return toScript(content, kind, this.words > before);
  }

  /** Emits an upright word and remembers it for `scriptArg`. */
  word(out: Out, s: string, operator: boolean): void {
    if (/\p{L}{2,}/u.test(s)) this.words++;
    if (operator) out.word(s);
    else out.text(s);
  }

  /** A text-mode argument (`\text{…}`): spaces are kept, `$…$` switches back to math. */
  textArg(): string {
    this.skipSpaces();
    if (this.peek()?.kind !== 'open') return this.arg();
    this.pos++;
    return this.within('group', () => this.textSeq());
  }

  /** The raw source of an argument (`\begin{bmatrix}`, `\color{red}`). */
  rawArg(): string {
    this.skipSpaces();
    const t = this.peek();
    if (t?.kind === 'char') {
      this.pos++;
      return t.ch;
    }
    if (t?.kind !== 'open') return '';
    this.pos++;
    let s = '';
    for (let depth = 1, u = this.peek(); u !== undefined; u = this.peek()) {
      this.pos++;
      if (u.kind === 'open') depth++;
      if (u.kind === 'close' && --depth === 0) break;
      s += rawText(u);
    }
    return s;
  }

  /** An optional `[…]` argument; `skip` allows spaces before it. */
  optArg(skip = true): string | undefined {
    const save = this.pos;
    if (skip) this.skipSpaces();
    if (!this.atChar('[')) {
      this.pos = save;
      return undefined;
    }
    this.pos++;
    const s = this.within('opt', () => this.seq());
    if (this.atChar(']')) this.pos++;
    return trimSoft(s);
  }

  /** A delimiter after `\left`, `\right`, `\middle`; `.` is the empty one. */
  delimiter(): string {
    this.skipSpaces();
    const t = this.peek();
    if (t?.kind === 'char') {
      this.pos++;
      return t.ch === '.' ? '' : (DELIMITER_CHARS[t.ch] ?? t.ch);
    }
    // Not a delimiter (`\left\frac`): leave the command to the sequence.
    const sym = t?.kind === 'cmd' ? SYMBOLS.get(t.name) : undefined;
    if (sym === undefined) return '';
    this.pos++;
    return sym;
  }

  leftRight(out: Out): void {
    const open = this.delimiter();
    const inner = this.within('left', () => this.seq());
    const close = this.eatCommand('right') ? this.delimiter() : '';
    out.text(open + trimSoft(inner) + close);
  }

  environment(out: Out): void {
    const name = this.rawArg().trim();
    const base = name.replace(/\*$/, '');
    if (!ENVIRONMENTS.has(base)) this.unknown.add(`\\begin{${name}}`);
    if (ENVIRONMENT_OPTS.has(base) || name.endsWith('*')) this.optArg(false);
    if (ENVIRONMENT_ARGS.has(base)) this.rawArg();
    const rows = this.within('env', () => this.rows());
    const [l, r] = ENVIRONMENTS.get(base) ?? ['', ''];
    // In cases the second column is a condition: `x, if x > 0` rather than a product-like `x if x > 0`.
    const cellSep = base.endsWith('cases') ? ', ' : ' ';
    out.text(l + rows.map((row) => row.join(cellSep)).join('; ') + r);
  }

  /** Rows of `&`-separated cells up to `\end{…}`; empty cells and rows are dropped. */
  rows(): string[][] {
    const rows: string[][] = [];
    let row: string[] = [];
    for (;;) {
      const cell = finalize(this.seq());
      if (cell !== '') row.push(cell);
      const t = this.peek();
      if (t?.kind === 'amp') {
        this.pos++;
        continue;
      }
      const rowEnd = t?.kind === 'cmd' && ROW_BREAKS.has(t.name);
      if (row.length > 0) rows.push(row);
      row = [];
      if (!rowEnd) break;
      this.pos++;
      this.optArg(false); // `\\[2pt]`
    }
    if (this.eatCommand('end')) this.rawArg();
    return rows;
  }

  /** Drops the label scripts of `\underbrace{x}_{label}` / `\overbrace{x}^{label}`. */
  dropScripts(): void {
    for (let n = 0; n < 2; n++) {
      const save = this.pos;
      this.skipSpaces();
      const t = this.peek();
      if (t?.kind !== 'sup' && t?.kind !== 'sub') {
        this.pos = save;
        return;
      }
      this.pos++;
      this.arg();
    }
  }

  /** `\kern-3mu`, `\hskip 1em`: skips the dimension; true when it was negative. */
  dimension(): boolean {
    this.skipSpaces();
    let s = '';
    while (this.atCharMatching(/[-+0-9.,]/)) s += this.nextChar();
    for (let n = 0; n < 2 && this.atCharMatching(/[a-z]/); n++) this.nextChar();
    return s.startsWith('-');
  }

  /** After `\arg`: `\arg\max` is one operator name. */
  eatArgOperator(): string {
    const t = this.peek();
    if (t?.kind === 'cmd' && (t.name === 'max' || t.name === 'min')) {
      this.pos++;
      return t.name;
    }
    return '';
  }

  /** Text after a `\not`, negated. */
  negated(): string {
    this.skipSpaces();
    const t = this.peek();
    const key = t?.kind === 'char' ? t.ch : t?.kind === 'cmd' ? t.name : '';
    const glyph = t?.kind === 'char' ? t.ch : SYMBOLS.get(key);
    if (glyph === undefined || key === '') return ''; // nothing negatable follows
    this.pos++;
    return NEGATED[key] ?? `${glyph}\u0338`;
  }

  private token(t: Token, out: Out): void {
    switch (t.kind) {
      case 'space':
      case 'amp': // a stray `&` outside an environment separates like a space
        out.soft();
        return;
      case 'open':
        out.text(this.group());
        return;
      case 'close': // stray `}`: nothing to close
        return;
      case 'sup':
      case 'sub': {
        const script = this.scriptArg(t.kind);
        out.script(script.text, script.unicode);
        return;
      }
      case 'char':
        this.char(t.ch, out);
        return;
      case 'cmd':
        this.command(t.name, out);
        return;
    }
  }

  private char(ch: string, out: Out): void {
    if (ch === "'") {
      let n = 1;
      while (this.atChar("'")) {
        this.pos++;
        n++;
      }
      out.script(n <= 3 ? '′″‴'.charAt(n - 1) : '′'.repeat(n), true);
    } else if (ch === '~') {
      out.soft();
    } else if (OPENING_CHARS.has(ch)) {
      out.open(ch);
    } else if (CLOSING_CHARS.has(ch)) {
      out.close(ch);
    } else if (ch !== '$') {
      out.text(ch);
    }
  }

  private command(name: string, out: Out): void {
    const sym = SYMBOLS.get(name);
    if (sym !== undefined) return this.symbol(name, sym, out);
    if (FUNCTIONS.has(name)) return this.word(out, name, true);
    const width = SPACES.get(name);
    if (width !== undefined) return out.space(width);
    if (IGNORED.has(name)) return;
    const handler = HANDLERS.get(name);
    if (handler !== undefined) return handler(this, out, name);
    const style = STYLED_FONTS.get(name);
    if (style !== undefined) return out.text(styled(this.arg(), style));
    if (PLAIN_MATH.has(name)) return this.word(out, this.arg(), false);
    if (PLAIN_TEXT.has(name)) return this.word(out, this.textArg(), false);
    const acc = ACCENTS.get(name);
    if (acc !== undefined) return out.text(accent(this.arg(), name, acc));
    // Unknown: never print the backslash; the bare name is the most readable guess.
    this.unknown.add(`\\${name}`);
    this.word(out, name, isAsciiLetter(name.charAt(0)));
  }

  private symbol(name: string, sym: string, out: Out): void {
    if (OPENING.has(name)) out.open(sym);
    else if (CLOSING.has(name)) out.close(sym);
    else if (GLUED.has(name)) out.glue(sym);
    else out.text(sym);
  }

  /** Text mode: characters print as written, commands work as in math. */
  private textSeq(): string {
    const out = new Out();
    for (let t = this.peek(); t !== undefined && t.kind !== 'close'; t = this.peek()) {
      this.pos++;
      if (t.kind === 'cmd') this.command(t.name, out);
      else if (t.kind === 'open') out.text(this.within('group', () => this.textSeq()));
      else if (t.kind === 'char' && t.ch === '$') out.text(this.inlineMath());
      else out.text(t.kind === 'space' || (t.kind === 'char' && t.ch === '~') ? ' ' : rawText(t));
    }
    this.eat('close');
    return out.value();
  }

  private inlineMath(): string {
    const s = this.within('dollar', () => this.seq());
    if (this.atChar('$')) this.pos++;
    return ` ${trimSoft(s)} `.replace(/^ | $/g, '');
  }

  private endsContainer(t: Token): boolean {
    const top = this.stack[this.stack.length - 1];
    switch (t.kind) {
      case 'close':
        return this.stack.includes('group');
      case 'amp':
        return top === 'env';
      case 'char':
        return (t.ch === ']' && top === 'opt') || (t.ch === '$' && top === 'dollar');
      case 'cmd':
        if (ROW_BREAKS.has(t.name) || t.name === 'end') return top === 'env';
        return t.name === 'right' && top === 'left';
      default:
        return false;
    }
  }

  private within<T>(container: Container, body: () => T): T {
    this.stack.push(container);
    try {
      return body();
    } finally {
      this.stack.pop();
    }
  }

  private peek(): Token | undefined {
    return this.toks[this.pos];
  }

  skipSpaces(): void {
    while (this.peek()?.kind === 'space') this.pos++;
  }

  private eat(kind: Token['kind']): void {
    if (this.peek()?.kind === kind) this.pos++;
  }

  private eatCommand(name: string): boolean {
    const t = this.peek();
    if (t?.kind !== 'cmd' || t.name !== name) return false;
    this.pos++;
    return true;
  }

  private atChar(ch: string): boolean {
    const t = this.peek();
    return t?.kind === 'char' && t.ch === ch;
  }

  private atCharMatching(re: RegExp): boolean {
    const t = this.peek();
    return t?.kind === 'char' && re.test(t.ch);
  }

  private nextChar(): string {
    const t = this.toks[this.pos++];
    return t?.kind === 'char' ? t.ch : '';
  }

  /** `\substack{a \\ b}` → `a, b`: stacked limits read as a list. */
  substack(): string {
    this.skipSpaces();
    if (this.peek()?.kind !== 'open') return this.arg();
    this.pos++;
    const rows = this.within('group', () => this.within('env', () => this.rows()));
    this.eat('close');
    return rows.map((row) => row.join(' ')).join(', ');
  }

  /** `a \over b` inside a group: what came before is the numerator. */
  over(out: Out, name: string): void {
    const num = out.take();
    const den = this.seq();
    out.word(name === 'choose' ? binomial(num, den) : fraction(num, den));
  }
}

function binomial(n: string, k: string): string {
  return `(${finalize(n)} choose ${finalize(k)})`;
}

// ---------------------------------------------------------------------------------------------
// Commands with arguments or structure

/** One handler under several names; the handler receives the name it was called by. */
function named(names: Iterable<string>, handler: Handler): [string, Handler][] {
  return [...names].map((name) => [name, handler]);
}

const HANDLERS: ReadonlyMap<string, Handler> = new Map<string, Handler>([
  ...named(['frac', 'dfrac', 'tfrac', 'cfrac'], (p, out, name) => {
    if (name === 'cfrac') p.optArg(); // alignment of the numerator
    const num = p.arg();
    out.word(fraction(num, p.arg()));
  }),
  ...named(['binom', 'dbinom', 'tbinom'], (p, out) => {
    const n = p.arg();
    out.text(binomial(n, p.arg()));
  }),
  ...named(['over', 'choose', 'atop', 'above'], (p, out, name) => p.over(out, name)),
  ['sqrt', (p, out) => {
    const index = p.optArg();
    out.text(root(index, p.arg()));
  }],
  ['left', (p, out) => p.leftRight(out)],
  ['right', (p, out) => out.close(p.delimiter())], // a `\right` without `\left`
  ['middle', (p, out) => out.text(p.delimiter())],
  ['begin', (p, out) => p.environment(out)],
  ['end', (p) => void p.rawArg()], // an `\end` without `\begin`
  ...named(ROW_BREAKS, (p, out) => {
    // a line break outside an environment: rows read as `a; b`, like matrix rows
    p.optArg(false);
    out.close(';');
    out.soft();
  }),
  ['not', (p, out) => out.text(p.negated())],
  ['arg', (p, out) => p.word(out, `arg${p.eatArgOperator()}`, true)],
  ...named(['operatorname', 'operatorname*', 'mathop'], (p, out) => p.word(out, finalize(p.arg()), true)),
  ...named(['underbrace', 'overbrace', 'underbracket', 'overbracket'], (p, out) => {
    const body = p.arg();
    p.dropScripts(); // the brace label is layout, not content
    out.text(body);
  }),
  ...named(['underset', 'overset', 'stackrel'], (p, out, name) => {
    const script = p.scriptArg(name === 'underset' ? 'sub' : 'sup');
    const base = finalize(p.arg());
    if (/^\p{L}{2,}$/u.test(base)) out.word(base);
    else out.text(base);
    out.script(script.text, script.unicode);
  }),
  ...named(EXTENSIBLE_ARROWS.keys(), (p, out, name) => {
    const [before, after, bare] = EXTENSIBLE_ARROWS.get(name) ?? ['', '→', '→'];
    const below = p.optArg() ?? '';
    const label = finalize(p.arg()) || finalize(below);
    out.text(label === '' ? bare : before + label + after);
  }),
  ['substack', (p, out) => out.text(p.substack())],
  ['boxed', (p, out) => out.text(`[${finalize(p.arg())}]`)],
  ['color', (p) => void p.rawArg()], // `\color{red}{x}` or `\color{red} x`: the content follows
  ['textcolor', (p, out) => {
    p.rawArg();
    out.text(p.arg());
  }],
  ...named(['colorbox', 'href'], (p, out) => {
    p.rawArg();
    out.text(p.textArg());
  }),
  ['fcolorbox', (p, out) => {
    p.rawArg();
    p.rawArg();
    out.text(p.textArg());
  }],
  ...named(['phantom', 'hphantom'], (p, out) => out.space(Math.max(1, Array.from(finalize(p.arg())).length))),
  ['vphantom', (p) => void p.arg()],
  ...named(['hspace', 'hspace*', 'mspace'], (p, out) => {
    if (!p.rawArg().trim().startsWith('-')) out.soft();
  }),
  ...named(['kern', 'mkern', 'hskip', 'mskip'], (p, out) => {
    if (!p.dimension()) out.soft();
  }),
  ...named(['vspace', 'vspace*', 'label'], (p) => void p.rawArg()),
  ...named(['tag', 'tag*'], (p, out, name) => {
    const tag = finalize(p.textArg());
    out.soft();
    out.text(name === 'tag' ? `(${tag})` : tag);
  }),
  ['pmod', (p, out) => {
    out.soft();
    out.text(`(mod ${finalize(p.arg())})`);
  }],
  ...named(['bmod', 'mod'], (_p, out) => {
    out.soft();
    out.word('mod');
    out.soft();
  }),
]);
