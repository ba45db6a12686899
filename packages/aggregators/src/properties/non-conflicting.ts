import type { Aggregator } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { evaluate, fails, holds, type PropertyResult } from './evaluate.js';
import type { JacobianSample } from './sample.js';
import { dot, maxRowNorm, norm, show } from './vectors.js';

export interface NonConflictingOptions {
  /** Tolerated negative cosine between a task gradient and the direction (default 1e-4). */
  readonly rtol?: number;
  /**
   * Float32 noise floor, relative to the largest row norm ρ of J (default 1e-5): a direction that
   * should be exactly 0 comes out as noise of size ~1e-7 ρ, whose sign says nothing.
   */
  readonly atol?: number;
}

/**
 * Non-conflicting (Quinton & Rey, "Jacobian Descent for Multi-Objective Optimization", 2024): the
 * direction d never conflicts with a task gradient, ⟨gᵢ, d⟩ ≥ 0 for every row i.
 * Checked in float64 on the float32 numbers as ⟨gᵢ, d⟩ ≥ −‖gᵢ‖ (rtol ‖d‖ + atol ρ): the scale-free
 * (per-row cosine) form of torchjd's `assert_non_conflicting`, so that a row 1e-6 times smaller
 * than the others is held to the same standard.
 */
export const nonConflicting = (aggregator: Aggregator, sample: JacobianSample, options: NonConflictingOptions = {}): PropertyResult => {
  const { rtol = 1e-4, atol = 1e-5 } = options;
  const out = evaluate(aggregator, sample);
  if (E.isLeft(out)) return fails(out.left);
  const d = out.right.direction;
  const dNorm = norm(d);
  const rho = maxRowNorm(sample.rows);
  for (let i = 0; i < sample.m; i++) {
    const g = sample.rows[i]!;
    const gNorm = norm(g);
    const inner = dot(g, d);
    if (inner < -gNorm * (rtol * dNorm + atol * rho)) {
      return fails(`the direction conflicts with task ${i}: ⟨g${i}, d⟩ = ${show(inner)} (cosine ${show(inner / (gNorm * dNorm))}) < 0`);
    }
  }
  return holds;
};
