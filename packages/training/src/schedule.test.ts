import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { constantLr, cosineLr, stepLr } from './schedule.js';

describe('learning-rate schedules', () => {
  it('step and cosine give their closed forms', () => {
    const s = stepLr({ lr: 0.1, stepSize: 10, gamma: 0.5 });
    expect([s(0), s(9), s(10), s(25)]).toEqual([0.1, 0.1, 0.05, 0.025]);
    const c = cosineLr({ lr: 1, total: 4, min: 0.2 });
    expect(c(0)).toBeCloseTo(1, 12);
    expect(c(2)).toBeCloseTo(0.6, 12);
    expect(c(4)).toBeCloseTo(0.2, 12);
    expect(c(9)).toBeCloseTo(0.2, 12);
    expect(constantLr(3)(7)).toBe(3);
  });

  test.prop([fc.integer({ min: 1, max: 100 }), fc.nat(200)], { seed: 5, numRuns: 100 })('schedules never increase and stay within [min, lr]', (total, epoch) => {
    const c = cosineLr({ lr: 0.5, total, min: 0.01 });
    expect(c(epoch + 1)).toBeLessThanOrEqual(c(epoch) + 1e-15);
    expect(c(epoch)).toBeGreaterThanOrEqual(0.01 - 1e-15);
    expect(c(epoch)).toBeLessThanOrEqual(0.5 + 1e-15);
    const s = stepLr({ lr: 0.5, stepSize: 3, gamma: 0.7 });
    expect(s(epoch + 1)).toBeLessThanOrEqual(s(epoch));
  });
});
