import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Status } from '../results/model.ts';
import { observedDifferently } from '../results/observation.ts';
import { activate, selectionKey, type FaultSpec, type Selection } from './catalogue.ts';
import type { FaultProxy } from './proxy.ts';

/**
 * One case whose result under a fault differs from the clean run: its status (`status`), or, for
 * a case failing in both, what it observed (`observation`: the "got …" of its failure changed).
 */
export interface CaseChange {
  id: string;
  kind: 'status' | 'observation';
  /** Status in the clean run (MISSING: the case did not run there). */
  clean: Status | 'MISSING';
  /** Status under the fault (MISSING: the case did not run under it). */
  faulty: Status | 'MISSING';
  message: string | null;
  /** The clean run's message, for an observation change. */
  cleanMessage?: string | null;
}

/**
 * A fault is caught by a status change, or else only by a failing case observing something else
 * (its status could not change: the target already fails there). It is not applicable when it
 * altered no byte of any exchange (the target never produced what it acts on): no test can see an
 * identity. A hole is an applicable fault nothing changed under. A benign variation is a false
 * alarm when a case's status changes to anything but PASS. A case that passes only under it
 * flagged a deviation the variation happens to remove (kinesis-mock's null members, omitted as AWS
 * omits them): reported, not an alarm. Observation changes under it are noise, reported too.
 */
export type Verdict = 'caught' | 'caught-by-observation' | 'not-applicable' | 'hole' | 'false-alarm' | 'deviation-removed' | 'observation-noise' | 'no-change';

export interface FaultOutcome {
  id: string;
  kind: 'fault' | 'benign';
  area: string;
  description: string;
  suites: Selection[];
  /** Requests the proxy applied the fault to: 0 means no case even sent what it needs. */
  applied: number;
  /** Exchanges the fault actually altered: 0 means the target never produced what it acts on. */
  altered: number;
  changes: CaseChange[];
  /** fault: some case caught it (status or observation); benign: some case's status changed (a false alarm). */
  detected: boolean;
  verdict: Verdict;
  durationMs: number;
  /** Set when a run under this fault could not complete (the outcome is then not judged). */
  error?: string | undefined;
}

interface CaseStatus {
  status: Status;
  message: string | null;
}

/** Runs one selection of the suites against the proxy; returns each case's status by id. */
export type SuiteRunner = (selection: Selection, label: string) => Promise<Map<string, CaseStatus>>;

export async function readStatuses(reportDir: string): Promise<Map<string, CaseStatus>> {
  const results = JSON.parse(await readFile(join(reportDir, 'results.json'), 'utf8')) as { results: Array<{ id: string; status: Status; message: string | null }> };
  return new Map(results.results.map((r) => [r.id, { status: r.status, message: r.message }]));
}

/**
 * Suite files that failed to load (the reporter's `<file>#module` results): such a run says
 * nothing about the target (a broken checkout, packages being reinstalled), so it is not judged.
 */
export function loadFailures(statuses: Map<string, CaseStatus>): string[] {
  return [...statuses].filter(([id, s]) => id.endsWith('#module') && s.status === 'ERROR').map(([id, s]) => `${id}: ${s.message ?? ''}`);
}

/** Runs a selection, once more when a suite file failed to load; throws when it fails again. */
async function judgedRun(runSuites: SuiteRunner, selection: Selection, label: string, allowed: ReadonlySet<string>): Promise<Map<string, CaseStatus>> {
  for (let attempt = 1; ; attempt++) {
    const statuses = await runSuites(selection, attempt === 1 ? label : `${label}#retry${attempt - 1}`);
    const failures = loadFailures(statuses).filter((f) => !allowed.has(f.slice(0, f.indexOf(': '))));
    if (failures.length === 0) return statuses;
    if (attempt >= 2) throw new Error(`suite files failed to load, run not judged: ${failures[0]}`);
  }
}

/**
 * Cases that change between clean runs: their changes under a fault prove nothing. `status` holds
 * those whose status changed (ignored entirely), `observation` those whose failure observed
 * something else from one clean run to the next (their observation changes are ignored).
 */
export function unstableIds(runs: ReadonlyArray<Map<string, CaseStatus>>): { status: Set<string>; observation: Set<string> } {
  const status = new Set<string>();
  const observation = new Set<string>();
  for (const run of runs.slice(1)) {
    for (const c of compare(runs[0]!, run)) (c.kind === 'status' ? status : observation).add(c.id);
  }
  return { status, observation };
}

const NEVER: ReadonlySet<string> = new Set();

export function compare(
  clean: Map<string, CaseStatus>,
  faulty: Map<string, CaseStatus>,
  ignore: ReadonlySet<string> = NEVER,
  ignoreObservation: ReadonlySet<string> = NEVER,
): CaseChange[] {
  const changes: CaseChange[] = [];
  for (const [id, c] of clean) {
    if (ignore.has(id)) continue;
    const f = faulty.get(id);
    if (!f) changes.push({ id, kind: 'status', clean: c.status, faulty: 'MISSING', message: null });
    else if (f.status !== c.status) changes.push({ id, kind: 'status', clean: c.status, faulty: f.status, message: f.message });
    else if (c.status !== 'PASS' && c.status !== 'SKIP' && !ignoreObservation.has(id) && observedDifferently(c.message, f.message)) {
      changes.push({ id, kind: 'observation', clean: c.status, faulty: f.status, message: f.message, cleanMessage: c.message });
    }
  }
  for (const [id, f] of faulty) if (!clean.has(id) && !ignore.has(id)) changes.push({ id, kind: 'status', clean: 'MISSING', faulty: f.status, message: f.message });
  // Status changes first: they are the stronger evidence.
  return changes.sort((a, b) => (a.kind === b.kind ? a.id.localeCompare(b.id) : a.kind === 'status' ? -1 : 1));
}

export function verdictOf(kind: 'fault' | 'benign', applied: number, altered: number, changes: readonly CaseChange[]): Verdict {
  const byStatus = changes.some((c) => c.kind === 'status');
  const byObservation = changes.some((c) => c.kind === 'observation');
  if (kind === 'benign') {
    if (changes.some((c) => c.kind === 'status' && c.faulty !== 'PASS')) return 'false-alarm';
    return byStatus ? 'deviation-removed' : byObservation ? 'observation-noise' : 'no-change';
  }
  if (applied > 0 && altered === 0) return 'not-applicable';
  return byStatus ? 'caught' : byObservation ? 'caught-by-observation' : 'hole';
}

export interface EngineEvents {
  onClean?: (selection: Selection, totals: Record<string, number>) => void;
  onFault?: (outcome: FaultOutcome, index: number, total: number) => void;
}

export interface EngineResult {
  clean: Array<{ selection: Selection; cases: number; totals: Record<string, number>; unstable: string[]; unstableObservations: string[] }>;
  outcomes: FaultOutcome[];
}

function totalsOf(statuses: Map<string, CaseStatus>): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const s of statuses.values()) totals[s.status] = (totals[s.status] ?? 0) + 1;
  return totals;
}

/**
 * The self-check proper: every selection the faults name is run once with no fault (the clean
 * run), then each fault is activated on the proxy and only its own selections run again. A case
 * catches a fault when its status differs from the clean run.
 */
export async function runSelfCheck(
  faults: readonly FaultSpec[],
  proxy: FaultProxy,
  runSuites: SuiteRunner,
  events: EngineEvents = {},
  cleanRuns = 1,
): Promise<EngineResult> {
  const selections = new Map<string, Selection>();
  for (const f of faults) for (const s of f.suites) selections.set(selectionKey(s), s);
  const clean = new Map<string, Map<string, CaseStatus>>();
  const unstable = new Map<string, { status: Set<string>; observation: Set<string> }>();
  proxy.setFault(null);
  for (const [key, selection] of selections) {
    // Repeated clean runs find the cases that change on their own (timing, generated values).
    const runs: Array<Map<string, CaseStatus>> = [];
    for (let i = 0; i < Math.max(1, cleanRuns); i++) runs.push(await judgedRun(runSuites, selection, `clean/${key}${i > 0 ? `#${i + 1}` : ''}`, new Set()));
    clean.set(key, runs[0]!);
    unstable.set(key, unstableIds(runs));
    events.onClean?.(selection, totalsOf(runs[0]!));
  }
  const outcomes: FaultOutcome[] = [];
  for (const [index, fault] of faults.entries()) {
    const t0 = Date.now();
    const changes: CaseChange[] = [];
    let applied = 0;
    let altered = 0;
    let error: string | undefined;
    proxy.setFault(activate(fault));
    try {
      for (const selection of fault.suites) {
        const cleanRun = clean.get(selectionKey(selection))!;
        const statuses = await judgedRun(runSuites, selection, `${fault.id}/${selectionKey(selection)}`, new Set(loadFailures(cleanRun).map((f) => f.slice(0, f.indexOf(': ')))));
        const shaky = unstable.get(selectionKey(selection))!;
        changes.push(...compare(cleanRun, statuses, shaky.status, shaky.observation));
      }
    } catch (e) {
      error = (e as Error).message.split('\n')[0];
    } finally {
      applied = proxy.applied;
      altered = proxy.altered;
      proxy.setFault(null);
    }
    const verdict = verdictOf(fault.kind, applied, altered, changes);
    const outcome: FaultOutcome = {
      id: fault.id,
      kind: fault.kind,
      area: fault.area,
      description: fault.description,
      suites: [...fault.suites],
      applied,
      altered,
      changes,
      detected: verdict === 'caught' || verdict === 'caught-by-observation' || verdict === 'false-alarm',
      verdict,
      durationMs: Date.now() - t0,
      ...(error ? { error } : {}),
    };
    outcomes.push(outcome);
    events.onFault?.(outcome, index, faults.length);
  }
  return {
    clean: [...selections].map(([key, selection]) => ({
      selection,
      cases: clean.get(key)!.size,
      totals: totalsOf(clean.get(key)!),
      unstable: [...unstable.get(key)!.status].sort(),
      unstableObservations: [...unstable.get(key)!.observation].sort(),
    })),
    outcomes,
  };
}
