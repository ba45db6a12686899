import { emptyInput, invalidArgument, nonFinite, shapeMismatch, tf, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';

/**
 * N × C class probabilities read out of tfjs once, in float64: row-major, each row on the simplex
 * within the tolerance. Label-free metrics (predictive entropy) are computed from this in plain JS.
 */
export interface Probabilities {
  /** Number of samples N ≥ 1. */
  readonly n: number;
  /** Number of classes C ≥ 1. */
  readonly classes: number;
  /** N × C probabilities, row-major. */
  readonly probs: Float64Array;
}

/**
 * A validated classification sample: the probabilities and N integer labels in [0, C). Every
 * classification and calibration metric is computed from this in plain JS.
 */
export interface Classification extends Probabilities {
  /** N labels in [0, C). */
  readonly labels: Int32Array;
}

/** Options every classification metric accepts. */
export interface ProbabilityOptions {
  /**
   * How far a row's sum may be from 1 (absolute), default `1e-3`: loose enough for a float32
   * softmax over thousands of classes, tight enough to catch logits or unnormalised scores.
   */
  readonly tolerance?: number;
}

/** The default tolerance on |Σ_c p_ic − 1|. */
export const DEFAULT_PROBABILITY_TOLERANCE = 1e-3;

/** A float32 value read back in float64, shortened for a message (0.8999999761581421 -> 0.9). */
const show = (x: number): string => (Number.isFinite(x) ? String(Number(x.toPrecision(7))) : String(x));

const isNumericDtype = (t: tf.Tensor): boolean => t.dtype === 'float32' || t.dtype === 'int32';

const checkTolerance = (options: ProbabilityOptions | undefined): E.Either<MtlError, number> => {
  const tol = options?.tolerance ?? DEFAULT_PROBABILITY_TOLERANCE;
  return Number.isFinite(tol) && tol >= 0
    ? E.right(tol)
    : E.left(invalidArgument(`the probability tolerance must be a finite number ≥ 0, got ${tol}.`));
};

/** Reads and checks an N × C probability matrix: finite, entries in [0, 1], rows summing to 1. */
const readProbabilities = (probs: tf.Tensor, tol: number, what: string): E.Either<MtlError, Probabilities> => {
  if (probs.isDisposed) return E.left(invalidArgument(`${what} has been disposed.`));
  if (probs.rank !== 2) {
    return E.left(shapeMismatch(`${what} must be a 2-D tensor N × C (samples × classes), got shape [${probs.shape.join(', ')}].`));
  }
  if (!isNumericDtype(probs)) return E.left(invalidArgument(`${what} must be float32, got dtype ${probs.dtype}.`));
  const [n, classes] = probs.shape as [number, number];
  if (n === 0) return E.left(emptyInput(`${what} has no samples (shape [0, ${classes}]); a metric needs at least one.`));
  if (classes === 0) return E.left(emptyInput(`${what} has no classes (shape [${n}, 0]).`));
  const values = Float64Array.from(probs.dataSync());
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      const p = values[i * classes + c]!;
      if (!Number.isFinite(p)) {
        return E.left(nonFinite(`${what} row ${i}, class ${c} is ${p}; probabilities must be finite.`));
      }
      if (p < 0 || p > 1 + tol) {
        return E.left(invalidArgument(`${what} row ${i}, class ${c} is ${show(p)}, outside [0, 1]; pass probabilities (e.g. tf.softmax of the logits), not scores.`));
      }
      sum += p;
    }
    if (Math.abs(sum - 1) > tol) {
      return E.left(invalidArgument(`${what} row ${i} sums to ${show(sum)}, not 1 within ${tol}; pass probabilities (e.g. tf.softmax of the logits), not logits.`));
    }
  }
  return E.right({ n, classes, probs: values });
};

/** Reads and checks N labels out of tfjs: a 1-D tensor of N integers in [0, C). */
export const parseLabels = (labels: tf.Tensor, n: number, classes: number): E.Either<MtlError, Int32Array> => {
  if (labels.isDisposed) return E.left(invalidArgument('labels has been disposed.'));
  if (labels.rank !== 1) {
    return E.left(shapeMismatch(`labels must be a 1-D tensor of N class indices, got shape [${labels.shape.join(', ')}].`));
  }
  if (!isNumericDtype(labels)) return E.left(invalidArgument(`labels must be int32 class indices, got dtype ${labels.dtype}.`));
  if (labels.shape[0] !== n) {
    return E.left(shapeMismatch(`probs has ${n} samples but labels has ${labels.shape[0]}; they must have the same length.`));
  }
  const raw = labels.dataSync();
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const y = raw[i]!;
    if (!Number.isFinite(y)) return E.left(nonFinite(`label ${i} is ${y}; labels must be finite class indices.`));
    if (!Number.isInteger(y)) return E.left(invalidArgument(`label ${i} is ${y}, not an integer class index.`));
    if (y < 0 || y >= classes) {
      return E.left(invalidArgument(`label ${i} is ${y}, outside the class range [0, ${classes - 1}] of probs (C = ${classes}).`));
    }
    out[i] = y;
  }
  return E.right(out);
};

/** Reads and checks N × C probabilities alone (for label-free metrics such as predictive entropy). */
export const parseProbabilities = (probs: tf.Tensor2D, options?: ProbabilityOptions, what = 'probs'): E.Either<MtlError, Probabilities> => {
  const tol = checkTolerance(options);
  return E.isLeft(tol) ? tol : readProbabilities(probs, tol.right, what);
};

/**
 * Reads `probs` (N × C) and `labels` (N) out of tfjs once and checks them: same N ≥ 1, finite
 * probabilities in [0, 1] whose rows sum to 1 within `tolerance`, integer labels in [0, C).
 * The tensors are left to the caller. Every classification metric starts here.
 */
export const parseClassification = (probs: tf.Tensor2D, labels: tf.Tensor1D, options?: ProbabilityOptions): E.Either<MtlError, Classification> => {
  const p = parseProbabilities(probs, options);
  if (E.isLeft(p)) return p;
  return E.map((y: Int32Array) => ({ ...p.right, labels: y }))(parseLabels(labels, p.right.n, p.right.classes));
};

/** The predicted class of sample i: the first index of the largest probability (numpy's argmax). */
export const predictedClass = (d: Pick<Classification, 'classes' | 'probs'>, i: number): number => {
  const base = i * d.classes;
  let best = 0;
  for (let c = 1; c < d.classes; c++) if (d.probs[base + c]! > d.probs[base + best]!) best = c;
  return best;
};

/**
 * A public classification metric from its float64 computation: parse the tensors once, then
 * compute. Keeps every metric's signature `(probs, labels, options?)`.
 */
export const classificationMetric =
  <O extends ProbabilityOptions, A>(compute: (d: Classification, options: O | undefined) => E.Either<MtlError, A>) =>
  (probs: tf.Tensor2D, labels: tf.Tensor1D, options?: O): E.Either<MtlError, A> => {
    const d = parseClassification(probs, labels, options);
    return E.isLeft(d) ? d : compute(d.right, options);
  };
