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
