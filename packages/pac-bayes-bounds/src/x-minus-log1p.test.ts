import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { reference, relativeError } from './test-support.js';
import { xMinusLog1p } from './x-minus-log1p.js';

describe('xMinusLog1p', () => {
  it('matches 60-digit mpmath values to 1e-14 relative, on both sides of the series threshold', () => {
    for (const { x, value } of reference.xMinusLog1p as { x: number; value: number }[]) {
      expect(relativeError(xMinusLog1p(x), value), `x = ${x}`).toBeLessThan(1e-14);
    }
  });

  it('is 0 at 0 and +∞ at −1', () => {
    expect(xMinusLog1p(0)).toBe(0);
    expect(xMinusLog1p(-1)).toBe(Infinity);
  });

  test.prop([fc.double({ min: -0.999, max: 1e6, noNaN: true })], { seed: 42, numRuns: 200 })('is non-negative and ≈ x²/2 near 0', (x) => {
    const v = xMinusLog1p(x);
    expect(v).toBeGreaterThanOrEqual(0);
    if (Math.abs(x) < 1e-4) expect(relativeError(v, (x * x) / 2)).toBeLessThan(1e-4);
  });
});
