import * as E from 'fp-ts/lib/Either.js';
import { parseArgs } from 'node:util';
import { usageError, type UsageError } from './usage.js';

/** Options of `mtlkit run` as typed on the command line (everything optional: config and defaults fill the rest). */
export interface RunFlags {
  readonly config?: string;
  readonly dataset?: string;
  readonly methods?: readonly string[];
  readonly epochs?: number;
  readonly seeds?: readonly number[];
  readonly out?: string;
  readonly batchSize?: number;
  readonly lr?: number;
  readonly trainSize?: number;
  readonly workers?: number;
  readonly json: boolean;
  readonly quiet: boolean;
}

export type Command =
  | { readonly _tag: 'Help'; readonly topic: 'main' | 'run' | 'methods' | 'datasets' }
  | { readonly _tag: 'Version' }
  | { readonly _tag: 'Methods' }
  | { readonly _tag: 'Datasets' }
  | { readonly _tag: 'Run'; readonly flags: RunFlags };

const integer = (name: string, text: string | undefined, min: number): E.Either<UsageError, number | undefined> => {
  if (text === undefined) return E.right(undefined);
  const n = Number(text);
  return Number.isInteger(n) && n >= min ? E.right(n) : E.left(usageError(`--${name} must be an integer ≥ ${min}, got "${text}".`));
};

const positive = (name: string, text: string | undefined): E.Either<UsageError, number | undefined> => {
  if (text === undefined) return E.right(undefined);
  const n = Number(text);
  return Number.isFinite(n) && n > 0 ? E.right(n) : E.left(usageError(`--${name} must be a positive number, got "${text}".`));
};

const list = (text: string | undefined) => (text === undefined ? undefined : text.split(',').map((s) => s.trim()).filter((s) => s !== ''));

/** Parses `argv` (without `node` and the script) into a command, or a usage error naming the problem. */
export const parseCommand = (argv: readonly string[]): E.Either<UsageError, Command> => {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' && (rest[0] === 'run' || rest[0] === 'methods' || rest[0] === 'datasets') ? rest[0] : 'main';
    return E.right({ _tag: 'Help', topic });
  }
  if (first === '--version' || first === '-v') return E.right({ _tag: 'Version' });
  if (first === 'methods' || first === 'datasets') {
    if (rest.includes('--help') || rest.includes('-h')) return E.right({ _tag: 'Help', topic: first });
    if (rest.length > 0) return E.left(usageError(`"mtlkit ${first}" takes no arguments, got "${rest.join(' ')}".`));
    return E.right({ _tag: first === 'methods' ? 'Methods' : 'Datasets' });
  }
  if (first !== 'run') return E.left(usageError(`unknown command "${first}"; the commands are run, methods, datasets (see mtlkit --help).`));
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...rest],
      strict: true,
      allowPositionals: false,
      options: {
        config: { type: 'string', short: 'c' },
        dataset: { type: 'string', short: 'd' },
        methods: { type: 'string', short: 'm' },
        epochs: { type: 'string', short: 'e' },
        seeds: { type: 'string', short: 's' },
        out: { type: 'string', short: 'o' },
        'batch-size': { type: 'string' },
        lr: { type: 'string' },
        'train-size': { type: 'string' },
        workers: { type: 'string', short: 'w' },
        json: { type: 'boolean', default: false },
        quiet: { type: 'boolean', short: 'q', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    return E.left(usageError(`${(e as Error).message.replace(/\.$/, '')} (see mtlkit run --help).`));
  }
  const v = parsed.values as Record<string, string | boolean | undefined>;
  if (v['help'] === true) return E.right({ _tag: 'Help', topic: 'run' });
  const str = (k: string) => v[k] as string | undefined;
  const seedsText = list(str('seeds'));
  const seeds = seedsText?.map(Number);
  if (seeds !== undefined && (seeds.length === 0 || seeds.some((s) => !Number.isSafeInteger(s) || s < 0))) {
    return E.left(usageError(`--seeds must be a comma-separated list of non-negative integers, got "${str('seeds')}".`));
  }
  const methods = list(str('methods'));
  if (methods !== undefined && methods.length === 0) return E.left(usageError('--methods is empty; give at least one method (see mtlkit methods).'));
  const numbers = [integer('epochs', str('epochs'), 1), integer('batch-size', str('batch-size'), 1), integer('train-size', str('train-size'), 1), positive('lr', str('lr')), integer('workers', str('workers'), 1)] as const;
  const bad = numbers.find(E.isLeft);
  if (bad !== undefined) return bad as E.Left<UsageError>;
  const [epochs, batchSize, trainSize, lr, workers] = numbers.map((n) => (n as E.Right<number | undefined>).right);
  const flags: RunFlags = {
    ...(str('config') !== undefined && { config: str('config')! }),
    ...(str('dataset') !== undefined && { dataset: str('dataset')! }),
    ...(methods !== undefined && { methods }),
    ...(epochs !== undefined && { epochs }),
    ...(seeds !== undefined && { seeds }),
    ...(str('out') !== undefined && { out: str('out')! }),
    ...(batchSize !== undefined && { batchSize }),
    ...(lr !== undefined && { lr }),
    ...(trainSize !== undefined && { trainSize }),
    ...(workers !== undefined && { workers }),
    json: v['json'] === true,
    quiet: v['quiet'] === true,
  };
  return E.right({ _tag: 'Run', flags });
};
