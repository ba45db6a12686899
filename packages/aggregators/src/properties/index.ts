/**
 * @mtlkit/aggregators/properties — a fast-check property kit for gradient aggregators: arbitraries
 * of task Jacobians (plain numbers; tensors are made only while a check runs, and disposed) and
 * one checker per property, each defined once and returning `Either<reason, void>`. Run it on
 * mtlkit's aggregators or on your own; see the package README for an example test.
 */
export { anyJacobians, conflictingJacobians, jacobians, jacobiansWithZeroRows, scaledJacobians, type ScaledOptions, type ShapeOptions, type Size } from './arbitraries.js';
export type { Tolerance } from './compare.js';
export { assertHolds, evaluate, fails, holds, repeatedCalls, type Outcome, type PropertyResult } from './evaluate.js';
export { finiteOutput } from './finite-output.js';
export { linearUnderScaling, type ScalingOptions } from './linear-under-scaling.js';
export { nonConflicting, type NonConflictingOptions } from './non-conflicting.js';
export { permutationInvariant, type PermutationOptions } from './permutation-invariant.js';
export { positivelyHomogeneous } from './positively-homogeneous.js';
export { permuteRows, sampleFromRows, scaleRows, toJacobian, withJacobian, type JacobianSample } from './sample.js';
export { weightsOnSimplex, type SimplexOptions } from './weights-on-simplex.js';
