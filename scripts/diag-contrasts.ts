import { FAMILIES } from '../src/questions/families/index.js';
import { createRng } from '../src/questions/rng.js';
import { coincidingContrasts } from '../src/questions/registry.js';
const only = process.argv[2];
for (const f of FAMILIES) {
  if (only && f.id !== only) continue;
  for (const level of [1, 2, 3] as const) {
    const counts = new Map<string, number>();
    let bad = 0;
    const N = 300;
    for (let seed = 0; seed < N; seed++) {
      const p = f.generate(createRng(seed), level);
      const s = f.solve(p);
      const c = coincidingContrasts(s);
      if (c.length) bad++;
      for (const m of c) counts.set(m.id, (counts.get(m.id) ?? 0) + 1);
    }
    console.log(f.id, level, `${bad}/${N}`, JSON.stringify([...counts]));
  }
}
