import { test } from '@fast-check/vitest';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { dualProj, dualProjWeighting } from './dual-proj.js';
import { casesFor } from './fixtures/test-reference.js';
import { aboveNormEpsArb, expectAbsoluteNormEps, expectConflictFreeUpToRegularization } from './test-dual-cone.js';
import { normalizeGramian, regularizeGramian } from './gramian-normalization.js';
import { expectClose, expectDefinedOnDegenerateInputs, expectPureAndLeakFree, run } from './test-helpers.js';
import { expectMatchesReference } from './test-reference-match.js';
import { degenerateMatrixArb, FLOAT32_RTOL, gramianOf, jacobian, projectionByEnumeration } from './test-support.js';

describe('dualProj', () => {
  it('matches every reference case: float32 direction and weights to 2e-6 relative', () => {
    expectMatchesReference('dualproj', dualProj(), FLOAT32_RTOL);
  });

  it('float64 weights match the reference to 1e-8 and an exhaustive active-set enumeration to 1e-10', () => {
    for (const c of casesFor('dualproj')) {
      const G = gramianOf(c.J);
      const w = dualProjWeighting()(G);
      if (E.isLeft(w)) throw new Error(w.left.message);
      expectClose(w.right, c.output.weights!, 1e-8);
      const u = new Float64Array(G.m).fill(1 / G.m);
      expectClose(w.right, projectionByEnumeration(regularizeGramian(normalizeGramian(G, 1e-4), 1e-4), u), 1e-10);
    }
  });

  it("gives torchjd's published value [0.5563, 1.1109, 1.1109] on [[-4,1,1],[6,1,1]]", () => {
    expectClose(run(dualProj(), [[-4, 1, 1], [6, 1, 1]]).direction, [0.5563, 1.1109, 1.1109], 0, 5e-5);
  });

  test.prop([aboveNormEpsArb], { seed: 42, numRuns: 100 })(
    'does not conflict with any task up to the regularisation (‖J‖_F² ≥ normEps), and weights ≥ 1/m',
    (rows) => expectConflictFreeUpToRegularization(dualProj(), rows),
  );

  test.prop([degenerateMatrixArb(1, 8, 1, 10, 6)], { seed: 42, numRuns: 100 })('with normEps = 0 it does not conflict at any scale', (rows) =>
    expectConflictFreeUpToRegularization(dualProj({ normEps: 0 }), rows),
  );

  it("torchjd's absolute normEps: below ‖J‖_F² = 1e-4 the Gramian counts as zero and the result is the preference-weighted mean", () => {
    expectAbsoluteNormEps(dualProj);
  });

  it('returns the mean itself when it conflicts with no task', () => {
    expect(Array.from(run(dualProj(), [[1, 0.2], [0.3, 1]]).weights!)).toEqual([0.5, 0.5]);
  });

  it('checks its options and is defined on degenerate inputs, leaks nothing, does not mutate J', () => {
    const J = jacobian([[1, 0], [0, 1]]);
    const bad = dualProj({ regEps: Number.NaN })(J);
    expect(E.isLeft(bad) && bad.left._tag).toBe('InvalidArgument');
    J.dispose();
    expectDefinedOnDegenerateInputs(dualProj());
    expectPureAndLeakFree(dualProj());
  });
});
