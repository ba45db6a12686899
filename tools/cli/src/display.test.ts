import { describe, expect, it } from 'vitest';
import { progressDisplay } from './display.js';

const capture = (isTTY: boolean) => {
  let text = '';
  return { stream: { isTTY, columns: 100, write: (t: string) => (text += t) }, text: () => text };
};

const epoch = { _tag: 'Epoch' as const, epoch: 0, epochs: 2, train: [0.5, 0.75], validation: [{ loss: 0.4, accuracy: 0.9 }, { loss: 0.6, accuracy: 0.8 }], seconds: 1.5 };

describe('progress display', () => {
  it('without a terminal: one plain line per epoch and per finished run, no escape codes', () => {
    const out = capture(false);
    const d = progressDisplay(out.stream, 2);
    d.start(0, 'mgda');
    d.event(0, { _tag: 'Batch', epoch: 0, epochs: 2, batch: 0, batches: 10 });
    d.event(0, epoch);
    d.done(0, 'top-left 90.0%');
    d.note('worker: a warning');
    d.close();
    expect(out.text()).toBe('mgda: epoch 1/2 train 0.500 0.750 | val accuracy 0.900 0.800 (1.5 s)\n[1/2] mgda: top-left 90.0%\nworker: a warning\n');
  });

  it('on a terminal: a bar per running run redrawn in place, finished runs kept above', () => {
    const out = capture(true);
    const d = progressDisplay(out.stream, 2);
    d.start(0, 'mgda');
    d.start(1, 'mt-sgd');
    d.event(0, { _tag: 'Batch', epoch: 1, epochs: 2, batch: 4, batches: 10 });
    d.done(0, 'top-left 90.0%');
    d.close();
    const text = out.text();
    expect(text).toMatch(/\x1b\[\d+F\x1b\[J/); // cursor up over the previous block, clear below
    expect(text).toMatch(/mt-sgd +░{30} starting/);
    expect(text).toContain('starting');
    expect(text).toMatch(/✓ mgda +top-left 90\.0%/);
    // The finished line was written once above the block; the last redraw holds the bar still running and the status.
    const last = text.slice(text.lastIndexOf('\x1b[J') + 3).split('\n').filter((l) => l !== '');
    expect(last.map((l) => l.replace(/\x1b\[K/g, '').split(' ')[0])).toEqual(['mt-sgd', '1/2']);
    expect(text.split('✓ mgda')).toHaveLength(2);
  });
});
