import { tf } from '@mtlkit/core';

/** Test helpers of this package (not exported). */

/** The value of a scalar tensor, read outside any tidy, and the tensor disposed. */
export const valueOf = (t: tf.Tensor): Float64Array => {
  const v = Float64Array.from(t.dataSync());
  t.dispose();
  return v;
};

/** ∂loss/∂output by tfjs autodiff, as float64 values. */
export const autodiff = (loss: (o: tf.Tensor, t: tf.Tensor) => tf.Tensor, output: tf.Tensor, target: tf.Tensor): Float64Array =>
  valueOf(tf.grad((o: tf.Tensor) => loss(o, target) as tf.Scalar)(output));

/** Central finite differences of a float64 function of a flat vector. */
export const finiteDifferences = (f: (x: Float64Array) => number, x: ArrayLike<number>, h = 1e-6): Float64Array => {
  const base = Float64Array.from(x);
  return Float64Array.from(base, (_, i) => {
    const plus = Float64Array.from(base);
    const minus = Float64Array.from(base);
    plus[i]! += h;
    minus[i]! -= h;
    return (f(plus) - f(minus)) / (2 * h);
  });
};

/** max_i |a_i − b_i| / (1 + |b_i|). */
export const maxRelError = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / (1 + Math.abs(b[i]!)));
  return worst;
};

/** Values rounded to float32, as the tensors hold them. */
export const f32 = (xs: readonly number[]): Float64Array => Float64Array.from(xs, Math.fround);

export const mean = (xs: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s / xs.length;
};
export const sum = (xs: ArrayLike<number>): number => mean(xs) * xs.length;
