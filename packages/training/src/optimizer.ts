import { tf } from '@mtlkit/core';

/**
 * Optimiser state as plain data: the number of updates taken and per-parameter slot tensors
 * (slots[k][p] is slot k of parameter p: momentum, Adam's moments...).
 */
export interface OptimizerState {
  readonly t: number;
  readonly slots: readonly (readonly tf.Tensor[])[];
}

/**
 * A pure optimiser: `update` returns new parameters and a new state and disposes nothing; whoever
 * holds the old ones disposes them. Conventions follow PyTorch's `torch.optim` (LibMTL's runtime).
 */
export interface Optimizer {
  readonly name: string;
  readonly init: (params: readonly tf.Tensor[]) => OptimizerState;
  readonly update: (state: OptimizerState, params: readonly tf.Tensor[], grads: readonly tf.Tensor[], lr: number) => readonly [tf.Tensor[], OptimizerState];
}

export const disposeOptimizerState = (s: OptimizerState): void => tf.dispose(s.slots.flat());

const zerosLike = (params: readonly tf.Tensor[]) => params.map((p) => tf.zerosLike(p));

/** g + λ·p (L2 regularisation folded into the gradient, as torch.optim's `weight_decay`). */
const decayed = (g: tf.Tensor, p: tf.Tensor, weightDecay: number): tf.Tensor => (weightDecay === 0 ? g : tf.add(g, tf.mul(p, weightDecay)));

/** Plain SGD: p ← p − lr·(g + λp). */
export const sgd = (options: { readonly weightDecay?: number } = {}): Optimizer => {
  const wd = options.weightDecay ?? 0;
  return {
    name: 'sgd',
    init: () => ({ t: 0, slots: [] }),
    update: (state, params, grads, lr) => [params.map((p, i) => tf.tidy(() => tf.sub(p, tf.mul(decayed(grads[i]!, p, wd), lr)))), { t: state.t + 1, slots: [] }],
  };
};

/**
 * SGD with momentum (torch.optim.SGD): v ← β·v + g (v = g at the first step), p ← p − lr·v, or
 * with Nesterov p ← p − lr·(g + β·v). Default β = 0.9.
 */
export const momentum = (options: { readonly beta?: number; readonly nesterov?: boolean; readonly weightDecay?: number } = {}): Optimizer => {
  const beta = options.beta ?? 0.9;
  const wd = options.weightDecay ?? 0;
  return {
    name: 'momentum',
    init: (params) => ({ t: 0, slots: [zerosLike(params)] }),
    update: (state, params, grads, lr) => {
      const v = params.map((p, i) => tf.tidy(() => (state.t === 0 ? tf.clone(decayed(grads[i]!, p, wd)) : tf.add(tf.mul(state.slots[0]![i]!, beta), decayed(grads[i]!, p, wd)))));
      const next = params.map((p, i) =>
        tf.tidy(() => tf.sub(p, tf.mul(options.nesterov ? tf.add(decayed(grads[i]!, p, wd), tf.mul(v[i]!, beta)) : v[i]!, lr))),
      );
      return [next, { t: state.t + 1, slots: [v] }];
    },
  };
};
