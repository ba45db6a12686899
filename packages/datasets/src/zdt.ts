import { invalidArgument, Key, tf, type MtlError } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { checkPoint, positiveCount, type BiObjectiveProblem } from './problem.js';

export type ZdtNumber = 1 | 2 | 3 | 4 | 6;

/**
 * ZDT3's Pareto-optimal θ₁ intervals as printed in seed 002 (MT-SGD supplementary, §2.1.2, after
 * Zitzler, Deb & Thiele 2000); θ₂..θₙ = 0. To more digits the ends are 0.0830015, 0.1822287–
 * 0.2577623, 0.4093136–0.4538821, 0.6183967–0.6525117, 0.8233317–0.8518328 (the tests recompute them);
 * because the front is steep at a segment's start, the first < 1e-4 of a printed segment is
 * dominated by up to 2e-3 in f₂.
 */
export const ZDT3_SEGMENTS: readonly (readonly [number, number])[] = [
  [0, 0.083],
  [0.1822, 0.257],
  [0.4093, 0.4538],
  [0.6183, 0.6525],
  [0.8233, 0.8518],
];

/** Hypervolume reference points of the MOO-SVGD code (Liu, Tong & Liu 2021), so numbers compare. */
const HV_REFERENCE: Readonly<Partial<Record<ZdtNumber, readonly [number, number]>>> = {
  1: [0.99022638, 6.39358545],
  2: [0.99022638, 7.71577261],
  3: [0.99022638, 6.54635266],
};

/** ZDT6's f₁(θ₁) = 1 − exp(−4θ₁)·sin⁶(6πθ₁). */
const zdt6F1 = (x: number) => 1 - Math.exp(-4 * x) * Math.sin(6 * Math.PI * x) ** 6;

/** The smallest f₁ of ZDT6 on [0, 1] (≈ 0.2807753), at the first hump of sin⁶; golden-section search on [0, 1/6]. */
export const ZDT6_F1_MIN = (() => {
  let [a, b] = [0, 1 / 6];
  const r = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 200; i++) {
    const c = b - r * (b - a);
    const d = a + r * (b - a);
    if (zdt6F1(c) < zdt6F1(d)) b = d;
    else a = c;
  }
  return zdt6F1((a + b) / 2);
})();

const h = (n: ZdtNumber, f1: number, g: number): number =>
  n === 1 || n === 4 ? 1 - Math.sqrt(f1 / g) : n === 2 || n === 6 ? 1 - (f1 / g) ** 2 : 1 - Math.sqrt(f1 / g) - (f1 / g) * Math.sin(10 * Math.PI * f1);

const evaluate64 = (n: ZdtNumber, x: ArrayLike<number>): Float64Array => {
  const m = x.length;
  let rest = 0;
  for (let i = 1; i < m; i++) rest += n === 4 ? x[i]! * x[i]! - 10 * Math.cos(4 * Math.PI * x[i]!) : x[i]!;
  const f1 = n === 6 ? zdt6F1(x[0]!) : x[0]!;
  const g = n === 4 ? 1 + 10 * (m - 1) + rest : n === 6 ? 1 + 9 * (rest / (m - 1)) ** 0.25 : 1 + (9 / (m - 1)) * rest;
  return Float64Array.of(f1, g * h(n, f1, g));
};

const objectivesTensor =
  (n: ZdtNumber, m: number) =>
  (theta: tf.Tensor2D): tf.Tensor2D =>
    tf.tidy(() => {
      const x1 = tf.reshape(tf.slice(theta, [0, 0], [-1, 1]), [-1]);
      const rest = tf.slice(theta, [0, 1], [-1, m - 1]);
      const f1 = n === 6 ? tf.sub(1, tf.mul(tf.exp(tf.mul(-4, x1)), tf.pow(tf.sin(tf.mul(6 * Math.PI, x1)), 6))) : x1;
      const g =
        n === 4
          ? tf.add(1 + 10 * (m - 1), tf.sum(tf.sub(tf.square(rest), tf.mul(10, tf.cos(tf.mul(4 * Math.PI, rest)))), 1))
          : n === 6
            ? tf.add(1, tf.mul(9, tf.pow(tf.div(tf.sum(rest, 1), m - 1), 0.25)))
            : tf.add(1, tf.mul(9 / (m - 1), tf.sum(rest, 1)));
      const ratio = tf.div(f1, g);
      const hv =
        n === 1 || n === 4
          ? tf.sub(1, tf.sqrt(ratio))
          : n === 2 || n === 6
            ? tf.sub(1, tf.square(ratio))
            : tf.sub(tf.sub(1, tf.sqrt(ratio)), tf.mul(ratio, tf.sin(tf.mul(10 * Math.PI, f1))));
      return tf.stack([f1, tf.mul(g, hv)], 1) as tf.Tensor2D;
    });

/**
 * The ZDT benchmarks (Zitzler, Deb & Thiele, "Comparison of multiobjective evolutionary
 * algorithms: empirical results", Evolutionary Computation 8(2), 2000), minimised:
 * f₁ = θ₁ (ZDT6: 1 − e^{−4θ₁} sin⁶(6πθ₁)), f₂ = g·h(f₁, g) with
 * - ZDT1: g = 1 + 9/(n−1)·Σᵢ₌₂ θᵢ, h = 1 − √(f₁/g); ZDT2: h = 1 − (f₁/g)²;
 * - ZDT3: h = 1 − √(f₁/g) − (f₁/g)·sin(10πf₁) (seed 002, §2.1.2): five disconnected front pieces;
 * - ZDT4: θ₂..ₙ ∈ [−5, 5], g = 1 + 10(n−1) + Σ(θᵢ² − 10cos(4πθᵢ)), h as ZDT1 (many local fronts);
 * - ZDT6: g = 1 + 9·(Σᵢ₌₂ θᵢ/(n−1))^{1/4}, h as ZDT2 (non-uniform front, f₁ ≥ 0.2807753).
 * θ ∈ [0, 1]ⁿ otherwise; n = 30 (ZDT1–3) or 10 (ZDT4, ZDT6) by default. The Pareto set is θ₂..ₙ = 0
 * (g = 1) with θ₁ in `segments`; the front is f₂ = h(f₁, 1).
 */
export const zdt = (n: ZdtNumber, options: { readonly variables?: number } = {}): E.Either<MtlError, BiObjectiveProblem> => {
  if (![1, 2, 3, 4, 6].includes(n)) return E.left(invalidArgument(`there is no ZDT${n}; the ZDT problems are 1, 2, 3, 4 and 6.`));
  const m = options.variables ?? (n === 4 || n === 6 ? 10 : 30);
  if (!Number.isInteger(m) || m < 2) return E.left(invalidArgument(`ZDT${n} needs at least 2 variables, got ${m}.`));
  const name = `ZDT${n}`;
  const lower = Float64Array.from({ length: m }, (_, i) => (n === 4 && i > 0 ? -5 : 0));
  const upper = Float64Array.from({ length: m }, (_, i) => (n === 4 && i > 0 ? 5 : 1));
  const segments = n === 3 ? ZDT3_SEGMENTS : [[0, 1] as const];
  const total = segments.reduce((s, [a, b]) => s + (b - a), 0);
  /** θ₁ at fraction u ∈ [0, 1] of the union of the segments (measured by length). */
  const theta1 = (u: number): number => {
    let t = u * total;
    for (const [a, b] of segments) {
      if (t <= b - a) return a + t;
      t -= b - a;
    }
    return segments[segments.length - 1]![1];
  };
  const point = (t1: number) => Float64Array.from({ length: m }, (_, i) => (i === 0 ? t1 : 0));
  const sampleParetoSet = (key: Key, count: number) => pipe(positiveCount('count', count), E.map((c) => Array.from(Key.uniform(key, c), (u) => point(theta1(u)))));
  return E.right({
    name,
    variables: m,
    objectives: 2,
    lower,
    upper,
    evaluate: (theta) => E.map((x: ArrayLike<number>) => evaluate64(n, x))(checkPoint({ name, variables: m, lower, upper }, theta)),
    objectivesTensor: objectivesTensor(n, m),
    sampleParetoSet,
    sampleParetoFront: (key, count) => E.map((ps: Float64Array[]) => ps.map((p) => evaluate64(n, p)))(sampleParetoSet(key, count)),
    segments,
    front: (k) =>
      k >= 2 && Number.isInteger(k)
        ? E.right(
            n === 6
              ? [Array.from({ length: k }, (_, i) => { const f1 = ZDT6_F1_MIN + ((1 - ZDT6_F1_MIN) * i) / (k - 1); return [f1, 1 - f1 * f1] as const; })]
              : segments.map(([a, b]) =>
              Array.from({ length: k }, (_, i) => {
                const f = evaluate64(n, point(a + ((b - a) * i) / (k - 1)));
                return [f[0]!, f[1]!] as const;
              }),
            ),
          )
        : E.left(invalidArgument(`a front polyline needs at least 2 points per segment, got ${k}.`)),
    hypervolumeReference: HV_REFERENCE[n] ?? null,
  });
};
