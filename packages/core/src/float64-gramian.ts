import type { Gramian } from './gramian.js';
import type { TaskJacobian } from './task-jacobian.js';

/**
 * G = J Jᵀ accumulated in float64 in JS from J's float32 entries (one read of J, m(m+1)/2 dot
 * products of length d): exact up to float64 rounding, where the tfjs Gramian (`gramian`) carries
 * float32 rounding (relative 1e-7 of the largest products). m² d / 2 multiply-adds, so it is for
 * the cases that need it: the small eigenvalues of an ill-conditioned Gramian, the sign of a
 * near-zero inner product.
 */
export const float64Gramian = (J: TaskJacobian): Gramian => {
  const [m, d] = J.shape;
  const x = J.dataSync();
  const values = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let j = i; j < m; j++) {
      let s = 0;
      const a = i * d;
      const b = j * d;
      for (let k = 0; k < d; k++) s += x[a + k]! * x[b + k]!;
      values[i * m + j] = s;
      values[j * m + i] = s;
    }
  }
  return { m, values };
};
