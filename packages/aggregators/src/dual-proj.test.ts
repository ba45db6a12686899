import { test } from '@fast-check/vitest';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { dualProj, dualProjWeighting } from './dual-proj.js';
import type { UpgradOptions } from './upgrad.js';
import { casesFor } from './fixtures/test-reference.js';
import { normalizeGramian, regularizeGramian } from './gramian-normalization.js';
import { expectClose, expectDefinedOnDegenerateInputs, expectPureAndLeakFree, run } from './test-helpers.js';
import { combineRows, degenerateMatrixArb, FLOAT32_RTOL, gramianOf, jacobian, projectionByEnumeration } from './test-support.js';

describe('dualProj', () => {
  it('matches every reference case: float32 direction and weights to 2e-6 relative', () => {
    for (const c of casesFor('dualproj')) {
      const out = run(dualProj(), c.J);
      expectClose(out.direction, c.output.direction, FLOAT32_RTOL);
      expectClose(out.weights!, c.output.weights!, FLOAT32_RTOL);
    }
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

  const conflictFree = (options: UpgradOptions) => (rows: number[][]) => {
    const w = run(dualProj(options), rows).weights!;
    const d = combineRows(rows, w);
    const G = gramianOf(rows);
    let trace = 0;
    for (let i = 0; i < G.m; i++) trace += G.values[i * G.m + i]!;
    // Projecting on the dual cone of G/tr(G) + regEps·I leaves gᵢᵀd ≥ −regEps·tr(G)·vᵢ; 10% margin for float32.
    const slack = 1.1e-4 * trace * w.reduce((a, b) => a + b, 0);
    for (const g of rows) expect(g.reduce((s, x, k) => s + x * d[k]!, 0)).toBeGreaterThanOrEqual(-slack);
    for (const v of w) expect(v).toBeGreaterThanOrEqual(1 / rows.length - 1e-15);
  };

  test.prop([degenerateMatrixArb(1, 8, 1, 10).filter((rows) => gramianOf(rows).values.reduce((s, v, k) => s + (k % (rows.length + 1) === 0 ? v : 0), 0) >= 1e-4)], { seed: 42, numRuns: 100 })(
    'does not conflict with any task up to the regularisation (‖J‖_F² ≥ normEps), and weights ≥ 1/m',
    conflictFree({}),
  );

  test.prop([degenerateMatrixArb(1, 8, 1, 10, 6)], { seed: 42, numRuns: 100 })('with normEps = 0 it does not conflict at any scale', conflictFree({ normEps: 0 }));

  it("torchjd's absolute normEps: below ‖J‖_F² = 1e-4 the Gramian counts as zero and the result is the preference-weighted mean", () => {
    const rows = [[0.004, 0.001], [-0.006, 0.001]];
    expect(Array.from(run(dualProj(), rows).weights!)).toEqual([0.5, 0.5]);
    expect(run(dualProj({ normEps: 0 }), rows).weights![0]).toBeGreaterThan(0.5);
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
