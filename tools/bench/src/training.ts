import { upgrad } from '@mtlkit/aggregators';
import { fromWeighting, Key, tf, type Aggregator } from '@mtlkit/core';
import { crossEntropy, mse } from '@mtlkit/losses';
import {
  adam,
  aggregatedStep,
  allTensors,
  applyGradients,
  disposeTrainState,
  fromAllTensors,
  hpsLenet,
  hpsMlp,
  initTrainState,
  makeStep,
  type Batch,
  type MultiTaskModel,
  type Setup,
  type Step,
  type TaskLoss,
  type TrainState,
} from '@mtlkit/training';
import * as E from 'fp-ts/lib/Either.js';
import { command } from './args.js';
import { machineDescription, startSuite } from './environment.js';
import { sampleMs, type Timing } from './timing.js';
import { runTorch, torchPython, type TorchResult } from './torch.js';

/**
 * The training suite of issue 10: one training step of the SARCOS-shaped MLP (21-256-256-256, seven
 * heads of 1, batch 512, MSE) and of the multi-digits LeNet (36×36, two heads of 10 classes, batch
 * 256, cross-entropy), Adam, with the task Jacobian over the shared parameters + UPGrad, with the
 * representation (MGDA-UB) mode + UPGrad, and the plain summed-loss step; baselines in the same
 * run: one pass over a tensor the size of the Jacobian, and PyTorch CPU (1 and 2 threads) on the
 * same shapes and steps (python/training_torch.py).
 */

export interface TrainingArgs {
  readonly runs: number;
  readonly models: readonly ModelName[];
  readonly torch: boolean;
  readonly python: string | null;
}

export type ModelName = 'mlp' | 'lenet';

export const trainingUsage = `usage: mtlkit-bench training [--runs 7] [--models mlp,lenet] [--no-torch] [--python /usr/bin/python3]
  One training step (Adam) of the SARCOS MLP (21-256-256-256, 7 tasks, batch 512) and of the
  multi-digits LeNet (36x36, 2 tasks, batch 256): full task Jacobian + UPGrad, representation mode
  + UPGrad, plain summed loss; baselines in the same run: one pass over a Jacobian-sized tensor and
  PyTorch CPU with 1 and 2 threads (skipped, with how to install it, when python3 cannot import torch).`;

/** Parses the options after `training`. */
export const parseTrainingArgs = (argv: readonly string[]): E.Either<string, TrainingArgs> => {
  let runs = 7;
  let models: ModelName[] = ['mlp', 'lenet'];
  let torch = true;
  let python: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '--no-torch') {
      torch = false;
      continue;
    }
    const value = argv[++i];
    if (flag === '--runs') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) return E.left(`--runs needs a positive integer, got ${value ?? 'nothing'}.`);
      runs = n;
    } else if (flag === '--models') {
      const list = (value ?? '').split(',');
      const bad = list.find((m) => m !== 'mlp' && m !== 'lenet');
      if (value === undefined || bad !== undefined) return E.left(`--models takes a comma-separated list of mlp and lenet, got ${value ?? 'nothing'}.`);
      models = list as ModelName[];
    } else if (flag === '--python') {
      if (value === undefined) return E.left('--python needs the path of a python3 that can import torch.');
      python = value;
    } else return E.left(`unknown option ${flag}.`);
  }
  return E.right({ runs, models, torch, python });
};

/** Median wall and CPU time of `call` after one warm-up call (`sampleMs`). */
const measure = (call: () => void, runs: number): Timing => {
  call();
  return sampleMs(call, runs);
};

interface Workload {
  readonly name: ModelName;
  readonly title: string;
  readonly model: MultiTaskModel;
  readonly losses: readonly TaskLoss[];
  readonly batch: () => Batch;
  /** Inputs of 1000 examples for a forward pass (LeNet only). */
  readonly forwardInput?: () => tf.Tensor;
  /** The model as python/training_torch.py reads it. */
  readonly torch: Record<string, unknown>;
}

const workloads: Record<ModelName, () => Workload> = {
  mlp: () => {
    const [tasks, batch] = [7, 512];
    return {
      name: 'mlp',
      title: 'SARCOS MLP 21-256-256-256, 7 tasks (heads 256→1), batch 512, MSE, Adam',
      model: hpsMlp({ input: 21, hidden: [256, 256, 256], heads: Array.from({ length: tasks }, () => ({ output: 1 })) }),
      losses: Array.from({ length: tasks }, () => mse()),
      batch: () => {
        const k = Key.fromSeed(11);
        return {
          x: tf.tensor2d(Float32Array.from(Key.normal(k, batch * 21)), [batch, 21]),
          targets: Array.from({ length: tasks }, (_, i) => tf.tensor2d(Float32Array.from(Key.normal(Key.foldIn(k, i + 1), batch)), [batch, 1])),
        };
      },
      torch: { kind: 'mlp', input: 21, hidden: [256, 256, 256], output: 1, tasks, batch },
    };
  },
  lenet: () => {
    const [tasks, batch, size] = [2, 256, 36];
    return {
      name: 'lenet',
      title: 'multi-digits LeNet 36×36 (conv 5×5 10, 20; dense 50; heads 50→50→10), 2 tasks, batch 256, cross-entropy, Adam',
      model: hpsLenet({ inputShape: [size, size, 1], heads: Array.from({ length: tasks }, () => ({ output: 10 })) }),
      losses: Array.from({ length: tasks }, () => crossEntropy()),
      batch: () => {
        const k = Key.fromSeed(12);
        return {
          x: tf.tensor4d(Float32Array.from(Key.uniform(k, batch * size * size)), [batch, size, size, 1]),
          targets: Array.from({ length: tasks }, (_, i) => tf.tensor1d(Int32Array.from(Key.uniform(Key.foldIn(k, i + 1), batch), (u) => Math.floor(10 * u)), 'int32')),
        };
      },
      forwardInput: () => tf.tensor4d(Float32Array.from(Key.uniform(Key.fromSeed(13), 1000 * size * size)), [1000, size, size, 1]),
      torch: { kind: 'lenet', size, channels: [10, 20], features: 50, classes: 10, tasks, batch },
    };
  },
};

/** The plain step: one forward-backward pass of Σᵢ Lᵢ over every parameter, then the optimiser. */
export const summedLossStep = (setup: Setup): Step<null> =>
  makeStep(setup, null, (state: TrainState<null>, batch: Batch) => {
    const { value, grads } = tf.tidy(() =>
      tf.valueAndGrads((...ps: tf.Tensor[]) => {
        const p = fromAllTensors(state.params, ps);
        const z = setup.model.encode(p.shared, batch.x);
        return tf.addN(p.heads.map((h, i) => setup.losses[i]!(setup.model.head(i, h, z), batch.targets[i]!))) as tf.Scalar;
      })(allTensors(state.params)),
    );
    const loss = value.dataSync()[0]!;
    const g = fromAllTensors(state.params, grads);
    const next = applyGradients(setup, state, g.shared, g.heads, null);
    tf.dispose([value, ...grads]);
    return E.right([next, { losses: Float64Array.of(loss), weights: null, gramian: null }] as const);
  });

const meanAggregator: Aggregator = fromWeighting((G) => E.right(new Float64Array(G.m).fill(1 / G.m)));

/** Median time of `steps` consecutive training steps from a fixed state, per step. */
const timeStep = <S>(step: Step<S>, batch: Batch, runs: number): Timing => {
  let state = initTrainState(step, Key.fromSeed(5), 1e-3);
  const once = () => {
    const r = step(state, batch);
    if (E.isLeft(r)) throw new Error(`mtlkit-bench: the step failed: ${r.left.message}`);
    disposeTrainState(state as TrainState<unknown>);
    state = r.right[0];
  };
  try {
    return measure(once, runs);
  } finally {
    disposeTrainState(state as TrainState<unknown>);
  }
};

export interface Row {
  readonly step: string;
  /** Name of the same step in python/training_torch.py, if it has one. */
  readonly torchStep: string | null;
  readonly mtlkit: Timing;
}

export interface ModelResult {
  readonly name: ModelName;
  readonly title: string;
  readonly jacobianSize: number;
  readonly pass: Timing;
  readonly rows: readonly Row[];
  readonly torch: readonly TorchResult[];
}

const runModel = (w: Workload, runs: number, log: (line: string) => void): Omit<ModelResult, 'torch'> => {
  const setup: Setup = { model: w.model, losses: w.losses, optimizer: adam() };
  const batch = w.batch();
  const d = tf.tidy(() => allTensors({ shared: w.model.init(Key.fromSeed(1)).shared, heads: [] }).reduce((n, t) => n + t.size, 0));
  const jacobianSize = w.model.tasks * d;
  const J = tf.zeros([jacobianSize]);
  const pass = measure(() => {
    const s = tf.sum(J);
    s.dataSync();
    s.dispose();
  }, runs);
  J.dispose();
  const rows: Row[] = [];
  const add = (step: string, torchStep: string | null, timing: () => Timing) => {
    log(`  ${w.name}: ${step}...`);
    rows.push({ step, torchStep, mtlkit: timing() });
  };
  add('summed-loss step', 'summed', () => timeStep(summedLossStep(setup), batch, runs));
  add('task Jacobian + mean', null, () => timeStep(aggregatedStep(meanAggregator)(setup), batch, runs));
  add('task Jacobian + UPGrad', 'jacobian-upgrad', () => timeStep(aggregatedStep(upgrad())(setup), batch, runs));
  add('representation + UPGrad', 'representation-upgrad', () => timeStep(aggregatedStep(upgrad(), { mode: 'representation' })(setup), batch, runs));
  if (w.forwardInput !== undefined) {
    const x = w.forwardInput();
    const params = w.model.init(Key.fromSeed(2));
    add('forward, 1000 images', 'forward1000', () =>
      measure(() => {
        const y = tf.tidy(() => w.model.head(0, params.heads[0]!, w.model.encode(params.shared, x)));
        y.dataSync();
        y.dispose();
      }, runs),
    );
    tf.dispose([x, ...allTensors(params)]);
  }
  tf.dispose([batch.x, ...batch.targets]);
  return { name: w.name, title: w.title, jacobianSize, pass, rows };
};

const fmt = (x: number | undefined, digits = 1): string => (x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(digits));

/** Markdown tables with the ratios of issue 10's targets. */
export const renderTraining = (results: readonly ModelResult[], torchNote: string | null): string => {
  const out: string[] = [];
  for (const r of results) {
    const torchOf = (row: Row, threads: number) => r.torch.find((t) => t.step === row.torchStep && t.threads === threads);
    const summed = r.rows.find((row) => row.torchStep === 'summed')!;
    out.push(`### ${r.title}`, '');
    out.push(`One pass over a tensor the size of the task Jacobian (${r.jacobianSize.toLocaleString('en-US')} floats): ${fmt(r.pass.wallMs, 2)} ms wall.`, '');
    out.push('| step | mtlkit wall ms | mtlkit CPU ms | × pass | × summed (CPU) | PyTorch 1 thread ms | mtlkit / PyTorch 1 thread (CPU) | PyTorch 2 threads wall ms | mtlkit / PyTorch 2 threads (wall) |');
    out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const row of r.rows) {
      const [t1, t2] = [torchOf(row, 1), torchOf(row, 2)];
      const forward = row.torchStep === 'forward1000';
      out.push(
        `| ${row.step} | ${fmt(row.mtlkit.wallMs)} | ${fmt(row.mtlkit.cpuMs)} | ${fmt(row.mtlkit.wallMs / r.pass.wallMs, 0)} | ${forward ? '–' : fmt(row.mtlkit.cpuMs / summed.mtlkit.cpuMs, 2)} | ` +
          `${t1 === undefined ? '–' : `${fmt(t1.wall_ms)} (CPU ${fmt(t1.cpu_ms)})`} | ${t1 === undefined ? '–' : fmt(row.mtlkit.cpuMs / t1.cpu_ms, 2)} | ` +
          `${t2 === undefined ? '–' : fmt(t2.wall_ms)} | ${t2 === undefined ? '–' : fmt(row.mtlkit.wallMs / t2.wall_ms, 2)} |`,
      );
    }
    const jac = r.rows.find((row) => row.torchStep === 'jacobian-upgrad')!;
    const rep = r.rows.find((row) => row.torchStep === 'representation-upgrad')!;
    const t1 = torchOf(jac, 1);
    out.push('');
    out.push(`Targets (issue 10): task Jacobian + UPGrad / PyTorch 1 thread = ${t1 === undefined ? 'not measured' : fmt(jac.mtlkit.cpuMs / t1.cpu_ms, 2)} (target ≤ 5); representation + UPGrad / summed-loss step = ${fmt(rep.mtlkit.cpuMs / summed.mtlkit.cpuMs, 2)} (target ≤ 1.5).`, '');
  }
  if (torchNote !== null) out.push(torchNote, '');
  return out.join('\n');
};

/** `mtlkit-bench training [options]`: runs the suite and prints the tables; returns the exit code. */
export const runTrainingCommand = command(parseTrainingArgs, trainingUsage, async ({ runs, models, torch, python }) => {
  const backend = await startSuite('training');
  const { py, note } = torchPython(torch, python);
  const results: ModelResult[] = [];
  for (const name of models) {
    const w = workloads[name]();
    let torchResults: TorchResult[] = [];
    if (py !== null) {
      console.error(`  ${name}: PyTorch (${py}, 1 and 2 threads)...`);
      const steps = ['summed', 'jacobian-upgrad', 'representation-upgrad', ...(w.forwardInput === undefined ? [] : ['forward1000'])];
      for (const threads of [1, 2]) {
        const r = runTorch(py, 'training_torch.py', threads, { runs, models: [{ name, steps, ...w.torch }] });
        if (E.isLeft(r)) console.error(`  PyTorch failed: ${r.left}`);
        else torchResults = [...torchResults, ...r.right];
      }
    }
    results.push({ ...runModel(w, runs, (line) => console.error(line)), torch: torchResults });
  }
  const torchVersion = py === null ? '' : `, PyTorch via ${py}`;
  console.log(`\nTraining steps: median of ${runs} calls after a warm-up, ${new Date().toISOString().slice(0, 10)}, ${backend}, Node ${process.version}${torchVersion}, ${machineDescription()}.`);
  console.log('Ratios to PyTorch 1 thread and to the summed-loss step use CPU time (both single-threaded; robust to other load); the 2-thread ratio uses wall time.\n');
  console.log(renderTraining(results, note));
  return 0;
});
