// Output size of max pooling, PyTorch MaxPool2d convention (sheet lines 312, 341):
//   H_out = ⌊(H_in + 2p − d(k−1) − 1) / s⌋ + 1   (⌈…⌉ with ceil_mode=True)
// and, with ceil_mode, the last window must start inside the input or the left padding:
//   if (H_out − 1)·s ≥ H_in + p then H_out −= 1.
// PyTorch also requires p ≤ ⌊k/2⌋, and stride defaults to kernel_size.
import type { Rng } from '../../rng.js';
import type { Family, Level, ParamSpec, Params, Solution } from '../../types.js';
import { judge, reader, when } from '../common.js';

const PARAMS: ParamSpec[] = [
  { name: 'size', description: 'input size H_in (one spatial side)' },
  { name: 'kernel', description: 'window size k' },
  { name: 'stride', default: 'kernel', description: 'stride s (PyTorch default: kernel_size)' },
  { name: 'padding', default: 0, description: 'padding p on each side, at most ⌊k/2⌋' },
  { name: 'dilation', default: 1, description: 'dilation d' },
  { name: 'ceil', default: 0, description: 'ceil_mode: 1 to round up, 0 to round down' },
];

interface Pool {
  size: number;
  kernel: number;
  stride: number;
  padding: number;
  dilation: number;
  ceil: boolean;
}

function read(p: Params): Pool {
  const r = reader(PARAMS, p);
  const c = {
    size: r.int('size', 1),
    kernel: r.int('kernel', 1),
    stride: r.int('stride', 1),
    padding: r.int('padding', 0),
    dilation: r.int('dilation', 1),
    ceil: r.int('ceil', 0, 1) === 1,
  };
  if (c.padding > Math.floor(c.kernel / 2)) {
    throw new Error(`padding must be at most half the kernel size (PyTorch): got padding=${c.padding} for kernel=${c.kernel}`);
  }
  return c;
}

interface PoolSizes {
  numerator: number;
  /** ⌊numerator/s⌋ + 1 */
  floorOut: number;
  /** ⌈numerator/s⌉ + 1, before the last-window rule */
  ceilRaw: number;
  /** the ceil_mode result after the last-window rule */
  ceilOut: number;
  answer: number;
}

export function poolSizes(c: Pool): PoolSizes | null {
  const numerator = c.size + 2 * c.padding - c.dilation * (c.kernel - 1) - 1;
  if (numerator < 0) return null;
  const floorOut = Math.floor(numerator / c.stride) + 1;
  const ceilRaw = Math.ceil(numerator / c.stride) + 1;
  const ceilOut = (ceilRaw - 1) * c.stride >= c.size + c.padding ? ceilRaw - 1 : ceilRaw;
  return { numerator, floorOut, ceilRaw, ceilOut, answer: c.ceil ? ceilOut : floorOut };
}

function solve(p: Params): Solution {
  const c = read(p);
  const { size: n, kernel: k, stride: s, padding: pad, dilation: d } = c;
  const sizes = poolSizes(c);
  if (sizes === null) {
    throw new Error(`the window spans ${d * (k - 1) + 1} inputs but the padded input has only ${n + 2 * pad}`);
  }
  const { numerator, floorOut, ceilRaw, ceilOut, answer } = sizes;
  const tolerance = { kind: 'exact' } as const;
  const steps = [
    `PyTorch \`MaxPool2d\`: $H_{out} = \\${c.ceil ? 'lceil' : 'lfloor'} (H_{in} + 2p - d(k-1) - 1) / s \\${c.ceil ? 'rceil' : 'rfloor'} + 1$ (ceil_mode=${c.ceil ? 'True: round up' : 'False: round down'})`,
    `$H_{out} = \\${c.ceil ? 'lceil' : 'lfloor'} (${n} + 2 \\cdot ${pad} - ${d} \\cdot (${k} - 1) - 1) / ${s} \\${c.ceil ? 'rceil' : 'rfloor'} + 1 = \\${c.ceil ? 'lceil' : 'lfloor'} ${numerator} / ${s} \\${c.ceil ? 'rceil' : 'rfloor'} + 1 = ${c.ceil ? ceilRaw : floorOut}$`,
  ];
  if (c.ceil) {
    steps.push(
      ceilOut !== ceilRaw
        ? `With ceil_mode the last window must start inside the input or the left padding: it would start at $(${ceilRaw} - 1) \\cdot ${s} = ${(ceilRaw - 1) * s} \\ge H_{in} + p = ${n + pad}$, so it is dropped: $H_{out} = ${ceilOut}$`
        : `Check: the last window starts at $(${ceilRaw} - 1) \\cdot ${s} = ${(ceilRaw - 1) * s} < H_{in} + p = ${n + pad}$, inside the input, so it is kept.`,
    );
  }
  steps.push(`Answer: ${answer}`);
  const stride1 = poolSizes({ ...c, stride: 1 });
  const { misconceptions, contrasts } = judge(answer, tolerance, [
    when(c.ceil, {
      id: 'floor-instead-of-ceil',
      message: 'You rounded down: with ceil_mode=True PyTorch rounds the division up (keeping a last, partial window).',
      value: floorOut,
    }),
    when(!c.ceil, {
      id: 'ceil-instead-of-floor',
      message: 'You rounded up: with ceil_mode=False (the default) PyTorch rounds down, dropping a last partial window.',
      value: ceilOut,
    }),
    when(c.ceil && ceilOut !== ceilRaw, {
      id: 'ceil-no-last-window-rule',
      message: 'You kept a last window that would start in the right padding: PyTorch drops it (it must start inside the input or the left padding).',
      value: ceilRaw,
    }),
    when(s === k && k > 1 && stride1 !== null, {
      id: 'stride-one',
      message: 'You used stride 1: MaxPool2d\'s stride defaults to kernel_size.',
      value: stride1 ? (c.ceil ? stride1.ceilOut : stride1.floorOut) : 0,
    }),
    {
      id: 'no-plus-one',
      message: 'You forgot the +1: the first window already gives one output.',
      value: answer - 1,
    },
    when(pad > 0, {
      id: 'padding-one-side',
      message: 'You added the padding once: p is added on both sides.',
      value: poolSizes({ ...c, size: n - pad })?.answer ?? 0,
    }),
  ]);
  return { answer, tolerance, steps, misconceptions, contrasts };
}

function generate(rng: Rng, level: Level): Params {
  for (;;) {
    const kernel = level === 1 ? rng.pick([2, 3]) : rng.int(2, 4);
    const stride = level === 1 ? rng.pick([kernel, kernel, 2]) : rng.pick([kernel, 1, 2, 3]);
    const padding = level === 1 ? 0 : rng.int(0, Math.floor(kernel / 2));
    const dilation = level === 3 ? rng.pick([1, 2]) : 1;
    const ceil = level === 1 ? 0 : rng.int(0, 1);
    const size = rng.int(level === 1 ? 4 : 5, level === 1 ? 32 : 64);
    const c = { size, kernel, stride, padding, dilation, ceil: ceil === 1 };
    const sizes = poolSizes(c);
    if (sizes === null || sizes.answer < 2) continue;
    // at level ≥ 2, prefer cases where the rounding mode matters
    if (level >= 2 && sizes.floorOut === sizes.ceilOut && rng.next() < 0.7) continue;
    return { size, kernel, stride, padding, dilation, ceil };
  }
}

function prompt(p: Params): string {
  const c = read(p);
  const args = [
    `kernel_size=${c.kernel}`,
    ...(c.stride !== c.kernel ? [`stride=${c.stride}`] : []),
    ...(c.padding !== 0 ? [`padding=${c.padding}`] : []),
    ...(c.dilation !== 1 ? [`dilation=${c.dilation}`] : []),
    ...(c.ceil ? ['ceil_mode=True'] : []),
  ];
  return [
    `The PyTorch layer \`nn.MaxPool2d(${args.join(', ')})\` is applied to a $${c.size} \\times ${c.size}$ input.`,
    'What is the output size (one side)? Arguments not shown take PyTorch\'s defaults. Answer with an integer.',
  ].join(' ');
}

export const poolOutput: Family = {
  id: 'pool-output',
  title: 'Max-pooling output size',
  topic: 'cnn',
  sheet: [312, 341],
  params: PARAMS,
  generate,
  prompt,
  solve,
};
