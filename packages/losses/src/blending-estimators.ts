/**
 * The estimators of gradient blending's generalisation gain G and overfitting change O for one task,
 * from its smoothed train and validation loss histories, as in the reference code of MixNet and
 * GradApprox (after Phan et al.'s XSleepNet policy): each returns the raw weight w = G/(O² + 1e-6),
 * clipped at 0, and the task's updated references. Windows follow Python slicing: the last B
 * points, and the B points before the last one.
 */

/** Which estimator: see `estimate`. */
export type BlendingEstimator = 'historical-tangent-slope' | 'tangent-slope' | 'secant-slope' | 'threshold';

/** One task's history: smoothed points (oldest first) and the estimator's references. */
export interface BlendingHistory {
  readonly train: readonly number[];
  readonly valid: readonly number[];
  /** Historical tangent slope: reference slopes; secant slope: reference points. */
  readonly trainRef: number | null;
  readonly validRef: number | null;
}

export interface Estimate {
  readonly weight: number;
  readonly gain: number;
  readonly overfitting: number;
  readonly history: BlendingHistory;
}

/** xs[-k:] */
export const lastPoints = (xs: readonly number[], k: number): readonly number[] => xs.slice(Math.max(0, xs.length - k));
/** xs[-k-1:-1] */
export const pointsBeforeLast = (xs: readonly number[], k: number): readonly number[] => xs.slice(Math.max(0, xs.length - k - 1), Math.max(0, xs.length - 1));

/**
 * Slope of the least-squares line through (0, y₀), (1, y₁), ... (numpy.polyfit(t, y, 1)[0]), in
 * float64. With fewer than 2 points the slope is 0 (numpy fails there).
 */
export const slope = (ys: readonly number[]): number => {
  const n = ys.length;
  if (n < 2) return 0;
  const tMean = (n - 1) / 2;
  const yMean = ys.reduce((a, b) => a + b / n, 0);
  let num = 0;
  let den = 0;
  for (let t = 0; t < n; t++) {
    num += (t - tMean) * (ys[t]! - yMean);
    den += (t - tMean) ** 2;
  }
  return num / den;
};

const mean = (ys: readonly number[]): number => ys.reduce((a, b) => a + b / ys.length, 0);

/** G/(O² + 1e-6) clipped at 0; a NaN (from overflowing inputs) counts as 0. */
const ratio = (g: number, o: number): number => {
  const w = g / (o * o + 1e-6);
  return w > 0 ? w : 0;
};

/**
 * One estimate for one task with windows B (train series) and B_v (validation series, default B):
 * - 'historical-tangent-slope' (default; XSleepNet's `fully_adaptive_slope`, MixNet and GradApprox
 *   `HistoricalTangentSlope`): s_t, s_v = slopes over the last B points; the reference slopes are
 *   first fitted on the B points before the last one; O = (s_v − s_t) − (ref_v − ref_t) (the change
 *   of the overfitting rate since the reference), G = −s_v (the validation loss's rate of
 *   decrease); the references move to (s_t, s_v) when s_v < ref_v (validation improves).
 * - 'tangent-slope': G = −s_v (the validation loss's rate of decrease), O = s_v − s_t.
 * - 'secant-slope': the means of the windows in place of slopes, against reference means moved as
 *   in the historical one: G = ref_v − mean_v (the decrease of the validation loss), O as there.
 * - 'threshold': over the window, w = mean_k (V_k / ((V_k − T_k)² + 1e-6)), G = mean V, O = mean(V − T).
 * G is the generalisation GAIN of seed 000 eq. (1)-(4) (Wang et al. 2020: the decrease of the
 * validation loss) for the three slope estimators; the MixNet and GradApprox code use a change with
 * the opposite orientation (G = s_v − ref_v, G = s_v, G = mean_v − ref_v), which gives a task whose
 * validation loss falls fastest the weight 0 (measured on multi-digits: one task's weight fell to
 * 0.002) — a known reference bug, not copied. 'threshold' keeps the reference code's G (the
 * validation level). The weight is normalised across tasks by the caller.
 */
export const estimate = (estimator: BlendingEstimator, h: BlendingHistory, window: number, validationWindow = window): Estimate => {
  const curT = lastPoints(h.train, window);
  const curV = lastPoints(h.valid, validationWindow);
  switch (estimator) {
    case 'tangent-slope': {
      const [st, sv] = [slope(curT), slope(curV)];
      // G = −s_v: the validation loss's rate of decrease (the reference code has +s_v, see above).
      return { weight: ratio(-sv, sv - st), gain: -sv, overfitting: sv - st, history: h };
    }
    case 'threshold': {
      const n = Math.min(curT.length, curV.length);
      const t = curT.slice(curT.length - n);
      const v = curV.slice(curV.length - n);
      const w = n === 0 ? 0 : mean(v.map((vk, k) => vk / ((vk - t[k]!) ** 2 + 1e-6)));
      return { weight: w > 0 ? w : 0, gain: mean(v), overfitting: mean(v.map((vk, k) => vk - t[k]!)), history: h };
    }
    case 'historical-tangent-slope':
    case 'secant-slope': {
      const summary = estimator === 'secant-slope' ? mean : slope;
      let { trainRef, validRef } = h;
      if (trainRef === null || validRef === null) {
        const refT = pointsBeforeLast(h.train, window);
        const refV = pointsBeforeLast(h.valid, validationWindow);
        // The secant needs at least one earlier point (numpy's mean of nothing is NaN).
        if (estimator === 'secant-slope' && (refT.length === 0 || refV.length === 0)) return { weight: 0, gain: 0, overfitting: 0, history: h };
        [trainRef, validRef] = [summary(refT), summary(refV)];
      }
      const [st, sv] = [summary(curT), summary(curV)];
      const overfitting = sv - st - (validRef - trainRef);
      // The gain: historical tangent slope G = −s_v, the current rate of decrease of the validation
      // loss; secant slope G = ref_v − mean_v, the decrease of the windowed validation mean (the
      // reference code has s_v − ref_v and mean_v − ref_v).
      const gain = estimator === 'secant-slope' ? validRef - sv : -sv;
      const improved = validRef > sv;
      return {
        weight: ratio(gain, overfitting),
        gain,
        overfitting,
        history: { ...h, trainRef: improved ? st : trainRef, validRef: improved ? sv : validRef },
      };
    }
  }
};
