/**
 * @mtlkit/metrics — classification, calibration, regression, multi-task and multi-objective
 * metrics, and optimisation diagnostics: pure functions, float64 accumulation, `Either` on bad input.
 */
export { DEFAULT_PROBABILITY_TOLERANCE, parseClassification, parseLabels, parseProbabilities, type Classification, type Probabilities, type ProbabilityOptions } from './classification.js';
export { accuracy, topKAccuracy, type TopKOptions } from './accuracy.js';
export { confusionMatrix } from './confusion-matrix.js';
export { precisionRecallF1, precisionRecallF1PerClass, type Average, type PerClassScores, type PrecisionRecallF1, type PrecisionRecallF1Options } from './precision-recall-f1.js';
export { cohenKappa, type CohenKappaOptions } from './cohen-kappa.js';
export { negativeLogLikelihood, type NegativeLogLikelihoodOptions } from './negative-log-likelihood.js';
export { brierScore, brierScoreByClass } from './brier-score.js';
export { expectedCalibrationError, maximumCalibrationError, type CalibrationOptions, type ExpectedCalibrationError, type MaximumCalibrationError, type ReliabilityBin } from './calibration-error.js';
export { predictiveEntropy, type EntropyNormalisation, type PredictiveEntropy, type PredictiveEntropyOptions } from './predictive-entropy.js';
export { averageProbabilities, ensemble } from './ensemble.js';
export { mae, mse, rmse, type RegressionScore } from './regression.js';
export { hypervolume } from './hypervolume.js';
export { gd, igd } from './generational-distance.js';
export { nondominated, type Points } from './pareto.js';
export { deltaM, knownDirection, type DeltaM, type DeltaMOptions, type Direction, type MetricTable } from './delta-m.js';
export { formatMetricTable, metricTable, type MetricSummary, type MetricSummaryTable } from './metric-table.js';
export { gradientConflict, type GradientConflict } from './gradient-conflict.js';
export { ogr, ogrSquared, type LossCheckpoint, type OgrSquared } from './ogr.js';
export type { VectorLike } from './vectors.js';
export type { LossClosure } from './loss-closure.js';
export { rhoSharpness, type RhoSharpness } from './rho-sharpness.js';
export { perturbationCurve, type PerturbationCurveOptions, type PerturbationPoint } from './perturbation-curve.js';
