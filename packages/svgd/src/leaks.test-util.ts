// Test-only (excluded from the build).
import { leakedTensors, tf } from '@mtlkit/core';
import type * as E from 'fp-ts/lib/Either.js';
import { right } from './either.test-util.js';
import type { ParticleOptimizer } from './optimizer.js';
import { disposeSamplerState, initSampler, type SamplerState } from './sampler.js';

/**
 * The tensors a sampler step leaves behind: `oneStep`, `leakedTensors` of one step from `particles`;
 * `run`, what is allocated after `steps` steps from the same state (each state disposed once the
 * next is made) beyond what was before them. No leak: both 0.
 */
export const stepLeaks = (
  step: (s: SamplerState) => E.Either<{ message: string }, { readonly state: SamplerState }>,
  particles: tf.Tensor2D,
  optimizer: ParticleOptimizer,
  steps: number,
): { readonly oneStep: number; readonly run: number } => {
  const s0 = right(initSampler(particles, optimizer));
  const oneStep = leakedTensors(() => step(s0));
  const before = tf.memory().numTensors;
  let s = s0;
  for (let t = 0; t < steps; t++) {
    const next = right(step(s)).state;
    disposeSamplerState(s);
    s = next;
  }
  const run = tf.memory().numTensors - before;
  disposeSamplerState(s);
  return { oneStep, run };
};
