import { combine, invalidArgument, shapeMismatch, statefulAggregator, tf, type StatefulAggregator } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { softmax } from './softmax.js';

export interface ExcessMtlOptions {
  /** Step size η of the exponentiated weight update (default 0.01, LibMTL's `robust_step_size`). */
  readonly robustStepSize?: number;
}

/**
 * ExcessMTL's memory: the running sums of squared gradients S (m × d row-major float32, null
 * = 0), the excess risks of the first call (null before it) and the task weights (null = all 1).
 */
export interface ExcessMtlState {
  readonly squaredGradientSum: Float32Array | null;
  readonly initialRisk: Float64Array | null;
  readonly weights: Float64Array | null;
}

/**
 * ExcessMTL (He, Zhou, Zhao & Ji, "Robust Multi-Task Learning with Excess Risks", ICML 2024):
 * each task's excess risk is estimated by a second-order expansion with an AdaGrad-style diagonal
 * Hessian, rᵢ = Σₖ Jᵢₖ² / √(Sᵢₖ + 1e-7) with S the running sum of Jᵢₖ², relative to
 * the first call's r⁰; the weights take an exponentiated gradient step wᵢ ← wᵢ exp(η rᵢ/rᵢ⁰) and
 * are renormalised to sum m; direction = Jᵀ w. As LibMTL's `ExcessMTL` (weights start
 * at 1 and stay 1 on the first call, η = 0.01, the 1e-7 inside the square root). Differences: a
 * task whose first risk r⁰ᵢ is 0 (a zero gradient) gets ratio 0 instead of a division by zero,
 * and the update is done on log-weights so that exp never overflows.
 */
export const excessMtl = (options: ExcessMtlOptions = {}): StatefulAggregator<ExcessMtlState> => {
  const { robustStepSize = 0.01 } = options;
  return statefulAggregator<ExcessMtlState>({ squaredGradientSum: null, initialRisk: null, weights: null }, (state, J) => {
    if (!(robustStepSize >= 0)) return E.left(invalidArgument(`excessMtl: robustStepSize must be non-negative, got ${robustStepSize}.`));
    const [m, d] = J.shape;
    if ((state.squaredGradientSum !== null && state.squaredGradientSum.length !== m * d) || (state.initialRisk !== null && state.initialRisk.length !== m)) {
      return E.left(shapeMismatch(`excessMtl: the state was built for other shapes than this ${m} × ${d} Jacobian.`));
    }
    const [sum, risk] = tf.tidy(() => {
      const squared = tf.square(J);
      const s = state.squaredGradientSum === null ? squared : tf.add(tf.tensor2d(state.squaredGradientSum, [m, d]), squared);
      return [s, tf.sum(tf.div(squared, tf.sqrt(tf.add(s, tf.scalar(1e-7)))), 1)] as const;
    });
    const r = Float64Array.from(risk.dataSync());
    const squaredGradientSum = Float32Array.from(sum.dataSync());
    tf.dispose([sum, risk]);
    const previous = state.weights ?? new Float64Array(m).fill(1);
    let weights = previous;
    if (state.initialRisk !== null) {
      const initial = state.initialRisk;
      const logW = previous.map((w, i) => Math.log(w) + robustStepSize * (initial[i]! > 0 ? r[i]! / initial[i]! : 0));
      weights = softmax(logW).map((v) => m * v);
    }
    return E.right([{ direction: combine(J, weights), weights }, { squaredGradientSum, initialRisk: state.initialRisk ?? r, weights }] as const);
  });
};
