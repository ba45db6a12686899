import { fc, test } from '@fast-check/vitest';
import { leakedTensors, tf } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { crossEntropy } from './cross-entropy.js';
import { nll } from './nll.js';
import { autodiff, f32, finiteDifferences, maxRelError, mean, valueOf } from './test-helpers.js';

/** Float64 cross-entropy of one row of logits against a distribution q. */
const rowCrossEntropy = (z: ArrayLike<number>, q: ArrayLike<number>): number => {
  let max = -Infinity;
  for (let c = 0; c < z.length; c++) max = Math.max(max, z[c]!);
  let s = 0;
  for (let c = 0; c < z.length; c++) s += Math.exp(z[c]! - max);
  const lse = max + Math.log(s);
  let loss = 0;
  for (let c = 0; c < z.length; c++) loss -= q[c]! * (z[c]! - lse);
  return loss;
};

const oneHot = (label: number, classes: number, eps = 0): number[] => Array.from({ length: classes }, (_, c) => (c === label ? 1 - eps : 0) + eps / classes);

const batches = fc
  .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 2, max: 5 }))
  .chain(([n, c]) =>
    fc.record({
      n: fc.constant(n),
      c: fc.constant(c),
      logits: fc.array(fc.double({ min: -6, max: 6, noNaN: true }), { minLength: n * c, maxLength: n * c }),
      labels: fc.array(fc.integer({ min: 0, max: c - 1 }), { minLength: n, maxLength: n }),
      eps: fc.constantFrom(0, 0.1, 0.3),
    }),
  );

describe('crossEntropy', () => {
  test.prop([batches], { seed: 42, numRuns: 60 })('matches float64 log-softmax cross-entropy, sparse and one-hot, with label smoothing', ({ n, c, logits, labels, eps }) => {
    const z = f32(logits);
    const perSample = labels.map((y, i) => rowCrossEntropy(z.subarray(i * c, (i + 1) * c), oneHot(y, c, eps)));
    const out = tf.tensor2d(logits, [n, c]);
    const sparse = tf.tensor1d(labels, 'int32');
    const dense = tf.tensor2d(labels.flatMap((y) => oneHot(y, c)), [n, c]);
    const options = { labelSmoothing: eps };
    const a = valueOf(crossEntropy(options)(out, sparse))[0]!;
    const b = valueOf(crossEntropy(options)(out, dense))[0]!;
    const s = valueOf(crossEntropy({ ...options, reduction: 'sum' })(out, sparse))[0]!;
    const none = valueOf(crossEntropy({ ...options, reduction: 'none' })(out, sparse));
    expect(Math.abs(a - mean(perSample))).toBeLessThanOrEqual(1e-5 * (1 + mean(perSample)));
    expect(Math.abs(b - a)).toBeLessThanOrEqual(1e-6 * (1 + a));
    expect(Math.abs(s - mean(perSample) * n)).toBeLessThanOrEqual(1e-5 * (1 + n * mean(perSample)));
    expect(maxRelError(none, perSample)).toBeLessThanOrEqual(1e-5);
    const g = autodiff(crossEntropy(options), out, sparse);
    const fd = finiteDifferences((x) => mean(labels.map((y, i) => rowCrossEntropy(x.subarray(i * c, (i + 1) * c), oneHot(y, c, eps)))), z);
    expect(maxRelError(g, fd)).toBeLessThanOrEqual(2e-4);
    tf.dispose([out, sparse, dense]);
  });

  it('is finite for huge logits (log-sum-exp, no overflow)', () => {
    const out = tf.tensor2d([[1000, -1000, 0], [-1000, 1000, 999]]);
    const y = tf.tensor1d([1, 1], 'int32');
    const v = valueOf(crossEntropy({ reduction: 'none' })(out, y));
    expect(v[0]).toBeCloseTo(2000, 2);
    expect(v[1]).toBeCloseTo(Math.log1p(Math.exp(-1)), 5);
    tf.dispose([out, y]);
  });

  it('accepts float32 labels holding integers and classes on the last axis of a rank-3 output', () => {
    const out = tf.tensor3d([[[0, 1], [2, 0]]]);
    const y = tf.tensor2d([[1, 0]]);
    const v = valueOf(crossEntropy({ reduction: 'none' })(out, y));
    expect(v[0]).toBeCloseTo(Math.log1p(Math.exp(-1)), 6);
    expect(v[1]).toBeCloseTo(Math.log1p(Math.exp(-2)), 6);
    tf.dispose([out, y]);
  });

  it('names a label out of range, a wrong target shape and a bad smoothing', () => {
    const out = tf.zeros([2, 3]);
    const bad = tf.tensor1d([0, 3], 'int32');
    const frac = tf.tensor1d([0, 1.5]);
    const wrong = tf.zeros([3]);
    const r1 = crossEntropy().check(out, bad);
    expect(E.isLeft(r1) && r1.left.message).toBe('crossEntropy: label 3 at position 1 is not a class index in [0, 2].');
    const r2 = crossEntropy().check(out, frac);
    expect(E.isLeft(r2) && r2.left._tag).toBe('InvalidArgument');
    const r3 = crossEntropy().check(out, wrong);
    expect(E.isLeft(r3) && r3.left.message).toMatch(/target must be labels of shape \[2\] or per-class values of shape \[2, 3\]; got \[3\]/);
    expect(() => crossEntropy()(out, wrong)).toThrow(/ShapeMismatch/);
    const labels = tf.tensor1d([0, 1], 'int32');
    const r4 = crossEntropy({ labelSmoothing: 1.5 }).check(out, labels);
    expect(E.isLeft(r4) && r4.left.message).toMatch(/labelSmoothing must be in \[0, 1\], got 1.5/);
    tf.dispose([out, bad, frac, wrong, labels]);
  });

  it('leaks no tensor', () => {
    const out = tf.randomNormal([4, 3]);
    const y = tf.tensor1d([0, 1, 2, 1], 'int32');
    expect(leakedTensors(() => crossEntropy({ labelSmoothing: 0.1 })(out, y))).toBe(0);
    expect(leakedTensors(() => crossEntropy({ reduction: 'none' })(out, y))).toBe(0);
    expect(leakedTensors(() => nll()(out, y))).toBe(0);
    expect(leakedTensors(() => crossEntropy().check(out, y))).toBe(0);
    tf.dispose([out, y]);
  });
});

describe('nll', () => {
  test.prop([batches], { seed: 3, numRuns: 40 })('is −log p_y of log-probabilities, equals crossEntropy after a log-softmax, and has the FD gradient', ({ n, c, logits, labels }) => {
    const out = tf.tensor2d(logits, [n, c]);
    const logp = tf.logSoftmax(out);
    const y = tf.tensor1d(labels, 'int32');
    const lp = Float64Array.from(logp.dataSync());
    const expected = mean(labels.map((l, i) => -lp[i * c + l]!));
    const got = valueOf(nll()(logp, y))[0]!;
    expect(Math.abs(got - expected)).toBeLessThanOrEqual(1e-6 * (1 + expected));
    expect(Math.abs(got - valueOf(crossEntropy()(out, y))[0]!)).toBeLessThanOrEqual(1e-5 * (1 + expected));
    const g = autodiff(nll({ reduction: 'sum' }), logp, y);
    const fd = finiteDifferences((x) => labels.reduce((s, l, i) => s - x[i * c + l]!, 0), lp);
    expect(maxRelError(g, fd)).toBeLessThanOrEqual(1e-6);
    tf.dispose([out, logp, y]);
  });
});
