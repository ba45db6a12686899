/**
 * Euclidean projection onto the probability simplex, argmin { ‖w − y‖ : w ≥ 0, Σw = 1 }, by
 * sorting (Held, Wolfe & Crowder 1974; Duchi, Shalev-Shwartz, Singer & Chandra, "Efficient
 * Projections onto the ℓ1-Ball", ICML 2008): with u = y sorted decreasingly and
 * ρ = max { j : u_j − (Σ_{r≤j} u_r − 1)/j > 0 }, θ = (Σ_{r≤ρ} u_r − 1)/ρ and w = max(y − θ, 0).
 * The same map as LibMTL's `_projection2simplex` (MoDo) and `euclidean_proj_simplex` (SDMGrad).
 */
export const projectOntoSimplex = (y: ArrayLike<number>): Float64Array => {
  const n = y.length;
  const u = Array.from(y).sort((a, b) => b - a);
  let cumulative = 0;
  let theta = 0;
  for (let j = 0; j < n; j++) {
    cumulative += u[j]!;
    const t = (cumulative - 1) / (j + 1);
    if (u[j]! - t > 0) theta = t;
  }
  return Float64Array.from(y, (v) => Math.max(v - theta, 0));
};
