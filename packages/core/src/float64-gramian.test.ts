import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { float64Gramian } from './float64-gramian.js';
import { leakedTensors } from './leaks.js';
import { jacobian } from './test-jacobian.js';

describe('float64Gramian', () => {
  it('is J Jᵀ on a small case, and keeps the float64 products a float32 matMul rounds away', () => {
    const J = jacobian([[-4, 1, 1], [6, 1, 1]]);
    expect(float64Gramian(J)).toEqual({ m: 2, values: Float64Array.from([18, -22, -22, 38]) });
    J.dispose();
    // (1 + 2⁻¹²)² = 1 + 2⁻¹¹ + 2⁻²⁴: the last term is below float32's resolution at 1, exact in float64.
    const e = 2 ** -12;
    const K = jacobian([[1 + e]]);
    expect(float64Gramian(K).values[0]).toBe(1 + 2 * e + e * e);
    K.dispose();
  });

  test.prop(
    [fc.integer({ min: 1, max: 5 }).chain((m) => fc.array(fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 7, maxLength: 7 }), { minLength: m, maxLength: m }))],
    { seed: 42, numRuns: 40 },
  )('equals a float64 re-computation from the float32 entries, exactly symmetric; leaks nothing', (rows) => {
    const J = jacobian(rows);
    const f32 = rows.map((r) => r.map(Math.fround));
    const G = float64Gramian(J);
    expect(G.m).toBe(rows.length);
    for (let i = 0; i < G.m; i++) {
      for (let j = 0; j < G.m; j++) {
        const expected = f32[i]!.reduce((s, v, k) => s + v * f32[j]![k]!, 0);
        expect(Math.abs(G.values[i * G.m + j]! - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
        expect(G.values[i * G.m + j]).toBe(G.values[j * G.m + i]);
      }
    }
    expect(leakedTensors(() => float64Gramian(J))).toBe(0);
    J.dispose();
  });
});
