import * as E from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';
import { quantile, sarcos } from './sarcos.js';
import { tempFolder, unwrap } from './test-files.js';

const files = tempFolder();
afterAll(files.remove);

/**
 * A synthetic file with SARCOS's layout (28 columns, no header): row r holds inputs r + offset + j/100
 * (column j) and torques k·(r + 1) (torque k = 1..7, columns 21..27), so each torque's quantile
 * depends on its column and on which rows it is taken over. Not SARCOS data.
 */
const table = (rows: number, offset: number) =>
  Array.from({ length: rows }, (_, r) => Array.from({ length: 28 }, (_, j) => (j < 21 ? r + offset + j / 100 : (j - 20) * (r + 1))).join(',')).join('\n');

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
    // Targets divided by the training 0.9-quantile: torque k over rows 4,448..44,483 is k·(4,449..44,484),
    // whose 0.9-quantile (position 0.9 · 40,035 = 36,031.5) is k · 40,480.5 (over all rows it would be k · 40,035.7).
    Array.from(targetScale).forEach((v, k) => expect(v).toBeCloseTo((k + 1) * 40_480.5, 6));
    expect(Math.abs(splits.test.targets[0]!.values[0]! * targetScale[0]! - 1)).toBeLessThan(1e-6); // float32 targets
    expect(splits.train.targets[6]!.values[0]).toBeCloseTo((7 * 4_449) / targetScale[6]!, 6);
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
