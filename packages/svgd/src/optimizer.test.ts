import { leakedTensors, tf } from '@mtlkit/core';
import { fc, test } from '@fast-check/vitest';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { right } from './either.test-util.js';
import { adam, disposeOptimizerState, sgd } from './optimizer.js';

describe('particle optimisers', () => {
  test.prop(
    [
      fc.array(fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 4 }),
      fc.double({ min: 1e-4, max: 0.1, noNaN: true }),
    ],
    { seed: 42, numRuns: 40 },
  )('Adam on −φ matches a float64 re-computation over three steps', (phis, lr) => {
    const opt = adam({ learningRate: lr });
    const x0 = tf.zeros([1, 3]) as tf.Tensor2D;
    let x = x0;
    let state = right(opt.init(x0));
    const ref = { x: [0, 0, 0], m: [0, 0, 0], v: [0, 0, 0] };
    phis.forEach((phi, t) => {
      const dir = tf.tensor2d([phi]);
      const [nx, ns] = opt.update(state, x, dir);
      if (x !== x0) x.dispose();
      disposeOptimizerState(state);
      dir.dispose();
      x = nx;
      state = ns;
      for (let l = 0; l < 3; l++) {
        const g = -Math.fround(phi[l]!);
        ref.m[l] = 0.9 * ref.m[l]! + 0.1 * g;
        ref.v[l] = 0.999 * ref.v[l]! + 0.001 * g * g;
        const mh = ref.m[l]! / (1 - 0.9 ** (t + 1));
        const vh = ref.v[l]! / (1 - 0.999 ** (t + 1));
        ref.x[l] = ref.x[l]! - (lr * mh) / (Math.sqrt(vh) + 1e-8);
      }
    });
    const got = Array.from(x.dataSync());
    got.forEach((v, l) => expect(Math.abs(v - ref.x[l]!)).toBeLessThanOrEqual(1e-5 + 1e-4 * Math.abs(ref.x[l]!)));
    expect(state.t).toBe(phis.length);
    if (x !== x0) x.dispose();
    x0.dispose();
    disposeOptimizerState(state);
  });

  it('sgd moves along φ', () => {
    const opt = sgd({ learningRate: 0.5 });
    const x = tf.tensor2d([[1, 2]]);
    const phi = tf.tensor2d([[2, -2]]);
    const [nx] = opt.update(right(opt.init(x)), x, phi);
    expect(Array.from(nx.dataSync())).toEqual([2, 1]);
    tf.dispose([x, phi, nx]);
  });

  it('refuses bad options at init', () => {
    const x = tf.zeros([1, 1]) as tf.Tensor2D;
    expect(E.isLeft(adam({ beta1: 1 }).init(x))).toBe(true);
    expect(E.isLeft(adam({ epsilon: 0 }).init(x))).toBe(true);
    expect(E.isLeft(sgd({ learningRate: NaN }).init(x))).toBe(true);
    x.dispose();
  });

  it('leaks no tensor', () => {
    const opt = adam();
    const x = tf.tensor2d([[1, 2]]);
    const phi = tf.tensor2d([[2, -2]]);
    const s = right(opt.init(x));
    expect(leakedTensors(() => opt.update(s, x, phi))).toBe(0);
    disposeOptimizerState(s);
    tf.dispose([x, phi]);
  });
});
