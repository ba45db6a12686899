import { describe, expect, it } from 'vitest';
import { sampleMs } from './timing.js';

describe('sampleMs', () => {
  it('times `runs` calls, or 3 once the budget is spent', () => {
    let calls = 0;
    const t = sampleMs(() => void calls++, 4);
    expect([calls, t.runs]).toEqual([4, 4]);
    calls = 0;
    const spent = sampleMs(() => void calls++, 10, -1);
    expect([calls, spent.runs]).toEqual([3, 3]);
    expect(t.wallMs).toBeGreaterThanOrEqual(0);
  });
});
