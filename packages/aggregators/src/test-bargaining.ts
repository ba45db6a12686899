import type { Gramian } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { expect } from 'vitest';
import { STATIONARY_THRESHOLD } from './bargaining-weights.js';
import { correlationGramian, nonZeroRows } from './gramian-normalization.js';
import { minNormPoint } from './solvers/min-norm-point.js';
import { quadraticForm } from './solvers/dense.js';
import type { Rows } from './test-helpers.js';
import { gramianOf } from './test-support.js';

/** Test helpers for the bargaining weightings (Nash-MTL, FairGrad): (G w)ᵢ = wᵢ^(−p). */

/** True when 0 is at least `margin` above the stationarity threshold from the hull of the unit non-zero rows. */
export const bargainable = (rows: Rows, margin = 10): boolean => {
  const G = gramianOf(rows);
  const live = nonZeroRows(G);
  if (live.length === 0) return false;
  const C = correlationGramian(G, live);
  const w = minNormPoint(C);
  return E.isRight(w) && quadraticForm(C.m, C.values, w.right) > margin * STATIONARY_THRESHOLD;
};

/**
 * w solves (G w)ᵢ = wᵢ^(−p) with wᵢ > 0 on every row with Gᵢᵢ ≠ 0, and wᵢ = 0 on the others. The
 * residual is relative, |(G w)ᵢ / wᵢ^(−p) − 1| ≤ max(1e-9, 64 ε Σⱼ|Gᵢⱼwⱼ| / wᵢ^(−p)), allowing for
 * the cancellation in (G w)ᵢ near Pareto stationarity.
 */
export const expectSolvesBargainingSystem = (G: Gramian, w: ArrayLike<number>, p: number): void => {
  for (let i = 0; i < G.m; i++) {
    if (G.values[i * G.m + i] === 0) {
      expect(w[i]).toBe(0);
      continue;
    }
    expect(w[i]).toBeGreaterThan(0);
    let gw = 0;
    let magnitude = 0;
    for (let j = 0; j < G.m; j++) {
      gw += G.values[i * G.m + j]! * w[j]!;
      magnitude += Math.abs(G.values[i * G.m + j]! * w[j]!);
    }
    const target = w[i]! ** -p;
    expect(Math.abs(gw / target - 1)).toBeLessThanOrEqual(Math.max(1e-9, (64 * Number.EPSILON * magnitude) / target));
  }
};
