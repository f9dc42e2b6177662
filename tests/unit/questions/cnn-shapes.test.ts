// CNN shape families against PyTorch's documented examples and well-known architectures, worked
// out by hand in the comments (not snapshots of the modules' output).
import { describe, expect, it } from 'vitest';
import { getFamily } from '../../../src/questions/registry.js';
import type { Family, Params } from '../../../src/questions/types.js';

function family(id: string): Family {
  const f = getFamily(id);
  if (!f) throw new Error(`no family ${id}`);
  return f;
}
const answer = (id: string, p: Params): unknown => family(id).solve(p).answer;
const mistakes = (id: string, p: Params): Record<string, unknown> =>
  Object.fromEntries(family(id).solve(p).misconceptions.map((m) => [m.id, m.value]));

describe('conv-output (PyTorch Conv2d)', () => {
  it('PyTorch docs example: Conv2d(16, 33, (3, 5), stride=(2, 1), padding=(4, 2), dilation=(3, 1)) on 50×100 gives 26×100', () => {
    // H: ⌊(50 + 8 − 3·2 − 1)/2⌋ + 1 = ⌊51/2⌋ + 1 = 26;  W: ⌊(100 + 4 − 4 − 1)/1⌋ + 1 = 100
    expect(answer('conv-output', { size: 50, kernel: 3, stride: 2, padding: 4, dilation: 3 })).toBe(26);
    expect(answer('conv-output', { size: 100, kernel: 5, stride: 1, padding: 2, dilation: 1 })).toBe(100);
  });

  it('AlexNet conv1 (11×11, stride 4): 227 → 55, and 224 with padding 2 → 55', () => {
    // (227 − 11)/4 + 1 = 55;  ⌊(224 + 4 − 11)/4⌋ + 1 = ⌊217/4⌋ + 1 = 55
    expect(answer('conv-output', { size: 227, kernel: 11, stride: 4 })).toBe(55);
    expect(answer('conv-output', { size: 224, kernel: 11, stride: 4, padding: 2 })).toBe(55);
  });

  it('ResNet conv1 (7×7, stride 2, padding 3): 224 → 112; VGG 3×3 same-padding keeps 224', () => {
    // ⌊(224 + 6 − 6 − 1)/2⌋ + 1 = ⌊223/2⌋ + 1 = 112
    expect(answer('conv-output', { size: 224, kernel: 7, stride: 2, padding: 3 })).toBe(112);
    expect(answer('conv-output', { size: 224, kernel: 3, padding: 1 })).toBe(224);
  });

  it('names the usual mistakes with their values', () => {
    // AlexNet 224/p2: forgetting +1 gives 54, rounding up gives ⌈217/4⌉ + 1 = 56,
    // padding once gives ⌊(224 + 2 − 11)/4⌋ + 1 = 54 (same as no +1: listed once)
    const m = mistakes('conv-output', { size: 224, kernel: 11, stride: 4, padding: 2 });
    expect(m['no-plus-one']).toBe(54);
    expect(m['ceil-instead-of-floor']).toBe(56);
    expect(m['no-stride']).toBe(218);
    // dilation 2, k 3 on 10: right ⌊(10 − 4 − 1)/1⌋ + 1 = 6; ignoring dilation (span 3): 8
    expect(mistakes('conv-output', { size: 10, kernel: 3, dilation: 2 })['no-dilation']).toBe(8);
  });

  it('rejects a kernel larger than the padded input, and non-integers', () => {
    expect(() => family('conv-output').solve({ size: 2, kernel: 5 })).toThrow(/kernel spans 5 inputs/);
    expect(() => family('conv-output').solve({ size: 2.5, kernel: 1 })).toThrow(/size must be an integer/);
    expect(() => family('conv-output').solve({ kernel: 3 })).toThrow(/missing parameter size/);
  });
});

describe('conv-transpose-output (PyTorch ConvTranspose2d)', () => {
  it('PyTorch docs example: a stride-2 3×3 conv takes 12 → 6, the transposed conv needs output_padding=1 to get back 12', () => {
    // forward: ⌊(12 + 2 − 2 − 1)/2⌋ + 1 = 6; transposed: (6 − 1)·2 − 2 + 2 + 1 + 1 = 12 (11 without output_padding)
    expect(answer('conv-output', { size: 12, kernel: 3, stride: 2, padding: 1 })).toBe(6);
    expect(answer('conv-transpose-output', { size: 6, kernel: 3, stride: 2, padding: 1, output_padding: 1 })).toBe(12);
    expect(answer('conv-transpose-output', { size: 6, kernel: 3, stride: 2, padding: 1 })).toBe(11);
  });

  it('DCGAN generator: 1 → 4 (k4 s1 p0), then 4 → 8 → 16 → 32 → 64 (k4 s2 p1)', () => {
    // (1 − 1)·1 + 3 + 1 = 4;  (n − 1)·2 − 2 + 3 + 1 = 2n
    expect(answer('conv-transpose-output', { size: 1, kernel: 4 })).toBe(4);
    for (const n of [4, 8, 16, 32]) expect(answer('conv-transpose-output', { size: n, kernel: 4, stride: 2, padding: 1 })).toBe(2 * n);
  });

  it('dilation: (3 − 1)·1 + 2·(3 − 1) + 1 = 7', () => {
    expect(answer('conv-transpose-output', { size: 3, kernel: 3, dilation: 2 })).toBe(7);
  });

  it('names the forward-conv mistake', () => {
    // DCGAN 16 → 32; the forward formula gives ⌊(16 + 2 − 3 − 1)/2⌋ + 1 = 8
    const m = mistakes('conv-transpose-output', { size: 16, kernel: 4, stride: 2, padding: 1 });
    expect(m['forward-conv']).toBe(8);
    expect(m['padding-added']).toBe(36); // 30 + 2 + 3 + 1
    expect(m['size-times-stride']).toBe(34); // 32 − 2 + 3 + 1
  });

  it('enforces output_padding < max(stride, dilation)', () => {
    expect(() => family('conv-transpose-output').solve({ size: 4, kernel: 3, stride: 2, output_padding: 2 })).toThrow(
      /output_padding must be smaller than stride or dilation/,
    );
    expect(answer('conv-transpose-output', { size: 4, kernel: 3, stride: 1, dilation: 2, output_padding: 1 })).toBe(9);
  });
});

describe('pool-output (PyTorch MaxPool2d)', () => {
  it('ResNet max pool (3×3, stride 2, padding 1): 112 → 56', () => {
    // ⌊(112 + 2 − 2 − 1)/2⌋ + 1 = ⌊111/2⌋ + 1 = 56
    expect(answer('pool-output', { size: 112, kernel: 3, stride: 2, padding: 1 })).toBe(56);
  });

  it('stride defaults to the kernel size: MaxPool2d(2) halves 224 → 112', () => {
    expect(answer('pool-output', { size: 224, kernel: 2 })).toBe(112);
    // the stride-1 mistake: ⌊(224 − 1 − 1)/1⌋ + 1 = 223
    expect(mistakes('pool-output', { size: 224, kernel: 2 })['stride-one']).toBe(223);
  });

  it('ceil_mode rounds up: 5 with k2 s2 gives 2, or 3 with ceil_mode', () => {
    // ⌊3/2⌋ + 1 = 2;  ⌈3/2⌉ + 1 = 3, the last window starts at 4 < 5: kept
    expect(answer('pool-output', { size: 5, kernel: 2 })).toBe(2);
    expect(answer('pool-output', { size: 5, kernel: 2, ceil: 1 })).toBe(3);
    expect(mistakes('pool-output', { size: 5, kernel: 2, ceil: 1 })['floor-instead-of-ceil']).toBe(2);
  });

  it('ceil_mode drops a last window that would start in the right padding', () => {
    // 5, k3 s3 p1: ⌈(5 + 2 − 2 − 1)/3⌉ + 1 = ⌈4/3⌉ + 1 = 3, but the 3rd window starts at (3 − 1)·3 = 6 ≥ 5 + 1: 2
    expect(answer('pool-output', { size: 5, kernel: 3, stride: 3, padding: 1, ceil: 1 })).toBe(2);
    expect(mistakes('pool-output', { size: 5, kernel: 3, stride: 3, padding: 1, ceil: 1 })['ceil-no-last-window-rule']).toBe(3);
  });

  it('max_pool2d(kernel 4, stride 3, padding 1, dilation 3, ceil_mode=True) on 32×40 gives 9×12', () => {
    // H: ⌈(32 + 2 − 9 − 1)/3⌉ + 1 = ⌈24/3⌉ + 1 = 9 (last start 24 < 33);  W: ⌈32/3⌉ + 1 = 12 (last start 33 < 41)
    expect(answer('pool-output', { size: 32, kernel: 4, stride: 3, padding: 1, dilation: 3, ceil: 1 })).toBe(9);
    expect(answer('pool-output', { size: 40, kernel: 4, stride: 3, padding: 1, dilation: 3, ceil: 1 })).toBe(12);
  });

  it('enforces PyTorch\'s padding ≤ kernel/2', () => {
    expect(() => family('pool-output').solve({ size: 8, kernel: 2, padding: 2 })).toThrow(/padding must be at most half the kernel size/);
    expect(() => family('pool-output').solve({ size: 8, kernel: 2, ceil: 2 })).toThrow(/ceil must be an integer from 0 to 1/);
  });
});

describe('conv-params', () => {
  it('VGG16 block1: 3→64 3×3 has 1,792 parameters, 64→64 has 36,928', () => {
    // 3·64·9 + 64 = 1728 + 64;  64·64·9 + 64 = 36864 + 64
    expect(answer('conv-params', { in_channels: 3, out_channels: 64, kernel: 3 })).toBe(1792);
    expect(answer('conv-params', { in_channels: 64, out_channels: 64, kernel: 3 })).toBe(36928);
  });

  it('AlexNet conv1 3→96 11×11: 34,944; a 1×1 conv 256→64: 16,448; ResNet conv1 without bias: 9,408', () => {
    // 3·96·121 + 96 = 34848 + 96;  256·64 + 64;  3·64·49 = 9408
    expect(answer('conv-params', { in_channels: 3, out_channels: 96, kernel: 11 })).toBe(34944);
    expect(answer('conv-params', { in_channels: 256, out_channels: 64, kernel: 1 })).toBe(16448);
    expect(answer('conv-params', { in_channels: 3, out_channels: 64, kernel: 7, bias: 0 })).toBe(9408);
  });

  it('names forgetting the bias and using k instead of k²', () => {
    const m = mistakes('conv-params', { in_channels: 3, out_channels: 64, kernel: 3 });
    expect(m['no-bias']).toBe(1728);
    expect(m['k-not-squared']).toBe(3 * 64 * 3 + 64);
  });
});

describe('receptive-field', () => {
  it('stacks of 3×3 stride-1 convs: two see 5, three see 7 (the VGG argument)', () => {
    expect(answer('receptive-field', { kernels: [3, 3], strides: 1 })).toBe(5);
    expect(answer('receptive-field', { kernels: [3, 3, 3], strides: [1, 1, 1] })).toBe(7);
  });

  it('ResNet stem: conv 7×7/2 then max pool 3×3/2 sees 1 + 6 + 2·2 = 11', () => {
    expect(answer('receptive-field', { kernels: [7, 3], strides: [2, 2] })).toBe(11);
  });

  it('AlexNet: conv1 11/4, pool 3/2, conv2 5/1 → 1 + 10 + 2·4 + 4·8 = 51; through pool5 → 195', () => {
    expect(answer('receptive-field', { kernels: [11, 3, 5], strides: [4, 2, 1] })).toBe(51);
    // + pool2 (3/2): 2·8 = 16 → 67; conv3..5 (3/1): 3 · 2·16 = 96 → 163; pool5 (3/2): 2·16 → 195
    expect(answer('receptive-field', { kernels: [11, 3, 5, 3, 3, 3, 3, 3], strides: [4, 2, 1, 2, 1, 1, 1, 2] })).toBe(195);
  });

  it('WaveNet: kernel 2 with dilations 1, 2, 4, 8 sees 16', () => {
    expect(answer('receptive-field', { kernels: 2, strides: 1, dilations: [1, 2, 4, 8] })).toBe(16);
    // ignoring dilation: 1 + 4·1 = 5
    expect(mistakes('receptive-field', { kernels: 2, strides: 1, dilations: [1, 2, 4, 8] })['no-dilation']).toBe(5);
  });

  it('names ignoring the strides', () => {
    // ResNet stem without strides: 1 + 6 + 2 = 9; with the own stride included: 1 + 6·2 + 2·4 = 21
    const m = mistakes('receptive-field', { kernels: [7, 3], strides: [2, 2] });
    expect(m['no-stride-product']).toBe(9);
    expect(m['stride-product-inclusive']).toBe(21);
  });

  it('rejects lists of different lengths', () => {
    expect(() => family('receptive-field').solve({ kernels: [3, 3], strides: [1, 1, 1] })).toThrow(/kernels has 2 entries but the stack has 3 layers/);
  });
});
