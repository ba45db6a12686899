/**
 * @mtlkit/pac-bayes-bounds — the binary kl and its inverses, Gaussian KLs, the chi-square
 * distribution, the classic PAC-Bayes bounds (McAllester, Seeger/Maurer kl, Catoni, Thiemann et
 * al.'s λ-bound) and the Gaussian-perturbation / flat-region bounds of seed 003 (Theorems 2–4).
 * See README.md.
 */
export { binaryKl, klInverseUpper, klInverseLower } from './binary-kl.js';
export { gaussianKlIsotropic, gaussianKlDiagonal, type IsotropicGaussian, type DiagonalGaussian } from './gaussian-kl.js';
export { chiSquareCdf, chiSquareSurvival, chiSquareQuantile, chiSquareSurvivalQuantile } from './chi-square.js';
export type { Bound, ClassicBoundArgs } from './bound.js';
export { mcAllesterBound } from './mcallester.js';
export { klBound } from './kl-bound.js';
export { catoniBound, type CatoniBound, type CatoniBoundArgs } from './catoni.js';
export { lambdaBound, type LambdaBound, type LambdaBoundArgs } from './lambda-bound.js';
export {
  gaussianPerturbationBound,
  type GaussianPerturbationArgs,
  type GaussianPerturbationBound,
  type PriorChoice,
} from './gaussian-perturbation-bound.js';
export { multiTaskBounds, type MultiTaskArgs, type TaskModel, type ConfidenceSplit } from './multi-task-bounds.js';
export { perturbationSigma, type PerturbationSigma, type PerturbationSigmaArgs, type Radius, type RadiusMethod } from './perturbation-sigma.js';
export {
  flatRegionBounds,
  type FlatRegionArgs,
  type FlatRegionBound,
  type FlatRegionBounds,
  type FlatRegionTask,
  type ParameterBlock,
} from './flat-region-bounds.js';
export {
  modelTaskBounds,
  type ModelParameters,
  type ModelTaskBound,
  type ModelTaskBounds,
  type ModelTaskBoundsOptions,
  type Perturbation,
} from './model-task-bounds.js';
