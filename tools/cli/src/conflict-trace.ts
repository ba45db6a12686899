import { gramian, type Gramian } from '@mtlkit/core';
import { disposeTaskGradients, gradientCosines, taskJacobian, type Step } from '@mtlkit/training';
import * as E from 'fp-ts/lib/Either.js';

/** Gradient conflict over training: per bin of steps, the share of steps with a conflicting task pair and the mean pairwise cosine. */
export interface ConflictPoint {
  /** Position in epochs (the middle of the bin). */
  readonly x: number;
  /** Share of the bin's measured steps where some pair of task gradients has a negative inner product (Yu et al. 2020; seed 003 Fig. 11). */
  readonly share: number;
  /** Mean over the bin's measured steps of the mean pairwise cosine between task gradients. */
  readonly cosine: number;
}

export type ConflictTrace = readonly ConflictPoint[];

export interface TraceOptions {
  /** Steps without a Gramian in their report (loss weightings): measure the task Jacobian of the batch every `probeEvery` steps (0: never). */
  readonly probeEvery: number;
  /** false: record nothing (ensembles, whose Gramian is between Stein directions, not task gradients). */
  readonly record: boolean;
  readonly batchesPerEpoch: number;
}

/**
 * Wraps a training step to record the cosine between the task gradients at every step: from the
 * Gramian the step reports (aggregators, SAM-MTL), or, for steps that report none, from the task
 * Jacobian of the same batch at the same parameters every `probeEvery` steps (a measurement only:
 * it does not change the update). The wrapped step behaves exactly as the original.
 */
export const withConflictTrace = <S>(step: Step<S>, options: TraceOptions): { readonly step: Step<S>; readonly trace: () => ConflictTrace } => {
  const samples: { step: number; cosine: number; conflict: boolean }[] = [];
  const note = (at: number, G: Gramian) => {
    const c = gradientCosines(G);
    if (Number.isFinite(c.mean)) samples.push({ step: at, cosine: c.mean, conflict: c.conflict });
  };
  const wrapped = ((state, batch) => {
    if (options.record && options.probeEvery > 0 && state.step % options.probeEvery === 0) {
      const g = taskJacobian(step.setup)(state.params, batch);
      if (E.isRight(g)) {
        note(state.step, gramian(g.right.jacobian));
        disposeTaskGradients(g.right);
      }
    }
    const r = step(state, batch);
    if (options.record && E.isRight(r) && r.right[1].gramian !== null) note(state.step, r.right[1].gramian);
    return r;
  }) as Step<S>;
  const stepped = Object.assign(wrapped, { initial: step.initial, setup: step.setup, needs: step.needs, ...(step.endEpoch !== undefined && { endEpoch: step.endEpoch }) });
  const trace = (): ConflictTrace => {
    const perEpoch = Math.max(1, options.batchesPerEpoch);
    const bin = Math.max(1, Math.ceil(perEpoch / 4));
    const bins = new Map<number, { n: number; conflicts: number; cosine: number }>();
    for (const s of samples) {
      const b = Math.floor(s.step / bin);
      const acc = bins.get(b) ?? { n: 0, conflicts: 0, cosine: 0 };
      bins.set(b, { n: acc.n + 1, conflicts: acc.conflicts + (s.conflict ? 1 : 0), cosine: acc.cosine + s.cosine });
    }
    return [...bins.entries()].sort((a, b) => a[0] - b[0]).map(([b, v]) => ({ x: ((b + 0.5) * bin) / perEpoch, share: v.conflicts / v.n, cosine: v.cosine / v.n }));
  };
  return { step: stepped as Step<S>, trace };
};
