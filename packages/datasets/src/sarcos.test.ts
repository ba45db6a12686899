import * as E from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';
import { quantile, sarcos } from './sarcos.js';
import { tempFolder, unwrap } from './test-files.js';

const files = tempFolder();
afterAll(files.remove);

/** A synthetic file with SARCOS's layout (28 columns, no header): row r, column j holds r + j/100; torques are positive. Not SARCOS data. */
const table = (rows: number, offset: number) =>
  Array.from({ length: rows }, (_, r) => Array.from({ length: 28 }, (_, j) => (j < 21 ? r + offset + j / 100 : 1 + ((r * (j + 3)) % 97))).join(',')).join('\n');

describe('sarcos', () => {
  it('splits 44,484 training rows into 40,036 / 4,448 (validation first, as the MT-SGD code) and keeps the 4,449 test rows', async () => {
    const train = files.write(table(44_484, 0), 'sarcos_inv.csv');
    const test = files.write(table(4_449, 100_000), 'sarcos_inv_test.csv');
    const { splits, targetScale } = unwrap(await sarcos(train, test));
    expect([splits.train.size, splits.validation.size, splits.test.size]).toEqual([40_036, 4_448, 4_449]);
    expect(splits.train.inputShape).toEqual([21]);
    expect(splits.train.targets.map((t) => t.name)).toEqual(['torque 1', 'torque 2', 'torque 3', 'torque 4', 'torque 5', 'torque 6', 'torque 7']);
    expect(splits.validation.inputs[0]).toBe(0); // row 0
    expect(splits.train.inputs[0]).toBe(4_448); // row 4,448
    expect(splits.test.inputs[0]).toBe(100_000);
    // targets divided by the training 0.9-quantile
    const rawTrain = Float64Array.from({ length: 40_036 }, (_, i) => 1 + (((i + 4_448) * 3) % 97));
    expect(targetScale[0]).toBeCloseTo(quantile(rawTrain, 0.9), 10);
    expect(splits.test.targets[0]!.values[0]).toBeCloseTo(1 / targetScale[0]!, 6);
  });

  it('quantile interpolates linearly between order statistics (numpy default)', () => {
    expect(quantile([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 12);
    expect(quantile([5], 0.9)).toBe(5);
    expect(quantile([3, 1, 2], 0.5)).toBe(2);
  });

  it('rejects files that are not SARCOS-shaped and bad options', async () => {
    const narrow = files.write('1,2,3\n4,5,6\n', 'narrow.csv');
    const good = files.write(table(20, 0), 'small.csv');
    const r = await sarcos(narrow, good);
    expect(E.isLeft(r) && r.left.message).toMatch(/narrow\.csv: .*out of range; the table has 3 columns/);
    expect(E.isLeft(await sarcos(good, good, { validation: 20 }))).toBe(true);
    const negative = files.write(table(20, 0).replaceAll(/,(\d+)$/gm, ',-$1'), 'negative.csv');
    const q = await sarcos(negative, good);
    expect(E.isLeft(q) && q.left.message).toMatch(/0\.9-quantile of torque 7 .* must be positive/);
    const raw = unwrap(await sarcos(negative, good, { targetScaling: 'none', validation: 5 }));
    expect(raw.splits.train.size).toBe(15);
    expect(Array.from(raw.targetScale)).toEqual([1, 1, 1, 1, 1, 1, 1]);
  });
});
