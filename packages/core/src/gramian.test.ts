import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { gramian, gramianAt } from './gramian.js';
import { leakedTensors } from './leaks.js';
import { jacobian } from './test-jacobian.js';

describe('gramian', () => {
  it('is J Jᵀ on a small case', () => {
    const J = jacobian([[-4, 1, 1], [6, 1, 1]]);
    const G = gramian(J);
    expect(Array.from(G.values)).toEqual([18, -22, -22, 38]);
    expect(gramianAt(G, 0, 1)).toBe(-22);
    J.dispose();
  });

  test.prop(
    [fc.integer({ min: 1, max: 5 }).chain((m) => fc.tuple(fc.constant(m), fc.array(fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 7, maxLength: 7 }), { minLength: m, maxLength: m })))],
    { seed: 99, numRuns: 40 },
  )('matches a float64 re-computation, is symmetric with a non-negative diagonal', ([m, rows]) => {
    const J = jacobian(rows);
    const G = gramian(J);
    for (let i = 0; i < m; i++) {
      expect(gramianAt(G, i, i)).toBeGreaterThanOrEqual(0);
      for (let j = 0; j < m; j++) {
        const exact = rows[i]!.reduce((s, v, k) => s + Math.fround(v) * Math.fround(rows[j]![k]!), 0);
        expect(Math.abs(gramianAt(G, i, j) - exact)).toBeLessThanOrEqual(1e-4 * (1 + Math.abs(exact)) * 10);
        expect(gramianAt(G, i, j)).toBe(gramianAt(G, j, i));
      }
    }
    J.dispose();
  });

  it('leaks no tensor', () => {
    const J = jacobian([[1, 2], [3, 4], [5, 6]]);
    expect(leakedTensors(() => gramian(J))).toBe(0);
    J.dispose();
  });
});
