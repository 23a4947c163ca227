import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from '../errors.ts';
import { PACKAGE_ROOT } from '../paths.ts';
import { judge, loadBaseline, baselineFrom, type Baseline } from '../results/baseline.ts';
import { totalsOf, type CaseResult, type RunResults } from '../results/model.ts';
import { writeAtomic, writeRunReport } from '../report/write.ts';
import { DEFAULT_RESOURCE_PREFIX, newRunId } from '../run-context.ts';
import { loadCases, CASES_DIR } from '../cases/load.ts';
import { footprintLines, kmsKeyKinds } from '../run/dry-run.ts';
import { runSuites, sweepRun, type SuiteRunOutcome, type SuiteRunRequest } from '../run/run-suites.ts';
import { resolveAwsCredentials } from '../targets/remote.ts';
import { checkOptIn, planTarget, startTarget } from '../targets/resolve.ts';
import type { RunningTarget } from '../targets/target.ts';
import { secretsOf } from '../transport/credentials.ts';
import { Redactor, redactDeep } from '../transport/redact.ts';
import type { RunArgs } from './args.ts';
import type { Io } from './io.ts';
import { availableSuites } from './suites.ts';
import { defaultBaselinePath } from '../targets/index.ts';
import { buildRecording, checkRecordDir, readRecording, writeRecording } from '../record/store.ts';
import { compareWithRecording } from '../record/diff.ts';
import type { Recording } from '../record/format.ts';
import { referenceHeadline } from '../report/reference-view.ts';

// Shared by every command; re-exported for the modules that still import them from here.
export type { Io } from './io.ts';
export { availableSuites } from './suites.ts';
export { defaultBaselinePath } from '../targets/index.ts';

function suiteVersion(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

function timestampDir(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-');
}

/** The run's options as the run API takes them, for a started target. */
function suiteRunRequest(args: RunArgs, target: RunningTarget, suites: readonly string[], runId: string, seed: number): Omit<SuiteRunRequest, 'restrictedCredentials'> {
  return {
    target: target.info,
    credentials: target.credentials,
    suites,
    grep: args.grep,
    shard: args.shard,
    runId,
    seed,
    requestTimeoutMs: args.requestTimeoutMs,
    optIns: { billable: args.allowBillable, expensive: args.allowExpensive },
    propertyRuns: args.budget === 'deep' ? 500 : 25,
  };
}

/**
 * --dry-run: nothing is sent to the planned target. The same selection runs against a private
 * embedded kinesis-mock, and what it created and called is listed as the estimate. Cases that only
 * run on real AWS (KMS keys) skip there, so they are counted from the case files instead.
 */
async function dryRun(args: RunArgs, suites: readonly string[], plan: ReturnType<typeof planTarget>, io: Io): Promise<number> {
  const where = plan.kind === 'aws' || plan.kind === 'endpoint' ? plan.endpoint.host : `embedded ${plan.kind}`;
  loadCases(CASES_DIR);
  const restrictedCredentials = args.restrictedProfile ? await resolveAwsCredentials(args.restrictedProfile) : undefined;
  const rehearsal = planTarget({ target: 'kinesis-mock', endpoint: undefined, region: args.region, profile: args.profile, allowBillable: args.allowBillable, env: io.env });
  const target = await startTarget(rehearsal, io.env);
  let outcome: SuiteRunOutcome;
  try {
    const runId = newRunId();
    outcome = await runSuites({ ...suiteRunRequest(args, target, suites, runId, args.seed ?? Math.floor(Math.random() * 2 ** 31)), restrictedCredentials });
    await sweepRun(target.info, target.credentials, outcome.context).catch(() => []);
  } finally {
    await target.stop();
  }
  io.out(`dry run: nothing was sent to ${where}; rehearsed on embedded kinesis-mock (${outcome.results.length} results)`);
  if (plan.kind === 'aws' && !args.allowBillable) io.out('the real run needs --allow-billable');
  for (const line of footprintLines(outcome.footprint, kmsKeyKinds(loadCases(CASES_DIR), suites, args.allowExpensive))) io.out(line);
  return 0;
}

/** Runs the selected suites against one target; returns the process exit code. */
export async function runCommand(given: RunArgs, io: Io): Promise<number> {
  // Everything that can be wrong with the input is checked before anything starts.
  const known = availableSuites();
  for (const [option, dir] of [['--record', given.record], ['--reference', given.reference]] as const) {
    if (dir !== undefined && dir.trim() === '') throw new ConfigError(`${option} needs a directory`);
  }
  const reference: Recording | undefined = given.reference === undefined ? undefined : readRecording(resolve(io.cwd, given.reference));
  const recordDir = given.record === undefined ? undefined : resolve(io.cwd, given.record);
  if (recordDir) checkRecordDir(recordDir);
  // A reference run repeats the recorded selection and seed unless told otherwise, so the same requests are sent.
  const args: RunArgs = reference
    ? { ...given, suites: given.suites.length > 0 ? given.suites : reference.runInfo.suites, grep: given.grep ?? reference.runInfo.grep ?? undefined, seed: given.seed ?? reference.runInfo.seed }
    : given;
  const unknown = args.suites.filter((s) => !known.includes(s));
  if (unknown.length > 0) throw new ConfigError(`unknown suite '${unknown[0]}': available: ${known.join(', ')}`);
  const suites = args.suites.length > 0 ? [...new Set(args.suites)] : known;
  const plan = planTarget({ target: args.target, endpoint: args.endpoint, region: args.region, profile: args.profile, allowBillable: args.allowBillable, env: io.env });
  if (args.dryRun) return dryRun(args, suites, plan, io);
  checkOptIn(plan, args.allowBillable);
  const targetName = plan.kind;
  const baselinePath = args.baseline ? resolve(io.cwd, args.baseline) : defaultBaselinePath(targetName);
  let baseline: Baseline | null = null;
  if (baselinePath && (args.baseline || existsSync(baselinePath))) {
    baseline = args.updateBaseline && !existsSync(baselinePath) ? null : await loadBaseline(baselinePath);
  }
  // A malformed case file is bad input to the tool: one line, exit 2, before anything starts.
  loadCases(CASES_DIR);
  const restrictedCredentials = args.restrictedProfile ? await resolveAwsCredentials(args.restrictedProfile) : undefined;
  const startedAt = new Date();
  const reportDir = resolve(io.cwd, args.reportDir ?? join('reports', 'runs', timestampDir(startedAt)));
  if (existsSync(join(reportDir, 'results.json'))) throw new ConfigError(`${reportDir} already holds a report; choose another --report-dir`);
  const seed = args.seed ?? Math.floor(Math.random() * 2 ** 31);
  const runId = newRunId(startedAt.getTime());

  let target: RunningTarget | undefined;
  let interrupted: string | undefined;
  const cancel = new AbortController();
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals > 1) {
      io.err(`kinesis-conformance: second ${signal}: exiting now; streams named ${DEFAULT_RESOURCE_PREFIX}-${runId}-* may be left on ${target?.info.endpoint ?? 'the target'}`);
      process.exit(130);
    }
    interrupted = `interrupted by ${signal}`;
    io.err(`kinesis-conformance: ${signal}: stopping the run and cleaning up (again to exit at once)`);
    cancel.abort();
  };
  // Ours from before the target starts until the report is on disk: a Ctrl-C at any point cleans up.
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const releaseSignals = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  try {
    target = await startTarget(plan, io.env);
  } catch (error) {
    releaseSignals();
    throw error;
  }
  if (interrupted) {
    await target.stop();
    releaseSignals();
    io.err(`kinesis-conformance: ${interrupted} before any case ran; nothing written`);
    return 130;
  }

  io.err(`kinesis-conformance ${suiteVersion()}: run ${runId}, target ${target.info.name} (${target.info.implementation ?? 'unknown implementation'}) at ${target.info.endpoint}, seed ${seed}`);
  let outcome: SuiteRunOutcome;
  let sweepLeft: string[] = [];
  try {
    outcome = await runSuites({ ...suiteRunRequest(args, target, suites, runId, seed), restrictedCredentials, progress: io.progress, signal: cancel.signal, recordExchanges: Boolean(recordDir ?? reference) });
  } finally {
    const death = target.deathReason();
    if (death) interrupted ??= death;
    // Belt and braces: whatever a worker left behind (crash, interrupt) is swept by the run prefix.
    if (!death) {
      try {
        sweepLeft = await sweepRun(target.info, target.credentials, { resourcePrefix: DEFAULT_RESOURCE_PREFIX, runId });
      } catch (error) {
        io.err(`kinesis-conformance: could not sweep streams of run ${runId}: ${(error as Error).message}`);
      }
    }
    await target.stop();
  }
  const results: CaseResult[] = outcome.results;
  if (sweepLeft.length > 0) io.err(`kinesis-conformance: streams left behind: ${sweepLeft.join(', ')}`);

  const complete = suites.length === known.length && !args.grep && !args.shard && !interrupted;
  const judgement = judge(results, baseline, baselinePath && baseline ? baselinePath : null, complete);
  // With no baseline the run is judged against AWS's documented behaviour alone; deliberate skips are neutral.
  if (!baseline) judgement.unexpected = judgement.unexpected.filter((u) => u.actual !== 'SKIP');
  const report: RunResults = {
    runInfo: {
      target: target.info.name,
      endpoint: target.info.endpoint,
      implementation: target.info.implementation,
      suiteVersion: suiteVersion(),
      startedAt: startedAt.toISOString(),
      durationMs: Date.now() - startedAt.getTime(),
      seed,
      runId,
      suites,
      grep: args.grep ?? null,
      shard: args.shard,
      nodeVersion: process.version,
      aborted: interrupted,
    },
    totals: totalsOf(results),
    judgement,
    results,
    target: target.info,
    footprint: outcome.footprint,
  };
  // Free text from cases and targets (messages, observations) may quote a signed request: scrub it all.
  const redactor = new Redactor([...secretsOf(target.credentials), ...(restrictedCredentials ? secretsOf(restrictedCredentials) : [])]);
  const recording =
    recordDir || reference
      ? redactDeep(
          buildRecording(
            { target: target.info.name, endpoint: target.info.endpoint, region: target.info.region, implementation: target.info.implementation, suiteVersion: report.runInfo.suiteVersion, recordedAt: report.runInfo.startedAt, runId, resourcePrefix: DEFAULT_RESOURCE_PREFIX, seed, suites, grep: args.grep ?? null, nodeVersion: process.version },
            results,
            outcome.files,
            reference?.normalization.varying,
          ),
          redactor,
        )
      : undefined;
  if (reference && recording) report.reference = compareWithRecording(reference, resolve(io.cwd, given.reference!), { results: recording.results, units: recording.units, region: target.info.region, runId });
  const safe = redactDeep(report, redactor);
  const written = await writeRunReport(reportDir, safe);
  // A recording of a run that ended early would judge later runs by a part: it is not written.
  if (recordDir && recording && !interrupted) io.out(`recording: ${await writeRecording(recordDir, recording)}`);
  else if (recordDir) io.err(`kinesis-conformance: the run ended early: no recording written to ${recordDir}`);
  releaseSignals();
  if (args.updateBaseline && baselinePath) {
    await writeAtomic(baselinePath, `${JSON.stringify(baselineFrom(safe.results, target.info.name, target.info.implementation, baseline, complete), null, 2)}\n`);
    io.err(`kinesis-conformance: baseline written to ${baselinePath}`);
  }
  const t = report.totals;
  io.progress(`PASS ${t.PASS} FAIL ${t.FAIL} ERROR ${t.ERROR} TIMEOUT ${t.TIMEOUT} SKIP ${t.SKIP} in ${(report.runInfo.durationMs / 1000).toFixed(1)} s`, true);
  for (const u of judgement.unexpected.slice(0, 20)) io.err(`  unexpected: ${u.id}: expected ${u.expected}, got ${u.actual}`);
  if (judgement.unexpected.length > 20) io.err(`  ... and ${judgement.unexpected.length - 20} more`);
  for (const m of judgement.missing.slice(0, 20)) io.err(`  baseline lists a case that did not run: ${m}`);
  io.out(`report: ${written[0]}`);
  const html = written.find((f) => f.endsWith('.html'));
  if (html) io.out(`report: ${html}`);
  if (interrupted) {
    io.err(`kinesis-conformance: run ended early: ${interrupted}`);
    return signals > 0 ? 130 : 1;
  }
  if (results.length === 0) {
    io.err('kinesis-conformance: no case ran (check --suite and --grep)');
    return 1;
  }
  const ref = report.reference;
  if (ref) {
    io.err(`reference: ${referenceHeadline(ref)}`);
    for (const d of ref.differences.slice(0, 10)) io.err(`  differs: ${d.id}: ${d.path} (${d.kind})`);
    if (ref.differences.length > 10) io.err(`  ... and ${ref.differences.length - 10 + ref.unlisted} more`);
  }
  return judgement.unexpected.length === 0 && judgement.missing.length === 0 && !(ref && ref.differing > 0) ? 0 : 1;
}
