import type { Vitest } from 'vitest/node';
import type { ShapeChecks } from '../case.ts';
import { mergeFootprints, RECORD_EXCHANGES_ENV, SENT_LOG_ENV, type FullFootprint } from '../fixtures/footprint.ts';
import { sweepStreams } from '../fixtures/sweep.ts';
import { PACKAGE_ROOT } from '../paths.ts';
import type { CaseResult } from '../results/model.ts';
import { ConformanceReporter, type ProgressSink } from '../results/reporter.ts';
import { DEFAULT_RESOURCE_PREFIX, runPrefix, type RunContext } from '../run-context.ts';
import type { TargetInfo } from '../targets/target.ts';
import { KinesisClient } from '../transport/client.ts';
import type { Credentials } from '../transport/credentials.ts';
import { FileReporter, type FileRun } from './file-reporter.ts';
import { escapeRegExp } from '../cases/placeholders.ts';
import { isDerivedResult, isFileResult, namePattern, selects, type CaseSelector } from './selection.ts';

/** One run of suites against a target that is already up. */
export interface SuiteRunRequest {
  target: TargetInfo;
  credentials: Credentials;
  /** Suite names (directories under suites/). */
  suites: readonly string[];
  /** Only these test files (relative to the package root), within the suites. */
  files?: readonly string[] | undefined;
  /** `run --grep`: cases whose id or rule contains the text. */
  grep?: string | undefined;
  /** Only the cases some selector selects (on top of `grep`); file and derived results are kept. */
  cases?: readonly CaseSelector[] | undefined;
  runId: string;
  seed: number;
  requestTimeoutMs: number;
  optIns: RunContext['optIns'];
  propertyRuns: number;
  restrictedCredentials?: Credentials | undefined;
  shard?: string | undefined;
  /** Test files in flight at once (default: LOCAL_WORKERS on a local target, 2 on AWS). */
  maxWorkers?: number | undefined;
  /** Record what each file sent (FileRun.footprint.sent), for the self-check. */
  recordSent?: boolean | undefined;
  /** Keep every exchange per case and step (FileRun.footprint.recorded), for `run --record` / `--reference`. */
  recordExchanges?: boolean | undefined;
  progress?: ProgressSink | undefined;
  /** Aborting cancels the run; what finished is still returned. */
  signal?: AbortSignal | undefined;
  /** Per test file, the endpoints its requests go to (the self-check's per-file fault proxies). */
  routes?: RunContext['routes'];
}

export interface SuiteRunOutcome {
  context: RunContext;
  /** Every result, derived ones included, sorted by id. */
  results: CaseResult[];
  files: FileRun[];
  /** Case id → its output-shape checks (to derive shape results over a subset of cases). */
  shapes: Map<string, ShapeChecks>;
  footprint: FullFootprint;
  startedAt: Date;
  durationMs: number;
  cancelled: boolean;
}

const NO_PROGRESS: ProgressSink = () => {};

export function includeGlobs(request: Pick<SuiteRunRequest, 'files' | 'suites'>): string[] {
  if (request.files) return request.files.filter((f) => request.suites.some((s) => f.startsWith(`suites/${s}/`)));
  return request.suites.map((s) => `suites/${s}/**/*.test.ts`);
}

export function testNamePattern(request: Pick<SuiteRunRequest, 'grep' | 'cases'>): string | undefined {
  // Both narrow: vitest takes one pattern, so with both the grep goes first and the selectors after.
  const grep = request.grep === undefined ? undefined : escapeRegExp(request.grep);
  const selectors = namePattern(request.cases ?? []);
  if (grep && selectors) return `^(?=.*${grep})(?:.*(?:${selectors}))`;
  return grep ?? selectors;
}

export function runContextOf(request: SuiteRunRequest): RunContext {
  return {
    runId: request.runId,
    resourcePrefix: DEFAULT_RESOURCE_PREFIX,
    seed: request.seed,
    target: request.target,
    credentials: request.credentials,
    requestTimeoutMs: request.requestTimeoutMs,
    optIns: request.optIns,
    propertyRuns: request.propertyRuns,
    restrictedCredentials: request.restrictedCredentials,
    ...(request.routes ? { routes: request.routes } : {}),
  };
}

/** The reporters of one run: the conformance results, and per file and per case what they merge away. */
export function runReporters(request: SuiteRunRequest): { reporter: ConformanceReporter; files: FileReporter } {
  return { reporter: new ConformanceReporter(PACKAGE_ROOT, request.progress ?? NO_PROGRESS, request.grep), files: new FileReporter(PACKAGE_ROOT) };
}

/** What a run returns, from its reporters once it ended. */
export function outcomeOf(request: SuiteRunRequest, context: RunContext, reporters: ReturnType<typeof runReporters>, startedAt: Date): SuiteRunOutcome {
  const selectors = request.cases;
  const all = reporters.reporter.results;
  const results = selectors ? all.filter((r) => isFileResult(r) || isDerivedResult(r) || selectors.some((s) => selects(s, r))) : all;
  const files = reporters.files;
  return {
    context,
    results: results.sort((a, b) => a.id.localeCompare(b.id)),
    files: files.files,
    shapes: files.shapes,
    footprint: mergeFootprints(files.files.flatMap((f) => (f.footprint ? [f.footprint] : []))),
    startedAt,
    durationMs: Date.now() - startedAt.getTime(),
    cancelled: request.signal?.aborted ?? false,
  };
}

/** Test files in flight at once against a local target (an emulator): what one plain run uses. */
export const LOCAL_WORKERS = 6;

/** vitest's options for runs against this target (what a session keeps for all its runs). */
export function vitestOptions(request: Pick<SuiteRunRequest, 'target' | 'requestTimeoutMs' | 'maxWorkers' | 'recordSent' | 'seed'> & Pick<SuiteRunRequest, 'recordExchanges'>) {
  return {
    root: PACKAGE_ROOT,
    config: false as const,
    watch: false,
    passWithNoTests: true,
    // Cases mostly wait on the target, not the CPU: more files in flight than cores. Fewer on AWS,
    // whose control plane throttles (CreateStream 5/s, at most 5 streams CREATING).
    maxWorkers: request.maxWorkers ?? (request.target.isAws ? 2 : LOCAL_WORKERS),
    fileParallelism: true,
    // A worker runs many test files one after another with the harness loaded once: a fresh process
    // per file cost more CPU (module loading, schema compiling) than the cases themselves. Each file
    // still gets its own fixtures and clean-up (harness/case.ts fileScope, reset when a file ends).
    isolate: false,
    ...(request.recordSent || request.recordExchanges ? { env: { ...(request.recordSent ? { [SENT_LOG_ENV]: '1' } : {}), ...(request.recordExchanges ? { [RECORD_EXCHANGES_ENV]: '1' } : {}) } } : {}),
    sequence: { seed: request.seed },
    hookTimeout: request.target.bounds.stateTimeoutMs + request.requestTimeoutMs * 4,
    teardownTimeout: 30_000,
  };
}

/** vitest's logger exits the process on SIGINT/SIGTERM; the caller must clean up and report first. */
export async function quietVitest(create: () => Promise<Vitest>): Promise<Vitest> {
  const before = new Set([...process.listeners('SIGINT'), ...process.listeners('SIGTERM')]);
  const vitest = await create();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const listener of process.listeners(signal)) if (!before.has(listener)) process.off(signal, listener);
  }
  return vitest;
}

/**
 * Runs suites through vitest against a started target and returns the results in memory (nothing is
 * written). The CLI's `run` and its `--dry-run` are built on it; the self-check keeps sessions open
 * (session.ts) to run many times without starting vitest each time.
 */
export async function runSuites(request: SuiteRunRequest): Promise<SuiteRunOutcome> {
  const context = runContextOf(request);
  const startedAt = new Date();
  const reporters = runReporters(request);
  const include = includeGlobs(request);
  let vitest: Vitest | undefined;
  const cancel = () => void vitest?.cancelCurrentRun('keyboard-input');
  request.signal?.addEventListener('abort', cancel, { once: true });
  try {
    if (include.length > 0 && !request.signal?.aborted) {
      // Loaded here, not at start-up: a rejected command line answers without paying for vitest.
      const { createVitest } = await import('vitest/node');
      const pattern = testNamePattern(request);
      vitest = await quietVitest(() =>
        createVitest(
          'test',
          {
            ...vitestOptions(request),
            include,
            reporters: [reporters.reporter, reporters.files],
            provide: { kinesisConformance: context },
            ...(request.shard ? { shard: request.shard } : {}),
            ...(pattern ? { testNamePattern: pattern } : {}),
          },
          { logLevel: 'silent' },
        ),
      );
      if (!request.signal?.aborted) await vitest.start([]);
      await vitest.close();
    }
  } finally {
    request.signal?.removeEventListener('abort', cancel);
  }
  return outcomeOf(request, context, reporters, startedAt);
}

/**
 * Deletes the streams a run left (a crash, an interrupt, a fault that swallowed DeleteStream), by its
 * run prefix; returns the names it could not delete.
 */
export async function sweepRun(target: Pick<TargetInfo, 'endpoint' | 'region' | 'bounds'>, credentials: Credentials, context: Pick<RunContext, 'resourcePrefix' | 'runId'>): Promise<string[]> {
  const kinesis = new KinesisClient({ endpoint: new URL(target.endpoint), region: target.region, credentials });
  try {
    return (await sweepStreams(kinesis, runPrefix(context), target.bounds.stateTimeoutMs)).left;
  } finally {
    await kinesis.close();
  }
}
