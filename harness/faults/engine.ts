import type { ShapeChecks } from '../case.ts';
import { isInconclusiveMessage } from '../results/classify.ts';
import type { Status } from '../results/model.ts';
import { observedDifferently } from '../results/observation.ts';
import { inPool } from '../run/pool.ts';
import { casesOf, emptySelections, fullPlan, planFault, type CleanCase, type CleanIndex, type FaultPlan, type FileReach } from '../run/reach.ts';
import { isDerivedResult, isFileResult, selects } from '../run/selection.ts';
import type { SentLogData } from '../run/sent-log.ts';
import { shapeResults } from '../run/shape-results.ts';
import { selectionKey, type FaultSpec, type Selection } from './catalogue.ts';

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
 * altered no byte of any exchange: no case sent what it applies to (its selections' files sent
 * nothing it matches, so it is not even run), or the target never produced what it acts on; no
 * test can see an identity. A hole is an applicable fault nothing changed under. A benign variation
 * is a false alarm when a case's status changes to anything but PASS. A case that passes only under
 * it flagged a deviation the variation happens to remove (kinesis-mock's null members, omitted as
 * AWS omits them): reported, not an alarm. Observation changes under it are noise, reported too.
 * Unsteady: nothing changed, but some case of the fault's files changed status between the clean
 * runs or was inconclusive (a phase too short to probe), so it judged nothing (it may be the one case
 * that catches the fault): not a hole, not a catch; the report names those cases.
 */
export type Verdict = 'caught' | 'caught-by-observation' | 'not-applicable' | 'hole' | 'unsteady' | 'false-alarm' | 'deviation-removed' | 'observation-noise' | 'no-change';

export interface FaultOutcome {
  id: string;
  kind: 'fault' | 'benign';
  area: string;
  description: string;
  suites: Selection[];
  /** Test files run under the fault: those of its selections that sent a request it applies to. */
  files: string[];
  /** Per reached file, the cases that sent such a request ('' for the file's hooks). */
  reach: FileReach[];
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
  /** --compare-full: the same fault judged on every file of its selections. */
  full?: FullRerun | undefined;
  /**
   * A hole or false alarm is judged again on a run of its own; when that run disagrees, `verdict`
   * is its verdict and this the first run's (the first was the machine's doing, not the fault's).
   */
  firstVerdict?: Verdict | undefined;
  /** Cases of its files that judged nothing: changed status between the clean runs, or inconclusive. */
  unstable?: string[] | undefined;
}

export interface FullRerun {
  files: string[];
  verdict: Verdict;
  applied: number;
  altered: number;
  /** Ids of the status changes (the selective run's must be among them, or it missed a catch). */
  statusChanges: string[];
  durationMs: number;
  error?: string | undefined;
}

interface CaseStatus {
  status: Status;
  message: string | null;
}

/** A result as the engine needs it: where it lives (to select it), how it ended and how long it took. */
export type ResultLine = CleanCase & CaseStatus & { durationMs: number };

/**
 * One run of the engine: the clean run (no fault, every file of its suites through one proxy), or
 * a pack: test files each under a fault of its own, each file through a proxy of its own. Packing
 * files of different faults into one run saves a run's start-up (vitest's workers load the harness
 * again for every run), which cost more than most faults' cases.
 */
export interface RunJob {
  label: string;
  /** Per test file to run, the fault its proxy applies; undefined: the clean run. */
  faults: ReadonlyMap<string, FaultSpec> | undefined;
  suites: string[];
  /** Only the cases these select run (and are returned). */
  selectors: Selection[];
  /** Record what each file sent (the clean runs). */
  recordSent: boolean;
}

export interface RunRecord {
  results: ResultLine[];
  /** Case id → its output-shape checks. */
  shapes: ReadonlyMap<string, ShapeChecks>;
  /** File → what it sent through the proxy (requests that went elsewhere left out). */
  sent: ReadonlyMap<string, SentLogData>;
  /** Per file: requests its proxy's fault applied to (none in the clean run). */
  applied: ReadonlyMap<string, number>;
  /** Per file: exchanges its proxy's fault actually altered. */
  altered: ReadonlyMap<string, number>;
  /** Per file: how long it took (import, hooks, cases). */
  fileMs: ReadonlyMap<string, number>;
  durationMs: number;
}

/** Runs one job against the target, each file through a proxy of its own with its fault active. */
export type JobRunner = (job: RunJob) => Promise<RunRecord>;

/** The run was interrupted (a signal): the self-check stops, nothing is judged. */
export class RunInterrupted extends Error {
  constructor() {
    super('interrupted');
  }
}

/** A selection that holds no case: the catalogue and the suites disagree, nothing can be judged. */
export class SelectionError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`${problems.length} fault selection${problems.length === 1 ? '' : 's'} match no case: ${problems[0]}`);
    this.problems = problems;
  }
}

/**
 * Suite files that failed to load (the reporter's `<file>#module` results): such a run says
 * nothing about the target (a broken checkout, packages being reinstalled), so it is not judged.
 */
export function loadFailures(statuses: ReadonlyMap<string, CaseStatus>): string[] {
  return [...statuses].filter(([id, s]) => id.endsWith('#module') && s.status === 'ERROR').map(([id, s]) => `${id}: ${s.message ?? ''}`);
}

function statusMap(lines: readonly ResultLine[]): Map<string, CaseStatus> {
  return new Map(lines.map((r) => [r.id, { status: r.status, message: r.message }]));
}

/** Runs a job, once more when a suite file failed to load that loaded in the clean run; throws when it fails again. */
async function judgedRun(run: JobRunner, job: RunJob, allowed: ReadonlySet<string>): Promise<RunRecord> {
  for (let attempt = 1; ; attempt++) {
    const record = await run(attempt === 1 ? job : { ...job, label: `${job.label}#retry${attempt - 1}` });
    const failures = loadFailures(statusMap(record.results)).filter((f) => !allowed.has(f.slice(0, f.indexOf(': '))));
    if (failures.length === 0) return record;
    if (attempt >= 2) throw new Error(`suite files failed to load, run not judged: ${failures[0]}`);
  }
}

/**
 * Cases that change between clean runs: their changes under a fault prove nothing. `status` holds
 * those whose status changed (ignored entirely), `observation` those whose failure observed
 * something else from one clean run to the next (their observation changes are ignored).
 */
export function unstableIds(runs: ReadonlyArray<ReadonlyMap<string, CaseStatus>>): { status: Set<string>; observation: Set<string> } {
  const status = new Set<string>();
  const observation = new Set<string>();
  for (const run of runs.slice(1)) {
    for (const c of compare(runs[0]!, run)) (c.kind === 'status' ? status : observation).add(c.id);
  }
  return { status, observation };
}

const NEVER: ReadonlySet<string> = new Set();

export function compare(
  clean: ReadonlyMap<string, CaseStatus>,
  faulty: ReadonlyMap<string, CaseStatus>,
  ignore: ReadonlySet<string> = NEVER,
  ignoreObservation: ReadonlySet<string> = NEVER,
): CaseChange[] {
  const changes: CaseChange[] = [];
  for (const [id, c] of clean) {
    if (ignore.has(id)) continue;
    const f = faulty.get(id);
    // A case that could not reach a judgeable state (a phase ended before it was probed) judged nothing on that side.
    if (isInconclusive(c) || (f && isInconclusive(f))) continue;
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

function isInconclusive(s: CaseStatus): boolean {
  return s.status === 'ERROR' && isInconclusiveMessage(s.message);
}

export function verdictOf(kind: 'fault' | 'benign', applied: number, altered: number, changes: readonly CaseChange[]): Verdict {
  const byStatus = changes.some((c) => c.kind === 'status');
  const byObservation = changes.some((c) => c.kind === 'observation');
  if (kind === 'benign') {
    if (changes.some((c) => c.kind === 'status' && c.faulty !== 'PASS')) return 'false-alarm';
    return byStatus ? 'deviation-removed' : byObservation ? 'observation-noise' : 'no-change';
  }
  // Nothing altered (nothing even applied to): any change is instability, never a catch.
  if (altered === 0) return 'not-applicable';
  return byStatus ? 'caught' : byObservation ? 'caught-by-observation' : 'hole';
}

export interface EngineEvents {
  onClean?: (selection: Selection, totals: Record<string, number>) => void;
  onFault?: (outcome: FaultOutcome, index: number, total: number) => void;
}

export interface EngineOptions {
  /** Clean runs (cases differing between them are unstable and never count). */
  cleanRuns?: number;
  /** Runs in flight at once. */
  concurrency?: number;
  /** Test files per fault run at most (each under its own fault, through its own proxy). */
  filesPerRun?: number;
  /** Test files in flight at once within a fault run (to order the runs longest first). */
  workersPerRun?: number;
  /** Also rerun each fault on every file of its selections and report whether the verdicts agree. */
  compareFull?: boolean;
  /**
   * How long each (fault, file) took in an earlier self-check (`unitKey` → ms), to pack the runs: a
   * fault that withholds answers or slows transitions makes its files wait far beyond their clean time.
   */
  knownUnitMs?: ReadonlyMap<string, number>;
  events?: EngineEvents;
}

/** The key of one file run under one fault, in `knownUnitMs` and `EngineResult.unitMs`. */
export function unitKey(faultId: string, file: string): string {
  return `${faultId} ${file}`;
}

export interface CleanSummary {
  selection: Selection;
  cases: number;
  totals: Record<string, number>;
  unstable: string[];
  unstableObservations: string[];
}

export interface EngineResult {
  clean: CleanSummary[];
  /** How long each file took under each fault (`unitKey`), for the next self-check's packing. */
  unitMs: Map<string, number>;
  outcomes: FaultOutcome[];
  /** The cases of every selection, from the clean run (the report lists what each catches). */
  cases: Array<{ id: string; file: string | undefined }>;
  timing: {
    /** Wall time of the clean runs (they run side by side). */
    cleanMs: number;
    /** Wall time of the fault runs (side by side, `concurrency` at once). */
    faultsMs: number;
    /** Of the fault phase, the runs of --compare-full (summed, not wall). */
    fullRerunsMs: number;
    concurrency: number;
    /** Fault runs (packs of files, each under its own fault), files run under a fault, and faults judged without a run (they reach no file). */
    runs: number;
    units: number;
    skipped: number;
  };
}

function totalsOf(statuses: ReadonlyMap<string, CaseStatus>): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const s of statuses.values()) totals[s.status] = (totals[s.status] ?? 0) + 1;
  return totals;
}

/** What a run of `plan` judges, from one run's record: its selected cases and the shape results over them. */
function view(record: RunRecord, plan: Pick<FaultPlan, 'files' | 'selectors'>, only?: ReadonlySet<string>): Map<string, CaseStatus> {
  const files = new Set(plan.files);
  const kept = record.results.filter(
    (r) => !isDerivedResult(r) && r.file !== undefined && files.has(r.file) && (only ? only.has(r.id) : isFileResult(r) || plan.selectors.some((s) => selects(s, r))),
  );
  const out = statusMap(kept);
  // Shape results are derived from the cases that ran: over the same cases on both sides.
  for (const s of shapeResults(kept.map((r) => record.shapes.get(r.id)).filter((s): s is ShapeChecks => s !== undefined))) out.set(s.id, s);
  return out;
}

function mergeSent(records: readonly RunRecord[]): Map<string, SentLogData> {
  const out = new Map<string, SentLogData>();
  for (const r of records) for (const [file, sent] of r.sent) out.set(file, { operations: [...(out.get(file)?.operations ?? []), ...sent.operations] });
  return out;
}

function suitesOf(selectors: readonly Selection[]): string[] {
  return [...new Set(selectors.map((s) => s.suite))].sort();
}

/** The selections of some lists, each once. */
function uniqueSelections(lists: ReadonlyArray<readonly Selection[]>): Selection[] {
  const byKey = new Map<string, Selection>();
  for (const list of lists) for (const s of list) byKey.set(selectionKey(s), s);
  return [...byKey.values()];
}

/**
 * A file's share of a fault's run: what it took in the clean run, less the cases the fault's run
 * leaves out (its import, fixtures and clean-up stay).
 */
function weightOf(file: string, plan: FaultPlan, index: CleanIndex, durations: ReadonlyMap<string, number>, fileMs: ReadonlyMap<string, number>): number {
  let left = 0;
  for (const c of index.cases) if (c.file === file && !plan.judged.has(c.id)) left += durations.get(c.id) ?? 0;
  return Math.max(0, (fileMs.get(file) ?? 0) - left);
}

/** One test file run under one fault: `selective` for the files a fault reaches, `full` for --compare-full's. */
export interface Unit {
  at: number;
  variant: 'selective' | 'full';
  file: string;
  /** Its time under its fault in an earlier self-check, else its cases' time in the clean run, ms. */
  weight: number;
}

/**
 * Packs units into runs: no file twice in one run (a file runs once per run, through one proxy), at
 * most `maxFiles` per run, heaviest first into the lightest run that can take it. As few runs as
 * the file reached by most faults allows.
 */
export function packUnits<T extends Pick<Unit, 'file' | 'weight'>>(units: readonly T[], maxFiles: number): T[][] {
  const multiplicity = new Map<string, number>();
  for (const u of units) multiplicity.set(u.file, (multiplicity.get(u.file) ?? 0) + 1);
  const count = Math.max(0, ...multiplicity.values(), Math.ceil(units.length / maxFiles));
  const packs = Array.from({ length: count }, () => ({ units: [] as T[], files: new Set<string>(), weight: 0 }));
  for (const u of [...units].sort((x, y) => y.weight - x.weight || x.file.localeCompare(y.file))) {
    let best: (typeof packs)[number] | undefined;
    for (const p of packs) if (!p.files.has(u.file) && p.units.length < maxFiles && (!best || p.weight < best.weight)) best = p;
    if (!best) packs.push((best = { units: [], files: new Set(), weight: 0 }));
    best.units.push(u);
    best.files.add(u.file);
    best.weight += u.weight;
  }
  return packs.filter((p) => p.units.length > 0).map((p) => p.units);
}

/** About how long a pack runs with `workers` files at once: its longest file, or its share of the total. */
function packSpan(units: readonly Pick<Unit, 'weight'>[], workers: number): number {
  const total = units.reduce((a, u) => a + u.weight, 0);
  return Math.max(...units.map((u) => u.weight), total / Math.max(1, workers));
}

/** A clean run, once more when a suite file failed to load; kept as it is after that (its broken files judge nothing). */
async function cleanRun(run: JobRunner, job: RunJob): Promise<RunRecord> {
  const record = await run(job);
  if (loadFailures(statusMap(record.results)).length === 0) return record;
  return run({ ...job, label: `${job.label}#retry1` });
}

interface Judged {
  /** Cases of the fault's files that judged nothing: changed status between the clean runs, or inconclusive. */
  unstable?: string[] | undefined;
  applied: number;
  altered: number;
  changes: CaseChange[];
  verdict: Verdict;
  durationMs: number;
  error?: string | undefined;
}

/**
 * The self-check proper: the suites the faults name run once with no fault (the clean run, `cleanRuns`
 * times side by side), recording what each test file sent. Then each fault runs only the files of its
 * selections that sent a request it applies to (none: not applicable, no run), `concurrency` faults at
 * once, each through its own proxy, and each case is compared with the clean run.
 */
export async function runSelfCheck(faults: readonly FaultSpec[], run: JobRunner, options: EngineOptions = {}): Promise<EngineResult> {
  const cleanRuns = Math.max(1, options.cleanRuns ?? 1);
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const events = options.events ?? {};
  const selections = uniqueSelections(faults.map((f) => f.suites));
  const suites = suitesOf(selections);
  const t0 = Date.now();
  const cleanJob = (i: number): RunJob => ({ label: `clean${i > 0 ? `#${i + 1}` : ''}`, faults: undefined, suites, selectors: selections, recordSent: true });
  // Repeated clean runs find the cases that change on their own (timing, generated values).
  const clean = await inPool(
    Array.from({ length: cleanRuns }, (_, i) => i),
    concurrency,
    (i) => cleanRun(run, cleanJob(i)),
  );
  const cleanMs = Date.now() - t0;
  const first = clean[0]!;
  const index: CleanIndex = { cases: first.results, sent: mergeSent(clean) };
  const problems = emptySelections(faults, index);
  if (problems.length > 0) {
    const broken = loadFailures(statusMap(first.results));
    throw new SelectionError(broken.length > 0 ? [...problems, ...broken.map((b) => `suite file failed to load in the clean run: ${b}`)] : problems);
  }
  const brokenInClean = new Set(loadFailures(statusMap(first.results)).map((f) => f.slice(0, f.indexOf(': '))));
  const durations = new Map(first.results.map((r) => [r.id, r.durationMs]));

  const summaries: CleanSummary[] = selections.map((selection) => {
    const ids = new Set(casesOf(index, selection).map((c) => c.id));
    const views = clean.map((c) => new Map([...statusMap(c.results)].filter(([id]) => ids.has(id))));
    const shaky = unstableIds(views);
    const summary = { selection, cases: ids.size, totals: totalsOf(views[0]!), unstable: [...shaky.status].sort(), unstableObservations: [...shaky.observation].sort() };
    events.onClean?.(selection, summary.totals);
    return summary;
  });

  const judge = (fault: FaultSpec, plan: FaultPlan, record: RunRecord): Judged => {
    const views = clean.map((c) => view(c, plan, plan.judged));
    const shaky = unstableIds(views);
    const faulty = view(record, plan);
    const changes = compare(views[0]!, faulty, shaky.status, shaky.observation);
    const applied = sumOf(record.applied, plan.files);
    const altered = sumOf(record.altered, plan.files);
    const verdict = verdictOf(fault.kind, applied, altered, changes);
    // Cases that judged nothing here: changed between the clean runs, or inconclusive on either side.
    const inconclusive = [...plan.judged].filter((id) => [views[0]!.get(id), faulty.get(id)].some((st) => st !== undefined && isInconclusive(st)));
    const unjudged = [...new Set([...shaky.status, ...inconclusive])].sort();
    return { applied, altered, changes, verdict: verdict === 'hole' && unjudged.length > 0 ? 'unsteady' : verdict, durationMs: record.durationMs, ...(unjudged.length > 0 ? { unstable: unjudged } : {}) };
  };

  const plans = faults.map((fault) => ({ fault, plan: planFault(fault, index), full: options.compareFull ? fullPlan(fault, index) : undefined }));
  const units: Unit[] = [];
  for (const [at, p] of plans.entries()) {
    for (const file of p.plan.files) units.push({ at, variant: 'selective', file, weight: options.knownUnitMs?.get(unitKey(p.fault.id, file)) ?? weightOf(file, p.plan, index, durations, first.fileMs) });
    if (p.full) for (const file of p.full.files) units.push({ at, variant: 'full', file, weight: weightOf(file, p.full, index, durations, first.fileMs) });
  }
  const workers = Math.max(1, options.workersPerRun ?? 4);
  // Longest first: the fault phase then ends about when its longest run does.
  const filesPerRun = Math.max(1, options.filesPerRun ?? 12);
  const packs = packUnits(units, filesPerRun).sort((x, y) => packSpan(y, workers) - packSpan(x, workers));
  const pieces = new Map<Unit, Piece>();
  const planOf = (u: Pick<Unit, 'at' | 'variant'>): FaultPlan => (u.variant === 'full' ? plans[u.at]!.full! : plans[u.at]!.plan);
  const unitsOf = new Map<string, Unit[]>();
  for (const u of units) {
    const key = `${u.at} ${u.variant}`;
    unitsOf.set(key, [...(unitsOf.get(key) ?? []), u]);
  }
  const judged = new Map<string, Judged>();
  const judgeOnce = (at: number, variant: Unit['variant']): void => {
    const key = `${at} ${variant}`;
    const mine = unitsOf.get(key) ?? [];
    if (judged.has(key) || mine.length === 0 || !mine.every((u) => pieces.has(u))) return;
    const p = plans[at]!;
    const plan = planOf({ at, variant });
    const failed = mine.map((u) => pieces.get(u)!).find((piece) => piece.error !== undefined);
    judged.set(key, failed ? { applied: 0, altered: 0, changes: [], verdict: verdictOf(p.fault.kind, 0, 0, []), durationMs: 0, error: failed.error } : judge(p.fault, plan, mergePieces(mine.map((u) => pieces.get(u)!))));
  };
  const firstVerdicts = new Map<number, Verdict>();
  let done = 0;
  const reported = new Set<number>();
  const report = (at: number) => {
    const p = plans[at]!;
    if (reported.has(at) || (p.plan.files.length > 0 && !judged.has(`${at} selective`)) || (p.full && p.full.files.length > 0 && !judged.has(`${at} full`))) return;
    reported.add(at);
    events.onFault?.(outcomeOf(p.fault, p.plan, judged.get(`${at} selective`), judged.get(`${at} full`), p.full, firstVerdicts.get(at)), done++, faults.length);
  };
  const runPacks = (list: Unit[][], into: Map<Unit, Piece>, onRun: (pack: Unit[]) => void) =>
    inPool(list.map((pack, i) => ({ pack, i })), concurrency, async ({ pack, i }) => {
      const selectors = uniqueSelections(pack.map((u) => planOf(u).selectors));
      const job: RunJob = { label: `run ${i + 1} of ${list.length}`, faults: new Map(pack.map((u) => [u.file, plans[u.at]!.fault])), suites: suitesOf(selectors), selectors, recordSent: false };
      try {
        const record = await judgedRun(run, job, brokenInClean);
        for (const u of pack) into.set(u, { file: u.file, record });
      } catch (e) {
        if (e instanceof RunInterrupted) throw e;
        for (const u of pack) into.set(u, { file: u.file, record: null, error: (e as Error).message.split('\n')[0] });
      }
      onRun(pack);
    });
  // A hole or a false alarm must show again on a run of its own: a case that changed once because
  // the machine was slow (a phase too short to see, a poll that ran out) is not the fault's doing.
  // Started as soon as the verdict is in (it queues for the next free lane), not after every run.
  const again = new Map<number, Unit[]>();
  const repeated = new Map<Unit, Piece>();
  const confirmations: Array<Promise<unknown>> = [];
  const confirm = (at: number) => {
    const mine = (unitsOf.get(`${at} selective`) ?? []).map((u) => ({ ...u }));
    again.set(at, mine);
    confirmations.push(runPacks(packUnits(mine, filesPerRun), repeated, () => {}));
  };
  const t1 = Date.now();
  for (const [at, p] of plans.entries()) if (p.plan.files.length === 0 && (!p.full || p.full.files.length === 0)) report(at);
  await runPacks(packs, pieces, (pack) => {
    for (const at of new Set(pack.map((u) => u.at))) {
      const before = judged.has(`${at} selective`);
      judgeOnce(at, 'selective');
      judgeOnce(at, 'full');
      const j = judged.get(`${at} selective`);
      if (!before && j && !j.error && (j.verdict === 'hole' || j.verdict === 'unsteady' || j.verdict === 'false-alarm')) confirm(at);
      // A hole or false alarm is told once its second run is in (below).
      else if (!again.has(at)) report(at);
    }
  });
  await Promise.all(confirmations);
  for (const [at, mine] of again) {
    if (mine.some((u) => repeated.get(u)?.error !== undefined)) continue;
    const second = judge(plans[at]!.fault, plans[at]!.plan, mergePieces(mine.map((u) => repeated.get(u)!)));
    const first = judged.get(`${at} selective`)!;
    if (second.verdict === first.verdict) continue;
    firstVerdicts.set(at, first.verdict);
    judged.set(`${at} selective`, second);
  }
  for (const [at] of plans.entries()) report(at);
  const faultsMs = Date.now() - t1;
  const unitMs = new Map<string, number>();
  for (const [u, piece] of pieces) {
    const ms = u.variant === 'selective' ? piece.record?.fileMs.get(u.file) : undefined;
    if (ms !== undefined) unitMs.set(unitKey(plans[u.at]!.fault.id, u.file), ms);
  }
  const outcomes = plans.map((p, at) => outcomeOf(p.fault, p.plan, judged.get(`${at} selective`), judged.get(`${at} full`), p.full, firstVerdicts.get(at)));
  const selected = new Set(selections.flatMap((s) => casesOf(index, s).map((c) => c.id)));
  return {
    clean: summaries,
    unitMs,
    outcomes,
    cases: first.results.filter((r) => selected.has(r.id)).map((r) => ({ id: r.id, file: r.file })),
    timing: {
      cleanMs,
      faultsMs,
      fullRerunsMs: units.filter((u) => u.variant === 'full').reduce((a, u) => a + u.weight, 0),
      concurrency,
      runs: packs.length,
      units: units.filter((u) => u.variant === 'selective').length,
      skipped: plans.filter((p) => p.plan.files.length === 0).length,
    },
  };
}

/** What one unit's run gave: the pack's record (the unit reads its file's part), or why it has none. */
interface Piece {
  file: string;
  record: RunRecord | null;
  error?: string | undefined;
}

/** One fault's record from the runs its files were packed into: each file's part of its run. */
function mergePieces(pieces: readonly Piece[]): RunRecord {
  const results: ResultLine[] = [];
  const shapes = new Map<string, ShapeChecks>();
  const applied = new Map<string, number>();
  const altered = new Map<string, number>();
  let durationMs = 0;
  for (const { file, record } of pieces) {
    if (!record) continue;
    const mine = record.results.filter((r) => r.file === file);
    results.push(...mine);
    for (const r of mine) {
      durationMs += r.durationMs;
      const shape = record.shapes.get(r.id);
      if (shape) shapes.set(r.id, shape);
    }
    applied.set(file, record.applied.get(file) ?? 0);
    altered.set(file, record.altered.get(file) ?? 0);
  }
  return { results, shapes, sent: new Map(), applied, altered, fileMs: new Map(), durationMs };
}

function sumOf(perFile: ReadonlyMap<string, number>, files: readonly string[]): number {
  return files.reduce((a, f) => a + (perFile.get(f) ?? 0), 0);
}

function outcomeOf(fault: FaultSpec, plan: FaultPlan, run: Judged | undefined, full: Judged | undefined, fullFiles: FaultPlan | undefined, firstVerdict?: Verdict): FaultOutcome {
  // No file reached: judged without a run, as a run would find it (nothing applied, nothing altered).
  const judged: Judged = run ?? { applied: 0, altered: 0, changes: [], verdict: verdictOf(fault.kind, 0, 0, []), durationMs: 0 };
  return {
    id: fault.id,
    kind: fault.kind,
    area: fault.area,
    description: fault.description,
    suites: [...fault.suites],
    files: plan.files,
    reach: plan.reach,
    applied: judged.applied,
    altered: judged.altered,
    changes: judged.changes,
    detected: judged.verdict === 'caught' || judged.verdict === 'caught-by-observation' || judged.verdict === 'false-alarm',
    verdict: judged.verdict,
    durationMs: judged.durationMs,
    ...(judged.error ? { error: judged.error } : {}),
    ...(firstVerdict ? { firstVerdict } : {}),
    ...(judged.unstable ? { unstable: judged.unstable } : {}),
    ...(full && fullFiles
      ? {
          full: {
            files: fullFiles.files,
            verdict: full.verdict,
            applied: full.applied,
            altered: full.altered,
            statusChanges: full.changes.filter((c) => c.kind === 'status').map((c) => c.id),
            durationMs: full.durationMs,
            ...(full.error ? { error: full.error } : {}),
          },
        }
      : {}),
  };
}
