import { Key } from '@mtlkit/core';
import { describe, expect, it } from 'vitest';
import { randomStream, xoshiro128ss } from './fast-random.js';

describe('randomStream', () => {
  it('xoshiro128** gives the reference outputs for the state (1, 2, 3, 4)', () => {
    const next = xoshiro128ss(Uint32Array.of(1, 2, 3, 4));
    expect([next(), next(), next()]).toEqual([11520, 0, 5927040]);
  });

  it('is deterministic for a key and has the moments of its distributions', () => {
    const a = randomStream(Key.fromSeed(3));
    const b = randomStream(Key.fromSeed(3));
    expect(Array.from({ length: 5 }, a.uniform)).toEqual(Array.from({ length: 5 }, b.uniform));
    const n = 200_000;
    const draws = (f: () => number) => Array.from({ length: n }, f);
    const moments = (xs: number[]) => {
      const m = xs.reduce((s, x) => s + x, 0) / xs.length;
      return [m, xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length];
    };
    const [mu, vu] = moments(draws(a.uniform));
    expect(Math.abs(mu! - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(vu! - 1 / 12)).toBeLessThan(0.002);
    const noise = new Float32Array(n);
    a.fillNormalFast(noise);
    const [m, v] = moments(Array.from(noise));
    expect(Math.abs(m!)).toBeLessThan(0.01);
    expect(Math.abs(v! - 1)).toBeLessThan(0.02);
    expect(new Set(noise).size).toBeLessThanOrEqual(4096); // table values
    const [c, d] = [randomStream(Key.fromSeed(4)), randomStream(Key.fromSeed(4))];
    const [fc, fd] = [new Float32Array(10), new Float32Array(10)];
    c.fillNormalFast(fc);
    d.fillNormalFast(fd);
    expect(Array.from(fc)).toEqual(Array.from(fd));
    expect(c.uniform()).toBe(d.uniform());
  });
});
