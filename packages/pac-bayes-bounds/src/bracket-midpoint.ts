/**
 * The next point of a bisection on [lo, hi]: √lo·√hi while the bracket spans more than a factor 2
 * (the ratio hi/lo then takes about log₂ log₂(hi/lo) steps to fall to 2: ~11 from [5e-324, 1]),
 * the arithmetic middle once it is narrower. Used by the kl inverses and the gamma quantile.
 */
export const bracketMidpoint = (lo: number, hi: number): number => (lo > 0 && hi > 2 * lo ? Math.sqrt(lo) * Math.sqrt(hi) : lo + (hi - lo) / 2);
