import { tf } from '@mtlkit/core';

/**
 * Each coordinate of the scores divided by its Euclidean norm over the particles:
 * ŝ(θ_a)_l = s(θ_a)_l / max(‖(s(θ_1)_l, …, s(θ_M)_l)‖, 1e-12) — `torch.nn.functional.normalize(s,
 * dim=0)` as MT-SGD's released `toy/stein.py` (its matrix U) and MOO-SVGD's `run_zdt_moosvgd.py`
 * ("gradient normalization trick") apply it.
 */
export const normalizeScores = (scores: tf.Tensor2D): tf.Tensor2D =>
  tf.tidy(() => tf.div(scores, tf.maximum(tf.sqrt(tf.sum(tf.square(scores), 0, true)), 1e-12)) as tf.Tensor2D);
