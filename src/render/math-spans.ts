// Splitting card text into prose and math: `$…$` inline, `$$…$$` display. One rule for every
// renderer (terminal, HTML exams, Anki fields): `\$` is a literal dollar, other backslash escapes stay
// prose and never hide a following `$`, and a `$` that closes nothing stays literal.

export type Span = { kind: 'prose'; text: string } | { kind: 'math'; text: string; display: boolean };

function dollarRun(text: string, i: number): number {
  let n = 0;
  while (text[i + n] === '$') n++;
  return n;
}

function findMath(text: string, start: number): { body: string; end: number; display: boolean } | undefined {
  const open = dollarRun(text, start);
  const display = open >= 2;
  for (let j = start + open; j < text.length; j++) {
    if (text[j] === '\\') {
      j++;
      continue;
    }
    if (text[j] !== '$') continue;
    const close = dollarRun(text, j);
    if (display && close < 2) continue;
    return { body: text.slice(start + open, j), end: j + (display ? Math.min(close, open) : 1), display };
  }
  return undefined;
}

export function splitMath(text: string): Span[] {
  const spans: Span[] = [];
  let prose = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') {
      prose += text[i + 1] === '$' ? '$' : text.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c !== '$') {
      prose += c;
      i++;
      continue;
    }
    const math = findMath(text, i);
    if (math === undefined) {
      const run = dollarRun(text, i);
      prose += '$'.repeat(run);
      i += run;
      continue;
    }
    if (prose) spans.push({ kind: 'prose', text: prose });
    prose = '';
    spans.push({ kind: 'math', text: math.body, display: math.display });
    i = math.end;
  }
  if (prose) spans.push({ kind: 'prose', text: prose });
  return spans;
}
