import { describe, expect, it } from 'vitest';
import { formatMs, formatRatio, median, percentile, perSecond, ratio, renderTable, summarize, waitingRatio } from './stats.ts';

describe('bench arithmetic', () => {
  it('takes the middle value, or the mean of the two middle values, whatever the input order', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('gives the nearest-rank p90: a sample that was measured, not an interpolation', () => {
    const tenths = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    expect(percentile(tenths, 90)).toBe(9);
    expect(percentile([...tenths, 11], 90)).toBe(10);
    expect(percentile([5], 90)).toBe(5);
    expect(percentile(tenths, 100)).toBe(10);
  });

  it('refuses empty samples and percentiles out of range', () => {
    expect(() => median([])).toThrow(RangeError);
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it('summarizes without reordering the caller’s samples', () => {
    const samples = [2, 8, 4, 6];
    expect(summarize(samples)).toEqual({ n: 4, medianMs: 5, p90Ms: 8, meanMs: 5, minMs: 2, maxMs: 8 });
    expect(samples).toEqual([2, 8, 4, 6]);
  });

  it('formats ratios with two decimals and says n/a when there is nothing to compare with', () => {
    expect(formatRatio(ratio(11.5, 10))).toBe('1.15x');
    expect(formatRatio(ratio(1, 3))).toBe('0.33x');
    expect(ratio(1, 0)).toBeNull();
    expect(formatRatio(ratio(1, 0))).toBe('n/a');
    expect(formatRatio(ratio(Number.NaN, 1))).toBe('n/a');
  });

  it('formats durations by magnitude and rates per second', () => {
    expect(formatMs(0.0844)).toBe('0.084 ms');
    expect(formatMs(9.714)).toBe('9.71 ms');
    expect(formatMs(412.4)).toBe('412 ms');
    expect(formatMs(61_340)).toBe('61.3 s');
    expect(perSecond(1500, 60_000)).toBe(25);
    expect(perSecond(1, 0)).toBeNull();
  });

  it('pads a table into columns, first column left, the others right', () => {
    expect(renderTable([['what', 'ms'], ['bare', '1.5'], ['harness', '10.25']])).toBe(
      ['what        ms', '-------  -----', 'bare       1.5', 'harness  10.25'].join('\n'),
    );
  });

  it('takes waiting over configured time as total waited over total configured', () => {
    expect(waitingRatio([100, 140], 100)).toBeCloseTo(1.2);
    expect(waitingRatio([100, 500], 100)).toBeCloseTo(3);
    expect(waitingRatio([], 100)).toBeNull();
  });
});
