import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { categorical, foldIn, fromSeed, normal, permutation, randomBits, split, threefry2x32, uniform } from './key.js';

const hex = ([a, b]: readonly [number, number]) => [a.toString(16).padStart(8, '0'), b.toString(16).padStart(8, '0')];
const seed = fc.integer({ min: 0, max: 2 ** 31 });
const params = { seed: 20261123, numRuns: 100 };

describe('threefry2x32', () => {
  // Known-answer vectors of Random123 (kat_vectors) for Threefry-2x32-20, also in JAX's tests.
  it('matches the Random123 known-answer vectors', () => {
    expect(hex(threefry2x32(0, 0, 0, 0))).toEqual(['6b200159', '99ba4efe']);
    expect(hex(threefry2x32(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff))).toEqual(['1cb996fc', 'bb002be7']);
    expect(hex(threefry2x32(0x13198a2e, 0x03707344, 0x243f6a88, 0x85a308d3))).toEqual(['c4923a9c', '483df7a0']);
  });
});

describe('Key', () => {
  test.prop([seed], params)('the same seed gives the same numbers', (s) => {
    expect(uniform(fromSeed(s), 16)).toEqual(uniform(fromSeed(s), 16));
    expect(normal(fromSeed(s), 7)).toEqual(normal(fromSeed(s), 7));
    expect(permutation(fromSeed(s), 20)).toEqual(permutation(fromSeed(s), 20));
  });

  test.prop([seed], params)('split keys are distinct from each other and from their parent', (s) => {
    const k = fromSeed(s);
    const children = split(k, 4);
    const streams = [k, ...children].map((c) => Array.from(randomBits(c, 4)).join(','));
    expect(new Set(streams).size).toBe(5);
    expect(split(k, 4)).toEqual(children);
  });

  test.prop([seed], params)('drawing more numbers extends the stream without changing its prefix', (s) => {
    const k = fromSeed(s);
    expect(uniform(k, 9).subarray(0, 5)).toEqual(uniform(k, 5));
    expect(normal(k, 9).subarray(0, 4)).toEqual(normal(k, 4));
  });

  test.prop([seed, fc.integer({ min: 1, max: 64 })], params)('permutation is a permutation', (s, n) => {
    const p = Array.from(permutation(fromSeed(s), n)).sort((a, b) => a - b);
    expect(p).toEqual(Array.from({ length: n }, (_, i) => i));
  });

  test.prop([seed], params)('uniform lies in [low, high)', (s) => {
    for (const u of uniform(fromSeed(s), 50, -2, 3)) {
      expect(u).toBeGreaterThanOrEqual(-2);
      expect(u).toBeLessThan(3);
    }
  });

  it('split children are statistically independent (correlation of 20k uniforms near 0)', () => {
    const [a, b] = split(fromSeed(7), 2) as [ReturnType<typeof fromSeed>, ReturnType<typeof fromSeed>];
    const n = 20_000;
    const x = uniform(a, n);
    const y = uniform(b, n);
    let sx = 0, sy = 0, sxy = 0, sxx = 0, syy = 0;
    for (let i = 0; i < n; i++) {
      sx += x[i]!; sy += y[i]!; sxy += x[i]! * y[i]!; sxx += x[i]! ** 2; syy += y[i]! ** 2;
    }
    const cov = sxy / n - (sx / n) * (sy / n);
    const corr = cov / Math.sqrt((sxx / n - (sx / n) ** 2) * (syy / n - (sy / n) ** 2));
    expect(Math.abs(corr)).toBeLessThan(0.03); // 4 standard errors at n = 20k
  });

  it('uniform and normal have the right moments', () => {
    const k = fromSeed(1);
    const u = uniform(k, 100_000);
    const mean = u.reduce((a, b) => a + b, 0) / u.length;
    expect(mean).toBeCloseTo(0.5, 2);
    const z = normal(foldIn(k, 3), 100_000);
    const zm = z.reduce((a, b) => a + b, 0) / z.length;
    const zv = z.reduce((a, b) => a + (b - zm) ** 2, 0) / z.length;
    expect(zm).toBeCloseTo(0, 1);
    expect(zv).toBeCloseTo(1, 1);
  });

  it('categorical follows its weights and rejects bad weights', () => {
    const draws = categorical(fromSeed(3), [1, 0, 3], 40_000);
    const counts = [0, 0, 0];
    for (const d of draws) counts[d]!++;
    expect(counts[1]).toBe(0);
    expect(counts[2]! / draws.length).toBeCloseTo(0.75, 1);
    expect(() => categorical(fromSeed(3), [0, 0], 1)).toThrow(/positive/);
    expect(() => categorical(fromSeed(3), [1, Number.NaN], 1)).toThrow(/finite/);
  });

  it('pins the streams of seed 42, so a change of algorithm cannot pass unnoticed', () => {
    const k = fromSeed(42);
    expect(Array.from(randomBits(k, 4))).toEqual([1102718527, 3730234024, 3299570711, 565939850]);
    expect(Array.from(uniform(k, 3))).toEqual([0.2567466636636315, 0.7682411680502306, 0.24200461096063786]);
    expect(normal(k, 2)[0]).toBeCloseTo(0.08809848927143182, 14);
    expect(normal(k, 2)[1]).toBeCloseTo(-0.765294265442942, 14);
    expect(Array.from(permutation(k, 8))).toEqual([4, 1, 3, 7, 2, 6, 0, 5]);
  });
});
