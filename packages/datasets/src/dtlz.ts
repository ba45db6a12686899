import { invalidArgument, Key, tf, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { checkPoint, positiveCount, type MultiObjectiveProblem } from './problem.js';

export interface DtlzOptions {
  /** Number of objectives M (default 3, at least 2). */
  readonly objectives?: number;
  /** Size k of the distance block x_M..x_n (default 5 for DTLZ1, 10 for DTLZ2, as in Deb et al.); n = M + k − 1. */
  readonly k?: number;
}

const HALF_PI = Math.PI / 2;

const g64 = (which: 1 | 2, x: ArrayLike<number>, M: number): number => {
  let s = 0;
  for (let i = M - 1; i < x.length; i++) {
    const d = x[i]! - 0.5;
    s += which === 1 ? d * d - Math.cos(20 * Math.PI * d) : d * d;
  }
  return which === 1 ? 100 * (x.length - M + 1 + s) : s;
};

const evaluate64 = (which: 1 | 2, x: ArrayLike<number>, M: number): Float64Array => {
  const g = g64(which, x, M);
  const f = new Float64Array(M);
  for (let j = 0; j < M; j++) {
    // f_{j+1} = scale · Π_{i < M−1−j} a(x_i) · (j > 0 ? b(x_{M−1−j}) : 1)
    let v = which === 1 ? 0.5 * (1 + g) : 1 + g;
    for (let i = 0; i < M - 1 - j; i++) v *= which === 1 ? x[i]! : Math.cos(x[i]! * HALF_PI);
    if (j > 0) v *= which === 1 ? 1 - x[M - 1 - j]! : Math.sin(x[M - 1 - j]! * HALF_PI);
    f[j] = v;
  }
  return f;
};

const objectivesTensor =
  (which: 1 | 2, M: number, n: number) =>
  (theta: tf.Tensor2D): tf.Tensor2D =>
    tf.tidy(() => {
      const col = (i: number) => tf.reshape(tf.slice(theta, [0, i], [-1, 1]), [-1]);
      const d = tf.sub(tf.slice(theta, [0, M - 1], [-1, n - M + 1]), 0.5);
      const g =
        which === 1 ? tf.mul(100, tf.add(n - M + 1, tf.sum(tf.sub(tf.square(d), tf.cos(tf.mul(20 * Math.PI, d))), 1))) : tf.sum(tf.square(d), 1);
      const scale = which === 1 ? tf.mul(0.5, tf.add(1, g)) : tf.add(1, g);
      const a = (i: number) => (which === 1 ? col(i) : tf.cos(tf.mul(HALF_PI, col(i))));
      const b = (i: number) => (which === 1 ? tf.sub(1, col(i)) : tf.sin(tf.mul(HALF_PI, col(i))));
      const fs = Array.from({ length: M }, (_, j) => {
        let v: tf.Tensor = scale;
        for (let i = 0; i < M - 1 - j; i++) v = tf.mul(v, a(i));
        return j > 0 ? tf.mul(v, b(M - 1 - j)) : v;
      });
      return tf.stack(fs, 1) as tf.Tensor2D;
    });

/**
 * DTLZ1 and DTLZ2 (Deb, Thiele, Laumanns & Zitzler, "Scalable multi-objective optimization test
 * problems", CEC 2002), minimised over x ∈ [0, 1]ⁿ, n = M + k − 1, with the distance function g
 * over x_M..x_n:
 * - DTLZ1: g = 100[k + Σ((xᵢ − ½)² − cos(20π(xᵢ − ½)))], f₁ = ½x₁⋯x_{M−1}(1+g), …, f_M = ½(1 − x₁)(1+g);
 *   the front is the simplex Σfⱼ = ½ (many local fronts).
 * - DTLZ2: g = Σ(xᵢ − ½)², f₁ = (1+g)cos(x₁π/2)⋯cos(x_{M−1}π/2), …, f_M = (1+g)sin(x₁π/2);
 *   the front is the positive part of the unit sphere Σfⱼ² = 1.
 * The Pareto set is x_M..x_n = ½ with x₁..x_{M−1} free.
 */
export const dtlz = (which: 1 | 2, options: DtlzOptions = {}): E.Either<MtlError, MultiObjectiveProblem> => {
  if (which !== 1 && which !== 2) return E.left(invalidArgument(`only DTLZ1 and DTLZ2 are provided, got DTLZ${String(which)}.`));
  const M = options.objectives ?? 3;
  const k = options.k ?? (which === 1 ? 5 : 10);
  if (!Number.isInteger(M) || M < 2) return E.left(invalidArgument(`DTLZ${which} needs at least 2 objectives, got ${M}.`));
  if (!Number.isInteger(k) || k < 1) return E.left(invalidArgument(`DTLZ${which} needs k ≥ 1 distance variables, got ${k}.`));
  const n = M + k - 1;
  const name = `DTLZ${which}`;
  const lower = new Float64Array(n);
  const upper = new Float64Array(n).fill(1);
  const sampleParetoSet = (key: Key, count: number) =>
    pipe(
      positiveCount('count', count),
      E.map((c) => {
        const u = Key.uniform(key, c * (M - 1));
        return Array.from({ length: c }, (_, p) => Float64Array.from({ length: n }, (_, i) => (i < M - 1 ? u[p * (M - 1) + i]! : 0.5)));
      }),
    );
  return E.right({
    name,
    variables: n,
    objectives: M,
    lower,
    upper,
    evaluate: (theta) => E.map((x: ArrayLike<number>) => evaluate64(which, x, M))(checkPoint({ name, variables: n, lower, upper }, theta)),
    objectivesTensor: objectivesTensor(which, M, n),
    sampleParetoSet,
    sampleParetoFront: (key, count) => E.map((ps: Float64Array[]) => ps.map((p) => evaluate64(which, p, M)))(sampleParetoSet(key, count)),
  });
};
