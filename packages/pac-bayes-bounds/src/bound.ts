/**
 * A PAC-Bayes bound's value and its parts. `bound` upper-bounds the true (expected) risk with
 * probability at least 1 − δ over the sample; `complexity` is the term that carries KL(Q‖P) and
 * ln(1/δ) — each function says which expression it is (an additive gap for McAllester and the
 * seed's bounds, the kl budget for the kl bound...).
 */
export interface Bound {
  /** The upper bound on the true risk. */
  readonly bound: number;
  /** The empirical risk the bound starts from. */
  readonly empirical: number;
  /** The complexity term, as defined by each bound. */
  readonly complexity: number;
  /** true when `bound` is at least the loss's upper bound (1, or L): the bound says nothing. */
  readonly vacuous: boolean;
}

/** The arguments every classic bound takes (losses in [0, 1]). */
export interface ClassicBoundArgs {
  /** The empirical (Gibbs) risk E_Q[L̂_S], in [0, 1]. */
  readonly empirical: number;
  /** KL(Q‖P) in nats, ≥ 0 and finite. */
  readonly kl: number;
  /** N, the number of i.i.d. samples (a positive integer). */
  readonly n: number;
  /** The confidence parameter δ ∈ (0, 1): the bound holds with probability ≥ 1 − δ. */
  readonly delta: number;
}
