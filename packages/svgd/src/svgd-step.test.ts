import { Key, tf } from '@mtlkit/core';
import { fc, test } from '@fast-check/vitest';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { right } from './either.test-util.js';
import { stepLeaks } from './leaks.test-util.js';
import { adam, sgd } from './optimizer.js';
import { normalParticles } from './particles.js';
import { rbfKernel } from './rbf.js';
import { disposeSamplerState, initSampler, type SamplerState } from './sampler.js';
import { svgdStep } from './svgd-step.js';
import { logDensityTarget, scoreTarget } from './target.js';

/** log N(θ; μ, σ²I) up to a constant. */
const gaussian = (mu: readonly number[], sigma: number) =>
  logDensityTarget((x) => tf.tidy(() => tf.div(tf.sum(tf.square(tf.sub(x, tf.tensor1d([...mu]))), 1), -2 * sigma * sigma) as tf.Tensor1D));

describe('svgdStep', () => {
  test.prop(
    [
      fc.integer({ min: 1, max: 4 }).chain((d) =>
        fc.tuple(
          fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: d, maxLength: d }),
          fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: d, maxLength: d }),
          fc.double({ min: 0.5, max: 2, noNaN: true }),
          fc.double({ min: 1e-3, max: 0.5, noNaN: true }),
        ),
      ),
    ],
    { seed: 42, numRuns: 60 },
  )('with one particle is gradient ascent on log p: θ + ε∇log p(θ)', ([theta, mu, sigma, lr]) => {
    const optimizer = sgd({ learningRate: lr });
    const X = tf.tensor2d([theta]);
    const s0 = right(initSampler(X, optimizer));
    const { state } = right(svgdStep(gaussian(mu, sigma), { optimizer })(s0));
    const got = Array.from(state.particles.dataSync());
    [s0, state].forEach(disposeSamplerState);
    X.dispose();
    theta.forEach((t, l) => {
      const t32 = Math.fround(t);
      const want = t32 + lr * (-(t32 - Math.fround(mu[l]!)) / (sigma * sigma));
      expect(Math.abs(got[l]! - want)).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(want)));
    });
  });

  it('samples a Gaussian: mean and spread of 50 particles after 500 Adam steps', () => {
    const optimizer = adam({ learningRate: 0.05 });
    const X = right(normalParticles(Key.fromSeed(1), 50, 1, { mean: -4, std: 0.5 }));
    let s: SamplerState = right(initSampler(X, optimizer));
    X.dispose();
    const step = svgdStep(gaussian([2], 1.5), { optimizer });
    for (let t = 0; t < 500; t++) {
      const next = right(step(s)).state;
      disposeSamplerState(s);
      s = next;
    }
    const x = Array.from(s.particles.dataSync());
    disposeSamplerState(s);
    const mean = x.reduce((a, v) => a + v, 0) / x.length;
    const std = Math.sqrt(x.reduce((a, v) => a + (v - mean) ** 2, 0) / x.length);
    expect(Math.abs(mean - 2)).toBeLessThan(0.1);
    // SVGD with a finite number of particles slightly under-disperses; within 15% of σ = 1.5.
    expect(Math.abs(std - 1.5)).toBeLessThan(0.15 * 1.5);
  });

  it('returns Lefts for a bad target, bad options and a state of another optimiser', () => {
    const X = tf.tensor2d([[0, 1], [1, 0]]);
    const s = right(initSampler(X, sgd()));
    const r1 = svgdStep(scoreTarget((x) => tf.sum(x, 1, true) as tf.Tensor2D), { optimizer: sgd() })(s);
    expect(E.isLeft(r1) && r1.left._tag === 'ShapeMismatch').toBe(true);
    const r2 = svgdStep(gaussian([0, 0], 1), { optimizer: adam() })(s);
    expect(E.isLeft(r2) && r2.left.message.includes("made by the 'sgd' optimiser but the step uses 'adam'")).toBe(true);
    const r3 = svgdStep(gaussian([0, 0], 1), { optimizer: sgd(), bounds: [1, 0] })(s);
    expect(E.isLeft(r3) && r3.left.message.includes('bounds')).toBe(true);
    const r4 = initSampler(X, adam({ learningRate: -1 }));
    expect(E.isLeft(r4) && r4.left.message.includes('learningRate must be positive')).toBe(true);
    const r5 = svgdStep(gaussian([0, 0], 1), { optimizer: sgd(), kernel: rbfKernel({ bandwidth: 0 }) })(s);
    expect(E.isLeft(r5) && r5.left._tag === 'InvalidArgument').toBe(true);
    disposeSamplerState(s);
    X.dispose();
  });

  it('clips to the bounds', () => {
    const optimizer = sgd({ learningRate: 10 });
    const X = tf.tensor2d([[0.5], [0.6]]);
    const s = right(initSampler(X, optimizer));
    const { state } = right(svgdStep(gaussian([100], 1), { optimizer, bounds: [0, 1] })(s));
    expect(Array.from(state.particles.dataSync())).toEqual([1, 1]);
    [s, state].forEach(disposeSamplerState);
    X.dispose();
  });

  it('leaks no tensor over 1,000 steps', () => {
    const optimizer = adam({ learningRate: 0.01 });
    const X = tf.tensor2d([[0, 1], [1, 0], [2, 2], [-1, 0.5]]);
    const step = svgdStep(gaussian([0.5, 0.5], 1), { optimizer });
    expect(stepLeaks(step, X, optimizer, 1000)).toEqual({ oneStep: 0, run: 0 });
    X.dispose();
  });
});
