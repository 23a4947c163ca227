import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError } from '../errors.ts';
import { CATALOGUE, selectionKey, type FaultSpec } from '../faults/catalogue.ts';
import { RunInterrupted, runSelfCheck, SelectionError, type EngineResult } from '../faults/engine.ts';
import { buildReport, compareFullLine, exitCodeOf, scoreLine, verdictText, writeSelfCheckReport } from '../faults/report.ts';
import { startLanes } from '../run/fault-lanes.ts';
import { LOCAL_WORKERS } from '../run/run-suites.ts';
import type { TargetDescriptor } from '../targets/descriptor.ts';
import { REGISTRY, type TargetName } from '../targets/index.ts';
import { orList, type TargetRegistry } from '../targets/registry.ts';
import { isRemotePlan, planTarget, startTarget, type TargetPlan } from '../targets/resolve.ts';
import type { RunningTarget } from '../targets/target.ts';
import { positiveInt, usageErrors } from './args.ts';
import type { Io } from './io.ts';
import { availableSuites } from './suites.ts';
import { parseTargetOption, targetUsage } from './target-option.ts';
import { readUnitTimes, writeUnitTimes } from '../faults/unit-times.ts';

function selfCheckable(registry: TargetRegistry): TargetDescriptor[] {
  return registry.named.filter((t) => t.selfCheckable);
}

/** The usage text; its target lines are the registry's self-checkable targets. */
export function selfCheckUsage(registry: TargetRegistry = REGISTRY): string {
  return `Usage: kinesis-conformance self-check [options]

Starts the target once, puts fault-injecting proxies in front of it, runs the suites through a
proxy with no fault (the clean run, recording what each test file sends), then per fault only the
test files of its selections that sent a request it applies to (none: not applicable, no run).
Files of different faults share a run, each file through a proxy of its own set to its fault, so
the whole catalogue takes a few dozen runs. It reports which cases caught each fault.
A fault is caught when a case's status changes or, for a case failing in both runs, when what it
observed changes. A fault that altered no exchange is not applicable on that target. An applicable
fault no case catches is a hole; a benign (AWS-faithful) variation that changes a case's status is a
false alarm. A hole or false alarm is run again on its own and counts only when it shows again; a
fault nothing caught while a case of its files changed between the clean runs is not judged. A case
inconclusive on either side (a phase too short to probe) judges nothing. A fault selection that
matches no case of the clean run is bad input (exit 2).

Options:
${targetUsage(selfCheckable(registry), registry)}
  --endpoint URL      a Kinesis-compatible endpoint that is not AWS (nothing billable is broken on purpose)
  --region R          signing region (default: the target's)
  --fault ID          run only this catalogue entry; repeat for several (default: the whole catalogue)
  --suite NAME        run only the faults judged on this suite, and only that suite; repeatable
  --report-dir DIR    where self-check.json and self-check.md go
                      (default: reports/self-check/<timestamp>)
  --seed N            seed for generated cases, the same in every run (default: random, recorded)
  --request-timeout MS  per-request timeout (default 10000)
  --clean-runs N      run the clean run N times, side by side (default 1); cases whose result
                      differs between those runs are unstable and never count as catching a fault
  --jobs N            runs in flight at once (default 8)
  --compare-full      also rerun each fault on every file of its selections, and report whether
                      each verdict agrees with the run of only the files it reaches
  --list              print the catalogue and exit

Exit status: 0 every applicable fault caught and no false alarm (with --compare-full: and every
verdict agreeing), 1 otherwise, 2 bad input, 130 interrupted.
`;
}

export const SELF_CHECK_USAGE = selfCheckUsage();

/**
 * Test files per fault run (each under its own fault, through its own proxy), and in flight at once
 * within one. Measured on 2 cores, whole catalogue: 6 runs at once of 12 files and 4 workers took
 * 245-272 s; 7 of 14 and 3 workers 278 s; 8 of 12 and 4 workers 284 s (more at once: more CPU for
 * the same work, polls and re-probes under load).
 */
const FILES_PER_RUN = 12;
const WORKERS_PER_RUN = 4;

const REFUSAL = 'self-check breaks answers on purpose and cannot re-sign requests for';

/** How the refusal names a target self-check cannot run against. */
function refusedName(target: TargetDescriptor): string {
  return target.kind === 'remote' && target.isAws ? 'AWS' : target.name;
}

/** Refuses a planned target that self-check cannot run against (AWS, also when given as an --endpoint). */
function checkSelfCheckable(plan: TargetPlan): void {
  if (plan.target.selfCheckable) return;
  const what = refusedName(plan.target);
  throw new ConfigError(`${isRemotePlan(plan) ? `${plan.endpoint.host} is ${what}: ` : ''}${REFUSAL} ${what}`);
}

export interface SelfCheckArgs {
  command: 'self-check';
  target: TargetName | undefined;
  endpoint: string | undefined;
  region: string | undefined;
  faults: string[];
  suites: string[];
  reportDir: string | undefined;
  seed: number | undefined;
  requestTimeoutMs: number;
  cleanRuns: number;
  jobs: number;
  compareFull: boolean;
  list: boolean;
  help: boolean;
  /** The command line as given (recorded in the report). */
  argv: string[];
}

/** Parses `self-check [options]` (the leading command word is optional). */
export function parseSelfCheckArgs(argv: string[], registry: TargetRegistry = REGISTRY): SelfCheckArgs {
  const rest = argv[0] === 'self-check' ? argv.slice(1) : argv;
  const { values } = usageErrors(
    () =>
      parseArgs({
        args: rest,
        strict: true,
        allowPositionals: false,
        options: {
          target: { type: 'string' },
          endpoint: { type: 'string' },
          region: { type: 'string' },
          fault: { type: 'string', multiple: true },
          suite: { type: 'string', multiple: true },
          'report-dir': { type: 'string' },
          seed: { type: 'string' },
          'request-timeout': { type: 'string' },
          'clean-runs': { type: 'string' },
          jobs: { type: 'string' },
          'compare-full': { type: 'boolean' },
          list: { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        },
      }),
    'self-check --help',
  );
  const offered = selfCheckable(registry);
  const target = parseTargetOption(values.target, values.endpoint, registry, offered);
  if (target && !target.selfCheckable) {
    const what = refusedName(target);
    throw new ConfigError(`${REFUSAL} ${what}: use ${orList([...offered.map((t) => t.name), `a non-${what} --endpoint`])}`);
  }
  const faults = (values.fault ?? []).flatMap((f) => f.split(',')).map((f) => f.trim()).filter(Boolean);
  const unknown = faults.find((f) => !CATALOGUE.some((c) => c.id === f));
  if (unknown) throw new ConfigError(`unknown fault '${unknown}' (self-check --list shows the catalogue)`);
  const suites = (values.suite ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  const known = availableSuites();
  const badSuite = suites.find((s) => !known.includes(s));
  if (badSuite) throw new ConfigError(`unknown suite '${badSuite}': available: ${known.join(', ')}`);
  return {
    command: 'self-check',
    // A registered name (checked above): a TargetName with the default registry.
    target: target?.name as TargetName | undefined,
    endpoint: values.endpoint,
    region: values.region,
    faults,
    suites,
    reportDir: values['report-dir'],
    seed: positiveInt('--seed', values.seed, 2 ** 31 - 1),
    requestTimeoutMs: positiveInt('--request-timeout', values['request-timeout'], 600_000) ?? 10_000,
    cleanRuns: Math.max(1, positiveInt('--clean-runs', values['clean-runs'], 5) ?? 1),
    // Fault runs mostly wait on the target's transitions. Whole catalogue, 2 cores, two kinesis-mock
    // instances: 6 at once 228-268 s, 8 191 s, 12 197 s; with workers kept between runs, 8 166 s, 12 171 s.
    jobs: Math.max(1, positiveInt('--jobs', values.jobs, 16) ?? 8),
    compareFull: values['compare-full'] ?? false,
    list: values.list ?? false,
    help: values.help ?? false,
    argv: rest,
  };
}

/** The catalogue entries the arguments select, each narrowed to the selected suites. */
export function selectFaults(args: Pick<SelfCheckArgs, 'faults' | 'suites'>): FaultSpec[] {
  const chosen = args.faults.length > 0 ? CATALOGUE.filter((f) => args.faults.includes(f.id)) : [...CATALOGUE];
  if (args.suites.length === 0) return chosen;
  return chosen.map((f) => ({ ...f, suites: f.suites.filter((s) => args.suites.includes(s.suite)) })).filter((f) => f.suites.length > 0);
}

// What must not leak from the user's shell into choosing the target: another endpoint (the runs
// themselves are handed the target and its credentials, never read from the environment).
const ENDPOINT_ENV = ['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_KINESIS'];

function runEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out = { ...env };
  for (const name of ENDPOINT_ENV) delete out[name];
  return out;
}

/** Runs the self-check; returns the exit code (0 all caught and no false alarm, 1 otherwise, 2 bad input). */
export async function selfCheckCommand(args: SelfCheckArgs, io: Io): Promise<number> {
  try {
    return await selfCheck(args, io);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.err(`kinesis-conformance self-check: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

async function selfCheck(args: SelfCheckArgs, io: Io): Promise<number> {
  if (args.help) {
    io.out(SELF_CHECK_USAGE);
    return 0;
  }
  const faults = selectFaults(args);
  if (args.list) {
    for (const f of faults) io.out(`${f.id.padEnd(44)} ${f.kind.padEnd(6)} ${f.suites.map(selectionKey).join(', ')}\n    ${f.description}`);
    return 0;
  }
  if (faults.length === 0) throw new ConfigError('no fault selected (check --fault and --suite)');
  const plan = planTarget({ target: args.target, endpoint: args.endpoint, region: args.region, profile: undefined, allowBillable: false, env: runEnv(io.env) });
  checkSelfCheckable(plan);
  const startedAt = new Date();
  const reportDir = resolve(io.cwd, args.reportDir ?? join('reports', 'self-check', startedAt.toISOString().replace(/[:.]/g, '-')));
  if (existsSync(join(reportDir, 'self-check.json'))) throw new ConfigError(`${reportDir} already holds a self-check; choose another --report-dir`);
  const seed = args.seed ?? Math.floor(Math.random() * 2 ** 31);

  // An emulator in a process of its own runs as several instances, the runs spread over them.
  const instances = plan.target.kind === 'embedded' ? (plan.target.selfCheckInstances ?? 1) : 1;
  const targets: RunningTarget[] = [];
  try {
    for (let i = 0; i < instances; i++) targets.push(await startTarget(plan, runEnv(io.env)));
  } catch (error) {
    await Promise.all(targets.map((t) => t.stop()));
    throw error;
  }
  const target = targets[0]!;
  const cancel = new AbortController();
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (++signals > 1) process.exit(130);
    io.err(`kinesis-conformance self-check: ${signal}: stopping the runs and cleaning up (again to exit at once)`);
    cancel.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // Clean runs side by side share the workers of one plain run, or each has them against an instance of its own.
  const cleanWorkers = Math.max(2, Math.ceil(LOCAL_WORKERS / Math.max(1, Math.min(args.cleanRuns, args.jobs) / instances)));
  const tuning = { filesPerRun: FILES_PER_RUN, workersPerRun: WORKERS_PER_RUN };
  const timesKey = `${target.info.name} ${target.info.implementation ?? 'unknown'}`;
  let result: EngineResult | undefined;
  try {
    const lanes = await startLanes({ targets, lanes: args.jobs, seed, requestTimeoutMs: args.requestTimeoutMs, workers: { clean: cleanWorkers, fault: tuning.workersPerRun }, signal: cancel.signal });
    io.err(`kinesis-conformance self-check: ${faults.length} catalogue entries against ${target.info.name} (${target.info.implementation ?? 'unknown'}) at ${targets.map((t) => t.info.endpoint).join(' and ')}, ${args.jobs} runs at once, seed ${seed}`);
    try {
      result = await runSelfCheck(faults, lanes.run, {
        cleanRuns: args.cleanRuns,
        concurrency: args.jobs,
        compareFull: args.compareFull,
        knownUnitMs: readUnitTimes(timesKey),
        ...tuning,
        events: {
          onClean: (s, totals) => io.err(`  clean ${selectionKey(s)}: ${Object.entries(totals).map(([k, v]) => `${k} ${v}`).join(', ')}`),
          onFault: (o, i, n) => {
            const full = o.full ? `; full rerun: ${o.full.verdict} (${(o.full.durationMs / 1000).toFixed(1)} s, ${o.full.files.length} files)` : '';
            io.err(`  [${i + 1}/${n}] ${o.id}: ${verdictText(o)} (${(o.durationMs / 1000).toFixed(1)} s, ${o.files.length} files)${full}`);
          },
        },
      });
    } finally {
      await lanes.stop();
    }
  } catch (error) {
    if (error instanceof SelectionError) {
      for (const p of error.problems) io.err(`kinesis-conformance self-check: ${p}`);
      throw new ConfigError(`${error.problems.length} catalogue selection(s) match no case (renamed case ids?); nothing written`);
    }
    if (!(error instanceof RunInterrupted)) throw error;
  } finally {
    await Promise.all(targets.map((t) => t.stop()));
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (!result || cancel.signal.aborted) {
    io.err('kinesis-conformance self-check: interrupted; nothing written');
    return 130;
  }
  writeUnitTimes(timesKey, result.unitMs);
  const report = buildReport(result, {
    target: target.info.name,
    implementation: target.info.implementation,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    seed,
    command: ['kinesis-conformance', 'self-check', ...args.argv].join(' '),
    entries: faults.length,
  });
  const written = await writeSelfCheckReport(reportDir, report);
  for (const hole of report.holes) io.err(`  hole: ${hole}`);
  for (const id of report.notApplicable) io.err(`  not applicable on ${target.info.name}: ${id}`);
  for (const alarm of report.falseAlarms) io.err(`  false alarm: ${alarm}`);
  io.err(scoreLine(report));
  const agreement = compareFullLine(report);
  if (agreement) io.err(agreement);
  for (const d of report.compareFull?.disagreements ?? []) io.err(`  verdicts differ: ${d.id}: selective ${d.selective}, full ${d.full}`);
  io.out(`report: ${written[0]}`);
  return exitCodeOf(report);
}
