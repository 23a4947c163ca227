import type { CaseResult, RunResults } from '../results/model.ts';
import { isGenerated, observationChange, observedDifferently } from '../results/observation.ts';
import { isBad } from './tally.ts';

export interface CaseChange {
  id: string;
  before: CaseResult | null;
  after: CaseResult | null;
}

/** A case whose recorded observations changed: the lines only A has and those only B has. */
export interface ObservationChange extends CaseChange {
  removed: string[];
  added: string[];
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
  /**
   * Cases with the same status in both runs whose recorded observations (results.json
   * `observations`: what undocumented behaviour the case saw) differ; a change of status is listed
   * above already. Informational: not a change of status.
   */
  observationsChanged: ObservationChange[];
  /**
   * Generated cases (property tests) not compared by what they observed: the runs used different
   * seeds, so they sent different values. Empty when the seeds are the same.
   */
  seedDependent: CaseChange[];
}

function strings(list: unknown): string[] {
  return Array.isArray(list) ? list.filter((o): o is string => typeof o === 'string') : [];
}

/**
 * Compares statuses, and what cases observed: for cases failing in both runs the "expected …,
 * got …" of the failure, for every case in both runs its recorded observations. Messages name
 * per-run resources and values (stream names carry the run id, sequence numbers, timestamps), so
 * both sides go through the one normalization (results/normalize.ts), never compared raw. When the
 * seeds differ, generated cases are compared by status only.
 */
export function diffRuns(a: RunResults, b: RunResults): RunDiff {
  const before = new Map(a.results.map((r) => [r.id, r]));
  const after = new Map(b.results.map((r) => [r.id, r]));
  const diff: RunDiff = { newFailures: [], fixes: [], otherChanges: [], added: [], removed: [], failingDifferently: [], observationsChanged: [], seedDependent: [] };
  const seedsDiffer = a.runInfo.seed !== b.runInfo.seed;
  const ids = [...new Set([...before.keys(), ...after.keys()])].sort((x, y) => x.localeCompare(y));
  for (const id of ids) {
    const was = before.get(id) ?? null;
    const now = after.get(id) ?? null;
    const change = { id, before: was, after: now };
    if (!was) {
      diff.added.push(change);
      continue;
    }
    if (!now) {
      diff.removed.push(change);
      continue;
    }
    const generated = seedsDiffer && (isGenerated(was.message) || isGenerated(now.message));
    if (was.status === now.status) {
      if (isBad(was.status) && observedDifferently(was.message, now.message)) (generated ? diff.seedDependent : diff.failingDifferently).push(change);
    } else if (!isBad(was.status) && isBad(now.status)) diff.newFailures.push(change);
    else if (isBad(was.status) && now.status === 'PASS') diff.fixes.push(change);
    else diff.otherChanges.push(change);
    const observed = was.status === now.status ? observationChange(strings(was.observations), strings(now.observations)) : null;
    if (observed) {
      if (generated) {
        if (!diff.seedDependent.includes(change)) diff.seedDependent.push(change);
      } else diff.observationsChanged.push({ ...change, ...observed });
    }
  }
  return diff;
}
