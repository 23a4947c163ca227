import type { CaseResult, RunResults } from '../results/model.ts';
import { observedDifferently } from '../results/observation.ts';
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
  /**
   * Same failing status in both runs, but the failure observed something else (the target's
   * answer changed while it stays wrong). Informational: not a change of status.
   */
  failingDifferently: CaseChange[];
}

/**
 * Compares statuses, and for cases failing in both runs what they observed. Messages name per-run
 * resources (stream names carry the run id) and carry the seed, so only the observation (the
 * "expected …, got …" part, run-specific names masked) is compared, never the raw message.
 */
export function diffRuns(a: RunResults, b: RunResults): RunDiff {
  const before = new Map(a.results.map((r) => [r.id, r]));
  const after = new Map(b.results.map((r) => [r.id, r]));
  const diff: RunDiff = { newFailures: [], fixes: [], otherChanges: [], added: [], removed: [], failingDifferently: [] };
  const ids = [...new Set([...before.keys(), ...after.keys()])].sort((x, y) => x.localeCompare(y));
  for (const id of ids) {
    const was = before.get(id) ?? null;
    const now = after.get(id) ?? null;
    const change = { id, before: was, after: now };
    if (!was) diff.added.push(change);
    else if (!now) diff.removed.push(change);
    else if (was.status === now.status) {
      if (isBad(was.status) && observedDifferently(was.message, now.message)) diff.failingDifferently.push(change);
    }
    else if (!isBad(was.status) && isBad(now.status)) diff.newFailures.push(change);
    else if (isBad(was.status) && now.status === 'PASS') diff.fixes.push(change);
    else diff.otherChanges.push(change);
  }
  return diff;
}
