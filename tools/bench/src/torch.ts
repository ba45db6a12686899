import * as E from 'fp-ts/lib/Either.js';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** PyTorch CPU baselines: the python scripts in ../python, run with a python3 that imports torch. */

export const torchInstallHint =
  "Install PyTorch for Debian's python3 with `apt-get update && apt-get install -y python3-torch` (or `pip install torch`), or point --python at an interpreter that has it.";

/** One measurement a python baseline script prints (one JSON object per line). */
export interface TorchResult {
  readonly model: string;
  readonly step: string;
  readonly threads: number;
  readonly wall_ms: number;
  readonly cpu_ms: number;
  readonly runs: number;
}

/** True if `python -c 'import torch'` works. */
export const importsTorch = (python: string): boolean => spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore', timeout: 60_000 }).status === 0;

/**
 * The first python3 that imports torch: $MTLKIT_BENCH_PYTHON, then `python3` on the PATH, then
 * Debian's /usr/bin/python3 (where python3-torch installs); null if none.
 */
export const findTorchPython = (): string | null => {
  const candidates = [process.env['MTLKIT_BENCH_PYTHON'], 'python3', '/usr/bin/python3'].filter((p): p is string => p !== undefined && p !== '');
  return candidates.find(importsTorch) ?? null;
};

/**
 * The python3 a suite runs its PyTorch columns with (`--python`, else `findTorchPython`), or null
 * with the note the tables print instead (`--no-torch`, or no interpreter here imports torch).
 */
export const torchPython = (torch: boolean, python: string | null): { readonly py: string | null; readonly note: string | null } => {
  if (!torch) return { py: null, note: 'PyTorch columns skipped (--no-torch).' };
  const py = python ?? findTorchPython();
  return { py, note: py === null ? `PyTorch columns skipped: no python3 here imports torch. ${torchInstallHint}` : null };
};

/** Parses the JSON lines a baseline script printed; Left with the offending line. */
export const parseTorchLines = (stdout: string): E.Either<string, TorchResult[]> => {
  const out: TorchResult[] = [];
  for (const line of stdout.split('\n').filter((l) => l.trim() !== '')) {
    try {
      const r = JSON.parse(line) as TorchResult;
      if (typeof r.step !== 'string' || typeof r.threads !== 'number' || typeof r.wall_ms !== 'number' || typeof r.cpu_ms !== 'number') {
        return E.left(`unexpected line from the PyTorch script: ${line}`);
      }
      out.push(r);
    } catch {
      return E.left(`unexpected line from the PyTorch script: ${line}`);
    }
  }
  return E.right(out);
};

/**
 * Runs python/<script> with a JSON config (its `threads` set to [threads]) in a process whose
 * OpenMP, OpenBLAS and MKL pools have that many threads — `torch.set_num_threads` alone leaves
 * Debian's OpenBLAS pool at one thread per core — and returns its measurements.
 */
export const runTorch = (python: string, script: string, threads: number, config: object): E.Either<string, TorchResult[]> =>
  E.chain(parseTorchLines)(runPythonScript(python, script, threads, config));

/** `runTorch` without the parsing: the script's stdout, or Left with the end of its stderr. */
export const runPythonScript = (python: string, script: string, threads: number, config: object): E.Either<string, string> => {
  const path = fileURLToPath(new URL(`../python/${script}`, import.meta.url));
  const n = String(threads);
  const env = { ...process.env, OMP_NUM_THREADS: n, OPENBLAS_NUM_THREADS: n, MKL_NUM_THREADS: n };
  const r = spawnSync(python, [path, JSON.stringify({ ...config, threads: [threads] })], { encoding: 'utf8', maxBuffer: 1 << 24, env });
  if (r.status !== 0) return E.left(`${python} ${script} exited with ${r.status ?? r.signal}: ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' ')}`);
  return E.right(r.stdout);
};
