import { Key } from '@mtlkit/core';

/** A stream of uniforms and normals for bulk draws (pixel noise, jitter), seeded by a `Key`. */
export interface RandomStream {
  /** A uniform in [0, 1). */
  readonly uniform: () => number;
  /** A uniform in [low, high). */
  readonly between: (low: number, high: number) => number;
  /** An integer in 0..n-1. */
  readonly int: (n: number) => number;
  /**
   * Fills `out` with standard normals rounded to one of 4,096 equiprobable values (the midpoint
   * quantiles Φ⁻¹((k + ½)/4096)): one table look-up per draw instead of a logarithm and a cosine,
   * for pixel noise.
   */
  readonly fillNormalFast: (out: Float32Array) => void;
}

/** Φ⁻¹ by bisection on Φ(x) = ½·erfc(−x/√2), erfc from Numerical Recipes' Chebyshev fit (|error| < 1.2e-7). */
const erfc = (x: number): number => {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
};
const probit = (p: number): number => {
  let [lo, hi] = [-10, 10];
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (0.5 * erfc(-mid / Math.SQRT2) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
};
const NORMAL_TABLE = Float64Array.from({ length: 4096 }, (_, k) => probit((k + 0.5) / 4096));

/** One xoshiro128** step: advances the 4-word state in place and returns the 32-bit output. */
const step = (s: Uint32Array): number => {
  const b5 = Math.imul(s[1]!, 5);
  const result = Math.imul((b5 << 7) | (b5 >>> 25), 9) >>> 0;
  const t = s[1]! << 9;
  s[2]! ^= s[0]!;
  s[3]! ^= s[1]!;
  s[1]! ^= s[2]!;
  s[0]! ^= s[3]!;
  s[2]! ^= t;
  s[3] = (s[3]! << 11) | (s[3]! >>> 21);
  return result;
};

/** The xoshiro128** generator from a 4-word state (copied): each call returns the next 32-bit output. */
export const xoshiro128ss = (state: Uint32Array): (() => number) => {
  const s = Uint32Array.from(state);
  return () => step(s);
};

/**
 * xoshiro128** (Blackman & Vigna, "Scrambled linear pseudorandom number generators", 2021) seeded
 * with four words of the key's Threefry stream: Threefry alone costs one 20-round block per number,
 * too slow for millions of pixels. The state lives in this closure only; the same key gives the
 * same stream.
 */
export const randomStream = (key: Key): RandomStream => {
  const s = Key.randomBits(key, 4);
  if ((s[0]! | s[1]! | s[2]! | s[3]!) === 0) s[0] = 1; // the all-zero state is a fixed point
  const uniform = () => step(s) / 4294967296;
  return {
    uniform,
    between: (low, high) => low + (high - low) * uniform(),
    int: (n) => Math.floor(uniform() * n),
    fillNormalFast: (out) => {
      for (let i = 0; i < out.length; i++) out[i] = NORMAL_TABLE[step(s) >>> 20]!;
    },
  };
};
