// `deepcards simulate --grades 5,4,3,0,5 [--json]`: SM-2 on a sequence of grades.
import { UserError } from '../errors.js';
import { efToNumber, formatInterval, isGrade, simulate, type Grade } from '../scheduler/sm2.js';
import type { CommandContext } from './context.js';

export function parseGrades(text: string): Grade[] {
  const parts = text.split(',').map((s) => s.trim());
  const grades: Grade[] = [];
  for (const p of parts) {
    const n = Number(p);
    if (p === '' || !isGrade(n)) throw new UserError(`--grades: "${p}" is not a grade (0-5); e.g. --grades 5,4,3,0,5`, 2);
    grades.push(n);
  }
  return grades;
}

export function runSimulate(opts: { grades: string; json?: boolean }, ctx: CommandContext): number {
  const grades = parseGrades(opts.grades);
  const states = simulate(grades);
  const rows = states.map((s, i) => ({ grade: grades[i]!, repetitions: s.repetitions, ef: efToNumber(s.ef), interval: s.interval }));
  if (opts.json) {
    ctx.out.write(`${JSON.stringify(rows)}\n`);
    return 0;
  }
  ctx.out.write('#   grade  reps  E-Factor  interval\n');
  rows.forEach((r, i) => {
    ctx.out.write(`${String(i + 1).padEnd(3)} ${String(r.grade).padStart(5)}  ${String(r.repetitions).padStart(4)}  ${r.ef.toFixed(2).padStart(8)}  ${String(r.interval).padStart(8)} (${formatInterval(r.interval)})\n`);
  });
  return 0;
}
