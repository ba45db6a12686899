import { fc, test } from '@fast-check/vitest';
import { Key, leakedTensors, tf } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { checkMixture, GAUSSIAN_TOY, toyInitialParticles, mixtureLogDensity, mixtureLogDensity64, mixtureScore, mixtureScore64 } from './gaussian-toy.js';

const point = fc.tuple(fc.double({ min: -8, max: 8, noNaN: true }), fc.double({ min: -8, max: 8, noNaN: true }));
const target = fc.integer({ min: 0, max: 2 });

describe('the three-Gaussian toy of seed 002', () => {
  it('is the authors’ targets: weights 0.7/0.3, covariance 0.5·I', () => {
    expect(GAUSSIAN_TOY.map((p) => p.means)).toEqual([
      [[4, -4], [0, 0.5]],
      [[-4, 4], [0.5, 0]],
      [[-3, -3], [0, 0]],
    ]);
    GAUSSIAN_TOY.forEach((p) => {
      expect(p.weights).toEqual([0.7, 0.3]);
      expect(p.variance).toBe(0.5);
      expect(E.isRight(checkMixture(p))).toBe(true);
    });
  });

  test.prop([target, point], { seed: 42, numRuns: 100 })('float64 log-density is the mixture formula written out', (t, [x, y]) => {
    const p = GAUSSIAN_TOY[t]!;
    const density = p.means.reduce((s, [mx, my], k) => s + (p.weights[k]! / (2 * Math.PI * p.variance)) * Math.exp(-((x - mx!) ** 2 + (y - my!) ** 2) / (2 * p.variance)), 0);
    if (density > 1e-300) expect(mixtureLogDensity64(p, [x, y])).toBeCloseTo(Math.log(density), 9);
  });

  test.prop([target, point], { seed: 42, numRuns: 100 })('the closed-form score is the gradient of the log-density (central differences, float64)', (t, [x, y]) => {
    const p = GAUSSIAN_TOY[t]!;
    const s = mixtureScore64(p, [x, y]);
    const h = 1e-5;
    const fd = [
      (mixtureLogDensity64(p, [x + h, y]) - mixtureLogDensity64(p, [x - h, y])) / (2 * h),
      (mixtureLogDensity64(p, [x, y + h]) - mixtureLogDensity64(p, [x, y - h])) / (2 * h),
    ];
    fd.forEach((g, i) => expect(Math.abs(s[i]! - g)).toBeLessThan(1e-5 * Math.max(1, Math.abs(g))));
  });

  test.prop([target, fc.array(point, { minLength: 1, maxLength: 6 })], { seed: 42, numRuns: 40 })('tf log-density, its autodiff gradient and the tf score agree with float64', (t, pts) => {
    const p = GAUSSIAN_TOY[t]!;
    const x = tf.tensor2d(pts.map(([a, b]) => [a, b]));
    const logp = mixtureLogDensity(p)(x);
    const auto = tf.grad((z: tf.Tensor) => tf.sum(mixtureLogDensity(p)(z as tf.Tensor2D)))(x);
    const closed = mixtureScore(p)(x);
    const [lv, av, cv] = [logp.arraySync(), auto.arraySync() as number[][], closed.arraySync()];
    tf.dispose([x, logp, auto, closed]);
    pts.forEach((pt, r) => {
      const ref = mixtureLogDensity64(p, pt);
      expect(Math.abs(lv[r]! - ref)).toBeLessThan(1e-5 * Math.max(1, Math.abs(ref)));
      const s = mixtureScore64(p, pt);
      s.forEach((v, i) => {
        expect(Math.abs(av[r]![i]! - v)).toBeLessThan(1e-4 * Math.max(1, Math.abs(v)));
        expect(Math.abs(cv[r]![i]! - v)).toBeLessThan(1e-4 * Math.max(1, Math.abs(v)));
      });
    });
  });

  it('all three targets have mass near the origin and only there', () => {
    const joint = (x: number[]) => GAUSSIAN_TOY.reduce((s, p) => s + mixtureLogDensity64(p, x), 0);
    expect(joint([0.2, 0.2])).toBeGreaterThan(joint([4, -4]) + 20);
    expect(joint([0.2, 0.2])).toBeGreaterThan(joint([-4, 4]) + 20);
    expect(joint([0.2, 0.2])).toBeGreaterThan(joint([-3, -3]) + 20);
  });

  it('draws starting particles from 5·N(0, I) clipped to ±10, deterministically', () => {
    const p = toyInitialParticles(Key.fromSeed(1), 4000);
    const xs = E.isRight(p) ? Array.from(p.right) : [];
    expect(xs).toHaveLength(8000);
    expect(Math.max(...xs.map(Math.abs))).toBeLessThan(10);
    const sd = Math.sqrt(xs.reduce((s, v) => s + v * v, 0) / xs.length);
    expect(sd).toBeGreaterThan(4.5);
    expect(sd).toBeLessThan(5);
    expect(toyInitialParticles(Key.fromSeed(1), 3)).toEqual(toyInitialParticles(Key.fromSeed(1), 3));
    expect(E.isLeft(toyInitialParticles(Key.fromSeed(1), 0))).toBe(true);
  });

  it('leaks no tensor and rejects malformed mixtures', () => {
    const x = tf.tensor2d([[0, 1], [2, 3]]);
    expect(leakedTensors(() => mixtureLogDensity(GAUSSIAN_TOY[0]!)(x))).toBe(0);
    expect(leakedTensors(() => mixtureScore(GAUSSIAN_TOY[1]!)(x))).toBe(0);
    x.dispose();
    const base = GAUSSIAN_TOY[0]!;
    expect(E.isLeft(checkMixture({ ...base, weights: [0.5, 0.6] }))).toBe(true);
    expect(E.isLeft(checkMixture({ ...base, variance: 0 }))).toBe(true);
    expect(E.isLeft(checkMixture({ ...base, means: [[1, 2], [3]] }))).toBe(true);
    expect(E.isLeft(checkMixture({ ...base, weights: [1] }))).toBe(true);
  });
});
