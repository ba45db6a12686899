import * as E from 'fp-ts/lib/Either.js';

export interface BenchArgs {
  readonly suite: 'aggregators';
  readonly ms: readonly number[];
  readonly ds: readonly number[];
  readonly runs: number;
  readonly methods: readonly string[] | null;
  /** Run the PyTorch baseline (default true; --no-torch skips it). */
  readonly torch: boolean;
  /** Interpreter for PyTorch (--python); null: the first python3 that imports torch. */
  readonly python: string | null;
}

export const usage = `usage: mtlkit-bench aggregators [--m 2,10,40] [--d 1e4,1e6] [--with-1e7] [--runs 5] [--methods pcgrad,mgda] [--no-torch] [--python /usr/bin/python3]
  Prints, for each m and d, the median milliseconds per call of every aggregator and its ratio to
  one plain pass over J (tf.sum(J)) measured in the same run, on the WASM backend; then the
  Gramian-based methods against PyTorch CPU with 1 and 2 threads on the same shapes (skipped, with
  how to install it, when no python3 imports torch).
  The training suite: mtlkit-bench training [options]; the SVGD suite: mtlkit-bench svgd [options] (tools/bench/README.md).`;

/** A suite's command: runs `run` on the parsed options, or prints what is wrong and the usage on stderr and returns 2. */
export const command =
  <A>(parse: (argv: readonly string[]) => E.Either<string, A>, usage: string, run: (args: A) => Promise<number>) =>
  async (argv: readonly string[]): Promise<number> => {
    const parsed = parse(argv);
    if (E.isLeft(parsed)) {
      console.error(`mtlkit-bench: ${parsed.left}\n${usage}`);
      return 2;
    }
    return run(parsed.right);
  };

/** A flag's comma-separated list of positive integers. */
export const positiveInts = (flag: string, value: string | undefined): E.Either<string, number[]> => {
  const xs = (value ?? '').split(',').map(Number);
  return value === undefined || xs.some((x) => !Number.isInteger(x) || x < 1) ? E.left(`${flag} needs a comma-separated list of positive integers, got ${value ?? 'nothing'}.`) : E.right(xs);
};

/** Parses the command line (without node and the script). */
export const parseArgs = (argv: readonly string[]): E.Either<string, BenchArgs> => {
  const [suite, ...rest] = argv;
  if (suite !== 'aggregators') return E.left(`unknown or missing suite ${suite === undefined ? '' : `"${suite}" `}(known: aggregators, training, svgd).`);
  let ms = [2, 10, 40];
  let ds = [1e4, 1e6];
  let runs = 5;
  let methods: string[] | null = null;
  let torch = true;
  let python: string | null = null;
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i]!;
    const value = rest[i + 1];
    if (flag === '--with-1e7') {
      ds = [...ds, 1e7];
      continue;
    }
    if (flag === '--no-torch') {
      torch = false;
      continue;
    }
    i++;
    if (flag === '--m' || flag === '--d' || flag === '--runs') {
      const parsed = positiveInts(flag, value);
      if (E.isLeft(parsed)) return parsed;
      if (flag === '--m') ms = parsed.right;
      else if (flag === '--d') ds = parsed.right;
      else runs = parsed.right[0]!;
    } else if (flag === '--methods') {
      if (value === undefined) return E.left('--methods needs a comma-separated list of method names.');
      methods = value.split(',');
    } else if (flag === '--python') {
      if (value === undefined) return E.left('--python needs the path of a python3 that can import torch.');
      python = value;
    } else return E.left(`unknown option ${flag}.`);
  }
  return E.right({ suite, ms, ds, runs, methods, torch, python });
};
