import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Vitest } from 'vitest/node';
import { ConfigError } from '../errors.ts';
import { mergeFootprints } from '../fixtures/footprint.ts';
import { sweepStreams } from '../fixtures/sweep.ts';
import { PACKAGE_ROOT } from '../paths.ts';
import { judge, loadBaseline, baselineFrom, type Baseline } from '../results/baseline.ts';
import { totalsOf, type CaseResult, type RunResults } from '../results/model.ts';
import { ConformanceReporter } from '../results/reporter.ts';
import { writeAtomic, writeRunReport } from '../report/write.ts';
import { DEFAULT_RESOURCE_PREFIX, newRunId, runPrefix, type RunContext } from '../run-context.ts';
import { loadCases, CASES_DIR } from '../cases/load.ts';
import { resolveAwsCredentials } from '../targets/remote.ts';
import { checkOptIn, planTarget, startTarget } from '../targets/resolve.ts';
import type { RunningTarget } from '../targets/target.ts';
import { KinesisClient } from '../transport/client.ts';
import { secretsOf } from '../transport/credentials.ts';
import { Redactor, redactDeep } from '../transport/redact.ts';
import type { RunArgs } from './args.ts';
import type { Io } from './io.ts';
import { availableSuites } from './suites.ts';
import { defaultBaselinePath } from '../targets/index.ts';

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

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * --dry-run: nothing is sent to the planned target. The same selection runs against a private
 * embedded kinesis-mock, and what it created and called is listed as the estimate. Cases that only
 * run on real AWS (KMS keys) skip there, so they are counted from the case files instead.
 */
async function dryRun(args: RunArgs, plan: ReturnType<typeof planTarget>, io: Io): Promise<number> {
  const where = plan.kind === 'aws' || plan.kind === 'endpoint' ? plan.endpoint.host : `embedded ${plan.kind}`;
  const scratch = mkdtempSync(join(tmpdir(), 'kc-dry-run-'));
  try {
    const quiet: Io = { ...io, out: () => {}, progress: () => {}, err: () => {} };
    await runCommand({ ...args, dryRun: false, target: 'kinesis-mock', endpoint: undefined, reportDir: join(scratch, 'report'), baseline: undefined, updateBaseline: false }, quiet);
    const report = JSON.parse(readFileSync(join(scratch, 'report', 'results.json'), 'utf8')) as RunResults;
    const fp = report.footprint;
    if (!fp) throw new Error('the rehearsal wrote no footprint');
    const selected = args.suites.length === 0 || args.suites.includes('encryption');
    const kmsKinds = new Set(
      selected ? loadCases(CASES_DIR).flatMap((c) => (c.fixture.kmsKey && (args.allowExpensive || !c.flags.includes('expensive')) ? [c.fixture.kmsKey] : [])) : [],
    );
    io.out(`dry run: nothing was sent to ${where}; rehearsed on embedded kinesis-mock (${report.results.length} results)`);
    if (plan.kind === 'aws' && !args.allowBillable) io.out('the real run needs --allow-billable');
    io.out(`streams created: ${fp.streamsCreated} (named kc-<runId>-..., tagged, deleted at the end)`);
    io.out(`KMS keys: up to ${kmsKinds.size}${kmsKinds.size > 0 ? ` (${[...kmsKinds].sort().join(', ')}; real AWS only, scheduled for deletion at the end)` : ''}`);
    const maxEnc = Object.values(fp.encryptionCallsPerStream).reduce((m, c) => Math.max(m, c.start, c.stop), 0);
    io.out(`Start/StopStreamEncryption calls per stream: at most ${maxEnc}`);
    io.out('calls per operation:');
    for (const [op, n] of Object.entries(fp.callsPerOperation)) io.out(`  ${op.padEnd(32)} ${n}`);
    return 0;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Runs the selected suites against one target; returns the process exit code. */
export async function runCommand(args: RunArgs, io: Io): Promise<number> {
  // Everything that can be wrong with the input is checked before anything starts.
  const known = availableSuites();
  const unknown = args.suites.filter((s) => !known.includes(s));
  if (unknown.length > 0) throw new ConfigError(`unknown suite '${unknown[0]}': available: ${known.join(', ')}`);
  const suites = args.suites.length > 0 ? [...new Set(args.suites)] : known;
  const plan = planTarget({ target: args.target, endpoint: args.endpoint, region: args.region, profile: args.profile, allowBillable: args.allowBillable, env: io.env });
  if (args.dryRun) return dryRun(args, plan, io);
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
  let vitest: Vitest | undefined;
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals > 1) {
      io.err(`kinesis-conformance: second ${signal}: exiting now; streams named ${DEFAULT_RESOURCE_PREFIX}-${runId}-* may be left on ${target?.info.endpoint ?? 'the target'}`);
      process.exit(130);
    }
    interrupted = `interrupted by ${signal}`;
    io.err(`kinesis-conformance: ${signal}: stopping the run and cleaning up (again to exit at once)`);
    void vitest?.cancelCurrentRun('keyboard-input');
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

  const reporter = new ConformanceReporter(PACKAGE_ROOT, io.progress, args.grep);
  const context: RunContext = {
    runId,
    resourcePrefix: DEFAULT_RESOURCE_PREFIX,
    seed,
    target: target.info,
    credentials: target.credentials,
    requestTimeoutMs: args.requestTimeoutMs,
    optIns: { billable: args.allowBillable, expensive: args.allowExpensive },
    propertyRuns: args.budget === 'deep' ? 500 : 25,
    restrictedCredentials,
  };
  io.err(`kinesis-conformance ${suiteVersion()}: run ${runId}, target ${target.info.name} (${target.info.implementation ?? 'unknown implementation'}) at ${target.info.endpoint}, seed ${seed}`);
  let results: CaseResult[] = [];
  let sweepLeft: string[] = [];
  try {
    // Loaded here, not at start-up: a rejected command line answers without paying for vitest.
    const { createVitest } = await import('vitest/node');
    const ours = new Set([...process.listeners('SIGINT'), ...process.listeners('SIGTERM')]);
    vitest = await createVitest(
      'test',
      {
        root: PACKAGE_ROOT,
        config: false,
        watch: false,
        include: suites.map((s) => `suites/${s}/**/*.test.ts`),
        reporters: [reporter],
        provide: { kinesisConformance: context },
        passWithNoTests: true,
        // Cases mostly wait on the target, not the CPU: more files in flight than cores. Fewer on AWS,
        // whose control plane throttles (CreateStream 5/s, at most 5 streams CREATING).
        maxWorkers: target.info.isAws ? 2 : 4,
        fileParallelism: true,
        ...(args.shard ? { shard: args.shard } : {}),
        ...(args.grep ? { testNamePattern: escapeRegExp(args.grep) } : {}),
        sequence: { seed },
        hookTimeout: target.info.bounds.stateTimeoutMs + args.requestTimeoutMs * 4,
        teardownTimeout: 30_000,
      },
      { logLevel: 'silent' },
    );
    // vitest's logger exits the process on SIGINT/SIGTERM; this run must clean up and report first.
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      for (const listener of process.listeners(signal)) if (!ours.has(listener)) process.off(signal, listener);
    }
    if (!interrupted) await vitest.start([]);
    await vitest.close();
  } finally {
    results = reporter.results;
    const death = target.deathReason();
    if (death) interrupted ??= death;
    // Belt and braces: whatever a worker left behind (crash, interrupt) is swept by the run prefix.
    if (!death) {
      const kinesis = new KinesisClient({ endpoint: new URL(target.info.endpoint), region: target.info.region, credentials: target.credentials });
      try {
        sweepLeft = (await sweepStreams(kinesis, runPrefix(context), target.info.bounds.stateTimeoutMs)).left;
      } catch (error) {
        io.err(`kinesis-conformance: could not sweep streams of run ${runId}: ${(error as Error).message}`);
      } finally {
        await kinesis.close();
      }
    }
    await target.stop();
  }
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
    results: results.sort((a, b) => a.id.localeCompare(b.id)),
    target: target.info,
    footprint: mergeFootprints(reporter.footprints),
  };
  // Free text from cases and targets (messages, observations) may quote a signed request: scrub it all.
  const safe = redactDeep(report, new Redactor([...secretsOf(target.credentials), ...(restrictedCredentials ? secretsOf(restrictedCredentials) : [])]));
  const written = await writeRunReport(reportDir, safe);
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
  return judgement.unexpected.length === 0 && judgement.missing.length === 0 ? 0 : 1;
}
