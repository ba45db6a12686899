import { DATASET_FORMATS, DATASET_NAMES } from './dataset-spec.js';
import { DEFAULT_METHODS, METHODS, type MethodKind } from './methods.js';
import { DEFAULT_OUT, DEFAULT_SEEDS, DEFAULT_WORKERS } from './plan.js';

export const MAIN_HELP = `mtlkit — multi-task learning experiments on TensorFlow.js (WASM)

Usage:
  mtlkit run [options]        train methods on a dataset, print a results table, write a report
  mtlkit methods              list the methods (aggregators, loss weightings, SAM-MTL, ensembles)
  mtlkit datasets             list the datasets and the file formats
  mtlkit help <command>       help on a command (run, methods, datasets)
  mtlkit --version

With no options, \`mtlkit run\` compares ${DEFAULT_METHODS.length} methods on multi-digits (two digit-recognition
tasks, HPS LeNet) in a few minutes on two cores and writes ${DEFAULT_OUT}/index.html.

Exit codes: 0 ok, 2 bad usage or config (the reason on stderr), 1 failure while reading data or training.
`;

export const RUN_HELP = `mtlkit run — train methods on a dataset and compare them

Usage: mtlkit run [--config file.json] [--dataset d] [--methods a,b,...] [--epochs N]
                  [--seeds 1,2,3] [--out dir] [--json] [--quiet]

Options:
  -c, --config <file>     experiment config (JSON); the options below override it
  -d, --dataset <d>       ${DATASET_NAMES.join(', ')}, or ${DATASET_FORMATS.map((f) => `${f}:<path>`).join(', ')} (default multi-digits)
  -m, --methods <list>    comma-separated method names (see mtlkit methods; default ${DEFAULT_METHODS.join(',')})
  -e, --epochs <N>        training epochs (zdt3: epochs of 1,000 sampler steps)
  -s, --seeds <list>      seeds of the runs: each seed draws the initial parameters and the batch order,
                          the same for every method (default ${DEFAULT_SEEDS.join(',')}); the table shows mean ± std over seeds
  -o, --out <dir>         where the report goes: <dir>/index.html and <dir>/results.json (default ${DEFAULT_OUT})
      --batch-size <N>    mini-batch size
      --lr <x>            Adam learning rate
      --train-size <N>    training examples (generated datasets and files)
  -w, --workers <N>       worker processes running methods in parallel (default ${DEFAULT_WORKERS}; 1 = in this process)
      --json              print one JSON object instead of the table:
                          { dataset, runs: [{ method, seed, metrics: { <task>: { <metric>: number } },
                            deltaM, wallSeconds, hypervolume? }] }   (deltaM in percent, against mean)
  -q, --quiet             no progress on stderr

Config file fields: dataset, methods, epochs, seeds, batchSize, lr, trainSize, validationSize, testSize,
dataSeed, out, workers, csv (the CSV schema: { inputs: [..] | "rest", targets: [..], classification?: [..],
delimiter?, header? }), weights (for constant and fixed), samMtl: { rho, aggregator }, particles,
stepsPerEpoch (zdt3).

Example: mtlkit run --dataset zdt3 --methods mgda,mt-sgd,moo-svgd --epochs 5
`;

const KIND_TITLES: Record<MethodKind, string> = {
  aggregator: 'Gradient aggregators (Jacobian descent: task gradients → one update direction)',
  weighting: 'Loss weightings (one update along ∇ Σ wᵢ Lᵢ)',
  sam: 'Flat-region MTL',
  ensemble: 'Ensembles sampled from every task (networks; particles on zdt3)',
};

export const methodsHelp = (): string => {
  const width = Math.max(...METHODS.map((m) => m.name.length));
  const blocks = (Object.keys(KIND_TITLES) as MethodKind[]).map(
    (kind) =>
      `${KIND_TITLES[kind]}:\n${METHODS.filter((m) => m.kind === kind)
        .map((m) => `  ${m.name.padEnd(width)}  ${m.title} — ${m.paper}${m.minTasks !== undefined ? ` (≥ ${m.minTasks} tasks)` : ''}${m.needsWeights === true ? ' (config: weights)' : ''}`)
        .join('\n')}`,
  );
  return `mtlkit methods — the method names of mtlkit run --methods\n\n${blocks.join('\n\n')}\n\nDefault: ${DEFAULT_METHODS.join(', ')}. Δm% is measured against mean (LS).\n`;
};

export const DATASETS_HELP = `mtlkit datasets — what mtlkit run --dataset takes

Generated (no download):
  multi-digits          two procedural digits per 36×36 image, one task per digit (Multi-MNIST protocol); HPS LeNet
  multi-fashion         the same with procedural Fashion-MNIST-class silhouettes
  conflict-regression   two linear regression tasks whose gradients meet at 120°, target scales 1 and 4; HPS MLP
  zdt3                  ZDT3 with 30 variables: 50 particles minimise two objectives; hypervolume reported

From files (format:path):
  idx:<dir>    Multi-MNIST composed from MNIST-style IDX files in <dir>: train-images-idx3-ubyte and
               train-labels-idx1-ubyte (raw or .gz; MNIST or Fashion-MNIST); HPS LeNet
  csv:<file>   CSV/TSV with a schema in the config file: { "csv": { "inputs": "rest", "targets": ["y1", "y2"],
               "classification": ["y1"] } } (one task per target column); HPS MLP
  npy:<dir>    EEG-style epochs: x.npy (trials × channels × samples) and y.npy (trials or trials × tasks),
               or epochs.npy and labels.npy; HPS MLP on the flattened epochs

Splits: trainSize, validationSize, testSize in the config (files: 10 % validation, 10 % test by default),
drawn with dataSeed (default 0): every run of an experiment sees the same data.
`;
