/**
 * φ(x) = x − log(1 + x) for x > −1: non-negative, ≈ x²/2 near 0. Computed by its Taylor series
 * Σ_{k≥2} (−1)^k x^k / k when |x| < 1/8 (where x − log1p(x) would lose digits to cancellation),
 * directly otherwise; relative error a few ulp (at most ~20 ulp at |x| = 1/8).
 * Used by the binary kl and Gaussian KLs (both are sums of weighted φ terms) and the gamma tail.
 */
export const xMinusLog1p = (x: number): number => {
  if (Math.abs(x) >= 0.125) return x - Math.log1p(x);
  let power = x * x;
  let sum = 0;
  for (let k = 2; k < 40; k++) {
    const term = (k % 2 === 0 ? power : -power) / k;
    sum += term;
    if (Math.abs(term) <= 1e-17 * sum) break;
    power *= x;
  }
  return sum;
};

/**
 * φ(x) when log(1 + x) is known more accurately than x itself (1 + x a ratio far from 1, whose
 * log comes straight from the ratio): the series for |x| < 1/8, else x − log1pX().
 */
export const xMinusLog1pWith = (x: number, log1pX: () => number): number => (Math.abs(x) < 0.125 ? xMinusLog1p(x) : x - log1pX());
