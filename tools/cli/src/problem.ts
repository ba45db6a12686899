import { invalidArgument, type MtlError } from '@mtlkit/core';
import type { BiObjectiveProblem, Splits } from '@mtlkit/datasets';
import * as E from 'fp-ts/lib/Either.js';

/** One task of a supervised problem: a classification over `classes`, or a regression of `width` values. */
export type TaskSpec =
  | { readonly name: string; readonly kind: 'classification'; readonly classes: number }
  | { readonly name: string; readonly kind: 'regression'; readonly width: number };

/** The network a supervised problem trains: the HPS LeNet on images, or an HPS MLP on flat inputs. */
export type ModelSpec =
  | { readonly _tag: 'Lenet'; readonly inputShape: readonly [number, number, number] }
  | { readonly _tag: 'Mlp'; readonly input: number; readonly hidden: readonly number[] };

/**
 * What every run of an experiment trains on, as plain data. Each worker process builds its own
 * from the same `DatasetSpec` and settings (`loadProblem`); it is not sent between processes.
 */
export type Problem =
  | {
      readonly _tag: 'Supervised';
      /** Dataset name and split sizes, for titles. */
      readonly label: string;
      readonly tasks: readonly TaskSpec[];
      readonly splits: Splits;
      readonly model: ModelSpec;
    }
  | {
      /** ZDT3 (Zitzler, Deb & Thiele 2000): particles in [0, 1]^30 minimising two objectives. */
      readonly _tag: 'Particles';
      readonly label: string;
      readonly tasks: readonly TaskSpec[];
      /** The hypervolume's reference point (`zdt(3).hypervolumeReference`: MOO-SVGD's code, seed 002). */
      readonly reference: readonly [number, number];
    };

export const taskNames = (p: Problem): string[] => p.tasks.map((t) => t.name);

/** The metric each task is judged by in tables and Δm: accuracy (classification), MSE (regression), the mean objective (zdt3). */
export const primaryMetrics = (p: Problem): { readonly metric: string; readonly higherIsBetter: boolean }[] =>
  p.tasks.map((t) => (p._tag === 'Particles' ? { metric: 'objective', higherIsBetter: false } : t.kind === 'classification' ? { metric: 'accuracy', higherIsBetter: true } : { metric: 'mse', higherIsBetter: false }));

/** A ZDT problem with the hypervolume reference point of MOO-SVGD's code (seed 002), or a Left where it has none. */
export const withReference = (p: BiObjectiveProblem): E.Either<MtlError, BiObjectiveProblem & { readonly reference: readonly [number, number] }> =>
  p.hypervolumeReference === null ? E.left(invalidArgument(`${p.name} has no hypervolume reference point.`)) : E.right({ ...p, reference: p.hypervolumeReference });
