import { invalidArgument, shapeMismatch, statefulAggregator, tf, type StatefulAggregator } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { projectOntoSimplex } from './simplex-projection.js';
import { softmax } from './softmax.js';

export interface MocoOptions {
  /** Tracking rate β of y (default 0.5, LibMTL's `MoCo_beta`); at step t it is β / t^βσ. */
  readonly beta?: number;
  /** Decay exponent βσ of the tracking rate (default 0.5, `MoCo_beta_sigma`). */
  readonly betaSigma?: number;
  /** Step size γ of the weight update (default 0.1, `MoCo_gamma`); at step t it is γ / t^γσ. */
  readonly gamma?: number;
  /** Decay exponent γσ of the weight step (default 0.5, `MoCo_gamma_sigma`). */
  readonly gammaSigma?: number;
  /** ℓ2 regularisation ρ of the weight update (default 0, `MoCo_rho`). */
  readonly rho?: number;
  /** 'softmax' (default, LibMTL) or 'simplex' (Euclidean projection: the paper, the authors' code). */
  readonly projection?: 'softmax' | 'simplex';
  /**
   * What is tracked: 'none' (default) the gradients as given; 'unit' each gradient rescaled to
   * unit length (a zero gradient stays zero). LibMTL rescales gᵢ to the length of its loss Lᵢ,
   * which an aggregator of J cannot see: pass diag(Lᵢ/‖gᵢ‖) J with 'none' to reproduce it.
   */
  readonly normalize?: 'none' | 'unit';
}

/**
 * MoCo's memory: the step count t, the tracked gradients y (m × d row-major float32, null = 0)
 * and the weights λ (null = 1/m). Plain data; y is m·d numbers, like a second copy of J.
 */
export interface MocoState {
  readonly step: number;
  readonly y: Float32Array | null;
  readonly lambda: Float64Array | null;
}

/**
 * MoCo, multi-objective gradient correction (Fernando, Shen, Liu, Chaudhury, Murugesan & Chen,
 * "Mitigating Gradient Bias in Multi-objective Learning: A Provably Convergent Approach",
 * ICLR 2023, Algorithm 1): a tracking variable y follows the stochastic gradients and the weights
 * descend on ‖yᵀλ‖²:
 *   y ← y − β_t (y − J),   λ ← proj(λ − γ_t (y yᵀ + ρ I) λ),   direction = yᵀ λ,
 * with β_t = β/t^βσ, γ_t = γ/t^γσ. Defaults follow LibMTL's `MoCo` (β = 0.5, βσ = 0.5, γ = 0.1,
 * γσ = 0.5, ρ = 0, softmax as the projection); see `normalize` for its loss scaling. The direction
 * combines y, not J, so weights = null.
 */
export const moco = (options: MocoOptions = {}): StatefulAggregator<MocoState> => {
  const { beta = 0.5, betaSigma = 0.5, gamma = 0.1, gammaSigma = 0.5, rho = 0, projection = 'softmax', normalize = 'none' } = options;
  return statefulAggregator<MocoState>({ step: 0, y: null, lambda: null }, (state, J) => {
    if (!(beta > 0 && beta <= 1) || !(gamma > 0) || !(rho >= 0) || !(betaSigma >= 0) || !(gammaSigma >= 0)) {
      return E.left(invalidArgument(`moco: needs beta in (0, 1], gamma > 0 and rho, betaSigma, gammaSigma ≥ 0, got ${JSON.stringify({ beta, gamma, rho, betaSigma, gammaSigma })}.`));
    }
    const [m, d] = J.shape;
    if ((state.y !== null && state.y.length !== m * d) || (state.lambda !== null && state.lambda.length !== m)) {
      return E.left(shapeMismatch(`moco: the state was built for other shapes than this ${m} × ${d} Jacobian.`));
    }
    const t = state.step + 1;
    const betaT = beta / t ** betaSigma;
    const gammaT = gamma / t ** gammaSigma;
    const y = tf.tidy(() => {
      const target = normalize === 'unit' ? tf.mul(J, tf.divNoNan(tf.scalar(1), tf.norm(J, 'euclidean', 1, true))) : J;
      // y − β_t (y − J) = (1 − β_t) y + β_t J
      const tracked = tf.mul(target, tf.scalar(betaT));
      return state.y === null ? tracked : tf.add(tf.mul(tf.tensor2d(state.y, [m, d]), tf.scalar(1 - betaT)), tracked);
    });
    const gramTensor = tf.matMul(y, y, false, true);
    const yy = gramTensor.dataSync();
    gramTensor.dispose();
    const lambda = state.lambda ?? new Float64Array(m).fill(1 / m);
    const step = Float64Array.from(lambda, (l, i) => {
      let s = rho * l;
      for (let j = 0; j < m; j++) s += yy[i * m + j]! * lambda[j]!;
      return l - gammaT * s;
    });
    const next = projection === 'softmax' ? softmax(step) : projectOntoSimplex(step);
    const direction = tf.tidy(() => tf.reshape(tf.matMul(tf.tensor2d(Float32Array.from(next), [1, m]), y), [d]) as tf.Tensor1D);
    const yValues = y.dataSync() as Float32Array;
    const yCopy = Float32Array.from(yValues);
    y.dispose();
    return E.right([{ direction, weights: null }, { step: t, y: yCopy, lambda: next }] as const);
  });
};
