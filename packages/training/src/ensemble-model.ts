import { invalidArgument, Key, tf, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import type { MultiTaskModel } from './model.js';
import { allTensors, disposeParams, flatten, fromAllTensors, type Params } from './params.js';

/**
 * How an ensemble combines its members' outputs for one task:
 * - 'probabilities': the members' outputs are logits; the ensemble predicts the averaged
 *   probabilities p̄ = (1/M) Σₘ softmax(zₘ) (seed 002, "Metrics"; Lakshminarayanan et al. 2017) and
 *   outputs log p̄ — valid logits of p̄ (softmax(log p̄) = p̄), so a cross-entropy loss on them is
 *   the ensemble's negative log-likelihood.
 * - 'mean': regression; the ensemble outputs the mean of the members' outputs.
 */
export type EnsembleCombine = 'probabilities' | 'mean';

/** One task's output: its width (classes, or regression outputs) and how members are combined. */
export interface EnsembleOutput {
  readonly size: number;
  readonly combine: EnsembleCombine;
}

export interface EnsembleOptions {
  /** M, the number of member networks (particles), ≥ 1. Seed 002 uses 5 (Fig. 2: 3..15). */
  readonly members: number;
  /** One per task, in task order. */
  readonly outputs: readonly EnsembleOutput[];
}

/**
 * An ensemble of M networks of one architecture as a `MultiTaskModel`: its parameters are one
 * particle matrix P (M × d, row m the flat parameters of member m in `allTensors` order) as the
 * single shared tensor, and no head tensors. `encode` runs every member (M × batch × Σᵢ sizeᵢ:
 * each member's outputs of every task, task i's in the columns from Σ_{j<i} sizeⱼ); `head(i)`
 * combines the members' task-i outputs (`EnsembleOutput`). So `train`, `evaluate` and checkpoints work on
 * ensembles unchanged; `evaluate` with the task losses gives the ensemble's loss (e.g. NLL of p̄).
 */
export interface EnsembleModel extends MultiTaskModel {
  readonly base: MultiTaskModel;
  readonly members: number;
  readonly outputs: readonly EnsembleOutput[];
  /** d, the number of parameters of one member. */
  readonly dimension: () => number;
  /** The parameters of member m, as views computed from row m of P (tensors owned by the caller). */
  readonly memberParams: (particles: tf.Tensor2D, m: number) => Params;
  /** Every member's outputs, one M × batch × sizeᵢ tensor per task i (for per-member losses and metrics): `encode` split by task. */
  readonly memberOutputs: (particles: tf.Tensor2D, x: tf.Tensor) => tf.Tensor3D[];
}

interface Layout {
  /** The member's parameter structure (tensors disposed: only the list lengths are used). */
  readonly like: Params;
  readonly shapes: readonly (readonly number[])[];
  readonly sizes: readonly number[];
  readonly d: number;
}

/** Row m of P as a member's tensors in `allTensors` order (differentiable: slice and reshape). */
const rowTensors = (layout: Layout, particles: tf.Tensor2D, m: number): tf.Tensor[] => {
  const row = tf.reshape(tf.slice(particles, [m, 0], [1, layout.d]), [layout.d]);
  return tf.split(row, [...layout.sizes]).map((p, k) => tf.reshape(p, [...layout.shapes[k]!]));
};

const rowParams = (layout: Layout, particles: tf.Tensor2D, m: number): Params => fromAllTensors(layout.like, rowTensors(layout, particles, m));

/**
 * Builds an ensemble of `members` copies of `model` (their parameters drawn from independent keys
 * `Key.foldIn(key, m)`), for MT-SGD and MOO-SVGD training (`mtSgdEnsembleStep`,
 * `mooSvgdEnsembleStep`). Left on a non-positive or non-integer M or an output list that does not
 * have one entry of positive integer size per task.
 */
export const ensembleModel = (model: MultiTaskModel, options: EnsembleOptions): E.Either<MtlError, EnsembleModel> => {
  const { members: M, outputs } = options;
  if (!Number.isInteger(M) || M < 1) return E.left(invalidArgument(`an ensemble needs a positive integer number of members, got ${M}.`));
  if (outputs.length !== model.tasks) return E.left(invalidArgument(`the ensemble's outputs list has ${outputs.length} entries for a model of ${model.tasks} tasks.`));
  const bad = outputs.findIndex((o) => !Number.isInteger(o.size) || o.size < 1 || (o.combine !== 'probabilities' && o.combine !== 'mean'));
  if (bad >= 0) return E.left(invalidArgument(`output ${bad} of the ensemble must have a positive integer size and combine 'probabilities' or 'mean', got ${JSON.stringify(outputs[bad])}.`));
  const offsets = outputs.map((_, i) => outputs.slice(0, i).reduce((a, o) => a + o.size, 0));
  // The member layout, read once from a template network (its tensors are disposed at once).
  let cached: Layout | null = null;
  const layout = (): Layout => {
    if (cached === null) {
      const template = model.init(Key.fromSeed(0));
      const tensors = allTensors(template);
      const shapes = tensors.map((t) => [...t.shape]);
      const sizes = tensors.map((t) => t.size);
      disposeParams(template);
      cached = { like: template, shapes, sizes, d: sizes.reduce((a, b) => a + b, 0) };
    }
    return cached;
  };
  /** Task i's columns of `encode`'s output: M × batch × sizeᵢ. */
  const taskColumns = (z: tf.Tensor, task: number): tf.Tensor3D => tf.slice(z, [0, 0, offsets[task]!], [M, z.shape[1]!, outputs[task]!.size]) as tf.Tensor3D;
  const encode = (shared: readonly tf.Tensor[], x: tf.Tensor): tf.Tensor =>
    tf.tidy(() => {
      const particles = shared[0] as tf.Tensor2D;
      const l = layout();
      const perMember = Array.from({ length: M }, (_, m) => {
        const p = rowParams(l, particles, m);
        const z = model.encode(p.shared, x);
        return tf.concat(
          p.heads.map((h, i) => tf.reshape(model.head(i, h, z), [x.shape[0]!, outputs[i]!.size])),
          1,
        );
      });
      return tf.stack(perMember);
    });
  return E.right({
    tasks: model.tasks,
    base: model,
    members: M,
    outputs,
    dimension: () => layout().d,
    memberParams: (particles, m) => fromAllTensors(layout().like, tf.tidy(() => rowTensors(layout(), particles, m))),
    memberOutputs: (particles, x) =>
      tf.tidy(() => {
        const z = encode([particles], x);
        return outputs.map((_, i) => taskColumns(z, i));
      }),
    encode,
    head: (task, _params, z) =>
      tf.tidy(() => {
        const zi = taskColumns(z, task);
        return outputs[task]!.combine === 'mean' ? tf.mean(zi, 0) : tf.sub(tf.logSumExp(tf.logSoftmax(zi), 0), Math.log(M));
      }),
    init: (key) => {
      const rows = Array.from({ length: M }, (_, m) => {
        const p = model.init(Key.foldIn(key, m));
        const row = flatten(allTensors(p));
        disposeParams(p);
        return row;
      });
      const particles = tf.stack(rows);
      tf.dispose(rows);
      return { shared: [particles], heads: Array.from({ length: model.tasks }, () => []) };
    },
  });
};
