import type { Aggregator } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { evaluate, fails, holds, type PropertyResult } from './evaluate.js';
import type { JacobianSample } from './sample.js';
import { closeDirections } from './compare.js';
import { maxAbs, maxRowNorm, show } from './vectors.js';

export interface SimplexOptions {
  /** Tolerance on each weight's sign and on the sum (default 1e-6). */
  readonly tol?: number;
}

/**
 * Weights on the simplex: the aggregator reports m weights, each ≥ 0, summing to 1, and its
 * direction is the convex combination Jᵀw of the task gradients.
 */
export const weightsOnSimplex = (aggregator: Aggregator, sample: JacobianSample, options: SimplexOptions = {}): PropertyResult => {
  const { tol = 1e-6 } = options;
  const out = evaluate(aggregator, sample);
  if (E.isLeft(out)) return fails(out.left);
  const w = out.right.weights;
  if (w === null) return fails('the aggregator reports no weights');
  if (w.length !== sample.m) return fails(`the aggregator reported ${w.length} weights for ${sample.m} tasks`);
  const negative = w.findIndex((v) => !(v >= -tol));
  if (negative >= 0) return fails(`weight ${negative} is ${show(w[negative]!)} < 0`);
  const sum = w.reduce((s, v) => s + v, 0);
  if (Math.abs(sum - 1) > tol) return fails(`the weights sum to ${show(sum)}, not 1`);
  const combination = new Float64Array(sample.d);
  sample.rows.forEach((row, i) => row.forEach((v, j) => (combination[j] = combination[j]! + w[i]! * v)));
  const d = out.right.direction;
  const verdict = closeDirections('the direction is not Jᵀw', d, combination, Math.max(maxAbs(d), maxAbs(combination)), maxRowNorm(sample.rows), {});
  return E.isLeft(verdict) ? verdict : holds;
};
