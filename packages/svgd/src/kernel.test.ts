import { leakedTensors, tf } from '@mtlkit/core';
import { fc, test } from '@fast-check/vitest';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { f32, sq } from './cases.test-util.js';
import { right } from './either.test-util.js';
import { imqKernel } from './imq.js';
import { featureKernel, kernelMatrix, median, medianHeuristic, squaredDistances, type Kernel, type KernelMatrix } from './kernel.js';
import { rbfKernel } from './rbf.js';
import { steinDirection } from './stein-direction.js';

const particlesArb = (maxM: number, maxD: number) =>
  fc
    .tuple(fc.integer({ min: 1, max: maxM }), fc.integer({ min: 1, max: maxD }))
    .chain(([m, d]) => fc.array(fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: d, maxLength: d }), { minLength: m, maxLength: m }));

const read = (km: KernelMatrix) => {
  const out = { k: km.k.arraySync(), repulsion: km.repulsion.arraySync(), bandwidth: km.bandwidth };
  tf.dispose([km.k, km.repulsion]);
  return out;
};

describe('median and the median heuristic', () => {
  it('computes the median as numpy does', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([0, 5, 5, 0])).toBe(2.5);
  });

  test.prop([fc.array(fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })), { minLength: 1, maxLength: 400 })], { seed: 42, numRuns: 200 })(
    'equals the mean of the two middle values of the sorted list (selection, with ties)',
    (values) => {
      const before = [...values];
      const sorted = [...values].sort((a, b) => a - b);
      const n = sorted.length;
      const expected = n % 2 === 1 ? sorted[(n - 1) / 2]! : 0.5 * (sorted[n / 2 - 1]! + sorted[n / 2]!);
      expect(median(values)).toBe(expected);
      expect(values).toEqual(before); // the input is not permuted
    },
  );

  it('is h² = 0.5·med/ln(M+1), med over the full matrix with its zero diagonal', () => {
    // Two particles at distance² 4: matrix [[0,4],[4,0]], numpy median 2.
    expect(medianHeuristic([0, 4, 4, 0], 2)).toBeCloseTo((0.5 * 2) / Math.log(3), 14);
    // Three particles: distances² 1, 4, 9 (each twice) and three zeros: median of 9 values = 1.
    expect(medianHeuristic([0, 1, 4, 1, 0, 9, 4, 9, 0], 3)).toBeCloseTo(0.5 / Math.log(4), 14);
  });

  it('falls back to the positive distances when most pairs coincide, and to 1 when all do', () => {
    // Three particles, two equal: zeros dominate; positive distances are all 4.
    expect(medianHeuristic([0, 0, 4, 0, 0, 4, 4, 4, 0], 3)).toBeCloseTo((0.5 * 4) / Math.log(4), 14);
    expect(medianHeuristic([0], 1)).toBe(1);
    expect(medianHeuristic([0, 0, 0, 0], 2)).toBe(1);
  });
});

describe('squaredDistances', () => {
  test.prop([particlesArb(6, 5)], { seed: 42, numRuns: 60 })('matches float64 with an exact zero diagonal', (rows) => {
    const X = tf.tensor2d(rows);
    const R = squaredDistances(X);
    const r = R.arraySync();
    tf.dispose([X, R]);
    const x = f32(rows);
    x.forEach((a, i) =>
      x.forEach((b, j) => {
        if (i === j) expect(r[i]![j]).toBe(0);
        else expect(Math.abs(r[i]![j]! - sq(a, b))).toBeLessThanOrEqual(1e-4 * (1 + sq(a, b)));
      }),
    );
  });

  it('keeps precision far from the origin (particles are centred first)', () => {
    // Offsets 1/128 and 1/64 are exact in float32 next to 1000; without centring, ‖x‖² ≈ 2e6 would
    // leave no correct digit of distances² ≈ 1e-4.
    const X = tf.tensor2d([[1000, 1000], [1000 + 1 / 128, 1000], [1000, 1000 + 1 / 64]]);
    const R = squaredDistances(X);
    const r = R.arraySync();
    tf.dispose([X, R]);
    expect(Math.abs(r[0]![1]! / 2 ** -14 - 1)).toBeLessThan(1e-3);
    expect(Math.abs(r[0]![2]! / 2 ** -12 - 1)).toBeLessThan(1e-3);
    expect(Math.abs(r[1]![2]! / (2 ** -14 + 2 ** -12) - 1)).toBeLessThan(1e-3);
  });
});

describe('kernelMatrix', () => {
  const kernels: readonly (readonly [string, Kernel])[] = [
    ['rbf(median)', rbfKernel()],
    ['rbf(h=0.7)', rbfKernel({ bandwidth: 0.7 })],
    ['imq', imqKernel()],
    ['imq(c=0.5, beta=-0.3, median)', imqKernel({ c: 0.5, beta: -0.3, lengthscale: 'median' })],
  ];

  for (const [name, kernel] of kernels) {
    test.prop([particlesArb(6, 4)], { seed: 42, numRuns: 40 })(`${name}: k matches float64 and the repulsion matches central finite differences`, (rows) => {
      const X = tf.tensor2d(rows);
      const km = read(right(kernelMatrix(kernel, X)));
      X.dispose();
      const x = f32(rows);
      const m = x.length;
      const d = x[0]!.length;
      // The bandwidth is held fixed (as in the reference): FD of k(θ_a, θ_b) in θ_a at that scale.
      const k = (a: readonly number[], b: readonly number[]): number => kernel.at(sq(a, b), km.bandwidth);
      const eps = 1e-5;
      for (let b = 0; b < m; b++) {
        for (let a = 0; a < m; a++) expect(Math.abs(km.k[a]![b]! - k(x[a]!, x[b]!))).toBeLessThanOrEqual(2e-5);
        for (let l = 0; l < d; l++) {
          let fd = 0;
          for (let a = 0; a < m; a++) {
            const plus = x[a]!.map((v, i) => (i === l ? v + eps : v));
            const minus = x[a]!.map((v, i) => (i === l ? v - eps : v));
            // k(θ_a, θ_b) with θ_a moved and θ_b fixed (for a = b only the first argument moves).
            fd += (k(plus, x[b]!) - k(minus, x[b]!)) / (2 * eps);
          }
          expect(Math.abs(km.repulsion[b]![l]! - fd)).toBeLessThanOrEqual(2e-4 * (1 + Math.abs(fd)));
        }
      }
    });
  }

  it('large shapes (blocked Gram for M > 64 and d ≥ 1024, K·S as (Sᵀ K)ᵀ for d ≥ 512) match float64', () => {
    // 70 particles in 1100 dimensions, on a grid of 1/64 (exact in float32); the float64 reference
    // of r, k and Σ_a k_ab (θ_b − θ_a)/h² (RBF) and of the Stein direction with scores S.
    const [m, d] = [70, 1100];
    const x = Array.from({ length: m }, (_, a) => Array.from({ length: d }, (_, l) => (((a * 31 + l * 17) % 97) - 48) / 64));
    const S = Array.from({ length: m }, (_, a) => Array.from({ length: d }, (_, l) => (((a * 13 + l * 7) % 29) - 14) / 16));
    const X = tf.tensor2d(x);
    const St = tf.tensor2d(S);
    const R = squaredDistances(X);
    const r = R.arraySync();
    const km = read(right(kernelMatrix(rbfKernel(), X)));
    const phiT = right(steinDirection(X, St));
    const phi = phiT.arraySync();
    tf.dispose([X, St, R, phiT]);
    const h2 = km.bandwidth ** 2;
    for (const a of [0, 5, 63, 64, 69]) {
      for (let b = 0; b < m; b++) {
        const exact = sq(x[a]!, x[b]!);
        if (a === b) expect(r[a]![b]).toBe(0);
        else expect(Math.abs(r[a]![b]! - exact)).toBeLessThanOrEqual(1e-5 * exact);
        expect(Math.abs(km.k[a]![b]! - Math.exp(-exact / (2 * h2)))).toBeLessThanOrEqual(2e-5);
      }
      for (const l of [0, 511, 512, 1099]) {
        let rep = 0;
        let drive = 0;
        for (let b = 0; b < m; b++) {
          const k = Math.exp(-sq(x[a]!, x[b]!) / (2 * h2));
          rep += (k * (x[a]![l]! - x[b]![l]!)) / h2;
          drive += k * S[b]![l]!;
        }
        expect(Math.abs(km.repulsion[a]![l]! - rep)).toBeLessThanOrEqual(1e-4 * (1 + Math.abs(rep)));
        expect(Math.abs(phi[a]![l]! - (drive + rep) / m)).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(drive + rep)));
      }
    }
  });

  it('uses the median-heuristic bandwidth of the reference code', () => {
    // Particles 0, 1, 3 on a line: distances² 1, 9, 4; full-matrix median (9 values) = 1.
    const X = tf.tensor2d([[0], [1], [3]]);
    const km = read(right(kernelMatrix(rbfKernel(), X)));
    X.dispose();
    const h2 = 0.5 / Math.log(4);
    expect(km.bandwidth).toBeCloseTo(Math.sqrt(h2), 6);
    expect(km.k[0]![2]).toBeCloseTo(Math.exp(-9 / (2 * h2)), 6);
    // Reference formula: repulsion_b = Σ_a k_ab (θ_b − θ_a)/h².
    const rep0 = ((Math.exp(-1 / (2 * h2)) * (0 - 1)) + Math.exp(-9 / (2 * h2)) * (0 - 3)) / h2;
    expect(km.repulsion[0]![0]).toBeCloseTo(rep0, 5);
  });

  it('gives k = 1 and no repulsion for one particle or coincident particles', () => {
    for (const rows of [[[0.3, -2]], [[1, 1], [1, 1], [1, 1]]]) {
      const X = tf.tensor2d(rows);
      const km = read(right(kernelMatrix(rbfKernel(), X)));
      X.dispose();
      km.k.flat().forEach((v) => expect(v).toBe(1));
      km.repulsion.flat().forEach((v) => expect(v).toBe(0));
    }
  });

  it('returns a Left naming the problem for bad particles and bad kernel options', () => {
    const bad = tf.tensor2d([[0, NaN], [1, 2]]);
    const r1 = kernelMatrix(rbfKernel(), bad);
    expect(E.isLeft(r1) && r1.left._tag === 'NonFinite' && r1.left.message.includes('particle 0, coordinate 1 is NaN')).toBe(true);
    const v = tf.tensor1d([1, 2]);
    const r2 = kernelMatrix(rbfKernel(), v);
    expect(E.isLeft(r2) && r2.left.message.includes('rank 1')).toBe(true);
    const X = tf.tensor2d([[0], [1]]);
    const r3 = kernelMatrix(rbfKernel({ bandwidth: -1 }), X);
    expect(E.isLeft(r3) && r3.left.message.includes('bandwidth must be a finite number')).toBe(true);
    const r4 = kernelMatrix(imqKernel({ beta: 0.5 }), X);
    expect(E.isLeft(r4) && r4.left.message.includes('beta must be negative')).toBe(true);
    const e = tf.zeros([0, 2]);
    const r5 = kernelMatrix(rbfKernel(), e);
    expect(E.isLeft(r5) && r5.left.message.includes('at least one particle')).toBe(true);
    tf.dispose([bad, v, X, e]);
  });

  it('leaks no tensor', () => {
    const X = tf.tensor2d([[0, 1], [2, 3], [-1, 0.5]]);
    expect(leakedTensors(() => kernelMatrix(rbfKernel(), X))).toBe(0);
    expect(leakedTensors(() => kernelMatrix(imqKernel(), X))).toBe(0);
    expect(leakedTensors(() => kernelMatrix(rbfKernel({ bandwidth: -1 }), X))).toBe(0);
    X.dispose();
  });
});

describe('featureKernel', () => {
  test.prop([particlesArb(6, 4)], { seed: 42, numRuns: 40 })('with the identity map equals the kernel on the particles', (rows) => {
    const X = tf.tensor2d(rows);
    const a = read(right(kernelMatrix(rbfKernel(), X)));
    const b = read(right(kernelMatrix(featureKernel(rbfKernel(), (x) => tf.clone(x)), X)));
    X.dispose();
    expect(b.bandwidth).toBe(a.bandwidth);
    a.k.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(b.k[i]![j]! - v)).toBeLessThanOrEqual(1e-6)));
    a.repulsion.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(b.repulsion[i]![j]! - v)).toBeLessThanOrEqual(1e-4 * (1 + Math.abs(v)))));
  });

  test.prop([particlesArb(5, 3), fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 6, maxLength: 6 })], { seed: 42, numRuns: 40 })(
    'on linear features F(θ) = θA: K = κ(‖(θ_a − θ_b)A‖²), repulsion_b = −Σ_a 2κ′_ab (θ_b − θ_a)AAᵀ',
    (rows, entries) => {
      const d = rows[0]!.length;
      const A = Array.from({ length: d }, (_, i) => [entries[2 * i]! / 10, entries[2 * i + 1]! / 10]);
      const X = tf.tensor2d(rows);
      const At = tf.tensor2d(A);
      const kernel = imqKernel({ lengthscale: 'median' });
      const km = read(right(kernelMatrix(featureKernel(kernel, (x) => tf.matMul(x, At)), X)));
      tf.dispose([X, At]);
      const x = f32(rows);
      const F = x.map((r) => [0, 1].map((j) => r.reduce((acc, v, i) => acc + v * A[i]![j]!, 0)));
      const l2 = km.bandwidth ** 2;
      // IMQ: κ′(r) = (β/ℓ²)(1 + r/ℓ²)^(β−1) with β = −1/2.
      const dk = (r: number) => (-0.5 / l2) * (1 + r / l2) ** -1.5;
      x.forEach((xb, b) => {
        const want = xb.map((_, l) =>
          -x.reduce((acc, xa, a) => {
            const diff = xb.map((v, i) => v - xa[i]!);
            // ((θ_b − θ_a) A Aᵀ)_l = Σ_i diff_i Σ_j A_ij A_lj
            const projected = diff.reduce((u, v, i) => u + v * (A[i]![0]! * A[l]![0]! + A[i]![1]! * A[l]![1]!), 0);
            return acc + 2 * dk(sq(F[a]!, F[b]!)) * projected;
          }, 0),
        );
        want.forEach((v, l) => expect(Math.abs(km.repulsion[b]![l]! - v)).toBeLessThanOrEqual(1e-4 * (1 + Math.abs(v))));
        x.forEach((_, a) => expect(Math.abs(km.k[a]![b]! - kernel.at(sq(F[a]!, F[b]!), km.bandwidth))).toBeLessThanOrEqual(1e-5));
      });
    },
  );

  it('returns a Left when the features throw, have the wrong rows or are not finite, and leaks nothing', () => {
    const X = tf.tensor2d([[0, 1], [1, 0], [2, 2]]);
    const throwing = featureKernel(rbfKernel(), () => {
      throw new Error('no features');
    });
    const r1 = kernelMatrix(throwing, X);
    expect(E.isLeft(r1) && r1.left.message.includes('no features')).toBe(true);
    const r2 = kernelMatrix(featureKernel(rbfKernel(), (x) => tf.slice(x, [0, 0], [2, 2]) as tf.Tensor2D), X);
    expect(E.isLeft(r2) && r2.left.message.includes('2 rows for 3 particles')).toBe(true);
    const r3 = kernelMatrix(featureKernel(rbfKernel(), (x) => tf.log(tf.sub(x, 1)) as tf.Tensor2D), X);
    expect(E.isLeft(r3) && r3.left._tag === 'NonFinite').toBe(true);
    expect(leakedTensors(() => kernelMatrix(throwing, X))).toBe(0);
    expect(leakedTensors(() => kernelMatrix(featureKernel(rbfKernel(), (x) => tf.log(tf.sub(x, 1)) as tf.Tensor2D), X))).toBe(0);
    expect(leakedTensors(() => kernelMatrix(featureKernel(rbfKernel(), (x) => tf.square(x)), X))).toBe(0);
    X.dispose();
  });
});
