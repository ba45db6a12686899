import { tf } from '@mtlkit/core';
import { fc, test } from '@fast-check/vitest';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { dot, f32, permutationFrom, sq, targetsCaseArb, tensors } from './cases.test-util.js';
import { right } from './either.test-util.js';
import { medianHeuristic } from './kernel.js';
import { stepLeaks } from './leaks.test-util.js';
import { mooSvgdDirection, mooSvgdStep } from './moo-svgd.js';
import { adam } from './optimizer.js';
import { bruteForceMinNorm } from './oracle.test-util.js';
import { steinDirection } from './stein-direction.js';
import { scoreTarget } from './target.js';

/**
 * MOO-SVGD in float64 (Liu, Tong & Liu 2021, Algorithm 1): per particle the exact min-norm point
 * of its scores (face enumeration), then (1/M) Σ_a [k(θ_a, θ_b) g_a + α ∇_{θ_a} k(θ_a, θ_b)] with the
 * RBF kernel and the reference median heuristic.
 */
const bruteForce = (x: number[][], S: number[][][], alpha: number) => {
  const m = x.length;
  const K = S.length;
  const weights = x.map((_, a) => {
    const values = new Float64Array(K * K);
    for (let i = 0; i < K; i++) for (let j = 0; j < K; j++) values[i * K + j] = dot(S[i]![a]!, S[j]![a]!);
    return E.getOrElseW(() => new Float64Array())(bruteForceMinNorm({ m: K, values }));
  });
  const g = x.map((row, a) => row.map((_, l) => weights[a]!.reduce((acc, w, i) => acc + w * S[i]![a]![l]!, 0)));
  const h2 = medianHeuristic(x.flatMap((a) => x.map((b) => sq(a, b))), m);
  const phi = x.map((b) =>
    b.map((_, l) => {
      let acc = 0;
      for (let a = 0; a < m; a++) {
        const k = Math.exp(-sq(x[a]!, b) / (2 * h2));
        acc += k * g[a]![l]! - alpha * ((x[a]![l]! - b[l]!) / h2) * k;
      }
      return acc / m;
    }),
  );
  return { weights, phi };
};

describe('mooSvgdDirection', () => {
  test.prop([targetsCaseArb(5, 3, 1, 4), fc.constantFrom(0, 0.5, 1)], { seed: 42, numRuns: 60 })(
    'matches a float64 brute-force computation; every particle has weights on the simplex',
    ([xs, ss], alpha) => {
      const [X, S] = tensors(xs, ss);
      const r = right(mooSvgdDirection(X, S, { repulsion: alpha }));
      const got = r.direction.arraySync();
      tf.dispose([X, ...S, r.direction]);
      const want = bruteForce(f32(xs), ss.map(f32), alpha);
      expect(r.weights.length).toBe(xs.length);
      r.weights.forEach((w) => {
        expect(w.length).toBe(ss.length);
        expect(Array.from(w).every((v) => v >= 0)).toBe(true);
        expect(Math.abs(w.reduce((a, v) => a + v, 0) - 1)).toBeLessThan(1e-9);
      });
      // The min-norm point is unique even where the weights are not: compare the combined scores via φ.
      want.phi.forEach((row, b) => row.forEach((v, l) => expect(Math.abs(got[b]![l]! - v)).toBeLessThanOrEqual(2e-4 * (1 + Math.abs(v)))));
    },
  );

  test.prop([targetsCaseArb(5, 3, 1, 1)], { seed: 42, numRuns: 40 })('with one target is the SVGD direction', ([xs, ss]) => {
    const [X, S] = tensors(xs, ss);
    const r = right(mooSvgdDirection(X, S));
    const phi = right(steinDirection(X, S[0]!));
    r.weights.forEach((w) => expect(Array.from(w)).toEqual([1]));
    const a = r.direction.dataSync();
    const b = phi.dataSync();
    b.forEach((v, i) => expect(Math.abs(a[i]! - v)).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(v))));
    tf.dispose([X, ...S, r.direction, phi]);
  });

  test.prop([targetsCaseArb(5, 3, 2, 3), fc.infiniteStream(fc.nat())], { seed: 42, numRuns: 40 })('permuting the particles permutes the update and the weights', ([xs, ss], noise) => {
    const m = xs.length;
    const perm = permutationFrom(m, noise);
    const run = (rows: number[][], scores: number[][][]) => {
      const [X, S] = tensors(rows, scores);
      const r = right(mooSvgdDirection(X, S));
      const out = { dir: r.direction.arraySync(), w: r.weights.map((w) => Array.from(w)) };
      tf.dispose([X, ...S, r.direction]);
      return out;
    };
    const base = run(xs, ss);
    const p = run(perm.map((i) => xs[i]!), ss.map((s) => perm.map((i) => s[i]!)));
    perm.forEach((i, a) => p.dir[a]!.forEach((v, l) => expect(Math.abs(v - base.dir[i]![l]!)).toBeLessThanOrEqual(1e-4 * (1 + Math.abs(v)))));
    // Each particle's weights come from its own scores only: they move with it.
    perm.forEach((i, a) => p.w[a]!.forEach((v, k) => expect(Math.abs(v - base.w[i]![k]!)).toBeLessThan(1e-4)));
  });

  it('normalises each score coordinate across particles when asked', () => {
    const X = tf.tensor2d([[0], [1]]);
    const S = [tf.tensor2d([[3], [4]]), tf.tensor2d([[-6], [-8]])];
    // Normalised: target 0 → (0.6, 0.8), target 1 → (−0.6, −0.8): opposite at each particle → g = 0.
    const r = right(mooSvgdDirection(X, S, { normalizeScores: true, repulsion: 0 }));
    Array.from(r.direction.dataSync()).forEach((v) => expect(Math.abs(v)).toBeLessThan(1e-6));
    r.weights.forEach((w) => expect(Array.from(w).map((v) => Math.round(v * 1e6) / 1e6)).toEqual([0.5, 0.5]));
    tf.dispose([X, ...S, r.direction]);
  });

  it('returns Lefts for no targets, a negative repulsion and mismatched scores', () => {
    const X = tf.tensor2d([[0, 1], [1, 0]]);
    expect(E.isLeft(mooSvgdDirection(X, []))).toBe(true);
    const r = mooSvgdDirection(X, [X], { repulsion: -1 });
    expect(E.isLeft(r) && r.left._tag === 'InvalidArgument').toBe(true);
    const bad = tf.tensor2d([[NaN, 0], [0, 0]]);
    const r2 = mooSvgdDirection(X, [X, bad]);
    expect(E.isLeft(r2) && r2.left.message.includes('scores of target 1 at particle 0, coordinate 0 is NaN')).toBe(true);
    tf.dispose([X, bad]);
  });
});

describe('mooSvgdStep', () => {
  it('leaks no tensor over 1,000 steps (three targets)', () => {
    const optimizer = adam({ learningRate: 0.01 });
    const X = tf.tensor2d([[0, 1], [1, 0], [2, 2], [-1, 0.5]]);
    const targets = [scoreTarget((x) => tf.sub(tf.tensor1d([1, 0]), x)), scoreTarget((x) => tf.sub(tf.tensor1d([0, 1]), x)), scoreTarget((x) => tf.neg(x))];
    const step = mooSvgdStep(targets, { optimizer, bounds: [-5, 5] });
    expect(stepLeaks(step, X, optimizer, 1000)).toEqual({ oneStep: 0, run: 0 });
    X.dispose();
  });
});
