/**
 * @mtlkit/svgd — Stein variational samplers for one or many targets: kernels (RBF with the median
 * heuristic, IMQ), the Stein direction, SVGD, MOO-SVGD and MT-SGD, on particles stored as one
 * M x d tensor (points, or the flat parameter vectors of an ensemble of networks). See README.md.
 */
export * from './particles.js';
export { kernelMatrix, disposeKernelMatrix, featureKernel, squaredDistances, median, medianHeuristic, MIN_SQUARED_BANDWIDTH } from './kernel.js';
export type { Kernel, FeatureKernel, ParticleKernel, KernelMatrix, RadialProfile } from './kernel.js';
export * from './rbf.js';
export * from './imq.js';
export { steinDirection, steinDirectionFrom } from './stein-direction.js';
export * from './target.js';
export * from './optimizer.js';
export { initSampler, disposeSamplerState, moveParticles } from './sampler.js';
export { maskBlockedScores, BOUND_TOLERANCE } from './blocked-scores.js';
export type { SamplerState, MoveOptions } from './sampler.js';
export * from './normalize-scores.js';
export { svgdStep } from './svgd-step.js';
export type { SvgdOptions, SvgdStepResult } from './svgd-step.js';
export { mtSgdDirection, mtSgdStep, combineScores } from './mt-sgd.js';
export type { MtSgdOptions, MtSgdDirection, MtSgdStepResult, MtSgdGramianForm } from './mt-sgd.js';
export { mooSvgdDirection, mooSvgdStep } from './moo-svgd.js';
export type { MooSvgdOptions, MooSvgdDirection, MooSvgdStepResult } from './moo-svgd.js';
export { zdt3Settings } from './zdt3-settings.js';
