import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { mean, meanWeighting } from './mean.js';
import { expectDefinedOnDegenerateInputs, expectPureAndLeakFree, run } from './test-helpers.js';
import { expectMatchesReference } from './test-reference-match.js';

describe('mean', () => {
  it('matches every reference case (direction to 2e-6 relative, weights exactly)', () => {
    expectMatchesReference('mean', mean(), 'exact');
  });

  it('gives torchjd\'s published value [1, 1, 1] on [[-4,1,1],[6,1,1]]', () => {
    expect(Array.from(run(mean(), [[-4, 1, 1], [6, 1, 1]]).direction)).toEqual([1, 1, 1]);
  });

  it('the weighting is 1/m whatever the Gramian', () => {
    const w = meanWeighting()({ m: 4, values: new Float64Array(16).fill(7) });
    expect(E.isRight(w) && Array.from(w.right)).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it('is defined on degenerate inputs, leaks nothing and does not mutate J', () => {
    expectDefinedOnDegenerateInputs(mean());
    expectPureAndLeakFree(mean());
  });
});
