import { Key, leakedTensors, tf } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { perturbationCurve } from './perturbation-curve.js';
import { leftMessage, right } from './test-either.js';

const squaredNorm = (ps: tf.Tensor[]): tf.Scalar => tf.addN(ps.map((p) => tf.sum(tf.square(p)))) as tf.Scalar;

describe('perturbationCurve (seed 003 D.5)', () => {
  it('on the sphere around θ = 0, ‖θ + ε‖² = r² for every sample', () => {
    const params = [tf.zeros([3]), tf.zeros([2, 2])];
    const curve = right(perturbationCurve(squaredNorm, params, { radii: [0, 1, 2.5], samples: 4, key: Key.fromSeed(1) }));
    expect(curve.map((p) => p.radius)).toEqual([0, 1, 2.5]);
    expect(curve[0]!.values).toEqual([0, 0, 0, 0]);
    for (const p of curve.slice(1)) {
      expect(p.values).toHaveLength(4);
      for (const v of p.values) expect(v).toBeCloseTo(p.radius ** 2, 5);
      expect(p.std).toBeLessThan(1e-5);
    }
    tf.dispose(params);
  });

  it("'ball' stays inside the ball; the same key gives the same curve, another key another", () => {
    const params = [tf.tensor1d([1, -1, 0.5])];
    const opts = { radii: [0.5], samples: 6, key: Key.fromSeed(7) };
    const origin = tf.zeros([5]);
    const ball = right(perturbationCurve(squaredNorm, [origin], { ...opts, on: 'ball' }));
    for (const v of ball[0]!.values) expect(v).toBeLessThanOrEqual(0.25 + 1e-6);
    // Inside, not on the sphere (where every value is r² = 0.25): ‖ε‖ = r u^{1/5} < r.
    expect(Math.min(...ball[0]!.values)).toBeLessThan(0.25 - 1e-3);
    origin.dispose();
    const a = right(perturbationCurve(squaredNorm, params, opts));
    const b = right(perturbationCurve(squaredNorm, params, opts));
    const c = right(perturbationCurve(squaredNorm, params, { ...opts, key: Key.fromSeed(8) }));
    expect(b).toEqual(a);
    expect(c[0]!.values).not.toEqual(a[0]!.values);
    // ‖θ + ε‖² = ‖θ‖² + r² + 2⟨θ, ε⟩ lies within (‖θ‖ ± r)².
    for (const v of a[0]!.values) {
      expect(v).toBeGreaterThanOrEqual((1.5 - 0.5) ** 2 - 1e-5);
      expect(v).toBeLessThanOrEqual((1.5 + 0.5) ** 2 + 1e-5);
    }
    expect(a[0]!.min).toBeLessThanOrEqual(a[0]!.mean);
    expect(a[0]!.max).toBeGreaterThanOrEqual(a[0]!.mean);
    tf.dispose(params);
  });

  it('Left on bad options and closures', () => {
    const t = tf.tensor1d([1]);
    const key = Key.fromSeed(0);
    expect(leftMessage(perturbationCurve(squaredNorm, [t], { radii: [], key }))).toBe('radii is empty; give at least one radius.');
    expect(leftMessage(perturbationCurve(squaredNorm, [t], { radii: [-1], key }))).toBe('every radius must be a finite number ≥ 0, got -1.');
    expect(leftMessage(perturbationCurve(squaredNorm, [t], { radii: [1], samples: 0, key }))).toBe('samples must be an integer ≥ 1, got 0.');
    expect(leftMessage(perturbationCurve(() => tf.scalar(Number.POSITIVE_INFINITY), [t], { radii: [1], key }))).toBe('the evaluate closure returned Infinity; it must be finite.');
    t.dispose();
  });

  it('leaks no tensor', () => {
    const params = [tf.tensor1d([1, 2])];
    expect(leakedTensors(() => perturbationCurve(squaredNorm, params, { radii: [0, 1], samples: 3, key: Key.fromSeed(3) }))).toBe(0);
    const throwing = (ps: tf.Tensor[]): tf.Scalar => {
      tf.square(ps[0]!);
      throw new Error('boom');
    };
    const r = perturbationCurve(throwing, params, { radii: [1], key: Key.fromSeed(3) });
    expect(E.isLeft(r) && r.left.message).toBe('the evaluate closure threw: boom');
    expect(leakedTensors(() => perturbationCurve(throwing, params, { radii: [1], key: Key.fromSeed(3) }))).toBe(0);
    tf.dispose(params);
  });
});
