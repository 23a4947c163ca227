import type { FootprintData } from '../fixtures/footprint.ts';
import type { TimelineEntry } from '../fixtures/state-wait.ts';
import type { TargetInfo } from '../targets/target.ts';
import type { Exchange } from '../transport/exchange.ts';
import type { ReferenceComparison } from '../record/format.ts';
import type { Evidence } from './evidence.ts';

export const STATUSES = ['PASS', 'FAIL', 'ERROR', 'TIMEOUT', 'SKIP'] as const;
export type Status = (typeof STATUSES)[number];

/** One result at subtest granularity. The first seven fields are the stable interface. */
export interface CaseResult {
  id: string;
  operation: string | null;
  member: string | null;
  rule: string;
  status: Status;
  message: string | null;
  durationMs: number;
  suite: string;
  ref: string | null;
  expectation?: string | undefined;
  /** Ids of the behaviour rules (specs/rules.json) the case checks; [] when it cites none. */
  rules: string[];
  /** How sure the expectation is: the weakest judged part (recorded, analogous, documented, unrecorded). */
  evidence?: Evidence | undefined;
  file?: string | undefined;
  timeline?: TimelineEntry[] | undefined;
  observations?: string[] | undefined;
  exchanges?: Exchange[] | undefined;
  /** The replayable request of a failing case (no secrets). */
  curl?: string[] | undefined;
}

export interface RunInfo {
  target: string;
  endpoint: string;
  implementation: string | null;
  suiteVersion: string;
  startedAt: string;
  durationMs: number;
  seed: number;
  runId: string;
  suites: string[];
  grep: string | null;
  /** `I/N` when this run is one shard of a split run; merged reports list their shards instead. */
  shard?: string | undefined;
  shards?: string[] | undefined;
  nodeVersion: string;
  /** Set when the run did not finish normally (interrupted, target died). */
  aborted?: string | undefined;
}

export interface Judgement {
  baseline: string | null;
  /** Cases whose status differs from what the baseline expects (PASS when not listed). */
  unexpected: Array<{ id: string; expected: Status; actual: Status }>;
  /** Baseline entries whose case did not run at all (only reported with a full run). */
  missing: string[];
}

export interface RunResults {
  runInfo: RunInfo;
  totals: Record<Status, number>;
  judgement: Judgement;
  results: CaseResult[];
  target: TargetInfo;
  /** What the run created and called on the target (counted from its exchanges). */
  footprint?: FootprintData | undefined;
  /** Set by `run --reference DIR`: how this run's answers differ from a recorded run's (beside the verdicts). */
  reference?: ReferenceComparison | undefined;
}

export function totalsOf(results: readonly CaseResult[]): Record<Status, number> {
  const totals = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const r of results) totals[r.status]++;
  return totals;
}
