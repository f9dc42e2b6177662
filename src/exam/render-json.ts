// The exam with its answers as JSON, for other tools: the Exam object itself (src/exam/types.ts),
// plus the command that regenerates it. Pure: same exam, same bytes.
import { regenerateCommand } from './describe.js';
import type { Exam } from './types.js';

export function renderJsonExam(exam: Exam): string {
  const { format, version, seed, ...rest } = exam;
  return `${JSON.stringify({ format, version, seed, command: regenerateCommand(exam, 'json'), ...rest }, null, 2)}\n`;
}
