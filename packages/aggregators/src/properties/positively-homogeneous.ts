import { Key, type Aggregator } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { closeDirections } from './compare.js';
import { evaluate, fails, holds, type PropertyResult } from './evaluate.js';
import type { ScalingOptions } from './linear-under-scaling.js';
import { scaleRows, type JacobianSample } from './sample.js';
import { maxAbs, maxRowNorm } from './vectors.js';

/**
 * Positively homogeneous: scaling the whole Jacobian by c > 0 scales the direction by c,
 * A(cJ) = c A(J) — the aggregator has no built-in length scale (no absolute epsilon, no fixed step).
 * c is drawn log-uniformly from [1e-3, 1e3] with the key.
 */
export const positivelyHomogeneous = (aggregator: Aggregator, sample: JacobianSample, options: ScalingOptions = {}): PropertyResult => {
  const { key = Key.fromSeed(0), runs = 2 } = options;
  const base = evaluate(aggregator, sample);
  if (E.isLeft(base)) return fails(base.left);
  for (let r = 0; r < runs; r++) {
    const c = 10 ** Key.uniform(Key.foldIn(key, r), 1, -3, 3)[0]!;
    const scaled = scaleRows(sample, new Float64Array(sample.m).fill(c));
    const out = evaluate(aggregator, scaled);
    if (E.isLeft(out)) return fails(out.left);
    const expected = base.right.direction.map((v) => c * v);
    const scale = Math.max(maxAbs(out.right.direction), maxAbs(expected));
    const verdict = closeDirections(`A(cJ) ≠ c A(J) for c = ${c.toPrecision(4)}`, out.right.direction, expected, scale, maxRowNorm(scaled.rows), options);
    if (E.isLeft(verdict)) return verdict;
  }
  return holds;
};
