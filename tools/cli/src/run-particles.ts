import { invalidArgument, Key, parseJacobian, tf, type MtlError } from '@mtlkit/core';
import { zdt, type BiObjectiveProblem } from '@mtlkit/datasets';
import { hypervolume } from '@mtlkit/metrics';
import { adam, disposeSamplerState, initSampler, moveParticles, mooSvgdStep, mtSgdStep, objectiveTargets, uniformParticles, zdt3Settings, type SamplerState } from '@mtlkit/svgd';
import { initialAggregatorState, runAggregator } from '@mtlkit/training';
import * as E from 'fp-ts/lib/Either.js';
import { aggregatorFor, methodInfo } from './methods.js';
import { withReference } from './problem.js';
import type { RunProgress } from './run-job.js';
import type { EpochPoint } from './run-result.js';
import type { RunSettings } from './settings.js';

/** Particles are clipped to this box after every update, as the MOO-SVGD ZDT script does (√f₁ has an infinite slope at 0). */
const BOUNDS = zdt3Settings.bounds;

const objectivesOf = (p: BiObjectiveProblem, x: tf.Tensor2D): [number, number][] => {
  const f = p.objectivesTensor(x);
  const v = f.dataSync();
  f.dispose();
  return Array.from({ length: x.shape[0] }, (_, a) => [v[2 * a]!, v[2 * a + 1]!]);
};

/**
 * One aggregator step for every particle: J_a = [∇f₁(θ_a); ∇f₂(θ_a)] (2 × d), the aggregator's
 * direction d_a (each particle keeps its own aggregator state), and the optimiser moves the
 * particles along −d (the samplers' optimisers ascend).
 */
const aggregatorStep = (p: BiObjectiveProblem, method: string, runKey: Key, particles: number) => {
  const source = aggregatorFor(method, { key: runKey, tasks: 2 })!;
  let states: unknown[] = Array.from({ length: particles }, () => initialAggregatorState(source));
  return (s: SamplerState, t: number, optimizer: ReturnType<typeof adam>): E.Either<MtlError, SamplerState> => {
    const [g1, g2] = [0, 1].map((i) => tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(tf.slice(p.objectivesTensor(x as tf.Tensor2D), [0, i], [-1, 1])))(s.particles))) as [tf.Tensor2D, tf.Tensor2D];
    const rows1 = tf.unstack(g1);
    const rows2 = tf.unstack(g2);
    tf.dispose([g1, g2]);
    const directions: tf.Tensor[] = [];
    const next: unknown[] = [];
    let failure: MtlError | null = null;
    for (let a = 0; a < particles && failure === null; a++) {
      const J = parseJacobian(tf.stack([rows1[a]!, rows2[a]!]));
      if (E.isLeft(J)) {
        failure = J.left;
        break;
      }
      const r = runAggregator(source, Key.foldIn(Key.foldIn(runKey, t), a), states[a] as never, J.right);
      J.right.dispose();
      if (E.isLeft(r)) failure = r.left;
      else {
        directions.push(r.right[0].direction);
        next.push(r.right[1]);
      }
    }
    tf.dispose([...rows1, ...rows2]);
    if (failure !== null) {
      tf.dispose(directions);
      return E.left(failure);
    }
    states = next;
    const phi = tf.tidy(() => tf.neg(tf.stack(directions)) as tf.Tensor2D);
    tf.dispose(directions);
    const moved = moveParticles(s, phi, { optimizer, bounds: BOUNDS });
    phi.dispose();
    return moved;
  };
};

export interface ParticleRun {
  readonly metrics: Record<string, Record<string, number>>;
  readonly history: EpochPoint[];
  readonly particles: number[][];
  readonly hypervolume: number;
}

/**
 * One method with one seed on ZDT3 (seed 002 §2.1.2): `settings.particles` particles drawn from
 * U(0, 1)^30 by the seed's key, Adam (lr `settings.lr`), clipped to [1e-6, 1 − 1e-6], for
 * epochs × stepsPerEpoch steps. MT-SGD and MOO-SVGD sample the targets p_i ∝ exp(−f_i) with
 * @mtlkit/svgd's `zdt3Settings` (local RBF kernel on θ, blocked scores masked; MT-SGD's released
 * matrix Q); an aggregator moves each particle along its own aggregated descent direction. Reports the mean objectives and the
 * hypervolume with MOO-SVGD's reference point (0.99022638, 6.54635266).
 */
export const runParticles = async (settings: RunSettings, method: string, seed: number, progress: RunProgress): Promise<E.Either<string, ParticleRun>> => {
  const info = methodInfo(method);
  const problem = E.chain(withReference)(zdt(3));
  if (E.isLeft(problem)) return E.left(problem.left.message);
  const p = problem.right;
  const key = Key.fromSeed(seed);
  const optimizer = adam({ learningRate: settings.lr });
  const x0 = uniformParticles(key, settings.particles, p.variables, BOUNDS[0], BOUNDS[1]);
  if (E.isLeft(x0)) return E.left(x0.left.message);
  const s0 = initSampler(x0.right, optimizer);
  x0.right.dispose();
  if (E.isLeft(s0)) return E.left(s0.left.message);
  const targets = objectiveTargets(p.objectivesTensor, 2, zdt3Settings.temperature);
  const step: (s: SamplerState, t: number) => E.Either<MtlError, SamplerState> =
    method === 'mt-sgd'
      ? (s) => E.map((r: { state: SamplerState }) => r.state)(mtSgdStep(targets, { ...zdt3Settings.mtSgd, optimizer, bounds: BOUNDS })(s))
      : method === 'moo-svgd'
        ? (s) => E.map((r: { state: SamplerState }) => r.state)(mooSvgdStep(targets, { ...zdt3Settings.mooSvgd, optimizer, bounds: BOUNDS })(s))
        : info?.kind === 'aggregator'
          ? ((agg) => (s: SamplerState, t: number) => agg(s, t, optimizer))(aggregatorStep(p, method, Key.foldIn(key, 0x6d65_7468), settings.particles))
          : () => E.left(invalidArgument(`method ${method} does not apply to zdt3`));
  let s = s0.right;
  const history: EpochPoint[] = [];
  const meanOf = (pts: readonly [number, number][], i: number) => pts.reduce((a, q) => a + q[i]!, 0) / pts.length;
  for (let epoch = 0; epoch < settings.epochs; epoch++) {
    const started = performance.now();
    for (let b = 0; b < settings.stepsPerEpoch; b++) {
      const next = step(s, epoch * settings.stepsPerEpoch + b);
      disposeSamplerState(s);
      if (E.isLeft(next)) return E.left(next.left.message);
      s = next.right;
      if (b % 20 === 19 || b === settings.stepsPerEpoch - 1) progress({ _tag: 'Batch', epoch, epochs: settings.epochs, batch: b, batches: settings.stepsPerEpoch });
    }
    const f = objectivesOf(p, s.particles);
    const train = [meanOf(f, 0), meanOf(f, 1)];
    const hv = hypervolume(f, p.reference);
    const validation = [
      { objective: train[0]!, hypervolume: E.isRight(hv) ? hv.right : Number.NaN },
      { objective: train[1]!, hypervolume: E.isRight(hv) ? hv.right : Number.NaN },
    ];
    history.push({ epoch, train, validation });
    progress({ _tag: 'Epoch', epoch, epochs: settings.epochs, train, validation, seconds: (performance.now() - started) / 1000 });
  }
  const final = objectivesOf(p, s.particles);
  disposeSamplerState(s);
  const hv = hypervolume(final, p.reference);
  if (E.isLeft(hv)) return E.left(hv.left.message);
  return E.right({
    metrics: { f1: { objective: meanOf(final, 0) }, f2: { objective: meanOf(final, 1) } },
    history,
    particles: final,
    hypervolume: hv.right,
  });
};

/** The true ZDT3 front, one polyline per connected piece, for the report. */
export const zdt3Front = (): (readonly (readonly [number, number])[])[] => {
  const p = zdt(3);
  if (E.isLeft(p)) return [];
  const f = p.right.front(60);
  return E.isRight(f) ? f.right : [];
};
