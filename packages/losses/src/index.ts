/**
 * @mtlkit/losses — per-task losses (each a `TaskLoss` for @mtlkit/training) and loss-level
 * weightings as pure state machines (DWA, uncertainty, GradNorm, gradient blending, AlphaGrad...).
 * See README.md.
 */
export { safeLoss, type CheckedTaskLoss, type CheckedUnreducedLoss, type LossInfo, type Reduction, type TaskLoss, type UnreducedLoss } from './task-loss.js';
export { mse } from './mse.js';
export { mae } from './mae.js';
export { huber, type HuberOptions } from './huber.js';
export { crossEntropy, type CrossEntropyOptions } from './cross-entropy.js';
export { binaryCrossEntropy } from './binary-cross-entropy.js';
export { nll } from './nll.js';
export { triplet, type TripletMining, type TripletOptions } from './triplet.js';
export { contrastive, type ContrastiveOptions } from './contrastive.js';
export { pairwiseDistances } from './pairwise.js';
export {
  lossWeighting,
  NEEDS_LOSSES_ONLY,
  type EpochInput,
  type GradientStats,
  type LossWeighting,
  type StepInput,
  type WeightingClaims,
  type WeightingNeeds,
} from './weighting.js';
export type { ParameterOptimizer, ParameterOptimizerState } from './parameter-optimizer.js';
export { epochEvent, replay, stepEvent, type WeightingEvent } from './replay.js';
export { equal } from './equal.js';
export { fixed } from './fixed.js';
export { uncertainty, type UncertaintyOptions, type UncertaintyState } from './uncertainty.js';
export { dwa, type DwaOptions, type DwaState } from './dwa.js';
export { gls, type GlsOptions } from './gls.js';
export { scaleInvariant, type ScaleInvariantOptions } from './scale-invariant.js';
export { rlw, type RlwOptions, type RlwState } from './rlw.js';
export { famo, type FamoOptions, type FamoState } from './famo.js';
export { dbMtl, type DbMtlOptions, type DbMtlState } from './db-mtl.js';
export { stch, type StchOptions, type StchState } from './stch.js';
export { gradNorm, type GradNormOptions, type GradNormState } from './grad-norm.js';
export { imtlL, type ImtlLOptions, type ImtlLState } from './imtl-l.js';
export { pbi, type PbiOptions } from './pbi.js';
export { gradBlending, type GradBlendingOptions, type GradBlendingState } from './grad-blending.js';
export { estimate, slope, type BlendingEstimator, type BlendingHistory, type Estimate } from './blending-estimators.js';
export { alphaGrad, type AlphaGradOptions, type AlphaGradState } from './alpha-grad.js';
export { adaMt, type AdaMtOptions, type AdaMtState } from './ada-mt.js';
export { gradientStats } from './gradient-stats.js';
