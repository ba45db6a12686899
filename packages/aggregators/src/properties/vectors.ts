/** Small float64 vector helpers for the checkers (plain arrays, no tensors). */

export const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};

export const norm = (a: ArrayLike<number>): number => Math.sqrt(dot(a, a));

export const maxAbs = (a: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s = Math.max(s, Math.abs(a[i]!));
  return s;
};

/** Largest Euclidean norm of the rows. */
export const maxRowNorm = (rows: readonly (readonly number[])[]): number => rows.reduce((s, r) => Math.max(s, norm(r)), 0);

/** Index and value of the largest |a - b| entry. */
export const worstDifference = (a: ArrayLike<number>, b: ArrayLike<number>): { readonly index: number; readonly value: number } => {
  let index = 0;
  let value = 0;
  for (let i = 0; i < a.length; i++) {
    const diff = Math.abs(a[i]! - b[i]!);
    if (diff > value || Number.isNaN(diff)) {
      index = i;
      value = diff;
      if (Number.isNaN(diff)) break;
    }
  }
  return { index, value };
};

/** Formats a number for failure messages. */
export const show = (v: number): string => (Number.isInteger(v) ? String(v) : v.toPrecision(6));
