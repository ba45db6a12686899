import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { binaryKl, klInverseLower, klInverseUpper } from './binary-kl.js';
import { reference, relativeError } from './test-support.js';

const probability = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 1e-300, max: 1e-3, noNaN: true }), fc.constantFrom(0, 1));
const interior = fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true });
const budget = fc.oneof(fc.double({ min: 0, max: 30, noNaN: true }), fc.double({ min: 1e-15, max: 1e-3, noNaN: true }));

describe('binaryKl', () => {
  it('matches 60-digit mpmath values to 1e-14 relative, also for p ≈ q', () => {
    for (const { q, p, value } of reference.binaryKl as { q: number; p: number; value: number }[]) {
      expect(relativeError(binaryKl(q, p), value), `kl(${q}‖${p})`).toBeLessThan(1e-14);
    }
  });

  it('has the exact edge values', () => {
    expect(binaryKl(0.3, 0.3)).toBe(0);
    expect(binaryKl(0, 0)).toBe(0);
    expect(binaryKl(1, 1)).toBe(0);
    expect(binaryKl(0, 0.5)).toBe(Math.log(2));
    expect(binaryKl(1, 0.5)).toBe(Math.log(2));
    expect(binaryKl(0.2, 0)).toBe(Infinity);
    expect(binaryKl(0.2, 1)).toBe(Infinity);
    expect(binaryKl(0, 1)).toBe(Infinity);
    expect(binaryKl(1, 0)).toBe(Infinity);
    // kl(½‖p) by hand: ½ ln(1/(2p)) + ½ ln(1/(2(1−p))) = −½ ln(4p(1−p)).
    expect(relativeError(binaryKl(0.5, 0.1), -0.5 * Math.log(4 * 0.1 * 0.9))).toBeLessThan(1e-15);
  });

  it('throws a RangeError naming the argument out of [0, 1] or NaN', () => {
    expect(() => binaryKl(-0.1, 0.5)).toThrow(RangeError);
    expect(() => binaryKl(0.5, 1.0000001)).toThrow(/p must be a probability in \[0, 1\], got 1.0000001/);
    expect(() => binaryKl(Number.NaN, 0.5)).toThrow(/q must be a probability/);
  });

  test.prop([probability, probability], { seed: 42, numRuns: 300 })('is ≥ 2(p − q)² (Pinsker), so > 0 for p ≠ q unless it underflows', (q, p) => {
    expect(binaryKl(q, p)).toBeGreaterThanOrEqual(2 * (p - q) ** 2 * (1 - 1e-12));
  });
});

describe('klInverseUpper / klInverseLower', () => {
  it('match 60-digit mpmath roots to 1e-15 absolute', () => {
    for (const { q, c, upper, lower } of reference.klInverse as { q: number; c: number; upper: number; lower: number }[]) {
      expect(Math.abs(klInverseUpper(q, c) - upper), `upper(${q}, ${c})`).toBeLessThan(1e-15);
      expect(Math.abs(klInverseLower(q, c) - lower), `lower(${q}, ${c})`).toBeLessThan(1e-15);
    }
  });

  it('solve kl(q‖p) = c to 1e-12 on hand-picked cases', () => {
    for (const [q, c] of [[0.1, 0.05], [0.3, 1e-6], [0.05, 2], [0.9, 0.01], [0.5, 0.25], [1e-3, 1e-3]] as const) {
      expect(relativeError(binaryKl(q, klInverseUpper(q, c)), c)).toBeLessThan(1e-12);
      expect(relativeError(binaryKl(q, klInverseLower(q, c)), c)).toBeLessThan(1e-12);
    }
  });

  it('are exact at q = 0, q = 1, c = 0 and c = ∞', () => {
    expect(klInverseUpper(0, 0.5)).toBe(-Math.expm1(-0.5));
    expect(klInverseUpper(1, 3)).toBe(1);
    expect(klInverseUpper(0.4, 0)).toBe(0.4);
    expect(klInverseUpper(0.4, Infinity)).toBe(1);
    expect(klInverseUpper(0, Infinity)).toBe(1);
    expect(klInverseLower(0, 2)).toBe(0);
    expect(klInverseLower(1, 0.5)).toBe(Math.exp(-0.5));
    expect(klInverseLower(0.4, 0)).toBe(0.4);
    expect(klInverseLower(0.4, Infinity)).toBe(0);
    // Root below the smallest double: kl(0.4‖p) = 800 needs p ≈ e^{-2000}.
    expect(klInverseLower(0.4, 800)).toBe(0);
    // Root within one ulp of 1: the upper end, 1, is returned (never rounded down).
    expect(klInverseUpper(0.5, 40)).toBe(1);
  });

  it('throw a RangeError out of the domain (no NaN, no clamp)', () => {
    expect(() => klInverseUpper(1.5, 0.1)).toThrow(RangeError);
    expect(() => klInverseUpper(0.5, -1e-9)).toThrow(/c must be a non-negative number/);
    expect(() => klInverseLower(0.5, Number.NaN)).toThrow(RangeError);
    expect(() => klInverseLower(Number.NaN, 1)).toThrow(/q must be a probability/);
  });

  test.prop([interior, interior], { seed: 42, numRuns: 300 })('klInverseUpper inverts binaryKl: p ≥ q ↦ kl(q‖p) ↦ p, to 1e-12', (a, b) => {
    const [q, p] = a <= b ? [a, b] : [b, a];
    const c = binaryKl(q, p);
    expect(Math.abs(klInverseUpper(q, c) - p)).toBeLessThan(1e-12);
    expect(Math.abs(klInverseLower(p, binaryKl(p, q)) - q)).toBeLessThan(1e-12);
  });

  // p is a double: kl(q‖p) can only meet c up to how much kl moves when p moves by 2 ulp.
  const residualTolerance = (q: number, p: number, c: number): number => {
    const step = 2 * Number.EPSILON * p;
    const here = binaryKl(q, p);
    const moves = [Math.min(1, p + step), Math.max(0, p - step)].map((x) => Math.abs(binaryKl(q, x) - here));
    return 1e-12 * c + Math.max(...moves);
  };

  test.prop([probability, budget], { seed: 42, numRuns: 300 })('kl(q‖kl⁻¹(q, c)) = c to 1e-12, up to the rounding of p to a double', (q, c) => {
    const up = klInverseUpper(q, c);
    const lo = klInverseLower(q, c);
    expect(lo).toBeLessThanOrEqual(q);
    expect(up).toBeGreaterThanOrEqual(q);
    // (c in the normal range: a subnormal c carries fewer than 53 bits)
    if (c > 1e-290 && up < 1 - 1e-9 && q < 1) expect(Math.abs(binaryKl(q, up) - c)).toBeLessThanOrEqual(residualTolerance(q, up, c));
    if (c > 1e-290 && lo > 1e-300 && q > 0) expect(Math.abs(binaryKl(q, lo) - c)).toBeLessThanOrEqual(residualTolerance(q, lo, c));
    // Conservative rounding of the bisection (0 < q < 1): the returned ends satisfy kl ≥ c as computed.
    if (q > 0 && q < 1 && lo > 0) expect(binaryKl(q, lo)).toBeGreaterThanOrEqual(c);
    if (q > 0 && q < 1 && up < 1) expect(binaryKl(q, up)).toBeGreaterThanOrEqual(c);
  });

  test.prop([probability, budget, budget], { seed: 42, numRuns: 300 })('are exactly monotone in c', (q, c1, c2) => {
    const [a, b] = c1 <= c2 ? [c1, c2] : [c2, c1];
    expect(klInverseUpper(q, a)).toBeLessThanOrEqual(klInverseUpper(q, b));
    expect(klInverseLower(q, a)).toBeGreaterThanOrEqual(klInverseLower(q, b));
  });

  test.prop([probability, budget], { seed: 42, numRuns: 200 })('lie within Pinsker’s interval q ± √(c/2)', (q, c) => {
    expect(klInverseUpper(q, c)).toBeLessThanOrEqual(Math.min(1, q + Math.sqrt(c / 2)) + 1e-15);
    expect(klInverseLower(q, c)).toBeGreaterThanOrEqual(Math.max(0, q - Math.sqrt(c / 2)) - 1e-15);
  });
});
