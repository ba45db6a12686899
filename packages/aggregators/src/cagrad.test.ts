import { fc, test } from '@fast-check/vitest';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { cagrad, cagradWeighting, type CagradOptions } from './cagrad.js';
import { minNormPoint } from './solvers/min-norm-point.js';
import { expectClose, expectDefinedOnDegenerateInputs, expectPureAndLeakFree, run } from './test-helpers.js';
import type { Rows } from './test-helpers.js';
import { minOverSimplexGrid } from './test-simplex-grid.js';
import { combineRows, gramianOf, jacobian, matrixArb } from './test-support.js';

const weightsOf = (rows: Rows, options: CagradOptions = {}): Float64Array => {
  const w = cagradWeighting(options)(gramianOf(rows));
  if (E.isLeft(w)) throw new Error(w.left.message);
  return w.right;
};

const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => Array.from(a).reduce((s, x, k) => s + x * b[k]!, 0);
const norm = (a: ArrayLike<number>): number => Math.sqrt(dot(a, a));

/** The dual objective F(w) = g_wᵀg₀ + c‖g₀‖‖g_w‖ in the units of J. */
const dualObjective = (rows: Rows, c: number, w: ArrayLike<number>): number => {
  const m = rows.length;
  const g0 = combineRows(rows, new Float64Array(m).fill(1 / m));
  const gw = combineRows(rows, w);
  return dot(gw, g0) + c * norm(g0) * norm(gw);
};

/** w* from the weights 1/m + (√φ/‖g_w‖) w* (rescale 0): w* ∝ weights − 1/m on the simplex. */
const dualSolution = (weights: Float64Array): Float64Array => {
  const shifted = weights.map((v) => v - 1 / weights.length);
  const total = shifted.reduce((a, b) => a + b, 0);
  return shifted.map((v) => v / total);
};

/** Distance from 0 to the convex hull of the rows, relative to the longest row. */
const stationarity = (rows: Rows): number => {
  const w = minNormPoint(gramianOf(rows));
  if (E.isLeft(w)) throw new Error(w.left.message);
  return norm(combineRows(rows, w.right)) / Math.max(...rows.map(norm));
};

/**
 * Conflicting rows away from Pareto stationarity (0 in their hull makes t* = 0 and zero weights)
 * and with ‖J‖_F² ≥ 2e-4 (torchjd's absolute normEps 1e-4, with a margin: below it the weights are 0).
 */
const conflicting = matrixArb(2, 5, 2, 6).filter((rows) => {
  const m = rows.length;
  const g0 = combineRows(rows, new Float64Array(m).fill(1 / m));
  return norm(g0) > 1e-3 && rows.some((g) => dot(g, g0) < 0) && rows.reduce((s, g) => s + dot(g, g), 0) >= 2e-4 && stationarity(rows) > 1e-2;
});

describe('cagrad', () => {
  it("gives torchjd's published value [0.1835, 1.2041, 1.2041] at c = 0.5 on [[-4,1,1],[6,1,1]]", () => {
    expectClose(run(cagrad({ c: 0.5 }), [[-4, 1, 1], [6, 1, 1]]).direction, [0.1835, 1.2041, 1.2041], 0, 5e-5);
  });

  test.prop([conflicting, fc.constantFrom(0.2, 0.5, 0.8, 2)], { seed: 42, numRuns: 80 })(
    'strong duality certifies the optimum: d = Jᵀw lies on the ball ‖d − g₀‖ = c‖g₀‖ and minᵢ gᵢᵀd = F(w*)',
    (rows, c) => {
      const weights = weightsOf(rows, { c });
      const m = rows.length;
      const d = combineRows(rows, weights);
      const g0 = combineRows(rows, new Float64Array(m).fill(1 / m));
      const radius = c * norm(g0);
      const scale = Math.max(...rows.map(norm)) ** 2;
      expect(Math.abs(norm(d.map((v, k) => v - g0[k]!)) - radius)).toBeLessThanOrEqual(1e-9 * Math.sqrt(scale));
      const worst = Math.min(...rows.map((g) => dot(g, d)));
      expect(Math.abs(worst - dualObjective(rows, c, dualSolution(weights)))).toBeLessThanOrEqual(1e-9 * scale);
    },
  );

  test.prop([conflicting.filter((rows) => rows.length === 3)], { seed: 42, numRuns: 20 })(
    'is never beaten by a brute-force float64 grid over the simplex (m = 3, step 1/200) on the dual objective',
    (rows) => {
      const value = dualObjective(rows, 0.5, dualSolution(weightsOf(rows)));
      // F on the grid from the Gramian: F(w) = wᵀG1/m + c‖g₀‖√(wᵀGw).
      const G = gramianOf(rows).values;
      const r = [0, 1, 2].map((i) => (G[i * 3]! + G[i * 3 + 1]! + G[i * 3 + 2]!) / 3);
      const g0 = Math.sqrt(Math.max(0, (r[0]! + r[1]! + r[2]!) / 3));
      const best = minOverSimplexGrid(G, (w, quad) => w[0]! * r[0]! + w[1]! * r[1]! + w[2]! * r[2]! + 0.5 * g0 * Math.sqrt(Math.max(0, quad)));
      const scale = Math.max(...rows.map(norm)) ** 2;
      expect(value).toBeLessThanOrEqual(best + 1e-12 * scale);
      expect(best - value).toBeLessThanOrEqual(1e-3 * scale);
    },
  );

  it('c = 0 is the mean; rescale 1 and 2 divide by 1 + c² and 1 + c', () => {
    const rows = [[1, -2, 0.5], [-1, 0.5, 2], [0.3, 1, -1]];
    expectClose(weightsOf(rows, { c: 0 }), [1 / 3, 1 / 3, 1 / 3], 1e-15);
    const plain = weightsOf(rows, { c: 0.4 });
    expectClose(weightsOf(rows, { c: 0.4, rescale: 1 }), plain.map((v) => v / 1.16), 1e-12);
    expectClose(weightsOf(rows, { c: 0.4, rescale: 2 }), plain.map((v) => v / 1.4), 1e-12);
  });

  it('closed forms: identical rows, opposite rows, and collinear rows of different lengths', () => {
    // d = g₀ + c‖g₀‖ g/‖g‖ = (1 + c) g.
    expectClose(weightsOf([[1, 2], [1, 2]]), [0.75, 0.75], 1e-12);
    // g₀ = 0: the ball is a point, d = g₀ (the mean weights).
    expect(Array.from(weightsOf([[1, 2], [-1, -2]]))).toEqual([0.5, 0.5]);
    // g₁ = (1,2), g₂ = −3g₁: F(λg₁) = −5λ + 2.5|λ| is least at λ = 1, so w* = (1, 0), ‖g_w‖ = √5 and
    // the weights are 1/2 + (0.5·√5/√5)(1, 0) = (1, 0.5).
    expectClose(weightsOf([[1, 2], [-3, -6]]), [1, 0.5], 1e-12);
    // Pareto-stationary rows whose F is ≥ 0 on the hull: t* = 0, zero weights (torchjd's rule).
    expect(Array.from(weightsOf([[1, 0], [0, 0], [0, 1]]))).toEqual([0, 0, 0]);
  });

  test.prop([conflicting, fc.integer({ min: -6, max: -3 })], { seed: 42, numRuns: 30 })(
    "torchjd's absolute normEps: J scaled below ‖J‖_F² = 1e-4 gets zero weights; normEps = 0 keeps the scale-free answer",
    (rows, k) => {
      const small = rows.map((g) => g.map((v) => v * 10 ** k));
      fc.pre(small.reduce((s, g) => s + dot(g, g), 0) < 1e-4);
      expect(Array.from(weightsOf(small))).toEqual(new Array(rows.length).fill(0));
      expectClose(weightsOf(small, { normEps: 0 }), weightsOf(rows, { normEps: 0 }), 1e-7);
    },
  );

  it('rejects a negative c and an unknown rescale with a sentence', () => {
    const J = jacobian([[1, 0], [0, 1]]);
    const negative = cagrad({ c: -1 })(J);
    expect(E.isLeft(negative) && negative.left.message).toMatch(/option c/);
    const rescale = cagrad({ rescale: 3 as 0 })(J);
    expect(E.isLeft(rescale) && rescale.left.message).toMatch(/rescale/);
    J.dispose();
  });

  it('is defined on degenerate inputs, leaks nothing and does not mutate J', () => {
    expectDefinedOnDegenerateInputs(cagrad());
    expectPureAndLeakFree(cagrad());
  });
});
