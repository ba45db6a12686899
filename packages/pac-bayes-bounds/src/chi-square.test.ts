import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { chiSquareCdf, chiSquareQuantile, chiSquareSurvival, chiSquareSurvivalQuantile } from './chi-square.js';
import { left, reference, relativeError, right } from './test-support.js';

// NIST/SEMATECH e-Handbook of Statistical Methods, §1.3.6.7.4, upper critical values
// (probability of exceeding the value) and lower critical values, 3 decimals.
const NIST_UPPER: readonly (readonly [k: number, exceed: number, value: number])[] = [
  [1, 0.1, 2.706], [1, 0.05, 3.841], [1, 0.01, 6.635], [1, 0.001, 10.828],
  [2, 0.05, 5.991], [5, 0.05, 11.07], [10, 0.05, 18.307], [10, 0.01, 23.209], [10, 0.001, 29.588],
  [30, 0.05, 43.773], [100, 0.05, 124.342], [100, 0.01, 135.807], [100, 0.001, 149.449],
];
const NIST_LOWER: readonly (readonly [k: number, exceed: number, value: number])[] = [
  [1, 0.9, 0.016], [2, 0.95, 0.103], [10, 0.9, 4.865], [10, 0.95, 3.94], [10, 0.999, 1.479],
  [50, 0.99, 29.707], [100, 0.95, 77.929], [100, 0.999, 61.918],
];

describe('chi-square quantiles', () => {
  it('reproduce the NIST table of critical values (to its 3 decimals)', () => {
    for (const [k, exceed, value] of [...NIST_UPPER, ...NIST_LOWER]) {
      expect(Math.abs(right(chiSquareSurvivalQuantile(exceed, k)) - value), `k = ${k}, P(X > x) = ${exceed}`).toBeLessThanOrEqual(0.0005);
      expect(Math.abs(right(chiSquareQuantile(1 - exceed, k)) - value)).toBeLessThanOrEqual(0.0005);
    }
  });

  it('match scipy.stats.chi2 ppf / isf to 1e-13 relative, up to k = 1.1e7', () => {
    for (const { p, k, ppf } of reference.chiSquareQuantiles_scipy as { p: number; k: number; ppf: number }[]) {
      expect(relativeError(right(chiSquareQuantile(p, k)), ppf), `ppf(${p}, ${k})`).toBeLessThan(1e-13);
    }
    for (const { q, k, isf } of reference.chiSquareTailQuantiles_scipy as { q: number; k: number; isf: number }[]) {
      expect(relativeError(right(chiSquareSurvivalQuantile(q, k)), isf), `isf(${q}, ${k})`).toBeLessThan(1e-13);
    }
  });

  it('have closed forms at k = 2 (x = −2 ln(1 − p)) and the edge values', () => {
    for (const p of [1e-12, 0.01, 0.5, 0.99, 1 - 1e-9]) expect(relativeError(right(chiSquareQuantile(p, 2)), -2 * Math.log1p(-p))).toBeLessThan(1e-13);
    expect(right(chiSquareQuantile(0, 3))).toBe(0);
    expect(right(chiSquareQuantile(1, 3))).toBe(Infinity);
    expect(right(chiSquareSurvivalQuantile(1, 3))).toBe(0);
    expect(right(chiSquareSurvivalQuantile(0, 3))).toBe(Infinity);
  });

  it('reject bad arguments with a sentence', () => {
    expect(left(chiSquareQuantile(1.2, 3)).message).toBe('the probability p must be a probability in [0, 1], got 1.2.');
    expect(left(chiSquareSurvivalQuantile(0.5, 0))._tag).toBe('InvalidArgument');
    expect(left(chiSquareQuantile(0.5, Number.NaN))._tag).toBe('NonFinite');
  });

  test.prop([fc.double({ min: 1e-6, max: 1 - 1e-6, noNaN: true }), fc.integer({ min: 1, max: 5000 })], { seed: 42, numRuns: 150 })(
    'invert the CDF and the tail',
    (p, k) => {
      const x = right(chiSquareQuantile(p, k));
      expect(relativeError(right(chiSquareCdf(x, k)), p)).toBeLessThan(1e-12);
      const y = right(chiSquareSurvivalQuantile(p, k));
      expect(relativeError(right(chiSquareSurvival(y, k)), p)).toBeLessThan(1e-12);
    },
  );
});

describe('chi-square CDF and tail', () => {
  it('match mpmath.gammainc to 1e-13 relative, up to k = 1e6', () => {
    for (const { x, k, cdf, sf } of reference.chiSquareTails as { x: number; k: number; cdf: number; sf: number }[]) {
      expect(relativeError(right(chiSquareCdf(x, k)), cdf), `cdf(${x}, ${k})`).toBeLessThan(1e-13);
      expect(relativeError(right(chiSquareSurvival(x, k)), sf), `sf(${x}, ${k})`).toBeLessThan(1e-13);
    }
  });

  test.prop([fc.double({ min: 0, max: 200, noNaN: true })], { seed: 42, numRuns: 100 })('have closed forms at k = 2 and k = 4', (x) => {
    expect(relativeError(right(chiSquareSurvival(x, 2)), Math.exp(-x / 2))).toBeLessThan(1e-13);
    expect(relativeError(right(chiSquareSurvival(x, 4)), Math.exp(-x / 2) * (1 + x / 2))).toBeLessThan(1e-13);
    if (x > 1e-3) expect(relativeError(right(chiSquareCdf(x, 2)), -Math.expm1(-x / 2))).toBeLessThan(1e-13);
  });

  test.prop([fc.double({ min: 0, max: 1e4, noNaN: true }), fc.double({ min: 0, max: 1e4, noNaN: true }), fc.integer({ min: 1, max: 3000 })], {
    seed: 42,
    numRuns: 100,
  })('sum to one and are monotone in x', (a, b, k) => {
    const [x, y] = a <= b ? [a, b] : [b, a];
    expect(Math.abs(right(chiSquareCdf(x, k)) + right(chiSquareSurvival(x, k)) - 1)).toBeLessThan(1e-15);
    expect(right(chiSquareCdf(x, k))).toBeLessThanOrEqual(right(chiSquareCdf(y, k)));
  });

  it('are 0 / 1 at x = 0 and x = ∞, and reject a negative x', () => {
    expect(right(chiSquareCdf(0, 5))).toBe(0);
    expect(right(chiSquareSurvival(0, 5))).toBe(1);
    expect(right(chiSquareCdf(Infinity, 5))).toBe(1);
    expect(right(chiSquareSurvival(Infinity, 5))).toBe(0);
    expect(left(chiSquareCdf(-1, 5)).message).toBe('x must be non-negative, got -1.');
  });
});
