import { describe, expect, it } from 'vitest';

import {
  latexToUnicode,
  leftoverCommands,
  renderLatex,
  unknownCommands,
} from '../../../src/render/latex-unicode.js';
import { SHEET_LINES } from './sheet-formulas.js';

// [LaTeX, expected terminal text], grouped by mapping class.
type Row = readonly [string, string];

const GREEK: Row[] = [
  [String.raw`\alpha\beta\gamma\delta\zeta\eta\theta\iota\kappa\lambda\mu\nu\xi\pi\rho\sigma\tau\upsilon\chi\psi\omega`, 'αβγδζηθικλμνξπρστυχψω'],
  [String.raw`\epsilon \varepsilon \phi \varphi \vartheta \varpi \varrho \varsigma \ell`, 'ϵ ε ϕ φ ϑ ϖ ϱ ς ℓ'],
  [String.raw`\Gamma\Delta\Theta\Lambda\Xi\Pi\Sigma\Upsilon\Phi\Psi\Omega`, 'ΓΔΘΛΞΠΣΥΦΨΩ'],
];

const OPERATORS_AND_RELATIONS: Row[] = [
  [String.raw`\sum \prod \int \oint \infty`, 'Σ Π ∫ ∮ ∞'],
  [String.raw`\partial f + \nabla g`, '∂f + ∇g'],
  [String.raw`a \le b \leq c \ge d \geq e \neq f \ne g`, 'a ≤ b ≤ c ≥ d ≥ e ≠ f ≠ g'],
  [String.raw`\approx \sim \simeq \equiv \propto`, '≈ ∼ ≃ ≡ ∝'],
  [String.raw`x \in A \notin B \subset C \subseteq D \supset E`, 'x ∈ A ∉ B ⊂ C ⊆ D ⊃ E'],
  [String.raw`\forall x \exists y: a \ll b \gg c`, '∀ x ∃ y: a ≪ b ≫ c'],
  [String.raw`\to \rightarrow \leftarrow \gets \Rightarrow \Leftarrow`, '→ → ← ← ⇒ ⇐'],
  [String.raw`\Leftrightarrow \iff \mapsto \uparrow \downarrow \longrightarrow`, '⇔ ⇔ ↦ ↑ ↓ ⟶'],
  [String.raw`a \cdot b \times c \odot d \otimes e \oplus f \circ g`, 'a · b × c ⊙ d ⊗ e ⊕ f ∘ g'],
  [String.raw`\pm \mp \div \ast \star \setminus`, '± ∓ ÷ ∗ ⋆ ∖'],
  [String.raw`A \cup B \cap C \wedge D \vee E \neg F \lnot G`, 'A ∪ B ∩ C ∧ D ∨ E ¬ F ¬ G'],
  [String.raw`\top \perp \emptyset \varnothing`, '⊤ ⊥ ∅ ∅'],
  [String.raw`a \triangleq b \coloneqq c := d`, 'a ≜ b := c := d'],
  [String.raw`\not= \not\in \not\subset`, '≠ ∉ ⊄'],
];

const DELIMITERS: Row[] = [
  [String.raw`\lfloor x \rfloor`, '⌊x⌋'],
  [String.raw`\lceil \frac{n}{2} \rceil`, '⌈n/2⌉'],
  [String.raw`\langle x, y \rangle`, '⟨x, y⟩'],
  [String.raw`\|x\|_2 \mid y \vert z \Vert`, '‖x‖₂ | y | z ‖'],
  [String.raw`\left( \frac{a}{b} \right)`, '(a/b)'],
  [String.raw`\left| \frac{\partial h}{\partial x} \right|`, '|∂h/∂x|'],
  [String.raw`\left. \frac{df}{dx} \right|_{x=0}`, 'df/dx|ₓ₌₀'],
  [String.raw`\left\langle a \right\rangle \left\lfloor \frac{W - k}{s} \right\rfloor + 1`, '⟨a⟩ ⌊(W - k)/s⌋ + 1'],
  [String.raw`\big( x \Big] \bigl\{ y \bigr\} \Bigg|`, '(x] {y} |'],
  [String.raw`\{1, 2\}`, '{1, 2}'],
];

const FONTS: Row[] = [
  [String.raw`\mathbb{E} \mathbb{R} \mathbb{N} \mathbb{Z} \mathbb{Q} \mathbb{C} \mathbb{P} \mathbb{1}`, '𝔼 ℝ ℕ ℤ ℚ ℂ ℙ 𝟙'],
  [String.raw`\mathcal{L} \mathcal{N} \mathcal{D} \mathcal{X} \mathcal{Z} \mathcal{H} \mathcal{O} \mathcal{F} \mathcal{G}`, 'ℒ 𝒩 𝒟 𝒳 𝒵 ℋ 𝒪 ℱ 𝒢'],
  [String.raw`\mathcal{S} \mathcal{A} \mathcal{B} \mathcal{C} \mathcal{E} \mathcal{I} \mathcal{J} \mathcal{K} \mathcal{M}`, '𝒮 𝒜 ℬ 𝒞 ℰ ℐ 𝒥 𝒦 ℳ'],
  [String.raw`\mathcal{P} \mathcal{Q} \mathcal{R} \mathcal{T} \mathcal{U} \mathcal{V} \mathcal{W} \mathcal{Y}`, '𝒫 𝒬 ℛ 𝒯 𝒰 𝒱 𝒲 𝒴'],
  [String.raw`\mathbf{x} \boldsymbol{\mu} \bm{W} \mathbf{0} \boldsymbol{\Sigma} \boldsymbol{\epsilon}`, '𝐱 𝛍 𝐖 𝟎 𝚺 𝛜'],
  [String.raw`\mathbf{x+1} \boldsymbol{\infty}`, '𝐱+𝟏 ∞'], // no bold form: the plain character
  [String.raw`\mathrm{d}x \mathit{xy} \mathsf{S} \mathtt{t}`, 'dx xy S t'],
  [String.raw`\text{if } x > 0 \textrm{a b} \textbf{bold} \textit{it}`, 'if x > 0 a b bold it'],
  [String.raw`\operatorname{rank}(A) \operatorname{tr} M`, 'rank(A) tr M'],
  [String.raw`\text{with } $x^2$ \text{ inside}`, 'with x² inside'],
];

const FRACTIONS_AND_ROOTS: Row[] = [
  [String.raw`\frac{1}{2} \frac{3}{4} \frac{2}{3} \frac{1}{n}`, '½ ¾ ⅔ 1/n'],
  [String.raw`\frac{a+b}{c} \dfrac{x}{y} \tfrac{x}{y+1}`, '(a+b)/c x/y x/(y+1)'],
  [String.raw`\frac{1}{2\sigma^2} \frac{-1}{x} \frac{P(x,y)}{P(y)}`, '1/(2σ²) -1/x P(x,y)/P(y)'],
  [String.raw`\frac{x - b}{\|x - b\|_2}`, '(x - b)/‖x - b‖₂'],
  [String.raw`\frac{d f}{d t} \frac{\partial^2 f}{\partial x^2}`, 'df/dt ∂²f/∂x²'],
  [String.raw`\frac{\partial \mathcal{L}}{\partial \theta_{t}}`, '∂ℒ/∂θₜ'],
  [String.raw`\frac12 \frac a b`, '½ a/b'],
  [String.raw`2\frac{1}{2} \frac{1}{N}\sum_i x_i`, '2 ½ 1/N Σᵢ xᵢ'],
  [String.raw`{a \over b} \binom{n}{k} {n \choose k}`, 'a/b (n choose k) (n choose k)'],
  [String.raw`\sqrt{x} \sqrt{x+1} \sqrt{\hat{v}_t} \sqrt{\langle x, x \rangle}`, '√x √(x+1) √v̂ₜ √⟨x, x⟩'],
  [String.raw`\sqrt[n]{x} \sqrt[3]{8} \sqrt[k+1]{y}`, 'ⁿ√x ∛8 ᵏ⁺¹√y'],
  [String.raw`\sqrt{\frac{1}{n}\sum_i x_i^2}`, '√(1/n Σᵢ xᵢ²)'],
  [String.raw`e^{-\frac{x^2}{2}}`, 'e^(-x²/2)'],
];

const SCRIPTS: Row[] = [
  [String.raw`x^2 x^{-1} x_i x_{ij}^{2}`, 'x² x⁻¹ xᵢ xᵢⱼ²'],
  [String.raw`W^T W^\top A^{\top} x^{(i)} \theta_{t+1}`, 'Wᵀ Wᵀ Aᵀ x⁽ⁱ⁾ θₜ₊₁'],
  [String.raw`x^{abc} e^{-kt} \beta_1^t`, 'xᵃᵇᶜ e⁻ᵏᵗ β₁ᵗ'],
  [String.raw`x_{\text{data}} \mathcal{L}_{\text{prior}} R_{\max} p^{\text{data}}`, 'x_data ℒ_prior R_max p^data'],
  [String.raw`D_{KL} \|M\|_F x_{<i}`, 'D_KL ‖M‖_F x_(<i)'],
  [String.raw`\sum_{x \in X} \sigma_{p,j}^2 Y^{(1:n)}`, 'Σ_(x∈X) σ_(p,j)² Y^(1:n)'],
  [String.raw`\int_{-\infty}^{\infty} (-1)^{|x|} e^{x_i}`, '∫_(-∞)^∞ (-1)^|x| e^xᵢ'],
  [String.raw`\mathbb{R}^{T \times D} \mathbb{E}_{z \sim q_\phi(z|x)}`, 'ℝ^(T×D) 𝔼_(z∼qᵩ(z|x))'],
  [String.raw`e^{x^2} a_{i_j} \hat{y}^{(i)}`, 'eˣ² aᵢⱼ ŷ⁽ⁱ⁾'], // nested scripts flatten
  [String.raw`f' f'' f''' g^{\prime} \gamma^{t'-t}`, 'f′ f″ f‴ g′ γᵗ′⁻ᵗ'],
  [String.raw`x^* \pi^*(s) 90^\circ x^\dagger`, 'x* π*(s) 90° x†'],
  [String.raw`x _i ^2`, 'xᵢ²'],
];

const ACCENTS: Row[] = [
  [String.raw`\hat{x} \tilde{x} \bar{x} \vec{x} \dot{x} \ddot{x}`, 'x̂ x̃ x̄ x⃗ ẋ ẍ'],
  [String.raw`\hat{\theta}_t \hat{\mathbf{y}} \widehat{y} \check{a}`, 'θ̂ₜ 𝐲̂ ŷ ǎ'],
  [String.raw`\overline{x+y} \underline{ab}`, 'x̅+̅y̅ a̲b̲'],
  [String.raw`\hat{xy} \vec{AB}`, 'hat(xy) vec(AB)'],
];

const FUNCTIONS: Row[] = [
  [String.raw`\log \ln \exp \sin \cos \tanh \max \min \arg \det \lim \sup \inf \Pr`, 'log ln exp sin cos tanh max min arg det lim sup inf Pr'],
  [String.raw`\argmax_i \arg\max_i \arg\min_\theta`, 'argmaxᵢ argmaxᵢ argmin_θ'],
  [String.raw`\log x \log(x) \log\pi_i x\log y \log\frac{a}{b}`, 'log x log(x) log πᵢ x log y log a/b'],
  [String.raw`\max_{a \in A} Q(s, a) \lim_{n \to \infty} a_n`, 'max_(a∈A) Q(s, a) lim_(n→∞) aₙ'],
  [String.raw`\sigma(x) 2\sigma(2x)`, 'σ(x) 2σ(2x)'],
];

const DOTS_AND_SPACING: Row[] = [
  [String.raw`x_1, \dots, x_n \ldots \cdots \vdots \ddots`, 'x₁, …, xₙ … ⋯ ⋮ ⋱'],
  [String.raw`a\,b\;c\:d\!e\ f~g`, 'a b c de f g'],
  [String.raw`a \quad b \qquad c`, 'a  b    c'],
  [String.raw`a \hspace{1em} b \vspace{2pt} c \kern1em d`, 'a b c d'],
  [String.raw`a\\b \\ c`, 'a; b; c'],
];

const STRUCTURES: Row[] = [
  [String.raw`\underbrace{a+b}_{n \text{ terms}} \overbrace{x}^{k}`, 'a+b x'],
  [String.raw`\underset{W}{\operatorname{argmax}} P(D|W)`, 'argmax_W P(D|W)'],
  [String.raw`\underset{\theta}{\min}\mathcal{L} \overset{\text{def}}{=} \stackrel{!}{=}`, 'min_θ ℒ =^def =^!'],
  [String.raw`z \xrightarrow{f_\theta} x \xrightarrow{} y \xleftarrow{g} w`, 'z ─f_θ→ x → y ←g─ w'],
  [String.raw`\mathop{\mathrm{lse}}_i x_i \sum\limits_{i=1}^n \prod\nolimits_j`, 'lseᵢ xᵢ Σᵢ₌₁ⁿ Πⱼ'],
  [String.raw`\displaystyle\frac{a}{b} \textstyle x`, 'a/b x'],
  [String.raw`\color{red}{x} \color{blue} y \textcolor{red}{z}`, 'x y z'],
  [String.raw`E = mc^2 \tag{1} \label{eq:1}`, 'E = mc² (1)'],
  [String.raw`\boxed{42} \pmod{p} a \bmod b`, '[42] (mod p) a mod b'],
  [String.raw`\sum_{\substack{i \le n \\ j \le m}} a_{ij}`, 'Σ_(i≤n,j≤m) aᵢⱼ'],
  [String.raw`{x} {{a}} \{ b \}`, 'x a {b}'],
];

const ENVIRONMENTS: Row[] = [
  [String.raw`\begin{bmatrix} a & b \\ c & d \end{bmatrix}`, '[a b; c d]'],
  [String.raw`\begin{pmatrix} 1 & 0 \\ 0 & 1 \\ \end{pmatrix}`, '(1 0; 0 1)'],
  [String.raw`\begin{vmatrix} a & b \\ c & d \end{vmatrix} \begin{Bmatrix} x \end{Bmatrix}`, '|a b; c d| {x}'],
  [String.raw`\left[\begin{matrix} a & b \end{matrix}\right]`, '[a b]'],
  [String.raw`|x| = \begin{cases} x & x \ge 0 \\ -x & \text{otherwise} \end{cases}`, '|x| = {x, x ≥ 0; -x, otherwise}'],
  [String.raw`\begin{aligned} a &= b + c \\ &= d \end{aligned}`, 'a = b + c; = d'],
  [String.raw`\begin{array}{cc} 1 & 2 \\[2pt] \hline 3 & 4 \end{array}`, '1 2; 3 4'],
  [String.raw`\begin{bmatrix} \frac{\partial v_1}{\partial x_1} & \dots \\ \vdots & \ddots \end{bmatrix}`, '[∂v₁/∂x₁ …; ⋮ ⋱]'],
];

const UNKNOWN: Row[] = [
  [String.raw`\foo{x} + \bar`, 'foo x +'], // never a backslash: the bare name
  [String.raw`\weird_i \left\frac{a}{b}`, 'weirdᵢ a/b'],
];

const TABLE: Record<string, Row[]> = {
  GREEK, OPERATORS_AND_RELATIONS, DELIMITERS, FONTS, FRACTIONS_AND_ROOTS, SCRIPTS, ACCENTS, FUNCTIONS,
  DOTS_AND_SPACING, STRUCTURES, ENVIRONMENTS, UNKNOWN,
};

describe('latexToUnicode mapping table', () => {
  for (const [name, rows] of Object.entries(TABLE)) {
    describe(name, () => {
      it.each(rows)('%s', (latex, expected) => {
        // Expectations are typed as they look (ŷ may be precomposed); the output is NFC.
        expect(latexToUnicode(latex)).toBe(expected.normalize('NFC'));
      });
    });
  }
});

describe('course sheet formulas', () => {
  it('covers at least 30 sheet lines', () => {
    expect(SHEET_LINES.length).toBeGreaterThanOrEqual(30);
  });

  it.each(SHEET_LINES)('line $line leaves no raw command and uses no fallback', ({ latex }) => {
    const rendered = renderLatex(latex);
    expect(leftoverCommands(rendered)).toEqual([]);
    expect(unknownCommands(latex)).toEqual([]);
    expect(rendered).not.toContain('\\');
  });

  it.each(SHEET_LINES.filter((s) => s.expected !== undefined))('line $line renders exactly', ({ latex, expected }) => {
    expect(renderLatex(latex)).toBe(expected);
  });
});

describe('malformed input never throws', () => {
  const MALFORMED: string[] = [
    '{', '}', '}{', '{{{x', 'x}}}', '\\', 'x\\', '\\frac', '\\frac{a}', '\\frac{a}{', '\\sqrt[', '\\sqrt[3',
    '^', '_', 'x^', 'x_{', '^^^', "'''", '\\left(', '\\right)', '\\left( x', '\\left', '\\right',
    '\\begin{bmatrix} a & b', '\\end{bmatrix}', '\\begin{', '\\begin{cases', '&&&', '\\\\\\\\',
    '\\text{unclosed', '\\text{$x', '\\operatorname', '\\underbrace{x}_', '\\not', '\\color{', '\\hat',
    '\\mathbb', '\\mathbb{', '\\xrightarrow[', '\\substack{a \\\\', '\\over', '{\\over}', '$', '$$', '$x',
    '\\kern', '\\tag', '\\arg', '\\left\\', '\\sqrt[\\left(]{x}', `${'{'.repeat(5000)}x`, '\u0000\uE000',
  ];

  it.each(MALFORMED)('%j', (src) => {
    expect(() => latexToUnicode(src)).not.toThrow();
    expect(() => renderLatex(`a $${src}$ b`)).not.toThrow();
    expect(latexToUnicode(src)).not.toContain('\\');
  });

  it('gives a best-effort rendering', () => {
    expect(latexToUnicode('\\frac{a+b}{c')).toBe('(a+b)/c');
    expect(latexToUnicode('x^{2')).toBe('x²');
    expect(latexToUnicode('\\left( \\frac{a}{b}')).toBe('(a/b');
    expect(latexToUnicode('a } b')).toBe('a b');
    expect(latexToUnicode('\\alpha\\')).toBe('α');
    expect(latexToUnicode('\\begin{bmatrix} a & b')).toBe('[a b]');
  });

  it('survives random token soup without printing a backslash', () => {
    const atoms = ['\\frac', '\\sqrt', '[', ']', '{', '}', '^', '_', '&', '\\\\', '\\left', '\\right', '(', ')',
      '\\begin{bmatrix}', '\\end{bmatrix}', '\\text{', 'x', '1', ' ', "'", '\\alpha', '\\', '$', '\\over',
      '\\underbrace', '\\not', '\\hat', '\\mathbb', '\\operatorname', '\\unknownmacro', '~', '\\,'];
    let seed = 42;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed;
    };
    for (let n = 0; n < 3000; n++) {
      let src = '';
      for (let k = next() % 30; k > 0; k--) src += atoms[next() % atoms.length] ?? '';
      expect(latexToUnicode(src), src).not.toContain('\\');
    }
  });
});

describe('renderLatex and $ handling', () => {
  it('keeps text without math unchanged', () => {
    const text = 'Plain prose: 50% of {braces}, a_b and x^2 stay as typed.';
    expect(renderLatex(text)).toBe(text);
  });

  it('renders inline math in place', () => {
    expect(renderLatex('The loss $\\mathcal{L}(\\theta)$ falls as $t \\to \\infty$.')).toBe('The loss ℒ(θ) falls as t → ∞.');
  });

  it('renders display math in place', () => {
    expect(renderLatex('Norm: $$\\|x\\|_2 = \\sqrt{x^\\top x}$$ done')).toBe('Norm: ‖x‖₂ = √(xᵀ x) done');
  });

  it('treats \\$ as a literal dollar, outside and inside math', () => {
    expect(renderLatex('costs \\$5 and \\$10')).toBe('costs $5 and $10');
    expect(renderLatex('$\\$x$ is $x$ dollars')).toBe('$x is x dollars');
  });

  it('leaves a lone or unclosed $ literal', () => {
    expect(renderLatex('price: 5$')).toBe('price: 5$');
    expect(renderLatex('open $x and more')).toBe('open $x and more');
    expect(renderLatex('display $$x never closed')).toBe('display $$x never closed');
  });

  it('splits adjacent inline spans', () => {
    expect(renderLatex('$a$$b$')).toBe('ab');
    expect(renderLatex('$\\alpha$, $\\beta$')).toBe('α, β');
  });

  it('accepts $$$…$$$ (as on sheet line 403) as display math', () => {
    expect(renderLatex('$$$\\tilde{h}_{t+1}$$$')).toBe('h̃ₜ₊₁');
  });

  it('keeps prose, including cloze markup and backslashes outside math, untouched', () => {
    expect(renderLatex('{{c1::$\\sigma$}} is \\emph')).toBe('{{c1::σ}} is \\emph');
  });

  it('keeps math across lines', () => {
    expect(renderLatex('$a +\n b$')).toBe('a + b');
  });
});

describe('leftoverCommands and unknownCommands', () => {
  it('lists raw commands left in rendered text, once each', () => {
    expect(leftoverCommands('a \\alpha b \\beta \\alpha \\$ c')).toEqual(['\\alpha', '\\beta']);
    expect(leftoverCommands(renderLatex('$\\alpha + \\beta$'))).toEqual([]);
  });

  it('reports commands of math spans that fall back to their bare name', () => {
    expect(unknownCommands('$\\foo{x} + \\alpha$ and \\bar outside')).toEqual(['\\foo']);
    expect(unknownCommands('$\\begin{weird} x \\end{weird}$')).toEqual(['\\begin{weird}']);
    expect(unknownCommands('$\\frac{a}{b} \\mathbb{E}$')).toEqual([]);
  });
});
