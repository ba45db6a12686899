import { fc, test } from '@fast-check/vitest';
import { leakedTensors, tf } from '@mtlkit/core';
import { describe, expect, it } from 'vitest';
import { adam, adamW } from './adam.js';
import { disposeOptimizerState, momentum, sgd, type Optimizer, type OptimizerState } from './optimizer.js';

/** Runs an optimiser for the given gradients on one parameter vector; returns the trajectory. */
const run = (opt: Optimizer, p0: number[], grads: number[][], lr: number): number[][] => {
  let params: tf.Tensor[] = [tf.tensor1d(p0)];
  let state: OptimizerState = opt.init(params);
  const out: number[][] = [];
  for (const g of grads) {
    const gt = tf.tensor1d(g);
    const [next, nextState] = opt.update(state, params, [gt], lr);
    tf.dispose([gt, ...params]);
    disposeOptimizerState(state);
    params = next;
    state = nextState;
    out.push(Array.from(params[0]!.dataSync()));
  }
  tf.dispose(params);
  disposeOptimizerState(state);
  return out;
};

/** torch.optim.Adam / AdamW recomputed in float64. */
const adam64 = (p0: number[], grads: number[][], lr: number, wd: number, decoupled: boolean): number[][] => {
  const [b1, b2, eps] = [0.9, 0.999, 1e-8];
  let p = p0.slice();
  let m = p.map(() => 0);
  let v = p.map(() => 0);
  return grads.map((g0, k) => {
    const t = k + 1;
    const g = g0.map((gi, i) => (decoupled ? gi : gi + wd * p[i]!));
    if (decoupled) p = p.map((pi) => pi * (1 - lr * wd));
    m = m.map((mi, i) => b1 * mi + (1 - b1) * g[i]!);
    v = v.map((vi, i) => b2 * vi + (1 - b2) * g[i]! ** 2);
    p = p.map((pi, i) => pi - (lr * (m[i]! / (1 - b1 ** t))) / (Math.sqrt(v[i]! / (1 - b2 ** t)) + eps));
    return p.slice();
  });
};

const vec = fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 3, maxLength: 3 });
const params = { seed: 31337, numRuns: 25 };
const close = (a: number[][], b: number[][]) => a.forEach((row, k) => row.forEach((v, i) => expect(Math.abs(v - b[k]![i]!)).toBeLessThan(1e-4 * (1 + Math.abs(b[k]![i]!)))));

describe('optimisers', () => {
  test.prop([vec, fc.array(vec, { minLength: 1, maxLength: 6 })], params)('Adam matches a float64 torch.optim.Adam', (p0, grads) => {
    close(run(adam(), p0, grads, 0.01), adam64(p0, grads, 0.01, 0, false));
    close(run(adam({ weightDecay: 0.1 }), p0, grads, 0.01), adam64(p0, grads, 0.01, 0.1, false));
  });

  test.prop([vec, fc.array(vec, { minLength: 1, maxLength: 6 })], params)('AdamW matches a float64 torch.optim.AdamW', (p0, grads) => {
    close(run(adamW({ weightDecay: 0.05 }), p0, grads, 0.01), adam64(p0, grads, 0.01, 0.05, true));
  });

  it('SGD and momentum follow their closed forms', () => {
    close(run(sgd(), [1, 2], [[0.5, -1], [0.5, -1]], 0.1), [[0.95, 2.1], [0.9, 2.2]]);
    // v1 = g, v2 = 0.9 g + g = 1.9 g: p2 = p0 − lr·(1 + 1.9)·g
    close(run(momentum(), [1], [[1], [1]], 0.1), [[0.9], [0.71]]);
    // Nesterov: p ← p − lr·(g + β v): 1 − 0.1·1.9 = 0.81, then v2 = 1.9, step 1 + 0.9·1.9 = 2.71
    close(run(momentum({ nesterov: true }), [1], [[1], [1]], 0.1), [[0.81], [0.539]]);
  });

  test.prop([vec, vec], params)('a zero learning rate leaves the parameters unchanged', (p0, g) => {
    for (const opt of [sgd(), momentum(), adam(), adamW({ weightDecay: 0 })]) expect(run(opt, p0, [g], 0)[0]!.map((v) => v + 0)).toEqual(p0.map((v) => Math.fround(v) + 0));
  });

  it('leaks no tensor', () => {
    const p = [tf.tensor1d([1, 2])];
    const g = [tf.tensor1d([0.1, 0.2])];
    for (const opt of [sgd(), momentum(), adam(), adamW()]) {
      const s = opt.init(p);
      expect(leakedTensors(() => opt.update(s, p, g, 0.1))).toBe(0);
      disposeOptimizerState(s);
    }
    tf.dispose([...p, ...g]);
  });
});
