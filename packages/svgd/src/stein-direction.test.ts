import { leakedTensors, tf } from '@mtlkit/core';
import { fc, test } from '@fast-check/vitest';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { f32, permutationFrom, rowsArb, sq } from './cases.test-util.js';
import { right } from './either.test-util.js';
import { imqKernel } from './imq.js';
import { median } from './kernel.js';
import { rbfKernel } from './rbf.js';
import { steinDirection } from './stein-direction.js';

/** Particles (M x d, coordinates in [−3, 3]) and their scores (in [−5, 5]). */
const caseArb = fc
  .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 4 }))
  .chain(([m, d]) => fc.tuple(rowsArb(m, d, 3), rowsArb(m, d, 5)));

/**
 * φ*(θ_b) = (1/M) Σ_a [k(θ_a, θ_b) s_a + ∇_{θ_a} k(θ_a, θ_b)] in float64 for the RBF kernel with the
 * reference median heuristic, written directly from Liu & Wang (2016), eq. 8: ∇_x exp(−‖x−y‖²/(2h²))
 * = −(x − y)/h² · k.
 */
const bruteForceRbf = (x: number[][], s: number[][]): number[][] => {
  const m = x.length;
  const all = x.flatMap((a) => x.map((b) => sq(a, b)));
  let med = median(all);
  if (!(med > 0)) {
    const pos = all.filter((v) => v > 0);
    med = pos.length === 0 ? NaN : median(pos);
  }
  const h2 = Number.isNaN(med) ? 1 : Math.max(5e-9, (0.5 * med) / Math.log(m + 1));
  return x.map((b) =>
    b.map((_, l) => {
      let acc = 0;
      for (let a = 0; a < m; a++) {
        const k = Math.exp(-sq(x[a]!, b) / (2 * h2));
        acc += k * s[a]![l]! - ((x[a]![l]! - b[l]!) / h2) * k;
      }
      return acc / m;
    }),
  );
};

describe('steinDirection', () => {
  test.prop([caseArb], { seed: 42, numRuns: 80 })('matches a float64 brute-force computation (RBF, median heuristic)', ([xs, ss]) => {
    const X = tf.tensor2d(xs);
    const S = tf.tensor2d(ss);
    const phi = right(steinDirection(X, S));
    const got = phi.arraySync();
    tf.dispose([X, S, phi]);
    const want = bruteForceRbf(f32(xs), f32(ss));
    want.forEach((row, b) => row.forEach((v, l) => expect(Math.abs(got[b]![l]! - v)).toBeLessThanOrEqual(1e-4 * (1 + Math.abs(v)) + 1e-4)));
  });

  test.prop([caseArb, fc.infiniteStream(fc.nat())], { seed: 42, numRuns: 60 })('permuting the particles permutes the direction', ([xs, ss], noise) => {
    const m = xs.length;
    const perm = permutationFrom(m, noise);
    const run = (rows: number[][], scores: number[][]) => {
      const X = tf.tensor2d(rows);
      const S = tf.tensor2d(scores);
      const phi = right(steinDirection(X, S, imqKernel({ lengthscale: 'median' })));
      const out = phi.arraySync();
      tf.dispose([X, S, phi]);
      return out;
    };
    const base = run(xs, ss);
    const permuted = run(perm.map((i) => xs[i]!), perm.map((i) => ss[i]!));
    perm.forEach((i, a) => permuted[a]!.forEach((v, l) => expect(Math.abs(v - base[i]![l]!)).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(v)))));
  });

  it('is the score itself for one particle (k = 1, no repulsion)', () => {
    const X = tf.tensor2d([[0.4, -1.2, 3]]);
    const S = tf.tensor2d([[1.5, 2, -0.25]]);
    const phi = right(steinDirection(X, S, rbfKernel({ bandwidth: 0.1 })));
    expect(Array.from(phi.dataSync())).toEqual([1.5, 2, -0.25]);
    tf.dispose([X, S, phi]);
  });

  it('returns a Left for mismatched or non-finite scores', () => {
    const X = tf.tensor2d([[0, 1], [1, 0]]);
    const S1 = tf.tensor2d([[0, 1, 2], [1, 0, 2]]);
    const r1 = steinDirection(X, S1);
    expect(E.isLeft(r1) && r1.left._tag === 'ShapeMismatch' && r1.left.message.includes("particles' shape [2, 2]")).toBe(true);
    const S2 = tf.tensor2d([[0, 1], [Infinity, 0]]);
    const r2 = steinDirection(X, S2);
    expect(E.isLeft(r2) && r2.left._tag === 'NonFinite' && r2.left.message.includes('particle 1, coordinate 0 is +Infinity')).toBe(true);
    tf.dispose([X, S1, S2]);
  });

  it('leaks no tensor', () => {
    const X = tf.tensor2d([[0, 1], [1, 0], [2, 2]]);
    const S = tf.tensor2d([[1, 1], [0, 1], [-1, 0]]);
    expect(leakedTensors(() => steinDirection(X, S))).toBe(0);
    const wrong = tf.ones([2, 2]);
    expect(leakedTensors(() => steinDirection(X, wrong))).toBe(0);
    tf.dispose([X, S, wrong]);
  });
});
