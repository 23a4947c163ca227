import type { CaseResult, RunResults } from '../results/model.ts';
import { isBad } from './tally.ts';

export interface CaseChange {
  id: string;
  before: CaseResult | null;
  after: CaseResult | null;
}

/** What changed from run A to run B, case by case, grouped in the order a reader triages them. */
export interface RunDiff {
  /** Not failing in A (PASS or SKIP), failing in B (FAIL, ERROR, TIMEOUT). */
  newFailures: CaseChange[];
  /** Failing in A, PASS in B. */
  fixes: CaseChange[];
  /** Every other change of status (FAIL → ERROR, PASS → SKIP, failing → SKIP, SKIP → PASS...). */
  otherChanges: CaseChange[];
  added: CaseChange[];
  removed: CaseChange[];
}

/**
 * Compares statuses only: messages name per-run resources (stream names carry the run id), so a
 * changed message alone is not a change of behaviour.
 */
export function diffRuns(a: RunResults, b: RunResults): RunDiff {
  const before = new Map(a.results.map((r) => [r.id, r]));
  const after = new Map(b.results.map((r) => [r.id, r]));
  const diff: RunDiff = { newFailures: [], fixes: [], otherChanges: [], added: [], removed: [] };
  const ids = [...new Set([...before.keys(), ...after.keys()])].sort((x, y) => x.localeCompare(y));
  for (const id of ids) {
    const was = before.get(id) ?? null;
    const now = after.get(id) ?? null;
    const change = { id, before: was, after: now };
    if (!was) diff.added.push(change);
    else if (!now) diff.removed.push(change);
    else if (was.status === now.status) continue;
    else if (!isBad(was.status) && isBad(now.status)) diff.newFailures.push(change);
    else if (isBad(was.status) && now.status === 'PASS') diff.fixes.push(change);
    else diff.otherChanges.push(change);
  }
  return diff;
}
