/**
 * The bench's arithmetic: order statistics of samples, ratios and how they are printed.
 * Kept apart from the measuring so it can be tested without timing anything.
 */

export interface Summary {
  n: number;
  medianMs: number;
  p90Ms: number;
  meanMs: number;
  minMs: number;
  maxMs: number;
}

function sorted(samples: readonly number[]): number[] {
  if (samples.length === 0) throw new RangeError('no samples');
  return [...samples].sort((a, b) => a - b);
}

/** Middle value; the mean of the two middle values when n is even. */
export function median(samples: readonly number[]): number {
  const s = sorted(samples);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Nearest-rank percentile: the smallest sample such that at least p% of the samples are at or
 * below it (no interpolation, so the figure is always a time that was really measured).
 */
export function percentile(samples: readonly number[], p: number): number {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile ${p} is not in (0, 100]`);
  const s = sorted(samples);
  return s[Math.ceil((p / 100) * s.length) - 1]!;
}

export function summarize(samples: readonly number[]): Summary {
  const s = sorted(samples);
  return {
    n: s.length,
    medianMs: median(s),
    p90Ms: percentile(s, 90),
    meanMs: s.reduce((a, b) => a + b, 0) / s.length,
    minMs: s[0]!,
    maxMs: s[s.length - 1]!,
  };
}

/** a / b; null when b is not a positive number (nothing to compare against). */
export function ratio(a: number, b: number): number | null {
  return b > 0 && Number.isFinite(a) && Number.isFinite(b) ? a / b : null;
}

/** Σ waited / (configured × n): total time spent waiting over the total the target was configured to take. */
export function waitingRatio(waitedMs: readonly number[], configuredMs: number): number | null {
  return ratio(waitedMs.reduce((a, b) => a + b, 0), configuredMs * waitedMs.length);
}

/** "1.07x"; "n/a" when there is no ratio. Two decimals: goals are stated as 1.15x and 1.2x. */
export function formatRatio(r: number | null): string {
  return r === null ? 'n/a' : `${r.toFixed(2)}x`;
}

/** Milliseconds with precision that suits the magnitude: 0.084 ms, 9.71 ms, 412 ms, 61.3 s. */
export function formatMs(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 1) return `${ms.toFixed(2)} ms`;
  return `${ms.toFixed(3)} ms`;
}

/** Per second, from a count over a duration in ms. */
export function perSecond(count: number, ms: number): number | null {
  return ms > 0 ? (count * 1000) / ms : null;
}

/** A plain-text table: first row is the header, columns padded; numbers look best right-aligned. */
export function renderTable(rows: readonly (readonly string[])[], rightAlignFrom = 1): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  const line = (row: readonly string[]) =>
    row.map((cell, i) => (i >= rightAlignFrom ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  const [head, ...body] = rows;
  if (!head) return '';
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}
