import { invalidArgument, Key, type MtlError, type tf } from '@mtlkit/core';
import * as E from 'fp-ts/lib/Either.js';
import { checkParams, evaluateAt, type LossClosure } from './loss-closure.js';
import { summarise } from './metric-table.js';

export interface PerturbationCurveOptions {
  /** Radii r ≥ 0 at which to perturb (e.g. 0, 100, ..., 1000 in seed 003 Fig. 10). */
  readonly radii: readonly number[];
  /** Perturbed models per radius (default 10, as in seed 003 D.5). */
  readonly samples?: number;
  /** The key the random directions are drawn from. */
  readonly key: Key;
  /** `'sphere'` (default): ‖ε‖₂ = r exactly; `'ball'`: uniform in the ball, ‖ε‖₂ = r u^{1/D}. */
  readonly on?: 'sphere' | 'ball';
}

/** The closure's values at one radius. */
export interface PerturbationPoint {
  readonly radius: number;
  readonly values: readonly number[];
  readonly mean: number;
  /** Sample standard deviation (n − 1; 0 for one sample). */
  readonly std: number;
  readonly min: number;
  readonly max: number;
}

/**
 * Robustness against weight perturbation (seed 003, appendix D.5, Fig. 10: models sampled in the
 * r-radius Euclidean ball around θ): for each radius r, `samples` perturbed models θ + ε (all
 * parameters jointly), and the value of `evaluate` (accuracy, or a loss) at each. By default ε
 * lies on the sphere, ‖ε‖₂ = r; `on: 'ball'` draws it uniformly inside, ‖ε‖₂ = r u^{1/D}.
 * Directions are z/‖z‖ with z ~ N(0, I_D) drawn from `key` (Threefry, reproducible); the same
 * `samples` directions are used at every radius (common random numbers, so the curve is smooth
 * in r). At r = 0 every sample is θ itself. `params` are left untouched.
 */
export const perturbationCurve = (evaluate: LossClosure, params: readonly tf.Tensor[], options: PerturbationCurveOptions): E.Either<MtlError, PerturbationPoint[]> => {
  const samples = options.samples ?? 10;
  const on = options.on ?? 'sphere';
  if (!Number.isInteger(samples) || samples < 1) return E.left(invalidArgument(`samples must be an integer ≥ 1, got ${samples}.`));
  if (on !== 'sphere' && on !== 'ball') return E.left(invalidArgument(`on must be 'sphere' or 'ball', got '${String(on)}'.`));
  if (options.radii.length === 0) return E.left(invalidArgument('radii is empty; give at least one radius.'));
  for (const r of options.radii) if (!Number.isFinite(r) || r < 0) return E.left(invalidArgument(`every radius must be a finite number ≥ 0, got ${r}.`));
  const ps = checkParams(params);
  if (E.isLeft(ps)) return ps;
  const sizes = params.map((p) => p.size);
  const D = sizes.reduce((a, b) => a + b, 0);
  const at0 = options.radii.includes(0) ? evaluateAt(evaluate, params, null, 'the evaluate closure') : E.right(0);
  if (E.isLeft(at0)) return at0;
  // values[radius][sample]; one direction in memory at a time (samples outer, radii inner).
  const values = options.radii.map(() => new Array<number>(samples));
  for (let s = 0; s < samples; s++) {
    // A unit direction and, for 'ball', a radial factor u^{1/D}: one key per sample.
    const [kDir, kRadius] = Key.split(Key.foldIn(options.key, s));
    const u = Key.normal(kDir!, D);
    let sq = 0;
    for (let i = 0; i < D; i++) sq += u[i]! * u[i]!;
    const scale = (on === 'ball' ? Key.uniform(kRadius!, 1)[0]! ** (1 / D) : 1) / Math.sqrt(sq);
    for (let k = 0; k < options.radii.length; k++) {
      const r = options.radii[k]!;
      if (r === 0) {
        values[k]![s] = at0.right;
        continue;
      }
      let at = 0;
      const deltas = sizes.map((n) => {
        const out = new Float32Array(n);
        for (let i = 0; i < n; i++) out[i] = r * scale * u[at + i]!;
        at += n;
        return out;
      });
      const v = evaluateAt(evaluate, params, deltas, 'the evaluate closure');
      if (E.isLeft(v)) return v;
      values[k]![s] = v.right;
    }
  }
  return E.right(
    options.radii.map((radius, k) => {
      const { mean, std, min, max } = summarise(values[k]!);
      return { radius, values: values[k]!, mean, std, min, max };
    }),
  );
};
