import { leakedTensors, tf } from '@mtlkit/core';
import { fc, test } from '@fast-check/vitest';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { right } from './either.test-util.js';
import { logDensityTarget, objectiveTargets, scoresAt, scoresOfTargets, scoreTarget } from './target.js';

/** log N(x; μ, σ²I) up to a constant, per particle. */
const gaussianLogDensity = (mu: number[], sigma: number) => (x: tf.Tensor2D) =>
  tf.tidy(() => tf.div(tf.sum(tf.square(tf.sub(x, tf.tensor1d(mu))), 1), -2 * sigma * sigma) as tf.Tensor1D);

describe('scoresAt', () => {
  test.prop(
    [
      fc.integer({ min: 1, max: 5 }).chain((m) =>
        fc.tuple(
          fc.array(fc.array(fc.double({ min: -4, max: 4, noNaN: true }), { minLength: 3, maxLength: 3 }), { minLength: m, maxLength: m }),
          fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 3, maxLength: 3 }),
          fc.double({ min: 0.5, max: 3, noNaN: true }),
        ),
      ),
    ],
    { seed: 42, numRuns: 50 },
  )('autodiff of a log density gives the closed-form score −(θ − μ)/σ², row by row', ([rows, mu, sigma]) => {
    const X = tf.tensor2d(rows);
    const S = right(scoresAt(logDensityTarget(gaussianLogDensity(mu, sigma)), X));
    const got = S.arraySync();
    tf.dispose([X, S]);
    rows.forEach((r, a) => r.forEach((v, l) => expect(got[a]![l]!).toBeCloseTo(-(Math.fround(v) - Math.fround(mu[l]!)) / (sigma * sigma), 4)));
  });

  it('turns objectives into targets p_i ∝ exp(−f_i/T): scores −∇f_i/T', () => {
    // f_0 = Σ θ², f_1 = θ_0 (two objectives of 2-D particles), T = 2.
    const f = (x: tf.Tensor2D) => tf.stack([tf.sum(tf.square(x), 1), tf.reshape(tf.slice(x, [0, 0], [-1, 1]), [-1])], 1) as tf.Tensor2D;
    const X = tf.tensor2d([[1, 2], [-3, 0.5]]);
    const S = right(scoresOfTargets(objectiveTargets(f, 2, 2), X));
    expect(Array.from(S[0]!.dataSync())).toEqual([-1, -2, 3, -0.5]);
    expect(Array.from(S[1]!.dataSync())).toEqual([-0.5, 0, -0.5, 0]);
    tf.dispose([X, ...S]);
  });

  it('passes explicit score functions through', () => {
    const X = tf.tensor2d([[1, 2], [3, 4]]);
    const S = right(scoresAt(scoreTarget((x) => tf.neg(x)), X));
    expect(Array.from(S.dataSync())).toEqual([-1, -2, -3, -4]);
    tf.dispose([X, S]);
  });

  it('returns Lefts naming the target for a wrong shape, a throw or a non-finite score', () => {
    const X = tf.tensor2d([[1, 2], [3, 4]]);
    const r1 = scoresAt(logDensityTarget((x) => tf.sum(x) as unknown as tf.Tensor1D), X, 'target 2');
    expect(E.isLeft(r1) && r1.left._tag === 'ShapeMismatch' && r1.left.message.includes('target 2 must return one value per particle (shape [2]), got shape []')).toBe(true);
    const r2 = scoresAt(
      scoreTarget(() => {
        throw new Error('boom');
      }),
      X,
    );
    expect(E.isLeft(r2) && r2.left.message.includes('could not be evaluated at the particles: boom')).toBe(true);
    const r3 = scoresOfTargets([scoreTarget((x) => tf.neg(x)), logDensityTarget((x) => tf.sum(tf.sqrt(tf.sub(x, 2)), 1) as tf.Tensor1D)], X);
    expect(E.isLeft(r3) && r3.left._tag === 'NonFinite' && r3.left.message.includes('the score of target 1 at particle 0, coordinate 0 is NaN')).toBe(true);
    const r4 = scoresOfTargets([], X);
    expect(E.isLeft(r4) && r4.left.message.includes('at least one target')).toBe(true);
    tf.dispose(X);
  });

  it('leaks no tensor, on success or failure', () => {
    const X = tf.tensor2d([[1, 2], [3, 4]]);
    expect(leakedTensors(() => scoresAt(logDensityTarget(gaussianLogDensity([0, 1], 1)), X))).toBe(0);
    expect(leakedTensors(() => scoresOfTargets([scoreTarget((x) => tf.neg(x)), logDensityTarget((x) => tf.sum(tf.log(tf.sub(x, 3)), 1) as tf.Tensor1D)], X))).toBe(0);
    expect(leakedTensors(() => scoresAt(logDensityTarget((x) => tf.sum(x) as unknown as tf.Tensor1D), X))).toBe(0);
    tf.dispose(X);
  });
});
