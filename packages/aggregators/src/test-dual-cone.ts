import type { Aggregator } from '@mtlkit/core';
import type { fc } from '@fast-check/vitest';
import { expect } from 'vitest';
import type { UpgradOptions } from './upgrad.js';
import { run, type Rows } from './test-helpers.js';
import { combineRows, degenerateMatrixArb, gramianOf } from './test-support.js';

/**
 * Test helpers for the dual-cone projections (UPGrad, DualProj), which share torchjd's Gramian
 * normalisation G / tr(G) (zero below normEps = 1e-4) and regularisation + regEps·I (1e-4).
 */

const squaredFrobenius = (rows: Rows): number => {
  const G = gramianOf(rows);
  let trace = 0;
  for (let i = 0; i < G.m; i++) trace += G.values[i * G.m + i]!;
  return trace;
};

/** Degenerate matrices (m ≤ 8, d ≤ 10, rows over 1e-3..1e3) with ‖J‖_F² = tr(G) ≥ the default normEps 1e-4. */
export const aboveNormEpsArb: fc.Arbitrary<number[][]> = degenerateMatrixArb(1, 8, 1, 10).filter((rows) => squaredFrobenius(rows) >= 1e-4);

/**
 * d = Jᵀw conflicts with no task up to the regularisation and every weight is ≥ 1/m (the 'mean'
 * preference vector).
 */
export const expectConflictFreeUpToRegularization = (aggregator: Aggregator, rows: Rows): void => {
  const w = run(aggregator, rows).weights!;
  const d = combineRows(rows, w);
  const trace = squaredFrobenius(rows);
  // Projecting on the dual cone of G/tr(G) + regEps·I leaves gᵢᵀd ≥ −regEps·tr(G)·vᵢ; 10% margin for float32.
  const slack = 1.1e-4 * trace * w.reduce((a, b) => a + b, 0);
  for (const g of rows) expect(g.reduce((s, x, k) => s + x * d[k]!, 0)).toBeGreaterThanOrEqual(-slack);
  for (const v of w) expect(v).toBeGreaterThanOrEqual(1 / rows.length - 1e-15);
};

/**
 * torchjd's absolute normEps: on a J with ‖J‖_F² < 1e-4 the default options give the mean weights
 * [0.5, 0.5] (conflict included), normEps 0 does not.
 */
export const expectAbsoluteNormEps = (aggregator: (options?: UpgradOptions) => Aggregator): void => {
  const rows = [[0.004, 0.001], [-0.006, 0.001]];
  expect(Array.from(run(aggregator(), rows).weights!)).toEqual([0.5, 0.5]);
  expect(run(aggregator({ normEps: 0 }), rows).weights![0]).toBeGreaterThan(0.5);
};
