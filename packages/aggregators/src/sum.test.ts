import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { sum, sumWeighting } from './sum.js';
import { expectDefinedOnDegenerateInputs, expectPureAndLeakFree, run } from './test-helpers.js';
import { expectMatchesReference } from './test-reference-match.js';

describe('sum', () => {
  it('matches every reference case (direction to 2e-6 relative, weights exactly)', () => {
    expectMatchesReference('sum', sum(), 'exact');
  });

  it('gives torchjd\'s published value [2, 2, 2] on [[-4,1,1],[6,1,1]]', () => {
    expect(Array.from(run(sum(), [[-4, 1, 1], [6, 1, 1]]).direction)).toEqual([2, 2, 2]);
  });

  it('the weighting is 1 whatever the Gramian', () => {
    const w = sumWeighting()({ m: 3, values: new Float64Array(9) });
    expect(E.isRight(w) && Array.from(w.right)).toEqual([1, 1, 1]);
  });

  it('is defined on degenerate inputs, leaks nothing and does not mutate J', () => {
    expectDefinedOnDegenerateInputs(sum());
    expectPureAndLeakFree(sum());
  });
});
