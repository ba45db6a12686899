import { test } from '@fast-check/vitest';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { casesFor } from './fixtures/test-reference.js';
import { aboveNormEpsArb, expectAbsoluteNormEps, expectConflictFreeUpToRegularization } from './test-dual-cone.js';
import { normalizeGramian, regularizeGramian } from './gramian-normalization.js';
import { expectClose, expectDefinedOnDegenerateInputs, expectPureAndLeakFree, run } from './test-helpers.js';
import { expectMatchesReference } from './test-reference-match.js';
import { degenerateMatrixArb, gramianOf, jacobian, projectionByEnumeration } from './test-support.js';
import { upgrad, upgradWeighting } from './upgrad.js';

describe('upgrad', () => {
  it('matches every reference case: float32 direction to 2e-6 relative, weights to 1e-4', () => {
    // The fixture's weights carry its QP solver's error (up to 3.7e-5 relative on the scaled 8 x 100
    // cases, see the next test); its directions agree with ours to 3e-7.
    expectMatchesReference('upgrad', upgrad(), 1e-4);
  });

  it('float64 weights equal an exhaustive active-set enumeration of every projection (to 1e-10)', () => {
    for (const c of casesFor('upgrad')) {
      const G = gramianOf(c.J);
      const w = upgradWeighting()(G);
      if (E.isLeft(w)) throw new Error(w.left.message);
      const Gr = regularizeGramian(normalizeGramian(G, 1e-4), 1e-4);
      const expected = new Float64Array(G.m);
      for (let i = 0; i < G.m; i++) {
        const u = new Float64Array(G.m);
        u[i] = 1 / G.m;
        projectionByEnumeration(Gr, u).forEach((v, j) => (expected[j] = expected[j]! + v));
      }
      expectClose(w.right, expected, 1e-10);
    }
  });

  it("gives torchjd's published value [0.2929, 1.9004, 1.9004] on [[-4,1,1],[6,1,1]]", () => {
    expectClose(run(upgrad(), [[-4, 1, 1], [6, 1, 1]]).direction, [0.2929, 1.9004, 1.9004], 0, 5e-5);
  });

  test.prop([aboveNormEpsArb], { seed: 42, numRuns: 100 })(
    'does not conflict with any task up to the regularisation (‖J‖_F² ≥ normEps), and weights ≥ 1/m',
    (rows) => expectConflictFreeUpToRegularization(upgrad(), rows),
  );

  test.prop([degenerateMatrixArb(1, 8, 1, 10, 6)], { seed: 42, numRuns: 100 })('with normEps = 0 it does not conflict at any scale', (rows) =>
    expectConflictFreeUpToRegularization(upgrad({ normEps: 0 }), rows),
  );

  it("torchjd's absolute normEps: below ‖J‖_F² = 1e-4 the Gramian counts as zero and the result is the preference-weighted mean", () => {
    expectAbsoluteNormEps(upgrad);
  });

  it("prefVector: 'ones' is m times 'mean' (projection is positively homogeneous); explicit vectors are checked", () => {
    const rows = [[1, 0, 2], [-1, 1, 0], [0.5, -2, 1]];
    const mean = run(upgrad(), rows).weights!;
    expectClose(run(upgrad({ prefVector: 'ones' }), rows).weights!, mean.map((v) => 3 * v), 1e-12);
    expectClose(run(upgrad({ prefVector: [1 / 3, 1 / 3, 1 / 3] }), rows).weights!, mean, 1e-12);
    const J = jacobian(rows);
    const wrong = upgrad({ prefVector: [1, 2] })(J);
    expect(E.isLeft(wrong) && wrong.left._tag).toBe('ShapeMismatch');
    const bad = upgrad({ normEps: -1 })(J);
    expect(E.isLeft(bad) && bad.left.message).toMatch(/normEps/);
    J.dispose();
  });

  it('is defined on degenerate inputs, leaks nothing and does not mutate J', () => {
    expectDefinedOnDegenerateInputs(upgrad());
    // All-zero J: G normalises to 0 and the projections of eᵢ/m onto the orthant are themselves.
    expect(Array.from(run(upgrad(), [[0, 0], [0, 0]]).weights!)).toEqual([0.5, 0.5]);
    expectPureAndLeakFree(upgrad());
  });
});
