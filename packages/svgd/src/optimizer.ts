import { invalidArgument, tf, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import type { Particles } from './particles.js';

/** An optimiser's state as plain data: the number of updates taken and its slot tensors (M x d). */
export interface ParticleOptimizerState {
  /** The optimiser that made this state (a step refuses a state made by another optimiser). */
  readonly name: string;
  readonly t: number;
  readonly slots: readonly tf.Tensor2D[];
}

/**
 * A pure optimiser that moves particles along an ascent direction φ (an SVGD-family direction):
 * `update` returns new particles and a new state and disposes nothing, whoever holds the old
 * ones disposes them. Written as PyTorch's optimisers applied to the gradient −φ, as the released
 * MT-SGD and MOO-SVGD code does (`X.grad = −φ; optimizer.step()`).
 */
export interface ParticleOptimizer {
  readonly name: string;
  /** The initial state, or a Left naming a bad option (options are checked here, at first use). */
  readonly init: (particles: Particles) => E.Either<MtlError, ParticleOptimizerState>;
  readonly update: (state: ParticleOptimizerState, particles: Particles, direction: tf.Tensor2D) => readonly [Particles, ParticleOptimizerState];
}

export interface AdamOptions {
  /** Step size (default 1e-3, torch.optim.Adam's; the seed uses 3e-2 on the toy, 5e-4 on ZDT3). */
  readonly learningRate?: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
}

const positive = (name: string, v: number): string | null => (v > 0 && Number.isFinite(v) ? null : `${name} must be positive and finite, got ${v}`);
const unitInterval = (name: string, v: number): string | null => (v >= 0 && v < 1 ? null : `${name} must be in [0, 1), got ${v}`);

/**
 * Adam (Kingma & Ba 2015, Algorithm 1) as torch.optim.Adam on the gradient −φ: m ← β₁m + (1−β₁)(−φ),
 * v ← β₂v + (1−β₂)φ², θ ← θ − lr·m̂/(√v̂ + ε) with bias-corrected m̂, v̂. Defaults lr = 1e-3,
 * β = (0.9, 0.999), ε = 1e-8 (the seed's toy and ZDT3 runs use these betas).
 */
export const adam = (options: AdamOptions = {}): ParticleOptimizer => {
  const { learningRate: lr = 1e-3, beta1: b1 = 0.9, beta2: b2 = 0.999, epsilon: eps = 1e-8 } = options;
  const bad = positive('learningRate', lr) ?? unitInterval('beta1', b1) ?? unitInterval('beta2', b2) ?? positive('epsilon', eps);
  return {
    name: 'adam',
    init: (particles) => (bad !== null ? E.left(invalidArgument(`adam: ${bad}.`)) : E.right({ name: 'adam', t: 0, slots: [tf.zerosLike(particles), tf.zerosLike(particles)] })),
    update: (state, particles, direction) => {
      const t = state.t + 1;
      const c1 = 1 - b1 ** t;
      const c2 = 1 - b2 ** t;
      const [next, m, v] = tf.tidy(() => {
        const g = tf.neg(direction);
        const m = tf.add(tf.mul(state.slots[0]!, b1), tf.mul(g, 1 - b1)) as tf.Tensor2D;
        const v = tf.add(tf.mul(state.slots[1]!, b2), tf.mul(tf.square(g), 1 - b2)) as tf.Tensor2D;
        const step = tf.div(tf.div(m, c1), tf.add(tf.sqrt(tf.div(v, c2)), eps));
        return [tf.sub(particles, tf.mul(step, lr)) as tf.Tensor2D, m, v] as const;
      });
      return [next, { name: 'adam', t, slots: [m, v] }];
    },
  };
};

/** Plain steps θ ← θ + ε·φ (the SVGD update of Liu & Wang 2016, Algorithm 1). */
export const sgd = (options: { readonly learningRate?: number } = {}): ParticleOptimizer => {
  const lr = options.learningRate ?? 1e-3;
  const bad = positive('learningRate', lr);
  return {
    name: 'sgd',
    init: () => (bad !== null ? E.left(invalidArgument(`sgd: ${bad}.`)) : E.right({ name: 'sgd', t: 0, slots: [] })),
    update: (state, particles, direction) => [tf.tidy(() => tf.add(particles, tf.mul(direction, lr)) as tf.Tensor2D), { name: 'sgd', t: state.t + 1, slots: [] }],
  };
};

/** Frees an optimiser state's slot tensors. */
export const disposeOptimizerState = (s: ParticleOptimizerState): void => tf.dispose([...s.slots]);
