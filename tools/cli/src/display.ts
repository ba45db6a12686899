import type { ProgressEvent } from './run-job.js';

export interface Stream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

/** Where the runner reports progress: one bar per running job on a terminal, plain lines otherwise. */
export interface Display {
  readonly start: (id: number, label: string) => void;
  readonly event: (id: number, e: ProgressEvent) => void;
  readonly done: (id: number, line: string) => void;
  /** A line printed once, above the bars (warnings of the workers). */
  readonly note: (line: string) => void;
  readonly close: () => void;
}

export const silentDisplay: Display = { start: () => undefined, event: () => undefined, done: () => undefined, note: () => undefined, close: () => undefined };

const fmt = (v: number) => (!Number.isFinite(v) ? '-' : Math.abs(v) >= 100 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : v.toFixed(3));

/** "loss 0.51 0.63 | val accuracy 0.90 0.85" from an epoch event. */
export const epochSummary = (e: Extract<ProgressEvent, { _tag: 'Epoch' }>): string => {
  const train = `train ${e.train.map(fmt).join(' ')}`;
  if (e.validation === null || e.validation.length === 0) return train;
  const names = [...new Set(e.validation.flatMap((v) => Object.keys(v)))].filter((k) => k !== 'loss' || e.validation!.every((v) => Object.keys(v).length === 1));
  return `${train} | val ${names.map((n) => `${n} ${e.validation!.map((v) => fmt(v[n] ?? Number.NaN)).join(' ')}`).join(', ')}`;
};

const clock = (seconds: number) => `${Math.floor(seconds / 60)}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;

/**
 * Progress of the runs of an experiment on `stream` (stderr: stdout keeps the table or the JSON).
 * On a terminal, a block of bars (one per running job) redrawn in place under the lines of the
 * finished runs; otherwise one plain line per epoch and per finished run (logs, CI).
 */
export const progressDisplay = (stream: Stream, total: number): Display => {
  const started = performance.now();
  const labels = new Map<number, string>();
  if (stream.isTTY !== true) {
    let finished = 0;
    return {
      start: (id, label) => void labels.set(id, label),
      event: (id, e) => {
        if (e._tag === 'Epoch') stream.write(`${labels.get(id)}: epoch ${e.epoch + 1}/${e.epochs} ${epochSummary(e)} (${e.seconds.toFixed(1)} s)\n`);
      },
      done: (id, line) => {
        finished++;
        stream.write(`[${finished}/${total}] ${labels.get(id)}: ${line}\n`);
        labels.delete(id);
      },
      note: (line) => void stream.write(`${line}\n`),
      close: () => undefined,
    };
  }
  const bars = new Map<number, { epoch: number; epochs: number; batch: number; batches: number }>();
  const pending: string[] = [];
  let drawn = 0;
  let finished = 0;
  let last = 0;
  const width = Math.max(10, Math.min(30, (stream.columns ?? 80) - 60));
  const labelWidth = () => Math.max(8, ...[...labels.values()].map((l) => l.length));
  const draw = (force = false) => {
    const now = performance.now();
    if (!force && now - last < 100) return;
    last = now;
    const lines = [...pending.splice(0)];
    for (const [id, b] of bars) {
      const fraction = b.epochs === 0 ? 0 : (b.epoch + (b.batches > 0 ? (b.batch + 1) / b.batches : 0)) / b.epochs;
      const full = Math.round(width * Math.min(1, fraction));
      const where = b.batches === 0 ? 'starting' : `epoch ${Math.min(b.epoch + 1, b.epochs)}/${b.epochs} ${Math.max(0, b.batch + 1)}/${b.batches}`;
      lines.push(`${labels.get(id)!.padEnd(labelWidth())} ${'█'.repeat(full)}${'░'.repeat(width - full)} ${where}`);
    }
    const status = bars.size > 0 ? `${finished}/${total} runs done, ${clock((now - started) / 1000)} elapsed` : null;
    let text = drawn > 0 ? `\x1b[${drawn}F\x1b[J` : '';
    for (const l of lines) text += `${l}\x1b[K\n`;
    if (status !== null) text += `${status}\x1b[K\n`;
    stream.write(text);
    drawn = bars.size + (status !== null ? 1 : 0);
  };
  return {
    start: (id, label) => {
      labels.set(id, label);
      bars.set(id, { epoch: 0, epochs: 1, batch: -1, batches: 0 });
      draw(true);
    },
    event: (id, e) => {
      const b = bars.get(id);
      if (b === undefined) return;
      if (e._tag === 'Batch') bars.set(id, { epoch: e.epoch, epochs: e.epochs, batch: e.batch, batches: e.batches });
      else bars.set(id, { ...b, epoch: e.epoch + 1, epochs: e.epochs, batch: -1 });
      draw();
    },
    done: (id, line) => {
      finished++;
      pending.push(`✓ ${labels.get(id)!.padEnd(labelWidth())} ${line}`);
      bars.delete(id);
      draw(true);
    },
    note: (line) => {
      pending.push(line);
      draw(true);
    },
    close: () => draw(true),
  };
};
