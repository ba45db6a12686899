import type { Aggregator } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { evaluate, fails, holds, type PropertyResult } from './evaluate.js';
import type { JacobianSample } from './sample.js';

/**
 * The aggregator returns `Right` with a direction of length d whose entries are all finite, and,
 * when it reports weights, m finite weights (torchjd's `assert_expected_structure`).
 */
export const finiteOutput = (aggregator: Aggregator, sample: JacobianSample): PropertyResult => {
  const out = evaluate(aggregator, sample);
  if (E.isLeft(out)) return fails(out.left);
  const { direction, weights } = out.right;
  const bad = direction.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) return fails(`direction entry ${bad} is ${direction[bad]}; every entry must be finite`);
  if (weights !== null) {
    if (weights.length !== sample.m) return fails(`the aggregator reported ${weights.length} weights for ${sample.m} tasks`);
    const badW = weights.findIndex((v) => !Number.isFinite(v));
    if (badW >= 0) return fails(`weight ${badW} is ${weights[badW]}; weights must be finite`);
  }
  return holds;
};
