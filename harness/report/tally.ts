import { STATUSES, type CaseResult, type Status } from '../results/model.ts';

/** Counts of one group of results (a suite, an operation, a rule, a whole run). */
export interface Tally {
  key: string;
  total: number;
  counts: Record<Status, number>;
}

export const NO_OPERATION = '(no operation)';

export function emptyCounts(): Record<Status, number> {
  return Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
}

export function tallyOf(key: string, results: readonly CaseResult[]): Tally {
  const counts = emptyCounts();
  for (const r of results) counts[r.status]++;
  return { key, total: results.length, counts };
}

/** Groups results by a key and counts each group; groups sorted by key. */
export function tallyBy(results: readonly CaseResult[], keyOf: (r: CaseResult) => string): Tally[] {
  const groups = new Map<string, CaseResult[]>();
  for (const r of results) {
    const key = keyOf(r);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(r);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, group]) => tallyOf(key, group));
}

export const operationOf = (r: CaseResult): string => r.operation ?? NO_OPERATION;

/** PASS over every result, skips included (the wpt.fyi score): null for an empty group. */
export function passRate(t: Pick<Tally, 'total' | 'counts'>): number | null {
  return t.total === 0 ? null : t.counts.PASS / t.total;
}

export function formatRate(rate: number | null): string {
  if (rate === null) return '–';
  // Never round a single miss up to 100 % (or a single pass down to 0 %).
  const pct = rate * 100;
  const shown = pct > 99.9 && pct < 100 ? 99.9 : pct > 0 && pct < 0.1 ? 0.1 : pct;
  return `${shown.toFixed(1)} %`;
}

/** FAIL, ERROR and TIMEOUT: a result that says the target did not do what AWS does (or could not be judged). */
export function isBad(status: Status): boolean {
  return status === 'FAIL' || status === 'ERROR' || status === 'TIMEOUT';
}
