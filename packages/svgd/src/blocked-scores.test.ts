import { leakedTensors, tf } from '@mtlkit/core';
import { zdt } from '@mtlkit/datasets';
import { fc, test } from '@fast-check/vitest';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { BOUND_TOLERANCE, maskBlockedScores } from './blocked-scores.js';
import { right } from './either.test-util.js';
import { mooSvgdDirection, mooSvgdStep } from './moo-svgd.js';
import { mtSgdStep } from './mt-sgd.js';
import { adam } from './optimizer.js';
import { disposeSamplerState, initSampler } from './sampler.js';
import { svgdStep } from './svgd-step.js';
import { objectiveTargets, scoreTarget } from './target.js';

const masked = (x: number[][], scores: number[][][], bounds: [number, number]): number[][][] => {
  const X = tf.tensor2d(x);
  const S = scores.map((s) => tf.tensor2d(s));
  const out = right(maskBlockedScores(X, S, bounds));
  const values = out.map((t) => t.arraySync());
  tf.dispose([X, ...S, ...out]);
  return values;
};

describe('maskBlockedScores', () => {
  it('zeroes a coordinate on a bound only when every target points out of the box there', () => {
    // Particle 0 sits on the lower bound in coordinate 0, particle 1 on the upper bound in
    // coordinate 1, particle 2 is inside.
    const x = [
      [0, 0.5],
      [0.5, 1],
      [0.5, 0.5],
    ];
    const s1 = [
      [-1, -1],
      [1, 2],
      [-3, 3],
    ];
    const s2 = [
      [-2, 4],
      [-1, 0],
      [-3, 3],
    ];
    const [m1, m2] = masked(x, [s1, s2], [0, 1]);
    // (0, 0): both scores ≤ 0 on the lower bound → blocked. (1, 1): both ≥ 0 on the upper bound → blocked.
    expect(m1).toEqual([
      [0, -1],
      [1, 0],
      [-3, 3],
    ]);
    expect(m2).toEqual([
      [0, 4],
      [-1, 0],
      [-3, 3],
    ]);
    // Targets that disagree on a bound leave the coordinate alone (the clip handles it).
    const [a, b] = masked([[0, 0.5]], [[[-1, 1]], [[1, 1]]], [0, 1]);
    expect(a).toEqual([[-1, 1]]);
    expect(b).toEqual([[1, 1]]);
  });

  const caseArb = fc
    .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }))
    .chain(([m, d, k]) =>
      fc.tuple(
        fc.array(fc.array(fc.oneof(fc.constant(-1), fc.constant(2), fc.integer({ min: -999, max: 1999 }).map((v) => v / 1000)), { minLength: d, maxLength: d }), { minLength: m, maxLength: m }),
        fc.array(fc.array(fc.array(fc.integer({ min: -3, max: 3 }).map((v) => v / 2), { minLength: d, maxLength: d }), { minLength: m, maxLength: m }), { minLength: k, maxLength: k }),
      ),
    );

  test.prop([caseArb], { seed: 42, numRuns: 100 })('follows the rule coordinate by coordinate (box [−1, 2], scores with zeros and ties)', ([x, scores]) => {
    const out = masked(x, scores, [-1, 2]);
    x.forEach((row, a) =>
      row.forEach((v, l) => {
        const all = (p: (s: number) => boolean) => scores.every((s) => p(s[a]![l]!));
        const blocked = (v <= -1 && all((s) => s <= 0)) || (v >= 2 && all((s) => s >= 0));
        scores.forEach((s, i) => expect(out[i]![a]![l]).toBe(blocked ? 0 : s[a]![l]));
      }),
    );
    if (scores.length === 1) {
      // One target: the projection of the score on the tangent cone of the box.
      x.forEach((row, a) => row.forEach((v, l) => expect(out[0]![a]![l]).toBe(v <= -1 ? Math.max(0, scores[0]![a]![l]!) : v >= 2 ? Math.min(0, scores[0]![a]![l]!) : scores[0]![a]![l])));
    }
  });

  it('counts a coordinate within (high − low)·2⁻²⁰ of a bound as on it (the clip writes the float32 bound)', () => {
    const low = 1e-6;
    const tol = (1 - 2e-6) * BOUND_TOLERANCE;
    const [m] = masked([[Math.fround(low), low + 0.5 * tol, low + 4 * tol]], [[[-1, -1, -1]]], [low, 1 - low]);
    expect(m).toEqual([[0, 0, -1]]);
  });

  it('names bad bounds and leaks no tensor', () => {
    const X = tf.tensor2d([[0.5]]);
    const S = [tf.tensor2d([[1]])];
    const bad = maskBlockedScores(X, S, [1, 0]);
    expect(E.isLeft(bad) && bad.left.message).toBe('bounds must be finite with low < high, got [1, 0].');
    expect(
      leakedTensors(() => {
        const r = maskBlockedScores(X, S, [0, 1]);
        if (E.isRight(r)) tf.dispose(r.right);
      }),
    ).toBe(0);
    tf.dispose([X, ...S]);
  });
});

describe('maskBlocked in the steps', () => {
  it('makes a point of the ZDT3 front a fixed point of the per-particle min-norm direction', () => {
    // θ₁ = 0.2 (segment 2), θ₂..₃₀ on the lower bound: Pareto-optimal. Unmasked, ∇f₂ keeps its
    // components along θ₂..₃₀, the min-norm combination of the two scores is not 0 and its θ₁
    // component is negative: the particle slides to smaller f₁ along the front. Masked, the
    // blocked coordinates drop out, the two scores are opposite along θ₁ and the direction is 0.
    const p = right(zdt(3));
    const low = 1e-6;
    const X = tf.tensor2d([Array.from({ length: 30 }, (_, l) => (l === 0 ? 0.2 : low))]);
    const targets = objectiveTargets(p.objectivesTensor, 2);
    const S = targets.map((t) => tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum((t as Extract<typeof t, { _tag: 'LogDensity' }>).logDensity(x as tf.Tensor2D)))(X) as tf.Tensor2D));
    const raw = right(mooSvgdDirection(X, S));
    const rawPhi = raw.direction.arraySync()[0]!;
    const M = right(maskBlockedScores(X, S, [low, 1 - low]));
    const fixed = right(mooSvgdDirection(X, M));
    const fixedPhi = fixed.direction.arraySync()[0]!;
    tf.dispose([X, ...S, ...M, raw.direction, fixed.direction]);
    expect(rawPhi[0]!).toBeLessThan(-1e-3);
    expect(Math.max(...fixedPhi.map(Math.abs))).toBeLessThan(1e-6);
  });

  it('needs bounds, and the steps use the masked scores', () => {
    // One particle on the lower bound of coordinate 0: with one particle k = 1 and the repulsion
    // vanishes, so the direction is the (combined) score itself.
    const optimizer = adam({ learningRate: 0.1 });
    const x0 = tf.tensor2d([[0, 0.5]]);
    const s0 = right(initSampler(x0, optimizer));
    const constant = (v: number[]) => scoreTarget((x) => tf.tidy(() => tf.add(tf.mul(x, 0), tf.tensor2d([v]))) as tf.Tensor2D);
    const noBounds = svgdStep(constant([-1, 1]), { optimizer, maskBlocked: true })(s0);
    expect(E.isLeft(noBounds) && noBounds.left.message).toBe('maskBlocked needs bounds: it masks the coordinates blocked by the box [low, high].');
    // SVGD, score (−1, 1): coordinate 0 is blocked, so Adam's first moment stays 0 there.
    const firstMoment = (maskBlocked: boolean) => {
      const s1 = right(svgdStep(constant([-1, 1]), { optimizer, bounds: [0, 1], maskBlocked })(s0)).state;
      const m = s1.optimizer.slots[0]!.arraySync()[0]!;
      disposeSamplerState(s1);
      return m;
    };
    expect(firstMoment(true)).toEqual([0, expect.closeTo(-0.1, 6)]);
    expect(firstMoment(false)[0]).toBeCloseTo(0.1, 6);
    // Two targets (−2, 1) and (−1, −1): both point out of the box in coordinate 0. Masked, the
    // scores are (0, 1) and (0, −1) and the min-norm weights are (½, ½); unmasked, the Gramian
    // [[5, 1], [1, 2]] gives (0.2, 0.8).
    const targets = [constant([-2, 1]), constant([-1, -1])];
    for (const maskBlocked of [true, false]) {
      const expected = maskBlocked ? [0.5, 0.5] : [0.2, 0.8];
      const mt = right(mtSgdStep(targets, { optimizer, bounds: [0, 1], maskBlocked })(s0));
      const moo = right(mooSvgdStep(targets, { optimizer, bounds: [0, 1], maskBlocked })(s0));
      [...mt.weights, ...moo.weights[0]!].forEach((w, i) => expect(w).toBeCloseTo(expected[i % 2]!, 6));
      disposeSamplerState(mt.state);
      disposeSamplerState(moo.state);
    }
    disposeSamplerState(s0);
    x0.dispose();
  });
});
