/** @mtlkit/aggregators: see README.md. */
export { gradVac, type GradVacOptions, type GradVacState } from './grad-vac.js';
export { graddrop, type GradDropOptions } from './graddrop.js';
export { krum, krumWeighting, type KrumOptions } from './krum.js';
export { pcgrad, pcgradWeighting, type PcgradOptions } from './pcgrad.js';
export { trimmedMean, type TrimmedMeanOptions } from './trimmed-mean.js';
