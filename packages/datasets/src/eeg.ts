import { dataFormat, shapeMismatch, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import type { Dataset, Target } from './dataset.js';
import { readNpy } from './npy.js';

export interface EegOptions {
  /** Add a trailing channel axis, [channels, samples, 1], for 2-D convolutions over (electrode, time) (default false: [channels, samples]). */
  readonly channelAxis?: boolean;
}

/** EEG epochs with their class labels; `classValues[t][c]` is the label value in the file that class c of task t stands for. */
export interface EegDataset extends Dataset {
  readonly classValues: readonly (readonly number[])[];
}

/**
 * EEG epochs as motor-imagery data is commonly shipped after preprocessing (e.g. BCI Competition IV
 * 2a/2b through MOABB or braindecode): a `.npy` array of trials × channels × samples (float32 or
 * float64) and a `.npy` of labels, one per trial (or trials × tasks for several labelings).
 * Labels may be any integers (1/2, 769/770 ...) or integer-valued floats; each task's distinct
 * values, sorted, become classes 0..K−1 (`classValues` keeps the mapping). Every sample must be
 * finite; errors name the file and the trial, channel and sample.
 */
export const eegFromNpy = async (epochsPath: string, labelsPath: string, options: EegOptions = {}): Promise<E.Either<MtlError, EegDataset>> => {
  const [epochs, labels] = await Promise.all([readNpy(epochsPath), readNpy(labelsPath)]);
  if (E.isLeft(epochs)) return epochs;
  if (E.isLeft(labels)) return labels;
  const x = epochs.right;
  const y = labels.right;
  if (x.shape.length !== 3) return E.left(dataFormat(`${epochsPath}: expected epochs of shape trials × channels × samples, got shape (${x.shape.join(', ')}).`));
  const [trials, channels, samples] = x.shape as [number, number, number];
  if (trials === 0 || channels === 0 || samples === 0) return E.left(dataFormat(`${epochsPath}: the epochs array is empty (shape ${x.shape.join(' × ')}).`));
  if (y.shape.length < 1 || y.shape.length > 2 || y.shape[0] !== trials)
    return E.left(shapeMismatch(`${labelsPath}: expected ${trials} labels (shape (${trials},) or (${trials}, tasks)) for the ${trials} trials of ${epochsPath}, got shape (${y.shape.join(', ')}).`));
  const inputs = x.data instanceof Float32Array ? x.data : Float32Array.from(x.data);
  const bad = inputs.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    const [t, c, s] = [Math.floor(bad / (channels * samples)), Math.floor(bad / samples) % channels, bad % samples];
    return E.left(dataFormat(`${epochsPath}: trial ${t}, channel ${c}, sample ${s} is ${x.data[bad]}; EEG samples must be finite (and within the float32 range).`));
  }
  const tasks = y.shape.length === 2 ? y.shape[1]! : 1;
  if (tasks === 0) return E.left(dataFormat(`${labelsPath}: the labels array has no column.`));
  const targets: Target[] = [];
  const classValues: number[][] = [];
  for (let k = 0; k < tasks; k++) {
    const raw = Array.from({ length: trials }, (_, i) => y.data[i * tasks + k]!);
    const badLabel = raw.findIndex((v) => !Number.isInteger(v));
    if (badLabel >= 0) return E.left(dataFormat(`${labelsPath}: label of trial ${badLabel}${tasks > 1 ? `, task ${k}` : ''} is ${raw[badLabel]}; expected an integer class label.`));
    const values = [...new Set(raw)].sort((a, b) => a - b);
    const index = new Map(values.map((v, c) => [v, c]));
    targets.push({ _tag: 'Labels', name: tasks === 1 ? 'class' : `task ${k + 1}`, values: Int32Array.from(raw, (v) => index.get(v)!), classes: values.length });
    classValues.push(values);
  }
  return E.right({
    size: trials,
    inputs,
    inputShape: options.channelAxis === true ? [channels, samples, 1] : [channels, samples],
    targets,
    classValues,
  });
};
