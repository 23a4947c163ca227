import type { CaseResult, Status } from '../results/model.ts';
import type { LoadedRun } from './load.ts';
import { operationOf, tallyOf, type Tally } from './tally.ts';
import { classOf, evidenceLines } from './evidence-view.ts';

/** One run = one column of the matrix. */
export interface MatrixColumn {
  label: string;
  target: string;
  implementation: string | null;
  runId: string;
  startedAt: string;
  source: string;
}

/** One case = one row; a cell is null where that run did not have the case. */
export interface MatrixRow {
  id: string;
  operation: string | null;
  rule: string;
  cells: Array<CaseResult | null>;
  /** True when the runs that have the case do not all agree on its status (or some lack it). */
  differs: boolean;
}

export interface Matrix {
  columns: MatrixColumn[];
  rows: MatrixRow[];
  /** Per operation, per column: passes / total of that run's results for the operation (null: none). */
  scores: Array<{ operation: string; cells: Array<Tally | null> }>;
  totals: Tally[];
  /** Per column: the totals of its results judged against recorded AWS answers only. */
  recordedTotals: Tally[];
  /** Per column: each status split by the evidence behind it ("FAIL 1485: 900 against recorded answers, ..."). */
  evidence: string[][];
}

function labels(runs: readonly LoadedRun[]): string[] {
  const base = runs.map(({ run }) => run.runInfo.target);
  // Two runs of one target (before/after, two versions) stay apart by their run ids.
  return base.map((label, i) => (base.filter((l) => l === label).length > 1 ? `${label} ${runs[i]!.run.runInfo.runId}` : label));
}

/** Merges runs of several targets case by case (the wpt.fyi view). Columns keep the order given. */
export function buildMatrix(runs: readonly LoadedRun[]): Matrix {
  const names = labels(runs);
  const columns = runs.map(({ run, path }, i) => ({
    label: names[i]!,
    target: run.runInfo.target,
    implementation: run.runInfo.implementation ?? null,
    runId: run.runInfo.runId,
    startedAt: run.runInfo.startedAt,
    source: path,
  }));
  const byId = runs.map(({ run }) => new Map(run.results.map((r) => [r.id, r])));
  const ids = [...new Set(runs.flatMap(({ run }) => run.results.map((r) => r.id)))].sort((a, b) => a.localeCompare(b));
  const rows = ids.map((id) => {
    const cells = byId.map((m) => m.get(id) ?? null);
    const first = cells.find((c) => c !== null)!;
    const statuses = new Set<Status | null>(cells.map((c) => c?.status ?? null));
    return { id, operation: first.operation, rule: first.rule, cells, differs: statuses.size > 1 };
  });
  const operations = [...new Set(runs.flatMap(({ run }) => run.results.map(operationOf)))].sort((a, b) => a.localeCompare(b));
  const scores = operations.map((operation) => ({
    operation,
    cells: runs.map(({ run }) => {
      const group = run.results.filter((r) => operationOf(r) === operation);
      return group.length === 0 ? null : tallyOf(operation, group);
    }),
  }));
  const totals = runs.map(({ run }, i) => tallyOf(names[i]!, run.results));
  const recordedTotals = runs.map(({ run }, i) => tallyOf(names[i]!, run.results.filter((r) => classOf(r) === 'recorded')));
  const evidence = runs.map(({ run }) => evidenceLines(run.results));
  return { columns, rows, scores, totals, recordedTotals, evidence };
}
