/**
 * A seeded, splittable, counter-based pseudo-random generator: Threefry-2x32 with 20 rounds
 * (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011; the generator JAX uses).
 * A `Key` is an immutable value; every draw is a pure function of (key, counter), computed with
 * 32-bit integer arithmetic in JS, so the same seed gives the same bits on every backend and
 * platform. Use a key once: `split` it to get fresh keys for independent draws.
 */
export interface Key {
  readonly _tag: 'Key';
  readonly k0: number;
  readonly k1: number;
}

const ROTATIONS = [13, 15, 26, 6, 17, 29, 16, 24] as const;
const SKEIN_PARITY = 0x1bd11bda;

const rotl = (x: number, r: number): number => ((x << r) | (x >>> (32 - r))) >>> 0;

/** Threefry-2x32-20 block: encrypts the counter (c0, c1) under the key (k0, k1). */
export const threefry2x32 = (k0: number, k1: number, c0: number, c1: number): readonly [number, number] => {
  const ks = [k0 >>> 0, k1 >>> 0, (SKEIN_PARITY ^ k0 ^ k1) >>> 0];
  let x0 = (c0 + ks[0]!) >>> 0;
  let x1 = (c1 + ks[1]!) >>> 0;
  for (let block = 0; block < 5; block++) {
    for (let r = 0; r < 4; r++) {
      x0 = (x0 + x1) >>> 0;
      x1 = rotl(x1, ROTATIONS[(block % 2) * 4 + r]!) ^ x0;
    }
    const s = block + 1;
    x0 = (x0 + ks[s % 3]!) >>> 0;
    x1 = (x1 + ks[(s + 1) % 3]! + s) >>> 0;
  }
  return [x0, x1];
};

// Counter domains keep draws, splits and fold-ins of one key independent of each other.
const DOMAIN_DRAW = 0;
const DOMAIN_SPLIT = 1;
const DOMAIN_FOLD = 2;

/** A key from an integer seed (any safe integer; its low 64 bits are used). */
export const fromSeed = (seed: number): Key => {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`Key.fromSeed(seed): seed must be a safe integer, got ${seed}.`);
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 2 ** 32) >>> 0;
  const [k0, k1] = threefry2x32(0, 0, lo, hi);
  return { _tag: 'Key', k0, k1 };
};

/** n independent keys derived from `k`. */
export const split = (k: Key, n = 2): readonly Key[] =>
  Array.from({ length: n }, (_, i) => {
    const [k0, k1] = threefry2x32(k.k0, k.k1, i, DOMAIN_SPLIT);
    return { _tag: 'Key', k0, k1 } as const;
  });

/** A key derived from `k` and an integer (an epoch, a step, a particle index). */
export const foldIn = (k: Key, data: number): Key => {
  const [k0, k1] = threefry2x32(k.k0, k.k1, data >>> 0, DOMAIN_FOLD + Math.floor(data / 2 ** 32) * 4);
  return { _tag: 'Key', k0, k1 };
};

/** n random 32-bit words. */
export const randomBits = (k: Key, n: number): Uint32Array => {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i += 2) {
    const [a, b] = threefry2x32(k.k0, k.k1, i >>> 1, DOMAIN_DRAW);
    out[i] = a;
    if (i + 1 < n) out[i + 1] = b;
  }
  return out;
};

/** The i-th uniform of a key's stream, in [0, 1) with 53 random bits (one Threefry block). */
const uniformAt = (k: Key, i: number): number => {
  const [a, b] = threefry2x32(k.k0, k.k1, i, DOMAIN_DRAW);
  return ((a >>> 5) * 67108864 + (b >>> 6)) / 9007199254740992;
};

/** n uniforms on [low, high) (default [0, 1)). */
export const uniform = (k: Key, n: number, low = 0, high = 1): Float64Array => {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = low + (high - low) * uniformAt(k, i);
  return out;
};

/** n standard normals (Box–Muller on pairs of the key's uniforms), times `std`, plus `mean`. */
export const normal = (k: Key, n: number, mean = 0, std = 1): Float64Array => {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const u1 = 1 - uniformAt(k, i); // in (0, 1]: log is finite
    const u2 = uniformAt(k, i + 1);
    const r = Math.sqrt(-2 * Math.log(u1));
    out[i] = mean + std * r * Math.cos(2 * Math.PI * u2);
    if (i + 1 < n) out[i + 1] = mean + std * r * Math.sin(2 * Math.PI * u2);
  }
  return out;
};

/** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
export const permutation = (k: Key, n: number): Int32Array => {
  const out = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(uniformAt(k, i) * (i + 1));
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return out;
};

/**
 * n draws from the categorical distribution with the given non-negative weights (need not sum
 * to 1), by inverting the cumulative sum. Throws a RangeError if no weight is positive.
 */
export const categorical = (k: Key, weights: ArrayLike<number>, n: number): Int32Array => {
  const cdf = new Float64Array(weights.length);
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`categorical: weight ${i} is ${w}; weights must be finite and non-negative.`);
    total += w;
    cdf[i] = total;
  }
  if (!(total > 0)) throw new RangeError('categorical: at least one weight must be positive.');
  const out = new Int32Array(n);
  for (let s = 0; s < n; s++) {
    const u = uniformAt(k, s) * total;
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    out[s] = lo;
  }
  return out;
};

/** A key as a plain JSON value (for checkpoints), and back. */
export const keyToJson = (k: Key): readonly [number, number] => [k.k0, k.k1];
export const keyFromJson = ([k0, k1]: readonly [number, number]): Key => ({ _tag: 'Key', k0: k0 >>> 0, k1: k1 >>> 0 });
