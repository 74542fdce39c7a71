// The bootstrap behind the lane-impact intervals: seeded (same data, same interval), the median
// as percentile_cont computes it, degenerate samples collapse to the difference, thinning is even.
import { describe, expect, it } from 'vitest';
import { bootstrapDifference, median, seededRandom, thin } from './bootstrap.js';

const opts = { resamples: 1000, seed: 15, maxDraws: 4000 };

describe('bootstrap', () => {
  it('draws the same numbers from the same seed, in [0, 1)', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(seededRandom(8)()).not.toBe(xs[0]);
  });

  it('takes the median as percentile_cont(0.5)', () => {
    expect(median([1, 2, 3])).toBe(2);
    expect(median([1, 2, 3, 10])).toBe(2.5);
  });

  it('thins a long sample at even steps', () => {
    expect(thin([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 5)).toEqual([0, 2, 4, 6, 8]);
    expect(thin([1, 2], 5)).toEqual([1, 2]);
  });

  it('collapses to the difference when neither side varies, and is null when a side is empty', () => {
    expect(bootstrapDifference({ kind: 'values', values: [3600, 3600, 3600] }, { kind: 'values', values: [7200, 7200] }, opts)).toEqual([3600, 3600]);
    expect(bootstrapDifference({ kind: 'share', n: 10, k: 10 }, { kind: 'share', n: 4, k: 0 }, opts)).toEqual([-1, -1]);
    expect(bootstrapDifference({ kind: 'values', values: [] }, { kind: 'values', values: [1] }, opts)).toBeNull();
    expect(bootstrapDifference({ kind: 'share', n: 5, k: 1 }, { kind: 'share', n: 0, k: 0 }, opts)).toBeNull();
  });

  it('brackets the difference, the same way every time, narrower with more data', () => {
    const small = bootstrapDifference({ kind: 'share', n: 20, k: 10 }, { kind: 'share', n: 20, k: 15 }, opts)!;
    expect(small[0]).toBeLessThan(0.25);
    expect(small[1]).toBeGreaterThan(0.25);
    expect(bootstrapDifference({ kind: 'share', n: 20, k: 10 }, { kind: 'share', n: 20, k: 15 }, opts)).toEqual(small);
    const large = bootstrapDifference({ kind: 'share', n: 2000, k: 1000 }, { kind: 'share', n: 2000, k: 1500 }, opts)!;
    expect(large[1] - large[0]).toBeLessThan(small[1] - small[0]);
    expect(large[0]).toBeLessThan(0.25);
    expect(large[1]).toBeGreaterThan(0.25);
    const values = Array.from({ length: 200 }, (_, i) => 1000 + i);
    const shifted = values.map((v) => v + 500);
    const [lo, hi] = bootstrapDifference({ kind: 'values', values }, { kind: 'values', values: shifted }, opts)!;
    expect(lo).toBeLessThan(500);
    expect(hi).toBeGreaterThan(500);
  });
});
