import type { Aggregator } from '@mtlkit/core';
import { expect } from 'vitest';
import { casesFor } from './fixtures/test-reference.js';
import { expectClose, run } from './test-helpers.js';
import { FLOAT32_RTOL } from './test-support.js';

/**
 * Runs the aggregator on every reference case of `method` (torchjd, float64): the float32 direction
 * must match to FLOAT32_RTOL relative, the weights to `weightsRtol` relative, or exactly ('exact').
 */
export const expectMatchesReference = (method: string, aggregator: Aggregator, weightsRtol: number | 'exact'): void => {
  const cases = casesFor(method);
  expect(cases.length).toBeGreaterThan(0);
  for (const c of cases) {
    const out = run(aggregator, c.J);
    expectClose(out.direction, c.output.direction, FLOAT32_RTOL);
    if (weightsRtol === 'exact') expect(Array.from(out.weights!)).toEqual(c.output.weights);
    else expectClose(out.weights!, c.output.weights!, weightsRtol);
  }
};
