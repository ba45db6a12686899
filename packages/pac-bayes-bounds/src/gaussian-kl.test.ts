import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { gaussianKlDiagonal, gaussianKlIsotropic } from './gaussian-kl.js';
import { left, reference, relativeError, right } from './test-support.js';

const vector = (d: number) => fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: d, maxLength: d });
const std = fc.double({ min: 1e-3, max: 10, noNaN: true });

describe('gaussianKlDiagonal', () => {
  it('matches 60-digit mpmath values to 1e-13 relative (also for nearly equal variances)', () => {
    for (const g of reference.gaussianKlDiagonal as { mq: number[]; sq: number[]; mp: number[]; sp: number[]; value: number }[]) {
      expect(relativeError(right(gaussianKlDiagonal({ mean: g.mq, std: g.sq }, { mean: g.mp, std: g.sp })), g.value)).toBeLessThan(1e-13);
    }
  });

  it('is ½ for N(1, 1) against N(0, 1), ½(4 − 1 − ln 4) for N(0, 4) against N(0, 1), and 0 in dimension 0', () => {
    expect(right(gaussianKlDiagonal({ mean: [1], std: [1] }, { mean: [0], std: [1] }))).toBe(0.5);
    expect(relativeError(right(gaussianKlDiagonal({ mean: [0], std: [2] }, { mean: [0], std: [1] })), 0.5 * (3 - Math.log(4)))).toBeLessThan(1e-15);
    expect(right(gaussianKlDiagonal({ mean: [], std: [] }, { mean: [], std: [] }))).toBe(0);
    expect(right(gaussianKlIsotropic({ mean: new Float64Array(0), std: 1 }, { mean: new Float64Array(0), std: 2 }))).toBe(0);
  });

  test.prop([fc.integer({ min: 1, max: 8 }).chain((d) => fc.tuple(vector(d), vector(d), fc.array(std, { minLength: d, maxLength: d }), std))], {
    seed: 42,
    numRuns: 100,
  })('is ≥ 0, 0 for Q = P, and equals the isotropic KL when the prior is isotropic and the posterior too', ([mq, mp, sq, sp]) => {
    const kl = right(gaussianKlDiagonal({ mean: mq, std: sq }, { mean: mp, std: sq.map(() => sp) }));
    expect(kl).toBeGreaterThanOrEqual(0);
    expect(right(gaussianKlDiagonal({ mean: mq, std: sq }, { mean: mq, std: sq }))).toBe(0);
    const iso = right(gaussianKlIsotropic({ mean: Float64Array.from(mq), std: sq[0]! }, { mean: Float64Array.from(mp), std: sp }));
    const diag = right(gaussianKlDiagonal({ mean: mq, std: sq.map(() => sq[0]!) }, { mean: mp, std: sq.map(() => sp) }));
    expect(relativeError(iso, diag)).toBeLessThan(1e-12);
  });

  it('rejects mismatched lengths, non-finite means and non-positive deviations', () => {
    expect(left(gaussianKlDiagonal({ mean: [0, 1], std: [1] }, { mean: [0, 1], std: [1, 1] }))._tag).toBe('ShapeMismatch');
    expect(left(gaussianKlDiagonal({ mean: [0], std: [1] }, { mean: [Number.NaN], std: [1] })).message).toBe("P's mean has a non-finite entry NaN at index 0.");
    expect(left(gaussianKlDiagonal({ mean: [0], std: [0] }, { mean: [0], std: [1] })).message).toBe(
      "Q's standard deviation must be finite and positive, got 0 at index 0.",
    );
    expect(left(gaussianKlIsotropic({ mean: [0], std: 1 }, { mean: [0, 0], std: 1 }))._tag).toBe('ShapeMismatch');
    expect(left(gaussianKlIsotropic({ mean: [0], std: 1 }, { mean: [0], std: -1 }))._tag).toBe('InvalidArgument');
  });
});

describe('gaussianKlIsotropic', () => {
  test.prop([fc.integer({ min: 1, max: 50 }), fc.double({ min: 0, max: 100, noNaN: true }), std, std], { seed: 42, numRuns: 100 })(
    'is ½[d(s² − 1 − ln s²) + ‖Δμ‖²/σp²] with s = σq/σp (the seed’s KL(Q‖P_j))',
    (d, shift, sq, sp) => {
      const mq = new Float64Array(d).fill(shift / Math.sqrt(d));
      const kl = right(gaussianKlIsotropic({ mean: mq, std: sq }, { mean: new Float64Array(d), std: sp }));
      const r = (sq * sq) / (sp * sp);
      const byHand = 0.5 * (d * (r - 1 - Math.log(r)) + (shift * shift) / (sp * sp));
      expect(Math.abs(kl - byHand)).toBeLessThanOrEqual(1e-12 * (1 + byHand) + 1e-15 * d * (r + 1 + Math.abs(Math.log(r))));
    },
  );
});
