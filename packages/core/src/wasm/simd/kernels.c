/*
 * mtlkit's WebAssembly kernels for the tfjs wasm backend. They run on the backend's own memory
 * (imported as env.memory): every pointer is a byte offset into the tfjs heap, every buffer is
 * allocated by tfjs (tensors or scratch tensors), so nothing is copied in or out.
 *
 * Built twice by ../../../scripts/build-wasm-kernels.mjs with Debian's clang (wasm32, no libc):
 * with -msimd128 (128-bit SIMD paths) and without (scalar paths, for engines without SIMD).
 * The functions use no shadow stack (the build fails on any stack frame: -Wframe-larger-than=0)
 * and no static data, so they cannot write anywhere but the buffers they are given.
 * Layouts are tfjs's: row-major, NHWC for images.
 */

#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#define SIMD 1
#else
#define SIMD 0
#endif

#define EXPORT(name) __attribute__((export_name(#name)))

/* 1 if this build uses 128-bit SIMD. */
EXPORT(simd) int simd(void) { return SIMD; }

static void fill_zero(float* p, long n) {
  long i = 0;
#if SIMD
  const v128_t z = wasm_f32x4_splat(0.0f);
  for (; i + 4 <= n; i += 4) wasm_v128_store(p + i, z);
#endif
  for (; i < n; i++) p[i] = 0.0f;
}

/* out[r, c] = a[r, c] + b[c] for an a of shape [rows, cols] (a bias added along the last axis). */
EXPORT(bias_add)
void bias_add(const float* a, const float* b, float* out, int rows, int cols) {
  for (int r = 0; r < rows; r++) {
    const float* ar = a + (long)r * cols;
    float* outr = out + (long)r * cols;
    int c = 0;
#if SIMD
    for (; c + 4 <= cols; c += 4) wasm_v128_store(outr + c, wasm_f32x4_add(wasm_v128_load(ar + c), wasm_v128_load(b + c)));
#endif
    for (; c < cols; c++) outr[c] = ar[c] + b[c];
  }
}

/*
 * out[c] = Σ_r a[r, c] for an a of shape [rows, cols] (a reduction over every leading axis, as the
 * gradient of a bias). Rows are summed in blocks of 64 into `part` (scratch of cols floats), then
 * the block sums into out, so the rounding error grows with 64 + rows/64 instead of rows.
 */
EXPORT(column_sum)
void column_sum(const float* a, float* out, float* part, int rows, int cols) {
  fill_zero(out, cols);
  for (int r0 = 0; r0 < rows; r0 += 64) {
    const int r1 = r0 + 64 < rows ? r0 + 64 : rows;
    fill_zero(part, cols);
    for (int r = r0; r < r1; r++) {
      const float* ar = a + (long)r * cols;
      int c = 0;
#if SIMD
      for (; c + 4 <= cols; c += 4) wasm_v128_store(part + c, wasm_f32x4_add(wasm_v128_load(part + c), wasm_v128_load(ar + c)));
#endif
      for (; c < cols; c++) part[c] += ar[c];
    }
    int c = 0;
#if SIMD
    for (; c + 4 <= cols; c += 4) wasm_v128_store(out + c, wasm_f32x4_add(wasm_v128_load(out + c), wasm_v128_load(part + c)));
#endif
    for (; c < cols; c++) out[c] += part[c];
  }
}

/*
 * The gradient of a 2-D max pool (NHWC, x of shape [batch, inH, inW, C], dy of shape
 * [batch, outH, outW, C]): each window's dy goes to the first position (row-major in the window)
 * holding the window's maximum, the first strictly greater value as tfjs-backend-cpu's
 * maxPoolPositions; windows with no finite maximum (all NaN or -inf) pass nothing. dx is
 * overwritten; overlapping windows add up.
 */
EXPORT(max_pool_grad)
void max_pool_grad(const float* x, const float* dy, float* dx, int batch, int inH, int inW, int C, int outH, int outW,
                   int fh, int fw, int sh, int sw, int dh, int dw, int padTop, int padLeft) {
  fill_zero(dx, (long)batch * inH * inW * C);
  for (int b = 0; b < batch; b++) {
    const float* xb = x + (long)b * inH * inW * C;
    float* dxb = dx + (long)b * inH * inW * C;
    for (int oh = 0; oh < outH; oh++) {
      for (int ow = 0; ow < outW; ow++) {
        const float* g = dy + (((long)b * outH + oh) * outW + ow) * C;
        const int h0 = oh * sh - padTop;
        const int w0 = ow * sw - padLeft;
        int c = 0;
#if SIMD
        for (; c + 4 <= C; c += 4) {
          v128_t best = wasm_f32x4_splat(-__builtin_inff());
          v128_t where = wasm_i32x4_splat(-1);
          for (int kh = 0; kh < fh; kh++) {
            const int ih = h0 + kh * dh;
            if (ih < 0 || ih >= inH) continue;
            for (int kw = 0; kw < fw; kw++) {
              const int iw = w0 + kw * dw;
              if (iw < 0 || iw >= inW) continue;
              const v128_t v = wasm_v128_load(xb + ((long)ih * inW + iw) * C + c);
              const v128_t gt = wasm_f32x4_gt(v, best);
              best = wasm_v128_bitselect(v, best, gt);
              where = wasm_v128_bitselect(wasm_i32x4_splat(kh * fw + kw), where, gt);
            }
          }
          const v128_t gv = wasm_v128_load(g + c);
          for (int kh = 0; kh < fh; kh++) {
            const int ih = h0 + kh * dh;
            if (ih < 0 || ih >= inH) continue;
            for (int kw = 0; kw < fw; kw++) {
              const int iw = w0 + kw * dw;
              if (iw < 0 || iw >= inW) continue;
              float* d = dxb + ((long)ih * inW + iw) * C + c;
              const v128_t hit = wasm_i32x4_eq(where, wasm_i32x4_splat(kh * fw + kw));
              wasm_v128_store(d, wasm_f32x4_add(wasm_v128_load(d), wasm_v128_and(gv, hit)));
            }
          }
        }
#endif
        for (; c < C; c++) {
          float best = -__builtin_inff();
          long where = -1;
          for (int kh = 0; kh < fh; kh++) {
            const int ih = h0 + kh * dh;
            if (ih < 0 || ih >= inH) continue;
            for (int kw = 0; kw < fw; kw++) {
              const int iw = w0 + kw * dw;
              if (iw < 0 || iw >= inW) continue;
              const long at = ((long)ih * inW + iw) * C + c;
              if (xb[at] > best) {
                best = xb[at];
                where = at;
              }
            }
          }
          if (where >= 0) dxb[where] += g[c];
        }
      }
    }
  }
}

/*
 * im2col for a 2-D convolution (NHWC x of shape [batch, inH, inW, C]): cols[k, n] with
 * k = (kh·fw + kw)·C + c and n = (b·outH + oh)·outW + ow holds x[b, oh·sh + kh·dh − padTop,
 * ow·sw + kw·dw − padLeft, c], 0 outside the image. cols has K = fh·fw·C rows of N = batch·outH·outW.
 */
EXPORT(im2col)
void im2col(const float* x, float* cols, int batch, int inH, int inW, int C, int outH, int outW,
            int fh, int fw, int sh, int sw, int dh, int dw, int padTop, int padLeft) {
  const long N = (long)batch * outH * outW;
  for (int kh = 0; kh < fh; kh++) {
    for (int kw = 0; kw < fw; kw++) {
      for (int c = 0; c < C; c++) {
        float* row = cols + ((long)(kh * fw + kw) * C + c) * N;
        long n = 0;
        for (int b = 0; b < batch; b++) {
          const float* xb = x + (long)b * inH * inW * C + c;
          for (int oh = 0; oh < outH; oh++) {
            const int ih = oh * sh + kh * dh - padTop;
            if (ih < 0 || ih >= inH) {
              fill_zero(row + n, outW);
              n += outW;
              continue;
            }
            const float* xr = xb + (long)ih * inW * C;
            for (int ow = 0; ow < outW; ow++, n++) {
              const int iw = ow * sw + kw * dw - padLeft;
              row[n] = iw < 0 || iw >= inW ? 0.0f : xr[(long)iw * C];
            }
          }
        }
      }
    }
  }
}

/*
 * col2im, the adjoint of im2col with the transposed layout: dx[b, ih, iw, c] = Σ cols[n, k] over
 * the (n, k) that im2col reads x[b, ih, iw, c] into, for cols of shape [N, K] (the product
 * dy·Wᵀ of a convolution's input gradient). dx is overwritten.
 */
EXPORT(col2im)
void col2im(const float* cols, float* dx, int batch, int inH, int inW, int C, int outH, int outW,
            int fh, int fw, int sh, int sw, int dh, int dw, int padTop, int padLeft) {
  const long K = (long)fh * fw * C;
  fill_zero(dx, (long)batch * inH * inW * C);
  for (int b = 0; b < batch; b++) {
    float* dxb = dx + (long)b * inH * inW * C;
    for (int oh = 0; oh < outH; oh++) {
      for (int ow = 0; ow < outW; ow++) {
        const float* src = cols + (((long)b * outH + oh) * outW + ow) * K;
        for (int kh = 0; kh < fh; kh++) {
          const int ih = oh * sh + kh * dh - padTop;
          if (ih < 0 || ih >= inH) continue;
          for (int kw = 0; kw < fw; kw++) {
            const int iw = ow * sw + kw * dw - padLeft;
            if (iw < 0 || iw >= inW) continue;
            const float* s = src + (long)(kh * fw + kw) * C;
            float* d = dxb + ((long)ih * inW + iw) * C;
            int c = 0;
#if SIMD
            for (; c + 4 <= C; c += 4) wasm_v128_store(d + c, wasm_f32x4_add(wasm_v128_load(d + c), wasm_v128_load(s + c)));
#endif
            for (; c < C; c++) d[c] += s[c];
          }
        }
      }
    }
  }
}

/* Σ_k p[k]·q[k] over [k0, k1), for the tails of dot_rows' blocks. */
static float dot_span(const float* p, const float* q, long k0, long k1) {
  long k = k0;
  float s = 0.0f;
#if SIMD
  v128_t s0 = wasm_f32x4_splat(0.0f);
  for (; k + 4 <= k1; k += 4) s0 = wasm_f32x4_add(s0, wasm_f32x4_mul(wasm_v128_load(p + k), wasm_v128_load(q + k)));
  s = (wasm_f32x4_extract_lane(s0, 0) + wasm_f32x4_extract_lane(s0, 1)) + (wasm_f32x4_extract_lane(s0, 2) + wasm_f32x4_extract_lane(s0, 3));
#endif
  for (; k < k1; k++) s += p[k] * q[k];
  return s;
}

#if SIMD
static float hsum(v128_t v) {
  return (wasm_f32x4_extract_lane(v, 0) + wasm_f32x4_extract_lane(v, 1)) + (wasm_f32x4_extract_lane(v, 2) + wasm_f32x4_extract_lane(v, 3));
}
#endif

/*
 * acc[i·ldc + j] += Σ_{k ∈ [k0, k1)} a[i·lda + k] · b[j·ldb + k] for i < M, j < N (j ≥ i when same):
 * 2 rows of a against 4 rows of b per pass, float32 partial sums added to the float64 acc.
 */
static void dot_block(const float* a, long lda, const float* b, long ldb, double* acc, long ldc, int M, int N, long k0, long k1, int same) {
  for (int i = 0; i < M; i += 2) {
    const int ib = M - i < 2 ? M - i : 2;
    for (int j = same ? i : 0; j < N; j += 4) {
      const int jb = N - j < 4 ? N - j : 4;
      long k = k0;
#if SIMD
      if (ib == 2 && jb == 4) {
        const float *a0 = a + (long)i * lda, *a1 = a0 + lda;
        const float *b0 = b + (long)j * ldb, *b1 = b0 + ldb, *b2 = b1 + ldb, *b3 = b2 + ldb;
        v128_t c00 = wasm_f32x4_splat(0.0f), c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        for (; k + 4 <= k1; k += 4) {
          const v128_t x0 = wasm_v128_load(a0 + k), x1 = wasm_v128_load(a1 + k);
          const v128_t y0 = wasm_v128_load(b0 + k), y1 = wasm_v128_load(b1 + k), y2 = wasm_v128_load(b2 + k), y3 = wasm_v128_load(b3 + k);
          c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(x0, y0));
          c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(x0, y1));
          c02 = wasm_f32x4_add(c02, wasm_f32x4_mul(x0, y2));
          c03 = wasm_f32x4_add(c03, wasm_f32x4_mul(x0, y3));
          c10 = wasm_f32x4_add(c10, wasm_f32x4_mul(x1, y0));
          c11 = wasm_f32x4_add(c11, wasm_f32x4_mul(x1, y1));
          c12 = wasm_f32x4_add(c12, wasm_f32x4_mul(x1, y2));
          c13 = wasm_f32x4_add(c13, wasm_f32x4_mul(x1, y3));
        }
        double* r0 = acc + (long)i * ldc + j;
        double* r1 = r0 + ldc;
        r0[0] += hsum(c00) + dot_span(a0, b0, k, k1);
        r0[1] += hsum(c01) + dot_span(a0, b1, k, k1);
        r0[2] += hsum(c02) + dot_span(a0, b2, k, k1);
        r0[3] += hsum(c03) + dot_span(a0, b3, k, k1);
        r1[0] += hsum(c10) + dot_span(a1, b0, k, k1);
        r1[1] += hsum(c11) + dot_span(a1, b1, k, k1);
        r1[2] += hsum(c12) + dot_span(a1, b2, k, k1);
        r1[3] += hsum(c13) + dot_span(a1, b3, k, k1);
        continue;
      }
#endif
      for (int r = 0; r < ib; r++)
        for (int c = 0; c < jb; c++) acc[(long)(i + r) * ldc + j + c] += dot_span(a + (long)(i + r) * lda, b + (long)(j + c) * ldb, k, k1);
    }
  }
}

#if SIMD
/* acc[min(i, j)·M + max(i, j)] += s: the upper triangle of a symmetric M × M result. */
static void put_upper(double* acc, int M, int i, int j, float s) {
  if (i <= j) acc[(long)i * M + j] += s;
  else acc[(long)j * M + i] += s;
}

/*
 * The products of rows g .. g + size − 1 (size ≤ 4) of a with each other over [k0, k1): the 10
 * pairs p ≤ q of four rows from four loads per step (a smaller group repeats its last row and
 * writes only its own pairs).
 */
static void gram_diag4(const float* a, long lda, double* acc, int M, int g, int size, long k0, long k1) {
  const float* r0 = a + (long)g * lda;
  const float* r1 = a + (long)(g + (size > 1 ? 1 : 0)) * lda;
  const float* r2 = a + (long)(g + (size > 2 ? 2 : size - 1)) * lda;
  const float* r3 = a + (long)(g + size - 1) * lda;
  v128_t s00 = wasm_f32x4_splat(0.0f), s01 = s00, s02 = s00, s03 = s00, s11 = s00, s12 = s00, s13 = s00, s22 = s00, s23 = s00, s33 = s00;
  long k = k0;
  for (; k + 4 <= k1; k += 4) {
    const v128_t x0 = wasm_v128_load(r0 + k), x1 = wasm_v128_load(r1 + k), x2 = wasm_v128_load(r2 + k), x3 = wasm_v128_load(r3 + k);
    s00 = wasm_f32x4_add(s00, wasm_f32x4_mul(x0, x0));
    s01 = wasm_f32x4_add(s01, wasm_f32x4_mul(x0, x1));
    s02 = wasm_f32x4_add(s02, wasm_f32x4_mul(x0, x2));
    s03 = wasm_f32x4_add(s03, wasm_f32x4_mul(x0, x3));
    s11 = wasm_f32x4_add(s11, wasm_f32x4_mul(x1, x1));
    s12 = wasm_f32x4_add(s12, wasm_f32x4_mul(x1, x2));
    s13 = wasm_f32x4_add(s13, wasm_f32x4_mul(x1, x3));
    s22 = wasm_f32x4_add(s22, wasm_f32x4_mul(x2, x2));
    s23 = wasm_f32x4_add(s23, wasm_f32x4_mul(x2, x3));
    s33 = wasm_f32x4_add(s33, wasm_f32x4_mul(x3, x3));
  }
  put_upper(acc, M, g, g, hsum(s00) + dot_span(r0, r0, k, k1));
  if (size > 1) {
    put_upper(acc, M, g, g + 1, hsum(s01) + dot_span(r0, r1, k, k1));
    put_upper(acc, M, g + 1, g + 1, hsum(s11) + dot_span(r1, r1, k, k1));
  }
  if (size > 2) {
    put_upper(acc, M, g, g + 2, hsum(s02) + dot_span(r0, r2, k, k1));
    put_upper(acc, M, g + 1, g + 2, hsum(s12) + dot_span(r1, r2, k, k1));
    put_upper(acc, M, g + 2, g + 2, hsum(s22) + dot_span(r2, r2, k, k1));
  }
  if (size > 3) {
    put_upper(acc, M, g, g + 3, hsum(s03) + dot_span(r0, r3, k, k1));
    put_upper(acc, M, g + 1, g + 3, hsum(s13) + dot_span(r1, r3, k, k1));
    put_upper(acc, M, g + 2, g + 3, hsum(s23) + dot_span(r2, r3, k, k1));
    put_upper(acc, M, g + 3, g + 3, hsum(s33) + dot_span(r3, r3, k, k1));
  }
}

/* Rows i (and i + 1 when ni = 2) of a against its rows j .. j + 3, distinct from them: up to 8 pairs over [k0, k1). */
static void gram_2x4(const float* a, long lda, double* acc, int M, int i, int ni, int j, long k0, long k1) {
  const float *a0 = a + (long)i * lda, *a1 = a + (long)(i + ni - 1) * lda;
  const float *b0 = a + (long)j * lda, *b1 = b0 + lda, *b2 = b1 + lda, *b3 = b2 + lda;
  v128_t c00 = wasm_f32x4_splat(0.0f), c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00, c13 = c00;
  long k = k0;
  for (; k + 4 <= k1; k += 4) {
    const v128_t x0 = wasm_v128_load(a0 + k), x1 = wasm_v128_load(a1 + k);
    v128_t y = wasm_v128_load(b0 + k);
    c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(x0, y));
    c10 = wasm_f32x4_add(c10, wasm_f32x4_mul(x1, y));
    y = wasm_v128_load(b1 + k);
    c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(x0, y));
    c11 = wasm_f32x4_add(c11, wasm_f32x4_mul(x1, y));
    y = wasm_v128_load(b2 + k);
    c02 = wasm_f32x4_add(c02, wasm_f32x4_mul(x0, y));
    c12 = wasm_f32x4_add(c12, wasm_f32x4_mul(x1, y));
    y = wasm_v128_load(b3 + k);
    c03 = wasm_f32x4_add(c03, wasm_f32x4_mul(x0, y));
    c13 = wasm_f32x4_add(c13, wasm_f32x4_mul(x1, y));
  }
  put_upper(acc, M, i, j, hsum(c00) + dot_span(a0, b0, k, k1));
  put_upper(acc, M, i, j + 1, hsum(c01) + dot_span(a0, b1, k, k1));
  put_upper(acc, M, i, j + 2, hsum(c02) + dot_span(a0, b2, k, k1));
  put_upper(acc, M, i, j + 3, hsum(c03) + dot_span(a0, b3, k, k1));
  if (ni == 2) {
    put_upper(acc, M, i + 1, j, hsum(c10) + dot_span(a1, b0, k, k1));
    put_upper(acc, M, i + 1, j + 1, hsum(c11) + dot_span(a1, b1, k, k1));
    put_upper(acc, M, i + 1, j + 2, hsum(c12) + dot_span(a1, b2, k, k1));
    put_upper(acc, M, i + 1, j + 3, hsum(c13) + dot_span(a1, b3, k, k1));
  }
}

/*
 * The upper triangle of a·aᵀ over [k0, k1), every pair once: the rows in groups of 4 (the last
 * may be smaller), each group with itself (`gram_diag4`), each pair of groups as 2 × 4 blocks
 * whose 4 rows are a full group (the smaller group, if any, gives the pairs of 2 rows).
 */
static void gram_chunk(const float* a, long lda, double* acc, int M, long k0, long k1) {
  for (int g = 0; g < M; g += 4) {
    const int size = M - g < 4 ? M - g : 4;
    gram_diag4(a, lda, acc, M, g, size, k0, k1);
    for (int h = g + 4; h < M; h += 4) {
      const int hs = M - h < 4 ? M - h : 4;
      if (hs == 4)
        for (int i = g; i < g + size; i += 2) gram_2x4(a, lda, acc, M, i, g + size - i < 2 ? 1 : 2, h, k0, k1);
      else
        for (int i = h; i < h + hs; i += 2) gram_2x4(a, lda, acc, M, i, h + hs - i < 2 ? 1 : 2, g, k0, k1);
    }
  }
}
#endif

/*
 * out[i, j] = Σ_k a[i, k] · b[j, k] for a [M, K], b [N, K] (a·bᵀ with a small output and a long K,
 * e.g. the Gramian J·Jᵀ of a task Jacobian): both operands are read once from memory, in chunks of
 * 512 columns that stay in cache while every pair is formed; each chunk's float32 dot products are
 * accumulated in float64 (`acc`: scratch of M·N doubles). a ≠ b: 2 rows of a against 4 rows of b
 * at a time (`dot_block`). same = 1 (b is a, M = N), the Gramian: each pair i ≤ j once
 * (`gram_chunk` in the SIMD build, blocks on or above the diagonal in the scalar one), mirrored.
 */
EXPORT(dot_rows)
void dot_rows(const float* a, const float* b, float* out, double* acc, int M, int N, long K, int same) {
  for (int p = 0; p < M * N; p++) acc[p] = 0.0;
  for (long k0 = 0; k0 < K; k0 += 512) {
    const long k1 = k0 + 512 < K ? k0 + 512 : K;
#if SIMD
    if (same) {
      gram_chunk(a, K, acc, M, k0, k1);
      continue;
    }
#endif
    dot_block(a, K, b, K, acc, N, M, N, k0, k1, same);
  }
  for (int i = 0; i < M; i++)
    for (int j = 0; j < N; j++) out[i * N + j] = (float)(same && j < i ? acc[j * N + i] : acc[i * N + j]);
}

/*
 * The gradient of a 2-D convolution with respect to its filter without materialising im2col:
 * dw[kk, o] = Σ_n P[kk, n] · dy[n, o] with P the patches of im2col (kk = (kh·fw + kw)·C + c,
 * n = (b·outH + oh)·outW + ow) and dy of shape [N, co]. The N output pixels are taken in chunks of
 * `chunk`: the chunk's patches (scratch `patches`, K·chunk floats) and dy transposed (scratch
 * `dyt`, co·chunk floats) are formed in cache, then every (kk, o) dot product by `dot_block`, in
 * float64 (`acc`, K·co doubles). dw is [fh, fw, C, co] (tfjs's filter layout).
 */
EXPORT(conv2d_filter_grad)
void conv2d_filter_grad(const float* x, const float* dy, float* dw, double* acc, float* patches, float* dyt, int co, int chunk,
                        int batch, int inH, int inW, int C, int outH, int outW, int fh, int fw, int sh, int sw, int dh, int dw_, int padTop, int padLeft) {
  const long K = (long)fh * fw * C;
  const long N = (long)batch * outH * outW;
  for (long p = 0; p < K * co; p++) acc[p] = 0.0;
  for (long n0 = 0; n0 < N; n0 += chunk) {
    const int len = (int)(N - n0 < chunk ? N - n0 : chunk);
    for (int t = 0; t < len; t++)
      for (int o = 0; o < co; o++) dyt[(long)o * chunk + t] = dy[(n0 + t) * co + o];
    for (int kh = 0; kh < fh; kh++) {
      for (int kw = 0; kw < fw; kw++) {
        /* Output columns ow whose input column ow·sw + kw·dw − padLeft lies inside the image. */
        const int shift = kw * dw_ - padLeft;
        const int owLo = shift >= 0 ? 0 : (-shift + sw - 1) / sw;
        const int owHi = inW - 1 - shift < 0 ? 0 : (inW - 1 - shift) / sw + 1;
        const int lo = owLo < outW ? owLo : outW;
        const int hi = owHi < outW ? owHi : outW;
        for (int c = 0; c < C; c++) {
          float* row = patches + ((long)(kh * fw + kw) * C + c) * chunk;
          long n = n0;
          int t = 0;
          while (t < len) {
            /* One row (b, oh) of output pixels, from column ow to the row's end or the chunk's. */
            const int b = (int)(n / ((long)outH * outW));
            const int oh = (int)(n / outW % outH);
            const int ow = (int)(n % outW);
            const int end = outW - ow < len - t ? outW : ow + (len - t);
            const int ih = oh * sh + kh * dh - padTop;
            float* r = row + t - ow;
            if (ih < 0 || ih >= inH) {
              for (int q = ow; q < end; q++) r[q] = 0.0f;
            } else {
              const float* xr = x + (((long)b * inH + ih) * inW + shift) * C + c;
              const int a0 = ow > lo ? ow : lo;
              const int a1 = end < hi ? end : hi;
              int q = ow;
              for (; q < a0 && q < end; q++) r[q] = 0.0f;
              for (; q < a1; q++) r[q] = xr[(long)q * sw * C];
              for (; q < end; q++) r[q] = 0.0f;
            }
            t += end - ow;
            n += end - ow;
          }
        }
      }
    }
    dot_block(patches, chunk, dyt, chunk, acc, co, (int)K, co, 0, len, 0);
  }
  for (long p = 0; p < K * co; p++) dw[p] = (float)acc[p];
}

/* o[n] (+)= Σ_{r < 8} c[r]·b[r·ldb + n] over [n0, n1); `first` writes instead of adding. */
static void axpy8(float* o, const float* b, long ldb, const float* c, long n0, long n1, int first) {
  const float *b0 = b, *b1 = b0 + ldb, *b2 = b1 + ldb, *b3 = b2 + ldb, *b4 = b3 + ldb, *b5 = b4 + ldb, *b6 = b5 + ldb, *b7 = b6 + ldb;
  long n = n0;
#if SIMD
  const v128_t v0 = wasm_f32x4_splat(c[0]), v1 = wasm_f32x4_splat(c[1]), v2 = wasm_f32x4_splat(c[2]), v3 = wasm_f32x4_splat(c[3]);
  const v128_t v4 = wasm_f32x4_splat(c[4]), v5 = wasm_f32x4_splat(c[5]), v6 = wasm_f32x4_splat(c[6]), v7 = wasm_f32x4_splat(c[7]);
  for (; n + 4 <= n1; n += 4) {
    const v128_t s01 = wasm_f32x4_add(wasm_f32x4_mul(v0, wasm_v128_load(b0 + n)), wasm_f32x4_mul(v1, wasm_v128_load(b1 + n)));
    const v128_t s23 = wasm_f32x4_add(wasm_f32x4_mul(v2, wasm_v128_load(b2 + n)), wasm_f32x4_mul(v3, wasm_v128_load(b3 + n)));
    const v128_t s45 = wasm_f32x4_add(wasm_f32x4_mul(v4, wasm_v128_load(b4 + n)), wasm_f32x4_mul(v5, wasm_v128_load(b5 + n)));
    const v128_t s67 = wasm_f32x4_add(wasm_f32x4_mul(v6, wasm_v128_load(b6 + n)), wasm_f32x4_mul(v7, wasm_v128_load(b7 + n)));
    const v128_t s = wasm_f32x4_add(wasm_f32x4_add(s01, s23), wasm_f32x4_add(s45, s67));
    wasm_v128_store(o + n, first ? s : wasm_f32x4_add(wasm_v128_load(o + n), s));
  }
#endif
  for (; n < n1; n++) {
    const float s = ((c[0] * b0[n] + c[1] * b1[n]) + (c[2] * b2[n] + c[3] * b3[n])) + ((c[4] * b4[n] + c[5] * b5[n]) + (c[6] * b6[n] + c[7] * b7[n]));
    o[n] = first ? s : o[n] + s;
  }
}

/* The same with 4 rows. */
static void axpy4(float* o, const float* b, long ldb, const float* c, long n0, long n1, int first) {
  const float *b0 = b, *b1 = b0 + ldb, *b2 = b1 + ldb, *b3 = b2 + ldb;
  long n = n0;
#if SIMD
  const v128_t v0 = wasm_f32x4_splat(c[0]), v1 = wasm_f32x4_splat(c[1]), v2 = wasm_f32x4_splat(c[2]), v3 = wasm_f32x4_splat(c[3]);
  for (; n + 4 <= n1; n += 4) {
    const v128_t s01 = wasm_f32x4_add(wasm_f32x4_mul(v0, wasm_v128_load(b0 + n)), wasm_f32x4_mul(v1, wasm_v128_load(b1 + n)));
    const v128_t s23 = wasm_f32x4_add(wasm_f32x4_mul(v2, wasm_v128_load(b2 + n)), wasm_f32x4_mul(v3, wasm_v128_load(b3 + n)));
    const v128_t s = wasm_f32x4_add(s01, s23);
    wasm_v128_store(o + n, first ? s : wasm_f32x4_add(wasm_v128_load(o + n), s));
  }
#endif
  for (; n < n1; n++) {
    const float s = (c[0] * b0[n] + c[1] * b1[n]) + (c[2] * b2[n] + c[3] * b3[n]);
    o[n] = first ? s : o[n] + s;
  }
}

/* The same with 2 rows. */
static void axpy2(float* o, const float* b, long ldb, const float* c, long n0, long n1, int first) {
  const float *b0 = b, *b1 = b0 + ldb;
  long n = n0;
#if SIMD
  const v128_t v0 = wasm_f32x4_splat(c[0]), v1 = wasm_f32x4_splat(c[1]);
  for (; n + 4 <= n1; n += 4) {
    const v128_t s = wasm_f32x4_add(wasm_f32x4_mul(v0, wasm_v128_load(b0 + n)), wasm_f32x4_mul(v1, wasm_v128_load(b1 + n)));
    wasm_v128_store(o + n, first ? s : wasm_f32x4_add(wasm_v128_load(o + n), s));
  }
#endif
  for (; n < n1; n++) {
    const float s = c[0] * b0[n] + c[1] * b1[n];
    o[n] = first ? s : o[n] + s;
  }
}

/* The same with 1 row. */
static void axpy1(float* o, const float* b, const float* c, long n0, long n1, int first) {
  long n = n0;
#if SIMD
  const v128_t v0 = wasm_f32x4_splat(c[0]);
  for (; n + 4 <= n1; n += 4) {
    const v128_t s = wasm_f32x4_mul(v0, wasm_v128_load(b + n));
    wasm_v128_store(o + n, first ? s : wasm_f32x4_add(wasm_v128_load(o + n), s));
  }
#endif
  for (; n < n1; n++) o[n] = first ? c[0] * b[n] : o[n] + c[0] * b[n];
}

/*
 * out[i, n] = Σ_k w[i, k] · b[k, n] for w [M, K] and b [K, N] with few rows M and K and a long N
 * (e.g. the combination wᵀJ of a task Jacobian's rows). Per block of 2048 columns (whose output
 * stays in cache), the rows of b are taken 8, then 4, 2, 1 at a time: each group is read once and
 * added to the output block, so that at most 8 rows stream at once (more, 4 MB apart, would
 * collide in the same cache sets).
 */
EXPORT(combine_rows)
void combine_rows(const float* w, const float* b, float* out, int M, int K, long N) {
  for (long n0 = 0; n0 < N; n0 += 2048) {
    const long n1 = n0 + 2048 < N ? n0 + 2048 : N;
    for (int i = 0; i < M; i++) {
      const float* wi = w + (long)i * K;
      float* oi = out + (long)i * N;
      int k = 0;
      for (; k + 8 <= K; k += 8) axpy8(oi, b + (long)k * N, N, wi + k, n0, n1, k == 0);
      for (; k + 4 <= K; k += 4) axpy4(oi, b + (long)k * N, N, wi + k, n0, n1, k == 0);
      for (; k + 2 <= K; k += 2) axpy2(oi, b + (long)k * N, N, wi + k, n0, n1, k == 0);
      for (; k < K; k++) axpy1(oi, b + (long)k * N, wi + k, n0, n1, k == 0);
      if (K == 0)
        for (long n = n0; n < n1; n++) oi[n] = 0.0f;
    }
  }
}
