/**
 * @mtlkit/losses — per-task losses (each a `TaskLoss` for @mtlkit/training) and loss-level
 * weightings as pure state machines (DWA, uncertainty, GradNorm, gradient blending, AlphaGrad...).
 * See README.md.
 */
export * from './task-loss.js';
export { reductionCheck } from './elementwise.js';
export { mse } from './mse.js';
export { mae } from './mae.js';
export { huber, type HuberOptions } from './huber.js';
export { crossEntropy, type CrossEntropyOptions } from './cross-entropy.js';
export { binaryCrossEntropy } from './binary-cross-entropy.js';
export { nll } from './nll.js';
export { triplet, type TripletMining, type TripletOptions } from './triplet.js';
export { contrastive, type ContrastiveOptions } from './contrastive.js';
export { pairwiseDistances } from './pairwise.js';
