/** The median of a non-empty list. */
export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 === 1 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
};

export interface TimingOptions {
  /** Calls timed after the warm-up call (default 5). */
  readonly runs?: number;
  /** Stop early (after at least 3 calls) once the timed calls took this many ms (default 8,000). */
  readonly budgetMs?: number;
}

/** CPU time of this process (user + system, all its threads) in milliseconds. */
export const cpuNowMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/**
 * Untimed calls until V8 has compiled the code on the path: at least one, then up to 20 as long as
 * they took under 100 ms in all (a 10 × 10 Jacobi eigensolve takes 0.1-10 ms per call for its first
 * dozen calls and 0.04 ms after).
 */
export const warmUp = (call: () => void): void => {
  const t0 = performance.now();
  for (let i = 0; i < 20 && (i === 0 || performance.now() - t0 < 100); i++) call();
};

/** Median wall-clock and CPU milliseconds per call, and how many calls (or samples) were timed. */
export interface Timing {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly runs: number;
}

/**
 * Times `call` (no warm-up): up to `runs` calls, at least 3, fewer than `runs` once the timed calls
 * took `budgetMs` (default 8,000) in all; their median wall and CPU milliseconds.
 */
export const sampleMs = (call: () => void, runs: number, budgetMs = 8000): Timing => {
  const walls: number[] = [];
  const cpu: number[] = [];
  let total = 0;
  while (walls.length < runs && !(walls.length >= 3 && total > budgetMs)) {
    const [w0, c0] = [performance.now(), cpuNowMs()];
    call();
    const w = performance.now() - w0;
    cpu.push(cpuNowMs() - c0);
    walls.push(w);
    total += w;
  }
  return { wallMs: median(walls), cpuMs: median(cpu), runs: walls.length };
};

/**
 * `sampleMs` of `call` (which must finish its work before returning; WASM ops do, asynchronous
 * backends need a read) after the warm-up calls (`warmUp`).
 */
export const medianMs = (call: () => void, options: TimingOptions = {}): Timing => {
  const { runs = 5, budgetMs = 8000 } = options;
  warmUp(call);
  return sampleMs(call, runs, budgetMs);
};
