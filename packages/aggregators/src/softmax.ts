/** softmax(x)ᵢ = exp(xᵢ − max x) / Σⱼ exp(xⱼ − max x): shifted by the maximum, so it never overflows. */
export const softmax = (x: Float64Array): Float64Array => {
  const top = Math.max(...x);
  const e = x.map((v) => Math.exp(v - top));
  const total = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / total);
};
