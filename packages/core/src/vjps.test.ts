import { fc, test } from '@fast-check/vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { leakedTensors } from './leaks.js';
import { vjps, type Vjps } from './vjps.js';
import { randn as seededRandn } from './wasm/test-support.js';

const randn = (seed: number, shape: number[]) => seededRandn<tf.Tensor>(seed, shape);

/** A two-task HPS net: shared dense + tanh, two heads; outputs [L₀, L₁, z]. */
const net = (seed: number) => {
  const x = randn(seed, [6, 4]);
  const params = [randn(seed + 1, [4, 5]), randn(seed + 2, [5]), randn(seed + 3, [5, 2]), randn(seed + 4, [5, 3])];
  const f = () => {
    const [w, b, h0, h1] = params as [tf.Tensor2D, tf.Tensor1D, tf.Tensor2D, tf.Tensor2D];
    const z = tf.tanh(tf.add(tf.matMul(x, w), b));
    return [tf.mean(tf.square(tf.matMul(z, h0))), tf.sum(tf.sin(tf.matMul(z, h1))), z];
  };
  return { x, params, f };
};

const owned = (r: Vjps) => [...r.values, ...r.grads.flat().filter((g): g is tf.Tensor => g !== null)];

/** The same product by tf.grads of Σᵢ ⟨yᵢ, dyᵢ⟩ (f run again). */
const reference = (f: () => tf.Tensor[], xs: tf.Tensor[], cotangent: readonly (tf.Tensor | null)[]): tf.Tensor[] =>
  tf.tidy(() => {
    const { grads } = tf.engine().gradients(() => tf.addN(f().flatMap((y, i) => (cotangent[i] == null ? [] : [tf.sum(tf.mul(y, cotangent[i]!))]))), xs, undefined, true);
    return xs.map((x, k) => grads[k] ?? tf.zerosLike(x));
  });

describe('vjps', () => {
  test.prop([fc.integer({ min: 1, max: 1000 })], { seed: 42, numRuns: 20 })('equals tf.grads run once per cotangent', (seed) => {
    const { params, f, x } = net(seed);
    const dz = randn(seed + 9, [6, 5]);
    const cotangents: (tf.Tensor | null)[][] = [
      [tf.scalar(1), null, null],
      [null, tf.scalar(1), null],
      [tf.scalar(0.3), tf.scalar(-2), dz],
    ];
    const r = vjps(f, params, cotangents);
    if (E.isLeft(r)) throw new Error(r.left.message);
    r.right.values.forEach((v, i) => expect(Array.from(v.dataSync())).toEqual(Array.from(tf.tidy(() => f()[i]!).dataSync())));
    cotangents.forEach((cotangent, j) => {
      const ref = reference(f, params, cotangent);
      ref.forEach((g, k) => {
        const want = Array.from(g.dataSync());
        const have = r.right.grads[j]![k]!;
        if (have === null) {
          expect(want.every((v) => v === 0)).toBe(true);
          return;
        }
        Array.from(have.dataSync()).forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(want[i]!))));
      });
      tf.dispose(ref);
    });
    tf.dispose([...owned(r.right), ...cotangents.flat().filter((t): t is tf.Tensor => t !== null), x, ...params, dz]);
  });

  it('skips what a cotangent does not reach: the other head gets null', () => {
    const { params, f, x } = net(3);
    const cotangents: (tf.Tensor | null)[][] = [[tf.scalar(1), null, null]];
    const r = vjps(f, params, cotangents);
    if (E.isLeft(r)) throw new Error(r.left.message);
    expect(r.right.grads[0]![3]).toBeNull();
    expect(r.right.grads[0]![2]).not.toBeNull();
    tf.dispose([...owned(r.right), ...cotangents.flat().filter((t): t is tf.Tensor => t !== null), x, ...params]);
  });

  it('runs the forward pass once', () => {
    const w = tf.tensor1d([1, 2, 3]);
    let calls = 0;
    const f = () => {
      calls++;
      return [tf.sum(tf.square(w)), tf.sum(tf.exp(w))];
    };
    const one = tf.scalar(1);
    const r = vjps(f, [w], [[one, null], [null, one]]);
    if (E.isLeft(r)) throw new Error(r.left.message);
    expect(calls).toBe(1);
    expect(Array.from(r.right.grads[0]![0]!.dataSync())).toEqual([2, 4, 6]);
    Array.from(r.right.grads[1]![0]!.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(Math.exp(i + 1), 4));
    tf.dispose([...owned(r.right), one, w]);
  });

  it('works inside another gradient (then one pass of f per cotangent)', () => {
    const w = tf.tensor1d([0.5, -1]);
    const one = tf.scalar(1);
    const g = tf.grad((v: tf.Tensor) => {
      const r = vjps(() => [tf.sum(tf.mul(tf.square(v), 3))], [v], [[one]]);
      if (E.isLeft(r)) throw new Error(r.left.message);
      return tf.sum(tf.square(r.right.grads[0]![0]!));
    })(w);
    // d/dv Σ (6v)² = 72 v
    expect(Array.from(g.dataSync())).toEqual([36, -72]);
    tf.dispose([w, g, one]);
  });

  it('names a cotangent that does not fit the outputs inside another gradient too', () => {
    const w = tf.tensor1d([1, 2]);
    const dy = tf.tensor1d([1, 0, 0]);
    let message = '';
    const g = tf.grad((v: tf.Tensor) => {
      const r = vjps(() => [tf.mul(v, 2)], [v], [[dy]]);
      message = E.isLeft(r) ? r.left.message : 'Right';
      return tf.sum(v);
    })(w);
    expect(message).toMatch(/cotangent 0 of output 0 has shape \[3\].*\[2\]/);
    tf.dispose([w, dy, g]);
  });

  it('leaks nothing, including the tensors the tape saved', () => {
    const { params, f, x } = net(5);
    const one = tf.scalar(1);
    expect(leakedTensors(() => vjps(f, params, [[one, null, null], [null, one, null]]))).toBe(0);
    tf.dispose([one, x, ...params]);
  });

  it('names a cotangent that does not fit the outputs, an empty xs and a non-float output', () => {
    const w = tf.tensor1d([1, 2]);
    const dy = tf.tensor1d([1, 0, 0]);
    const before = tf.memory().numTensors;
    const r = vjps(() => [tf.mul(w, 2)], [w], [[dy]]);
    expect(E.isLeft(r) && r.left.message).toMatch(/cotangent 0 of output 0 has shape \[3\].*\[2\]/);
    const count = vjps(() => [tf.mul(w, 2)], [w], [[null, null]]);
    expect(E.isLeft(count) && count.left.message).toMatch(/2 entries but f has 1 outputs/);
    expect(E.isLeft(vjps(() => [tf.mul(w, 2)], [], [[dy]]))).toBe(true);
    const ints = vjps(() => [tf.cast(w, 'int32')], [w], [[null]]);
    expect(E.isLeft(ints) && ints.left.message).toMatch(/int32/);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([w, dy]);
  });
});
