/**
 * @mtlkit/training — where the packages meet: models as pure functions of their parameters, task
 * Jacobians, training steps (aggregated, weighted-loss, SAM-MTL), optimisers, schedules, and the loop.
 */
export * from './params.js';
export * from './model.js';
export * from './mlp.js';
export * from './lenet.js';
export type { Activation } from './layers.js';
export * from './objective.js';
export * from './task-jacobian.js';
export * from './representation-jacobian.js';
export * from './optimizer.js';
export * from './adam.js';
export * from './schedule.js';
export * from './train-state.js';
export * from './aggregator-source.js';
export * from './aggregated-step.js';
export * from './sam-mtl-step.js';
export * from './task-losses.js';
export * from './weighted-loss-step.js';
export * from './ensemble-model.js';
export * from './ensemble-step.js';
export * from './ensemble-calibration.js';
export * from './checkpoint.js';
export * from './evaluate.js';
export * from './train.js';
export * from './progress.js';
export { tensorToJson, tensorFromJson, toJsonValue, fromJsonValue, type TensorJson } from './json-value.js';
