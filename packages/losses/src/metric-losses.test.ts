import { fc, test } from '@fast-check/vitest';
import { leakedTensors, tf } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { contrastive } from './contrastive.js';
import { triplet, type TripletMining } from './triplet.js';
import { autodiff, f32, finiteDifferences, maxRelError, valueOf } from './test-helpers.js';

/** Float64 distances between rows, by loops. */
const distances = (x: Float64Array, n: number, dim: number, squared: boolean): number[][] =>
  Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => {
      let s = 0;
      for (let k = 0; k < dim; k++) s += (x[i * dim + k]! - x[j * dim + k]!) ** 2;
      return squared ? s : Math.sqrt(s);
    }),
  );

/** Float64 triplet loss by enumerating triplets (the definition, no masks). */
const tripletReference = (x: Float64Array, labels: number[], dim: number, margin: number, mining: TripletMining, squared: boolean, reduction: 'mean' | 'sum'): number => {
  const n = labels.length;
  const d = distances(x, n, dim, squared);
  if (mining === 'batch-hard') {
    let total = 0;
    let anchors = 0;
    for (let a = 0; a < n; a++) {
      const pos = d[a]!.filter((_, p) => p !== a && labels[p] === labels[a]);
      const neg = d[a]!.filter((_, q) => labels[q] !== labels[a]);
      if (pos.length === 0 || neg.length === 0) continue;
      anchors++;
      total += Math.max(Math.max(...pos) - Math.min(...neg) + margin, 0);
    }
    return reduction === 'sum' ? total : total / Math.max(anchors, 1);
  }
  let total = 0;
  let positive = 0;
  for (let a = 0; a < n; a++)
    for (let p = 0; p < n; p++)
      for (let q = 0; q < n; q++) {
        if (p === a || labels[p] !== labels[a] || labels[q] === labels[a]) continue;
        const dap = d[a]![p]!;
        const daq = d[a]![q]!;
        if (mining === 'semi-hard' && !(daq > dap && daq < dap + margin)) continue;
        const l = Math.max(dap - daq + margin, 0);
        total += l;
        if (l > 1e-16) positive++;
      }
  return reduction === 'sum' ? total : total / Math.max(positive, 1);
};

/**
 * True when a mining or hinge decision sits within 1e-4 of its boundary (a tie between distances,
 * a hinge at 0, two points nearly coinciding): float32 and float64 may then decide differently.
 */
const knifeEdge = (x: Float64Array, labels: number[], dim: number, margin: number, squared: boolean): boolean => {
  const n = labels.length;
  const d = distances(x, n, dim, squared);
  for (let a = 0; a < n; a++)
    for (let p = 0; p < n; p++) {
      if (p !== a && d[a]![p]! < 1e-4) return true;
      for (let q = 0; q < n; q++) {
        if (p === a || labels[p] !== labels[a] || labels[q] === labels[a]) continue;
        const gap = d[a]![q]! - d[a]![p]!;
        if (Math.abs(gap) < 1e-4 || Math.abs(gap - margin) < 1e-4) return true;
      }
    }
  return false;
};

const contrastiveReference = (x: Float64Array, labels: number[], dim: number, margin: number): number => {
  const n = labels.length;
  const d = distances(x, n, dim, false);
  let total = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) total += labels[i] === labels[j] ? 0.5 * d[i]![j]! ** 2 : 0.5 * Math.max(margin - d[i]![j]!, 0) ** 2;
  return total / ((n * (n - 1)) / 2);
};

const embeddings = fc
  .tuple(fc.integer({ min: 2, max: 7 }), fc.integer({ min: 1, max: 4 }))
  .chain(([n, dim]) =>
    fc.record({
      n: fc.constant(n),
      dim: fc.constant(dim),
      // Uniform on [-2, 2] (fc.double concentrates near 0, where points coincide and decisions tie).
      x: fc.array(fc.noBias(fc.integer({ min: -2_000_000, max: 2_000_000 })).map((v) => v / 1e6), { minLength: n * dim, maxLength: n * dim }),
      labels: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: n, maxLength: n }),
      margin: fc.constantFrom(0.1, 0.5, 1, 5),
      squared: fc.boolean(),
    }),
  );

describe.each(['batch-all', 'batch-hard', 'semi-hard'] as const)('triplet (%s)', (mining) => {
  test.prop([embeddings], { seed: 42, numRuns: 60 })('matches the float64 enumeration of triplets', ({ n, dim, x, labels, margin, squared }) => {
    const xs = f32(x);
    if (knifeEdge(xs, labels, dim, margin, squared)) return;
    const out = tf.tensor2d(x, [n, dim]);
    const y = tf.tensor1d(labels, 'int32');
    for (const reduction of ['mean', 'sum'] as const) {
      const got = valueOf(triplet({ margin, mining, squared, reduction })(out, y))[0]!;
      const want = tripletReference(xs, labels, dim, margin, mining, squared, reduction);
      expect(Math.abs(got - want)).toBeLessThanOrEqual(2e-4 * (1 + Math.abs(want)));
    }
    tf.dispose([out, y]);
  });

  test.prop([embeddings], { seed: 5, numRuns: 30 })('has the gradient of finite differences of the float64 form', ({ n, dim, x, labels, margin }) => {
    const xs = f32(x);
    const f = (v: Float64Array) => tripletReference(v, labels, dim, margin, mining, false, 'sum');
    // Finite differences are only meaningful where no hinge, argmax or mining decision flips within ±h.
    const h = 1e-5;
    const steady = xs.every((_, i) => {
      const up = Float64Array.from(xs);
      up[i]! += 1e-3;
      const down = Float64Array.from(xs);
      down[i]! -= 1e-3;
      const [a, b, c] = [f(down), f(xs), f(up)];
      return Math.abs(c - 2 * b + a) < 1e-7;
    });
    const d = distances(xs, n, dim, false);
    if (!steady || d.some((row, i) => row.some((v, j) => i !== j && v < 1e-3))) return;
    const out = tf.tensor2d(x, [n, dim]);
    const y = tf.tensor1d(labels, 'int32');
    const g = autodiff(triplet({ margin, mining, reduction: 'sum' }), out, y);
    tf.dispose([out, y]);
    expect(maxRelError(g, finiteDifferences(f, xs, h))).toBeLessThanOrEqual(2e-3);
  });
});

describe('triplet', () => {
  it('is 0 with a zero gradient when every negative is farther than every positive by the margin', () => {
    const out = tf.tensor2d([[0, 0], [0.1, 0], [5, 5], [5.1, 5]]);
    const y = tf.tensor1d([0, 0, 1, 1], 'int32');
    for (const mining of ['batch-all', 'batch-hard', 'semi-hard'] as const) {
      expect(valueOf(triplet({ mining })(out, y))[0]).toBe(0);
      expect(Array.from(autodiff(triplet({ mining }), out, y)).every((v) => v === 0)).toBe(true);
    }
    tf.dispose([out, y]);
  });

  it('has a finite gradient when two embeddings coincide (the sqrt at 0 is guarded)', () => {
    const out = tf.tensor2d([[1, 1], [1, 1], [1.2, 1], [0, 0]]);
    const y = tf.tensor1d([0, 0, 1, 1], 'int32');
    const g = autodiff(triplet(), out, y);
    expect(g.every(Number.isFinite)).toBe(true);
    tf.dispose([out, y]);
  });

  it('normalises embeddings when asked (pytorch-metric-learning default)', () => {
    const raw = [[3, 0], [0, 2], [1, 1], [-2, 0]];
    const unit = raw.map(([a, b]) => [a! / Math.hypot(a!, b!), b! / Math.hypot(a!, b!)]);
    const labels = [0, 0, 1, 1];
    const out = tf.tensor2d(raw);
    const y = tf.tensor1d(labels, 'int32');
    const got = valueOf(triplet({ normalize: true })(out, y))[0]!;
    expect(got).toBeCloseTo(tripletReference(Float64Array.from(unit.flat()), labels, 2, 1, 'batch-all', false, 'mean'), 5);
    tf.dispose([out, y]);
  });

  it('rejects a bad margin, a wrong label count and non-integer labels, and leaks nothing', () => {
    const out = tf.randomNormal([4, 3]) as tf.Tensor2D;
    const y = tf.tensor1d([0, 1, 0, 1], 'int32');
    const r1 = triplet({ margin: -1 }).check(out, y);
    expect(E.isLeft(r1) && r1.left.message).toBe('triplet: margin must be a finite number > 0, got -1.');
    const short = tf.tensor1d([0, 1, 0]);
    const fractional = tf.tensor1d([0, 1, 0.5, 1]);
    const r2 = triplet().check(out, short);
    expect(E.isLeft(r2) && r2.left._tag).toBe('ShapeMismatch');
    const r3 = triplet().check(out, fractional);
    expect(E.isLeft(r3) && r3.left.message).toMatch(/label 0.5 at position 2 is not an integer/);
    for (const mining of ['batch-all', 'batch-hard', 'semi-hard'] as const) expect(leakedTensors(() => triplet({ mining, normalize: true })(out, y))).toBe(0);
    tf.dispose([out, y, short, fractional]);
  });
});

describe('contrastive', () => {
  test.prop([embeddings], { seed: 11, numRuns: 50 })('matches the float64 pair sum of Hadsell et al. (eq. 4) and its FD gradient', ({ n, dim, x, labels, margin }) => {
    const xs = f32(x);
    const out = tf.tensor2d(x, [n, dim]);
    const y = tf.tensor1d(labels, 'int32');
    const got = valueOf(contrastive({ margin })(out, y))[0]!;
    const want = contrastiveReference(xs, labels, dim, margin);
    expect(Math.abs(got - want)).toBeLessThanOrEqual(2e-4 * (1 + want));
    const pairs = (n * (n - 1)) / 2;
    expect(Math.abs(valueOf(contrastive({ margin, reduction: 'sum' })(out, y))[0]! - want * pairs)).toBeLessThanOrEqual(2e-4 * (1 + want * pairs));
    const d = distances(xs, n, dim, false);
    if (!d.some((row, i) => row.some((v, j) => i !== j && (v < 1e-3 || Math.abs(v - margin) < 1e-3)))) {
      const g = autodiff(contrastive({ margin }), out, y);
      expect(maxRelError(g, finiteDifferences((v) => contrastiveReference(v, labels, dim, margin), xs, 1e-5))).toBeLessThanOrEqual(2e-3);
    }
    tf.dispose([out, y]);
  });

  it('leaks no tensor and rejects a non-matrix output', () => {
    const out = tf.randomNormal([5, 2]);
    const y = tf.tensor1d([0, 1, 1, 0, 2], 'int32');
    expect(leakedTensors(() => contrastive()(out, y))).toBe(0);
    const vector = tf.zeros([5]);
    const r = contrastive().check(vector, y);
    expect(E.isLeft(r) && r.left.message).toMatch(/embeddings of shape \[N, D\]/);
    tf.dispose([out, y, vector]);
  });
});
