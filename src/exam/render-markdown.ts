// The exam and its answer key as Markdown (math, written or lifted from prose, as `$…$` for Markdown
// math renderers; see text.ts for what is escaped).
// Pure: same exam, same bytes.
import {
  answerHintText, answerTexOf, INSTRUCTIONS, KIND_LABEL, lineRanges, optionLetter, pointsLabel, regenerateCommand, summaryLine,
  toleranceText, weakNote, workedSteps,
} from './describe.js';
import { markdownCell, markdownLine, markdownText } from './text.js';
import type { Exam, Question } from './types.js';

function header(exam: Exam, title: string): string[] {
  const out = [`# ${title}`, '', summaryLine(exam), '', `Regenerate: \`${regenerateCommand(exam, 'md')}\``, ''];
  const weak = weakNote(exam);
  if (weak) out.push(`*${weak}*`, '');
  for (const n of exam.notes) out.push(`> Note: ${n}`, '');
  return out;
}

function topicTable(exam: Exam): string[] {
  const out = ['| Topic | Questions | Points |', '| --- | ---: | ---: |'];
  for (const t of exam.topics) if (t.count > 0) out.push(`| ${markdownCell(t.title)} | ${t.count} | ${t.points} |`);
  out.push(`| **Total** | **${exam.questions.length}** | **${exam.maxScore}** |`, '');
  return out;
}

function sections(exam: Exam, each: (q: Question) => string[]): string[] {
  const out: string[] = [];
  for (const t of exam.topics) {
    const qs = exam.questions.filter((q) => q.topic === t.topic);
    if (!qs.length) continue;
    out.push(`## ${markdownLine(t.title)}`, '');
    for (const q of qs) out.push(`### ${q.position}. ${KIND_LABEL[q.kind]} · ${pointsLabel(q.points)}`, '', ...each(q));
  }
  return out;
}

function questionBody(q: Question): string[] {
  switch (q.kind) {
    case 'numeric':
      return [
        ...(q.intro ? [markdownText(q.intro), ''] : []),
        markdownText(q.prompt),
        '',
        `*Answer: ${markdownLine(answerHintText(q))}.*`,
        '',
        'Answer: ______________________________',
        '',
      ];
    case 'choice':
      return [markdownText(q.prompt), '', ...q.options.map((o, i) => `- [ ] ${optionLetter(i)}. ${markdownLine(o)}`), ''];
    case 'recall':
      return [markdownText(q.prompt), '', 'Answer:', '', '&nbsp;', '', '&nbsp;', ''];
  }
}

export function renderMarkdownExam(exam: Exam): string {
  const lines = [
    ...header(exam, 'Practice exam'),
    ...topicTable(exam),
    ...INSTRUCTIONS.map((i) => `- ${i}`),
    '',
    'Name: ______________________  Date: ____________  Score: ______ / ' + exam.maxScore,
    '',
    ...sections(exam, questionBody),
  ];
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}

function keyBody(q: Question): string[] {
  const where = `*card ${q.cardId}${q.sheet.length ? ` · sheet ${lineRanges(q.sheet)}` : ''}${q.kind === 'numeric' ? ` · ${q.family} seed ${q.seed}` : ''}*`;
  const quoted = (text: string): string => markdownText(text).split('\n').map((l) => `> ${l}`).join('\n');
  switch (q.kind) {
    case 'numeric':
      return [
        quoted(q.prompt),
        '',
        `**Answer:** $${q.answerTex}$ — ${toleranceText(q)}`,
        '',
        'Worked solution:',
        '',
        ...workedSteps(q).map((s, i) => `${i + 1}. ${markdownLine(s)}`),
        '',
        ...(q.misconceptions.length
          ? ['Common wrong answers:', '', ...q.misconceptions.map((m) => `- $${answerTexOf(m.value, q.tolerance)}$ — ${markdownLine(m.message)}`), '']
          : []),
        where,
        '',
      ];
    case 'choice':
      return [
        quoted(q.prompt),
        '',
        `**Answer: ${optionLetter(q.answerIndex)}.** ${markdownLine(q.options[q.answerIndex]!)}`,
        '',
        ...(q.explanation ? [markdownText(q.explanation), ''] : []),
        where,
        '',
      ];
    case 'recall':
      return [
        quoted(q.prompt),
        '',
        `**Answer:** ${markdownText(q.answer)}`,
        '',
        ...(q.full ? [`In full: ${markdownText(q.full)}`, ''] : []),
        ...(q.extra ? [markdownText(q.extra), ''] : []),
        ...(q.fix ? [`*The sheet had* ${markdownLine(q.fix.had)} — ${markdownLine(q.fix.why)}`, ''] : []),
        where,
        '',
      ];
  }
}

export function renderMarkdownKey(exam: Exam): string {
  const lines = [...header(exam, 'Answer key'), ...sections(exam, keyBody)];
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}

/** The exam followed by its key (when the key is not written to its own file). */
export function renderMarkdownWithKey(exam: Exam): string {
  return `${renderMarkdownExam(exam)}\n---\n\n${renderMarkdownKey(exam)}`;
}
