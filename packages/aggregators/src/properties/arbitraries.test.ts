import { fc } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { anyJacobians, conflictingJacobians, jacobians, jacobiansWithZeroRows, scaledJacobians } from './arbitraries.js';
import { norm } from './vectors.js';

const draw = <A>(arb: fc.Arbitrary<A>, n = 40): A[] => fc.sample(arb, { seed: 42, numRuns: n });

describe('arbitraries', () => {
  it('respect the requested shapes and hold float32 numbers', () => {
    for (const s of draw(jacobians({ m: 3, d: { min: 2, max: 4 } }))) {
      expect(s.m).toBe(3);
      expect(s.rows).toHaveLength(3);
      expect(s.d).toBeGreaterThanOrEqual(2);
      expect(s.d).toBeLessThanOrEqual(4);
      for (const r of s.rows) for (const v of r) expect(Math.fround(v)).toBe(v);
    }
  });

  it('conflicting Jacobians: two rows point in opposite directions (vᵀJ = 0 with v > 0)', () => {
    let checked = 0;
    for (const s of draw(conflictingJacobians({ m: 2, d: 4 }))) {
      const [a, b] = s.rows as [number[], number[]];
      const na = norm(a);
      const nb = norm(b);
      if (na > 1e-6 && nb > 1e-6) {
        expect(a.reduce((t, v, j) => t + v * b[j]!, 0) / (na * nb)).toBeCloseTo(-1, 5);
        checked++;
      }
    }
    // Most draws have two non-zero rows; the check above must not be skipped on all of them.
    expect(checked).toBeGreaterThan(30);
  });

  it('conflicting Jacobians need two rows', () => {
    expect(() => conflictingJacobians({ m: 1 })).toThrow(RangeError);
    expect(draw(anyJacobians({ m: 1 })).every((s) => s.m === 1)).toBe(true);
  });

  it('scaled Jacobians span orders of magnitude; zero-row Jacobians have a zero row', () => {
    const ratios = draw(scaledJacobians({ m: 4, d: 3 }), 100).map((s) => {
      const norms = s.rows.map(norm).filter((n) => n > 0);
      return Math.max(...norms) / Math.min(...norms);
    });
    expect(Math.max(...ratios)).toBeGreaterThan(1e6);
    for (const s of draw(jacobiansWithZeroRows({ m: 3, d: 2 }))) expect(s.rows.some((r) => r.every((v) => v === 0))).toBe(true);
  });
});
