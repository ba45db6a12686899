import { fc, test } from '@fast-check/vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KERNELS_SOURCE_SHA256 } from './kernels-binary.js';
import { instantiateKernels, type ConvGeometry, type KernelVariant, type WasmKernels } from './kernels.js';

/**
 * kernels.c on a heap of its own (not tfjs's), against plain JavaScript re-implementations of the
 * same loops (tfjs-backend-cpu's rules), for both builds.
 */

const memory = new WebAssembly.Memory({ initial: 64 });
const builds = Object.fromEntries((['simd', 'scalar'] as const).map((v) => [v, instantiateKernels(memory, v)!])) as Record<KernelVariant, WasmKernels>;

/** Lays out float arrays one after another at 16-byte aligned... and misaligned offsets. */
const layout = (sizes: readonly number[], misalign = 0): number[] => {
  let at = 64 + misalign * 4;
  return sizes.map((n) => {
    const here = at;
    at += n * 4 + 20;
    return here;
  });
};
const put = (offset: number, values: Float32Array) => new Float32Array(memory.buffer, offset, values.length).set(values);
const get = (offset: number, n: number) => Array.from(new Float32Array(memory.buffer, offset, n));
const f32 = (values: number[]) => Float32Array.from(values);

describe('kernels.c builds', () => {
  it('were built from the committed source (rebuild with scripts/build-wasm-kernels.mjs)', () => {
    const source = readFileSync(new URL('./kernels.c', import.meta.url));
    expect(createHash('sha256').update(source).digest('hex')).toBe(KERNELS_SOURCE_SHA256);
  });

  it('instantiate on any heap, the SIMD build reporting SIMD', () => {
    expect(builds.simd.simd).toBe(true);
    expect(builds.scalar.simd).toBe(false);
  });
});

const sizes = fc.record({ rows: fc.integer({ min: 1, max: 70 }), cols: fc.integer({ min: 1, max: 13 }), misalign: fc.integer({ min: 0, max: 3 }) });
const values = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.fround(Math.sin(seed * 7.1 + i * 1.7) * 3));

describe.each(['simd', 'scalar'] as const)('%s build', (variant) => {
  const k = builds[variant];

  test.prop([sizes, fc.integer()], { seed: 42, numRuns: 60 })('bias_add adds b to every row, exactly', ({ rows, cols, misalign }, seed) => {
    const a = values(rows * cols, seed);
    const b = values(cols, seed + 1);
    const [pa, pb, po] = layout([a.length, b.length, a.length], misalign) as [number, number, number];
    put(pa, a);
    put(pb, b);
    k.biasAdd(pa, pb, po, rows, cols);
    expect(get(po, a.length)).toEqual(Array.from(a, (v, i) => Math.fround(v + b[i % cols]!)));
  });

  test.prop([sizes, fc.integer()], { seed: 42, numRuns: 60 })('column_sum sums every column (float64 reference)', ({ rows, cols, misalign }, seed) => {
    const a = values(rows * cols, seed);
    const [pa, po, pp] = layout([a.length, cols, cols], misalign) as [number, number, number];
    put(pa, a);
    put(po, f32(Array(cols).fill(Number.NaN)));
    k.columnSum(pa, po, pp, rows, cols);
    const got = get(po, cols);
    for (let c = 0; c < cols; c++) {
      let sum = 0;
      let abs = 0;
      for (let r = 0; r < rows; r++) {
        sum += a[r * cols + c]!;
        abs += Math.abs(a[r * cols + c]!);
      }
      expect(Math.abs(got[c]! - sum)).toBeLessThanOrEqual(1e-6 * abs + 1e-30);
    }
  });

  it('column_sum of many rows keeps the blocked error small', () => {
    const rows = 100_000;
    const a = new Float32Array(rows * 3).fill(0.1);
    const [pa, po, pp] = layout([a.length, 3, 3]) as [number, number, number];
    put(pa, a);
    k.columnSum(pa, po, pp, rows, 3);
    // Plain float32 accumulation of 0.1 a hundred thousand times is off by 1.4e-4 relative.
    for (const v of get(po, 3)) expect(Math.abs(v - rows * Math.fround(0.1)) / (rows * 0.1)).toBeLessThan(1e-5);
  });

  // M up to 14 when b is a: full groups of 4 rows and a last one of every size (the SIMD Gramian's tiling).
  const gram = fc
    .record({ M: fc.integer({ min: 1, max: 9 }), N: fc.integer({ min: 1, max: 9 }), K: fc.integer({ min: 1, max: 1300 }), same: fc.boolean(), misalign: fc.integer({ min: 0, max: 3 }) })
    .chain((r) => (r.same ? fc.integer({ min: 1, max: 14 }).map((M) => ({ ...r, M })) : fc.constant(r)));

  test.prop([gram, fc.integer()], { seed: 42, numRuns: 60 })('dot_rows forms every a_i·b_j (float64 reference), mirrored when b is a', ({ M, N, K, same, misalign }, seed) => {
    const n = same ? M : N;
    const a = values(M * K, seed);
    const b = same ? a : values(n * K, seed + 1);
    const [pa, pb, po, pacc] = layout([a.length, b.length, M * n, 2 * M * n + 2], misalign) as [number, number, number, number];
    put(pa, a);
    put(pb, b);
    k.dotRows(pa, same ? pa : pb, po, pacc, M, n, K, same ? 1 : 0);
    const got = get(po, M * n);
    for (let i = 0; i < M; i++)
      for (let j = 0; j < n; j++) {
        let dot = 0;
        let abs = 0;
        for (let q = 0; q < K; q++) {
          dot += a[i * K + q]! * b[j * K + q]!;
          abs += Math.abs(a[i * K + q]! * b[j * K + q]!);
        }
        expect(Math.abs(got[i * n + j]! - dot)).toBeLessThanOrEqual(1e-6 * abs + 1e-30);
      }
    if (same) for (let i = 0; i < M; i++) for (let j = 0; j < M; j++) expect(got[i * M + j]).toBe(got[j * M + i]);
  });

  // K up to 23: groups of 8, 4, 2 and 1 rows; N past 2048 (the column block).
  const comb = fc.record({ M: fc.integer({ min: 1, max: 4 }), K: fc.integer({ min: 1, max: 23 }), N: fc.integer({ min: 1, max: 4200 }), misalign: fc.integer({ min: 0, max: 3 }) });

  test.prop([comb, fc.integer()], { seed: 42, numRuns: 60 })('combine_rows forms w·b row by row (float64 reference)', ({ M, K, N, misalign }, seed) => {
    const w = values(M * K, seed);
    const b = values(K * N, seed + 1);
    const [pw, pb, po] = layout([w.length, b.length, M * N], misalign) as [number, number, number];
    put(pw, w);
    put(pb, b);
    k.combineRows(pw, pb, po, M, K, N);
    const got = get(po, M * N);
    let worst = 0;
    for (let i = 0; i < M; i++)
      for (let q = 0; q < N; q++) {
        let s = 0;
        let abs = 0;
        for (let r = 0; r < K; r++) {
          s += w[i * K + r]! * b[r * N + q]!;
          abs += Math.abs(w[i * K + r]! * b[r * N + q]!);
        }
        worst = Math.max(worst, Math.abs(got[i * N + q]! - s) / (abs + 1e-30));
      }
    expect(worst).toBeLessThanOrEqual(1e-6);
  });

  const geometry = fc
    .record({
      batch: fc.integer({ min: 1, max: 2 }),
      inH: fc.integer({ min: 1, max: 7 }),
      inW: fc.integer({ min: 1, max: 7 }),
      C: fc.integer({ min: 1, max: 9 }),
      fh: fc.integer({ min: 1, max: 3 }),
      fw: fc.integer({ min: 1, max: 3 }),
      sh: fc.integer({ min: 1, max: 3 }),
      sw: fc.integer({ min: 1, max: 3 }),
      dh: fc.integer({ min: 1, max: 2 }),
      dw: fc.integer({ min: 1, max: 2 }),
      padTop: fc.integer({ min: 0, max: 2 }),
      padLeft: fc.integer({ min: 0, max: 2 }),
      padExtra: fc.integer({ min: 0, max: 2 }),
    })
    .map((g) => {
      const outH = Math.floor((g.inH + g.padTop + g.padExtra - ((g.fh - 1) * g.dh + 1)) / g.sh) + 1;
      const outW = Math.floor((g.inW + g.padLeft + g.padExtra - ((g.fw - 1) * g.dw + 1)) / g.sw) + 1;
      return { ...g, outH, outW };
    })
    .filter((g) => g.outH >= 1 && g.outW >= 1);
  type G = typeof geometry extends fc.Arbitrary<infer T> ? T : never;
  const args = (g: G): ConvGeometry => [g.batch, g.inH, g.inW, g.C, g.outH, g.outW, g.fh, g.fw, g.sh, g.sw, g.dh, g.dw, g.padTop, g.padLeft];
  /** Calls visit(n, k, xIndex or -1) in im2col's order: n outer, then k. */
  const patches = (g: G, visit: (n: number, k: number, xi: number) => void) => {
    for (let b = 0; b < g.batch; b++)
      for (let oh = 0; oh < g.outH; oh++)
        for (let ow = 0; ow < g.outW; ow++)
          for (let kh = 0; kh < g.fh; kh++)
            for (let kw = 0; kw < g.fw; kw++)
              for (let c = 0; c < g.C; c++) {
                const ih = oh * g.sh + kh * g.dh - g.padTop;
                const iw = ow * g.sw + kw * g.dw - g.padLeft;
                const inside = ih >= 0 && ih < g.inH && iw >= 0 && iw < g.inW;
                visit((b * g.outH + oh) * g.outW + ow, (kh * g.fw + kw) * g.C + c, inside ? ((b * g.inH + ih) * g.inW + iw) * g.C + c : -1);
              }
  };

  /** Values with ties, -inf and NaN, so that the first-maximum rule matters. */
  const pooled = (n: number, seed: number) =>
    Float32Array.from({ length: n }, (_, i) => {
      const r = Math.abs(Math.sin(seed * 3.3 + i * 12.9898) * 43758.5453) % 1;
      return r < 0.05 ? Number.NaN : r < 0.1 ? -Infinity : Math.floor(r * 4);
    });

  test.prop([geometry, fc.integer()], { seed: 42, numRuns: 120 })('max_pool_grad follows tfjs-backend-cpu (first strict maximum, windows add up)', (g, seed) => {
    const nx = g.batch * g.inH * g.inW * g.C;
    const ny = g.batch * g.outH * g.outW * g.C;
    const x = pooled(nx, seed);
    const dy = values(ny, seed + 5);
    const expected = new Float32Array(nx);
    for (let b = 0; b < g.batch; b++)
      for (let oh = 0; oh < g.outH; oh++)
        for (let ow = 0; ow < g.outW; ow++)
          for (let c = 0; c < g.C; c++) {
            let best = -Infinity;
            let where = -1;
            for (let kh = 0; kh < g.fh; kh++)
              for (let kw = 0; kw < g.fw; kw++) {
                const ih = oh * g.sh + kh * g.dh - g.padTop;
                const iw = ow * g.sw + kw * g.dw - g.padLeft;
                if (ih < 0 || ih >= g.inH || iw < 0 || iw >= g.inW) continue;
                const at = ((b * g.inH + ih) * g.inW + iw) * g.C + c;
                if (x[at]! > best) [best, where] = [x[at]!, at];
              }
            if (where >= 0) expected[where] = expected[where]! + dy[((b * g.outH + oh) * g.outW + ow) * g.C + c]!;
          }
    const [px, pdy, pdx] = layout([nx, ny, nx], seed & 3) as [number, number, number];
    put(px, x);
    put(pdy, dy);
    put(pdx, f32(Array(nx).fill(7)));
    k.maxPoolGrad(px, pdy, pdx, ...args(g));
    expect(get(pdx, nx)).toEqual(Array.from(expected));
  });

  test.prop([geometry, fc.integer()], { seed: 42, numRuns: 120 })('im2col gathers the patches, zero outside', (g, seed) => {
    const nx = g.batch * g.inH * g.inW * g.C;
    const N = g.batch * g.outH * g.outW;
    const K = g.fh * g.fw * g.C;
    const x = values(nx, seed);
    const expected = new Float32Array(K * N);
    patches(g, (n, kk, xi) => (expected[kk * N + n] = xi < 0 ? 0 : x[xi]!));
    const [px, pc] = layout([nx, K * N], seed & 3) as [number, number];
    put(px, x);
    put(pc, f32(Array(K * N).fill(7)));
    k.im2col(px, pc, ...args(g));
    expect(get(pc, K * N)).toEqual(Array.from(expected));
  });

  test.prop([geometry, fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 9 }), fc.integer()], { seed: 42, numRuns: 120 })(
    'conv2d_filter_grad is im2col times dy (float64 reference), in chunks of any size',
    (g, co, chunkQuarter, seed) => {
      const nx = g.batch * g.inH * g.inW * g.C;
      const N = g.batch * g.outH * g.outW;
      const K = g.fh * g.fw * g.C;
      const chunk = 4 * chunkQuarter;
      const x = values(nx, seed);
      const dy = values(N * co, seed + 3);
      const expected = new Float64Array(K * co);
      const scale = new Float64Array(K * co);
      patches(g, (n, kk, xi) => {
        if (xi < 0) return;
        for (let o = 0; o < co; o++) {
          expected[kk * co + o] = expected[kk * co + o]! + x[xi]! * dy[n * co + o]!;
          scale[kk * co + o] = scale[kk * co + o]! + Math.abs(x[xi]! * dy[n * co + o]!);
        }
      });
      const [px, pdy, pdw, pacc, pp, pt] = layout([nx, N * co, K * co, 2 * K * co, K * chunk, co * chunk], seed & 3) as [number, number, number, number, number, number];
      put(px, x);
      put(pdy, dy);
      k.conv2dFilterGrad(px, pdy, pdw, pacc, pp, pt, co, chunk, ...args(g));
      const got = get(pdw, K * co);
      got.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThanOrEqual(1e-6 * scale[i]! + 1e-30));
    },
  );

  test.prop([geometry, fc.integer()], { seed: 42, numRuns: 120 })('col2im is the adjoint of im2col (scatter-add of the patches)', (g, seed) => {
    const nx = g.batch * g.inH * g.inW * g.C;
    const N = g.batch * g.outH * g.outW;
    const K = g.fh * g.fw * g.C;
    const cols = values(N * K, seed);
    const expected = new Float32Array(nx);
    patches(g, (n, kk, xi) => {
      if (xi >= 0) expected[xi] = expected[xi]! + cols[n * K + kk]!;
    });
    const [pc, pdx, px, pcx] = layout([N * K, nx, nx, K * N], seed & 3) as [number, number, number, number];
    put(pc, cols);
    put(pdx, f32(Array(nx).fill(7)));
    k.col2im(pc, pdx, ...args(g));
    const dx = get(pdx, nx);
    expect(dx).toEqual(Array.from(expected));
    // <im2col(x), C> = <x, col2im(C)>, in float64.
    const x = values(nx, seed + 9);
    put(px, x);
    k.im2col(px, pcx, ...args(g));
    const ix = get(pcx, K * N);
    let lhs = 0;
    let scale = 0;
    for (let n = 0; n < N; n++)
      for (let kk = 0; kk < K; kk++) {
        lhs += ix[kk * N + n]! * cols[n * K + kk]!;
        scale += Math.abs(ix[kk * N + n]! * cols[n * K + kk]!);
      }
    const rhs = dx.reduce((s, v, i) => s + v * x[i]!, 0);
    expect(Math.abs(lhs - rhs)).toBeLessThanOrEqual(1e-5 * scale + 1e-12);
  });
});
