import { tf } from '@mtlkit/core';
import type { Optimizer } from './optimizer.js';

export interface AdamOptions {
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
  readonly weightDecay?: number;
}

const adamLike = (name: string, options: AdamOptions, decoupled: boolean): Optimizer => {
  const b1 = options.beta1 ?? 0.9;
  const b2 = options.beta2 ?? 0.999;
  const eps = options.epsilon ?? 1e-8;
  const wd = options.weightDecay ?? (decoupled ? 0.01 : 0);
  return {
    name,
    init: (params) => ({ t: 0, slots: [params.map((p) => tf.zerosLike(p)), params.map((p) => tf.zerosLike(p))] }),
    update: (state, params, grads, lr) => {
      const t = state.t + 1;
      const c1 = 1 - b1 ** t;
      const c2 = 1 - b2 ** t;
      const out = params.map((p, i) =>
        tf.tidy(() => {
          const g = !decoupled && wd !== 0 ? tf.add(grads[i]!, tf.mul(p, wd)) : grads[i]!;
          const m = tf.add(tf.mul(state.slots[0]![i]!, b1), tf.mul(g, 1 - b1));
          const v = tf.add(tf.mul(state.slots[1]![i]!, b2), tf.mul(tf.square(g), 1 - b2));
          const step = tf.div(tf.div(m, c1), tf.add(tf.sqrt(tf.div(v, c2)), eps));
          const base = decoupled && wd !== 0 ? tf.mul(p, 1 - lr * wd) : p;
          return [tf.sub(base, tf.mul(step, lr)), m, v] as const;
        }),
      );
      return [out.map((o) => o[0]), { t, slots: [out.map((o) => o[1]), out.map((o) => o[2])] }];
    },
  };
};

/**
 * Adam (Kingma & Ba 2015, Algorithm 1) as torch.optim.Adam: bias-corrected moments,
 * p ← p − lr·m̂/(√v̂ + ε); `weightDecay` adds λp to the gradient (L2). Defaults β = (0.9, 0.999), ε = 1e-8.
 */
export const adam = (options: AdamOptions = {}): Optimizer => adamLike('adam', options, false);

/**
 * AdamW (Loshchilov & Hutter 2019, Algorithm 2) as torch.optim.AdamW: decoupled weight decay
 * p ← p·(1 − lr·λ) before the Adam step. Default λ = 0.01.
 */
export const adamW = (options: AdamOptions = {}): Optimizer => adamLike('adamw', options, true);
