import { Key, type Aggregator } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { closeDirections, type Tolerance } from './compare.js';
import { evaluate, fails, holds, type PropertyResult } from './evaluate.js';
import { scaleRows, type JacobianSample } from './sample.js';
import { maxAbs, maxRowNorm } from './vectors.js';

export interface ScalingOptions extends Tolerance {
  /** Where the random coefficients come from (default `Key.fromSeed(0)`). */
  readonly key?: Key;
  /** Number of random draws (default 2). */
  readonly runs?: number;
}

/**
 * Linear under scaling (Quinton & Rey 2024, "Jacobian Descent for Multi-Objective Optimization"; torchjd's `assert_linear_under_scaling`): for
 * non-negative row scalings c₁, c₂ and α, β ≥ 0,
 * A(diag(αc₁ + βc₂) J) = α A(diag(c₁) J) + β A(diag(c₂) J). Coefficients are drawn uniformly
 * from [0, 1) with the key.
 */
export const linearUnderScaling = (aggregator: Aggregator, sample: JacobianSample, options: ScalingOptions = {}): PropertyResult => {
  const { key = Key.fromSeed(0), runs = 2 } = options;
  for (let r = 0; r < runs; r++) {
    const u = Key.uniform(Key.foldIn(key, r), 2 * sample.m + 2);
    const c1 = u.subarray(0, sample.m);
    const c2 = u.subarray(sample.m, 2 * sample.m);
    const alpha = u[2 * sample.m]!;
    const beta = u[2 * sample.m + 1]!;
    const c = c1.map((v, i) => alpha * v + beta * c2[i]!);
    const s1 = scaleRows(sample, c1);
    const s2 = scaleRows(sample, c2);
    const s = scaleRows(sample, c);
    const x1 = evaluate(aggregator, s1);
    const x2 = evaluate(aggregator, s2);
    const x = evaluate(aggregator, s);
    if (E.isLeft(x1)) return fails(x1.left);
    if (E.isLeft(x2)) return fails(x2.left);
    if (E.isLeft(x)) return fails(x.left);
    const a1 = x1.right.direction;
    const a2 = x2.right.direction;
    const expected = a1.map((v, i) => alpha * v + beta * a2[i]!);
    const scale = maxAbs(x.right.direction) + alpha * maxAbs(a1) + beta * maxAbs(a2);
    const rho = Math.max(maxRowNorm(s1.rows), maxRowNorm(s2.rows), maxRowNorm(s.rows));
    const verdict = closeDirections(`A(diag(αc₁+βc₂)J) ≠ αA(diag(c₁)J) + βA(diag(c₂)J) (α = ${alpha.toFixed(3)}, β = ${beta.toFixed(3)})`, x.right.direction, expected, scale, rho, options);
    if (E.isLeft(verdict)) return verdict;
  }
  return holds;
};
