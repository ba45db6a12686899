import { leakedTensors, tf } from '@mtlkit/core';
import { fc, test } from '@fast-check/vitest';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { rhoSharpness, type RhoSharpness } from './rho-sharpness.js';
import { leftMessage, right } from './test-either.js';

/** L(θ) = ‖θ‖² over all parameter tensors. */
const squaredNorm = (ps: tf.Tensor[]): tf.Scalar => tf.addN(ps.map((p) => tf.sum(tf.square(p)))) as tf.Scalar;

describe('rhoSharpness', () => {
  it('on ‖θ‖² it is the exact maximum 2ρ‖θ‖ + ρ², the norm taken over all parameters jointly', () => {
    // θ split into two tensors: (3) and [[4]], ‖θ‖ = 5; ρ = 0.5 -> 5 + 0.25.
    const params = [tf.tensor1d([3]), tf.tensor2d([[4]])];
    const r = right(rhoSharpness(squaredNorm, params, 0.5));
    expect(r.loss).toBe(25);
    expect(r.gradientNorm).toBeCloseTo(10, 5);
    expect(r.perturbedLoss).toBeCloseTo(30.25, 4);
    expect(r.sharpness).toBeCloseTo(5.25, 4);
    // The parameters are left as they were.
    expect(Array.from(params[0]!.dataSync())).toEqual([3]);
    tf.dispose(params);
  });

  test.prop([fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 2, maxLength: 6 }), fc.double({ min: 0.01, max: 2, noNaN: true })], { seed: 42, numRuns: 40 })(
    'on a linear loss ⟨a, θ⟩ it is ρ‖a‖, the maximum over the ball',
    (a, rho) => {
      const norm = Math.hypot(...a.map(Math.fround));
      fc.pre(norm > 1e-3);
      const at = tf.tensor1d(a);
      const theta = tf.tensor1d(a.map((_, i) => i * 0.1));
      const r = right(rhoSharpness((ps) => tf.sum(tf.mul(at, ps[0]!)), [theta], rho));
      expect(r.sharpness).toBeCloseTo(rho * norm, 3);
      expect(r.gradientNorm).toBeCloseTo(norm, 4);
      tf.dispose([at, theta]);
    },
  );

  it('ρ = 0 and a zero gradient give 0', () => {
    const theta = tf.tensor1d([0, 0]);
    expect(right(rhoSharpness(squaredNorm, [theta], 1)).sharpness).toBe(0);
    const t2 = tf.tensor1d([1, 2]);
    expect(right(rhoSharpness(squaredNorm, [t2], 0))).toMatchObject({ sharpness: 0, loss: 5 });
    tf.dispose([theta, t2]);
  });

  it('Left on bad ρ, parameters and closures', () => {
    const t = tf.tensor1d([1, 2]);
    expect(leftMessage(rhoSharpness(squaredNorm, [t], -1))).toBe('ρ must be a finite number ≥ 0, got -1.');
    expect(leftMessage(rhoSharpness(squaredNorm, [], 1))).toBe('the parameter list is empty.');
    expect(leftMessage(rhoSharpness((ps) => tf.mul(tf.sum(ps[0]!), Number.NaN) as tf.Scalar, [t], 1))).toBe('the loss closure returned NaN; it must be finite.');
    expect(leftMessage(rhoSharpness((ps) => tf.mul(ps[0]!, 2) as unknown as tf.Scalar, [t], 1))).toMatch(/scalar/);
    expect(leftMessage(rhoSharpness(() => { throw new Error('boom'); }, [t], 1))).toBe('the loss closure threw: boom');
    const gone = tf.tensor1d([1]);
    gone.dispose();
    expect(leftMessage(rhoSharpness(squaredNorm, [gone], 1))).toBe('parameter 0 has been disposed.');
    t.dispose();
  });

  it('leaks no tensor, on success and on a throwing closure', () => {
    const params = [tf.tensor1d([3]), tf.tensor2d([[4]])];
    expect(leakedTensors(() => rhoSharpness(squaredNorm, params, 0.5))).toBe(0);
    expect(leakedTensors(() => rhoSharpness((ps) => { tf.square(ps[0]!); throw new Error('boom'); }, params, 0.5))).toBe(0);
    tf.dispose(params);
  });

  it('gives a parameter the loss does not use gradient 0, and leaks nothing', () => {
    const used = tf.tensor1d([3, 4]);
    const unused = tf.tensor1d([1]);
    const loss = (ps: tf.Tensor[]) => tf.sum(tf.square(ps[0]!)) as tf.Scalar;
    let r: E.Either<unknown, RhoSharpness> | undefined;
    expect(leakedTensors(() => (r = rhoSharpness(loss, [used, unused], 0.5)))).toBe(0);
    // ‖θ‖² with θ = (3, 4): L = 25, ∇ = 2θ (norm 10), L(θ + 0.5 θ/‖θ‖) = (5.5)² = 30.25.
    expect(E.isRight(r!) && r.right.gradientNorm).toBeCloseTo(10, 5);
    expect(E.isRight(r!) && r.right.sharpness).toBeCloseTo(5.25, 4);
    tf.dispose([used, unused]);
  });
});
