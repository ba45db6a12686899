import { Key, type Aggregator } from '@mtlkit/core';
import { config } from './config.js';
import { constant } from './constant.js';
import { crMogm } from './cr-mogm.js';
import { excessMtl } from './excess-mtl.js';
import { gradVac } from './grad-vac.js';
import { graddrop } from './graddrop.js';
import { krum } from './krum.js';
import { mean } from './mean.js';
import { mgda, mgdaWeighting } from './mgda.js';
import { moDo } from './mo-do.js';
import { moco } from './moco.js';
import { pcgrad } from './pcgrad.js';
import { random } from './random.js';
import { repeatedCalls } from './properties/evaluate.js';
import { sdmGrad } from './sdm-grad.js';
import { sum } from './sum.js';
import { trimmedMean } from './trimmed-mean.js';
import { dualProj } from './dual-proj.js';
import { upgrad } from './upgrad.js';
import { alignedMtl } from './aligned-mtl.js';
import { imtlG } from './imtl-g.js';
import { cagrad } from './cagrad.js';
import { fairGrad } from './fair-grad.js';
import { nashMtl } from './nash-mtl.js';

/** The properties of the kit, in the order of the README's table. */
export const propertyNames = ['nonConflicting', 'linearUnderScaling', 'permutationInvariant', 'weightsOnSimplex', 'positivelyHomogeneous', 'finiteOutput'] as const;
export type PropertyName = (typeof propertyNames)[number];

export const propertyHeadings: Readonly<Record<PropertyName, string>> = {
  nonConflicting: 'non-conflicting',
  linearUnderScaling: 'linear under scaling',
  permutationInvariant: 'permutation invariant',
  weightsOnSimplex: 'weights on the simplex',
  positivelyHomogeneous: 'positively homogeneous',
  finiteOutput: 'finite output',
};

/** What a method promises, and the instance on which the test suite checks it. */
export interface MethodClaims {
  /** The call shown in the README. */
  readonly method: string;
  /** The aggregator checked (stateful methods: J ↦ the second of two calls on J from `initial`). */
  readonly aggregator: () => Aggregator;
  /** The fewest tasks the method accepts (and the most, for methods built for a fixed m). */
  readonly minTasks: number;
  readonly maxTasks?: number;
  readonly claims: readonly PropertyName[];
  /** A stateful method (marked ² in the README). */
  readonly stateful?: true;
  /** Looser float32 noise floor for the comparing checkers (ρ-relative), with the reason in the README. */
  readonly atol?: number;
}

const key = Key.fromSeed(1);

/**
 * The single source of truth of the README's property table: `claims.test.ts` checks every claim
 * with the property kit, finds a counterexample for every property not claimed, and checks that
 * the README shows exactly this table.
 */
export const methodClaims: readonly MethodClaims[] = [
  { method: 'mean()', aggregator: () => mean(), minTasks: 1, claims: ['linearUnderScaling', 'permutationInvariant', 'weightsOnSimplex', 'positivelyHomogeneous', 'finiteOutput'] },
  { method: 'sum()', aggregator: () => sum(), minTasks: 1, claims: ['linearUnderScaling', 'permutationInvariant', 'positivelyHomogeneous', 'finiteOutput'] },
  { method: 'constant({ weights: [1, 2, 3] })', aggregator: () => constant({ weights: [1, 2, 3] }), minTasks: 3, maxTasks: 3, claims: ['linearUnderScaling', 'positivelyHomogeneous', 'finiteOutput'] },
  { method: 'random({ key })', aggregator: () => random({ key }), minTasks: 1, claims: ['linearUnderScaling', 'weightsOnSimplex', 'positivelyHomogeneous', 'finiteOutput'] },
  { method: 'mgda()', aggregator: () => mgda(), minTasks: 1, claims: ['nonConflicting', 'permutationInvariant', 'weightsOnSimplex', 'positivelyHomogeneous', 'finiteOutput'] },
  { method: 'upgrad()', aggregator: () => upgrad(), minTasks: 1, claims: ['permutationInvariant', 'finiteOutput'] },
  { method: 'upgrad({ normEps: 0 })', aggregator: () => upgrad({ normEps: 0 }), minTasks: 1, claims: ['permutationInvariant', 'positivelyHomogeneous', 'finiteOutput'] },
  { method: 'dualProj()', aggregator: () => dualProj(), minTasks: 1, claims: ['permutationInvariant', 'finiteOutput'] },
  { method: 'imtlG()', aggregator: () => imtlG(), minTasks: 1, claims: ['permutationInvariant', 'positivelyHomogeneous', 'finiteOutput'] },
  { method: 'alignedMtl()', aggregator: () => alignedMtl(), minTasks: 1, claims: ['permutationInvariant', 'positivelyHomogeneous', 'finiteOutput'] },
  { method: 'cagrad()', aggregator: () => cagrad(), minTasks: 1, claims: ['permutationInvariant', 'finiteOutput'] },
  { method: 'nashMtl()', aggregator: () => nashMtl(), minTasks: 1, claims: ['nonConflicting', 'permutationInvariant', 'finiteOutput'] },
  { method: 'fairGrad()', aggregator: () => fairGrad(), minTasks: 1, claims: ['nonConflicting', 'permutationInvariant', 'finiteOutput'] },
  { method: 'pcgrad({ key })', aggregator: () => pcgrad({ key }), minTasks: 1, claims: ['linearUnderScaling', 'positivelyHomogeneous', 'finiteOutput'] },
  { method: 'gradVac({ key })', stateful: true, aggregator: () => repeatedCalls(gradVac({ key })), minTasks: 1, atol: 1e-3, claims: ['linearUnderScaling', 'positivelyHomogeneous', 'finiteOutput'] },
  { method: 'graddrop({ key })', aggregator: () => graddrop({ key }), minTasks: 1, claims: ['permutationInvariant', 'positivelyHomogeneous', 'finiteOutput'] },
  { method: 'config()', aggregator: () => config(), minTasks: 1, claims: ['linearUnderScaling', 'permutationInvariant', 'positivelyHomogeneous', 'finiteOutput'] },
  { method: 'krum()', aggregator: () => krum(), minTasks: 4, claims: ['permutationInvariant', 'weightsOnSimplex', 'positivelyHomogeneous', 'finiteOutput'] },
  { method: 'trimmedMean()', aggregator: () => trimmedMean(), minTasks: 3, claims: ['permutationInvariant', 'positivelyHomogeneous', 'finiteOutput'] },
  { method: 'moDo()', stateful: true, aggregator: () => repeatedCalls(moDo()), minTasks: 1, claims: ['permutationInvariant', 'weightsOnSimplex', 'finiteOutput'] },
  { method: 'sdmGrad()', stateful: true, aggregator: () => repeatedCalls(sdmGrad()), minTasks: 1, claims: ['permutationInvariant', 'weightsOnSimplex', 'finiteOutput'] },
  { method: 'moco()', stateful: true, aggregator: () => repeatedCalls(moco()), minTasks: 1, claims: ['permutationInvariant', 'finiteOutput'] },
  { method: 'crMogm(mgdaWeighting())', stateful: true, aggregator: () => repeatedCalls(crMogm(mgdaWeighting())), minTasks: 1, claims: ['nonConflicting', 'permutationInvariant', 'weightsOnSimplex', 'positivelyHomogeneous', 'finiteOutput'] },
  { method: 'excessMtl()', stateful: true, aggregator: () => repeatedCalls(excessMtl()), minTasks: 1, claims: ['permutationInvariant', 'finiteOutput'] },
];

/** The README's table, rendered from `methodClaims`. */
export const renderClaimsTable = (claims: readonly MethodClaims[] = methodClaims): string =>
  [
    `| method | ${propertyNames.map((p) => propertyHeadings[p]).join(' | ')} |`,
    `| --- | ${propertyNames.map(() => ':-:').join(' | ')} |`,
    ...claims.map((c) => `| \`${c.method}\`${c.stateful === true ? ' ²' : ''}${c.atol === undefined ? '' : ' ³'} | ${propertyNames.map((p) => (c.claims.includes(p) ? '✓' : '')).join(' | ')} |`),
  ].join('\n');
