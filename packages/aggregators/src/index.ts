/** @mtlkit/aggregators: see README.md. */
export { gradVac, type GradVacOptions, type GradVacState } from './grad-vac.js';
export { graddrop, type GradDropOptions } from './graddrop.js';
export { krum, krumWeighting, type KrumOptions } from './krum.js';
export { pcgrad, pcgradWeighting, type PcgradOptions } from './pcgrad.js';
export { trimmedMean, type TrimmedMeanOptions } from './trimmed-mean.js';
export { crMogm, type CrMogmOptions, type CrMogmState } from './cr-mogm.js';
export { excessMtl, type ExcessMtlOptions, type ExcessMtlState } from './excess-mtl.js';
export { moDo, moDoSampled, type MoDoOptions, type MoDoState } from './mo-do.js';
export { moco, type MocoOptions, type MocoState } from './moco.js';
export { crossGramian, sampledAggregator, singleSample, type SampledAggregator, type SampledJacobians } from './sampled.js';
export { sdmGrad, sdmGradSampled, type SdmGradOptions, type SdmGradState } from './sdm-grad.js';
export { projectOntoSimplex } from './simplex-projection.js';
