import { fc, test } from '@fast-check/vitest';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { gramianOf, matrixArb } from '../test-support.js';
import { matVec } from './dense.js';
import { minNormPoint } from './min-norm-point.js';
import { solveBargaining } from './bargaining.js';
import { quadraticForm } from './dense.js';

/** The largest relative residual |(Cβ)ᵢ βᵢ^p / sᵢ − 1|. */
const residual = (n: number, C: ArrayLike<number>, s: ArrayLike<number>, p: number, beta: Float64Array): number => {
  const cb = matVec(n, C, beta);
  return Math.max(...Array.from(cb, (v, i) => Math.abs((v * beta[i]! ** p) / s[i]! - 1)));
};

/** The rows scaled to unit norm and their Gramian (a correlation matrix), or null with a zero row. */
const correlation = (rows: number[][]) => {
  const norms = rows.map((r) => Math.hypot(...r));
  if (norms.some((n) => n === 0)) return null;
  return gramianOf(rows.map((r, i) => r.map((v) => v / norms[i]!)));
};

/** Rows whose convex hull keeps away from 0 (the bargaining problem has a solution). */
const solvable = (rows: number[][]): boolean => {
  const C = correlation(rows);
  if (C === null) return false;
  const w = minNormPoint(C);
  return E.isRight(w) && quadraticForm(C.m, C.values, w.right) > 1e-6;
};

describe('solveBargaining', () => {
  it('Nash-MTL on J = [[-4,1,1],[6,1,1]]: αᵢ(Gα)ᵢ = 1 gives Jᵀα = (0.0766, 0.9985, 0.9985)', () => {
    const G = gramianOf([[-4, 1, 1], [6, 1, 1]]);
    const r = solveBargaining(2, G.values, [1, 1], 1);
    if (E.isLeft(r)) throw new Error(r.left.message);
    const [a, b] = r.right;
    expect(-4 * a! + 6 * b!).toBeCloseTo(0.0766, 4);
    expect(a! + b!).toBeCloseTo(0.9985, 4);
    expect(residual(2, G.values, [1, 1], 1, r.right)).toBeLessThan(1e-12);
  });

  test.prop([matrixArb(1, 10, 1, 12).filter(solvable), fc.constantFrom(1, 2, 0.5, 1 / 3)], { seed: 42, numRuns: 150 })(
    'solves (Cβ)ᵢ = βᵢ^(−p) on correlation matrices to a relative residual of 1e-10 (β > 0)',
    (rows, p) => {
      const C = correlation(rows)!;
      const s = new Float64Array(C.m).fill(1);
      const r = solveBargaining(C.m, C.values, s, p);
      if (E.isLeft(r)) throw new Error(r.left.message);
      for (const b of r.right) expect(b).toBeGreaterThan(0);
      expect(residual(C.m, C.values, s, p, r.right)).toBeLessThan(1e-9);
    },
  );

  it('copes with coefficients sᵢ over two and over twelve orders of magnitude', () => {
    const C = correlation([[1, 0.2, 0], [0.1, 1, 0.3], [0, -0.2, 1]])!;
    for (const p of [1, 0.5, 2]) {
      const r = solveBargaining(3, C.values, [0.1, 1, 10], p);
      if (E.isLeft(r)) throw new Error(r.left.message);
      expect(residual(3, C.values, [0.1, 1, 10], p, r.right)).toBeLessThan(1e-10);
    }
    // With s over 1e-6..1e6 the first equation is a cancellation of terms ~1e9 times its value,
    // so the residual can only be as small as its rounding error: 16 ε Σ|Cᵢⱼβⱼ| / (sᵢβᵢ^(−p)).
    const s = [1e-6, 1, 1e6];
    for (const p of [1, 0.5, 2]) {
      const r = solveBargaining(3, C.values, s, p);
      if (E.isLeft(r)) throw new Error(r.left.message);
      const beta = r.right;
      for (let i = 0; i < 3; i++) {
        let cb = 0;
        let magnitude = 0;
        for (let j = 0; j < 3; j++) {
          cb += C.values[i * 3 + j]! * beta[j]!;
          magnitude += Math.abs(C.values[i * 3 + j]! * beta[j]!);
        }
        const target = s[i]! * beta[i]! ** -p;
        expect(Math.abs(cb / target - 1)).toBeLessThanOrEqual(Math.max(1e-10, (16 * Number.EPSILON * magnitude) / target));
      }
    }
  });

  it('returns Left SolverFailed when no solution exists (0 in the convex hull: f is unbounded below)', () => {
    const C = correlation([[1, 0], [-1, 0]])!;
    const r = solveBargaining(2, C.values, [1, 1], 1);
    expect(E.isLeft(r) && r.left._tag).toBe('SolverFailed');
  });
});
