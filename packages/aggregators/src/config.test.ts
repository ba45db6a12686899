import { test, fc } from '@fast-check/vitest';
import { float64Gramian } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { config, configWeighting } from './config.js';
import { casesFor } from './fixtures/test-reference.js';
import { jacobians, sampleFromRows, toJacobian, withJacobian } from './properties/index.js';
import { symmetricEigen } from './solvers/symmetric-eigen.js';
import { dot, type Matrix } from './test-linear-algebra.js';
import { expectClose, expectDefinedOnDegenerateInputs, expectPureAndLeakFree, relativeError, run } from './test-helpers.js';

/**
 * ConFIG in float64 on the vectors: the minimum-norm solution of U x = 1 (x in the span of the
 * unit rows, found by Gram–Schmidt and forward substitution), then (Σ gᵢ·x̂) x̂. Independent of
 * the eigen pseudo-inverse; for linearly independent rows.
 */
const configOnVectors = (rows: Matrix): number[] => {
  const units = rows.map((r) => r.map((v) => v / Math.sqrt(dot(r, r))));
  // Orthonormal basis q of the unit rows (modified Gram–Schmidt, twice for stability), with R = U Qᵀ lower triangular.
  const q: number[][] = [];
  for (const u of units) {
    let v = [...u];
    for (let pass = 0; pass < 2; pass++) for (const b of q) v = v.map((x, k) => x - dot(v, b) * b[k]!);
    const n = Math.sqrt(dot(v, v));
    q.push(v.map((x) => x / n));
  }
  // x = Σ cₖ qₖ with (U x)ᵢ = Σ_k Rᵢₖ cₖ = 1: forward substitution.
  const c: number[] = [];
  units.forEach((u, i) => {
    let s = 1;
    for (let k = 0; k < i; k++) s -= dot(u, q[k]!) * c[k]!;
    c.push(s / dot(u, q[i]!));
  });
  const x = q[0]!.map((_, k) => q.reduce((s, b, j) => s + c[j]! * b[k]!, 0));
  const xn = Math.sqrt(dot(x, x));
  const unit = x.map((v) => v / xn);
  const length = rows.reduce((s, r) => s + dot(r, unit), 0);
  return unit.map((v) => length * v);
};

const cosine = (a: readonly number[], b: ArrayLike<number>): number => dot(a, Array.from(b)) / Math.sqrt(dot(a, a) * dot(Array.from(b), Array.from(b)));

describe('config', () => {
  it("matches torchjd's published ConFIG value on [[-4, 1, 1], [6, 1, 1]]", () => {
    expectClose(run(config(), [[-4, 1, 1], [6, 1, 1]]).direction, [0.1588, 2.0706, 2.0706], 0, 1e-4);
  });

  it('matches the fixture (torchjd, p = ones, least squares) to 5e-5 relative, near-collinear cases included', () => {
    const cases = casesFor('config');
    expect(cases).toHaveLength(16);
    const errors = cases.map((c) => relativeError(run(config(), c.J).direction, c.output.direction));
    // Rounding J to float32 alone moves the exact ConFIG direction of the near-collinear cases
    // (σ_min/σ_max ≈ 3e-4) by up to 1.2e-5 relative; the other cases match to about 1e-6.
    expect(Math.max(...errors)).toBeLessThan(5e-5);
    cases.forEach((c, i) => {
      if (!c.name.startsWith('nearcollinear')) expect(errors[i]).toBeLessThan(2e-6);
    });
  });

  test.prop([jacobians({ m: { min: 2, max: 4 }, d: { min: 4, max: 7 } })], { seed: 42, numRuns: 60 })(
    'independent rows: equals a float64 Gram–Schmidt solution, and the direction makes the same angle with every task',
    (s) => {
      fc.pre(conditioned(withJacobian(s, float64Gramian).values, s.m));
      const { direction } = run(config(), s.rows);
      const expected = configOnVectors(s.rows);
      expectClose(direction, expected, 1e-4, 1e-6 * Math.sqrt(s.rows.reduce((t, r) => t + dot(r, r), 0)));
      const cosines = s.rows.map((r) => cosine(r, direction));
      for (const c of cosines) expect(c).toBeCloseTo(cosines[0]!, 4);
    },
  );

  it('a zero row is left out: the other tasks still get equal angles; the preference vector tilts them', () => {
    const rows = [[1, 0, 0], [0, 0, 0], [-1, 2, 0]];
    const { direction, weights } = run(config(), rows);
    expect(weights![1]).toBe(0);
    expect(cosine(rows[0]!, direction)).toBeCloseTo(cosine(rows[2]!, direction), 6);
    const tilted = run(config({ prefVector: [2, 1, 1] }), rows).direction;
    expect(cosine(rows[0]!, tilted) / cosine(rows[2]!, tilted)).toBeCloseTo(2, 5);
    const sameAsOnes = run(config({ prefVector: 'mean' }), rows).direction;
    expectClose(sameAsOnes, direction, 1e-6);
  });

  it('the float32 and float64 Gramians agree where the unit gradients are well conditioned', () => {
    const rows = [[1, 2, 0, -1], [0.5, -1, 3, 0], [2, 0, -1, 1]];
    const J = toJacobian(sampleFromRows(rows));
    const w64 = configWeighting()(float64Gramian(J));
    J.dispose();
    expectClose(run(config(), rows).weights!, E.isRight(w64) ? w64.right : [], 1e-5);
  });

  it('degenerate inputs are defined (all-zero J gives 0); a bad preference vector is Left; no leak', () => {
    expectDefinedOnDegenerateInputs(config());
    expectClose(run(config(), [[0, 0], [0, 0]]).direction, [0, 0], 0);
    const J = toJacobian(sampleFromRows([[1, 2], [3, 4]]));
    expect(E.isLeft(config({ prefVector: [1] })(J))).toBe(true);
    J.dispose();
    expectPureAndLeakFree(config());
  });
});

/** The unit-gradient Gramian of the rows has no zero row and smallest/largest eigenvalue above 1e-3. */
const conditioned = (G: Float64Array, m: number): boolean => {
  if (!Array.from({ length: m }, (_, i) => G[i * m + i]!).every((v) => v > 0)) return false;
  const C = Float64Array.from(G, (v, idx) => v / Math.sqrt(G[Math.floor(idx / m) * (m + 1)]! * G[(idx % m) * (m + 1)]!));
  const eig = symmetricEigen(m, C);
  return E.isRight(eig) && eig.right.values[m - 1]! > 1e-3 * eig.right.values[0]!;
};
