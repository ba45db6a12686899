import { tf, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import type { Batch, Objective } from './objective.js';
import type { Params } from './params.js';
import { checkBatch, checkLosses } from './task-jacobian.js';

/**
 * Every task's loss Lᵢ of a batch at the given parameters: one forward pass (the encoder once),
 * read to float64. Left on a batch that does not match the tasks or a non-finite loss.
 */
export const taskLosses =
  (objective: Objective) =>
  (params: Params, batch: Batch): E.Either<MtlError, Float64Array> => {
    const checked = checkBatch(objective, batch);
    if (E.isLeft(checked)) return checked;
    const stacked = tf.tidy(() => {
      const z = objective.model.encode(params.shared, batch.x);
      return tf.stack(params.heads.map((h, i) => objective.losses[i]!(objective.model.head(i, h, z), batch.targets[i]!)));
    });
    const losses = Float64Array.from(stacked.dataSync());
    stacked.dispose();
    return checkLosses(losses);
  };
