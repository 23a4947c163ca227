/**
 * `npm run bench`: how fast the harness is. Per-request overhead against a fixed-answer server and
 * embedded kinesis-mock (bare undici / harness / AWS SDK), state-wait lateness on kinesis-mock, a
 * full default run, and the whole self-check (every catalogue entry, as `npm test` runs it) with its
 * ratio to that full run, and a full run with --record then one with --reference to it (issue 18). Prints tables and the speed goals; writes bench.json to --out DIR.
 * Figures only: nothing here asserts a timing (the machine is shared and noisy).
 *
 *   tsx scripts/bench.ts [--out DIR] [--requests N] [--fixed-requests N] [--repetitions K] [--skip-full-run] [--skip-self-check] [--skip-reference-run]
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startFixedServer } from '../harness/bench/fixed-server.ts';
import { measureFullRun, type FullRunFigures } from '../harness/bench/full-run.ts';
import { measureSelfCheck, type SelfCheckFigures } from '../harness/bench/self-check-run.ts';
import { harnessOverBare, harnessOverSdk, judgeGoals, type ServerFigures } from '../harness/bench/goals.ts';
import { CLIENTS, measureOverhead } from '../harness/bench/request-overhead.ts';
import { measureTransitions, type TransitionFigures } from '../harness/bench/state-transitions.ts';
import { formatMs, formatRatio, ratio, renderTable } from '../harness/bench/stats.ts';
import { startKinesisMock } from '../harness/targets/kinesis-mock.ts';
import type { TransitionBounds } from '../harness/targets/target.ts';
import { LOCAL_CREDENTIALS } from '../harness/transport/credentials.ts';

// kinesis-mock's durations in a run (harness/targets/kinesis-mock.ts defaults), set explicitly here so
// the figures are measured against known values.
const STREAM_TRANSITION_MS = 400;
const UPDATE_TRANSITION_MS = 1_000;

const { values: flags } = parseArgs({
  options: {
    out: { type: 'string' },
    requests: { type: 'string', default: '300' },
    'fixed-requests': { type: 'string', default: '3000' },
    repetitions: { type: 'string', default: '5' },
    'skip-full-run': { type: 'boolean', default: false },
    // The self-check is judged against the full run: skipped with it.
    'skip-self-check': { type: 'boolean', default: false },
    'skip-reference-run': { type: 'boolean', default: false },
    // Also measure the transitions with this longest poll interval (ms): a proposed bound, tried, not judged.
    'what-if-max-poll': { type: 'string' },
  },
});
const count = (name: string, raw: string | undefined): number => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${raw}`);
  return n;
};
const requests = count('requests', flags.requests);
const fixedRequests = count('fixed-requests', flags['fixed-requests']);
const repetitions = count('repetitions', flags.repetitions);
const whatIfMaxPoll = flags['what-if-max-poll'] === undefined ? undefined : count('what-if-max-poll', flags['what-if-max-poll']);
const outDir = flags.out ? resolve(flags.out) : mkdtempSync(join(tmpdir(), 'kc-bench-'));
mkdirSync(outDir, { recursive: true });
const say = (text = '') => process.stdout.write(`${text}\n`);
const note = (text: string) => process.stderr.write(`bench: ${text}\n`);

const startedAt = new Date().toISOString();
const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', loadavgAtStart: loadavg().map((l) => Math.round(l * 100) / 100), node: process.version };
note(`output in ${outDir}; ${machine.cpus} cores, load average ${machine.loadavgAtStart.join(' ')}`);

const servers: ServerFigures[] = [];
let transitions: TransitionFigures[] = [];
let whatIf: { bounds: TransitionBounds; transitions: TransitionFigures[] } | null = null;
let fullRun: FullRunFigures | null = null;
let selfCheck: SelfCheckFigures | null = null;
let recordRun: FullRunFigures | null = null;
let referenceRun: FullRunFigures | null = null;

note(`per-request overhead: fixed JSON server, ${fixedRequests} requests per client and call`);
const fixed = await startFixedServer();
try {
  servers.push({ server: 'fixed JSON server', calls: await measureOverhead({ endpoint: fixed.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS, requests: fixedRequests, warmup: 200, rounds: 10 }) });
} finally {
  await fixed.stop();
}

const mock = await startKinesisMock({ streamTransitionMs: STREAM_TRANSITION_MS, updateTransitionMs: UPDATE_TRANSITION_MS });
try {
  note(`per-request overhead: kinesis-mock (${mock.info.implementation}), ${requests} requests per client and call`);
  servers.push({ server: 'kinesis-mock', calls: await measureOverhead({ endpoint: new URL(mock.info.endpoint), region: mock.info.region, credentials: mock.credentials, requests, warmup: 30, rounds: 5 }) });
  note(`state transitions on kinesis-mock, ${repetitions} of each`);
  transitions = await measureTransitions({ target: mock, streamTransitionMs: STREAM_TRANSITION_MS, updateTransitionMs: UPDATE_TRANSITION_MS, repetitions });
  if (whatIfMaxPoll !== undefined) {
    const bounds = { ...mock.info.bounds, maxPollIntervalMs: whatIfMaxPoll };
    note(`state transitions again with maxPollIntervalMs ${whatIfMaxPoll} (what-if)`);
    whatIf = { bounds, transitions: await measureTransitions({ target: mock, streamTransitionMs: STREAM_TRANSITION_MS, updateTransitionMs: UPDATE_TRANSITION_MS, repetitions, bounds }) };
  }
} finally {
  await mock.stop();
}

if (!flags['skip-full-run']) {
  note('full default run (all suites, embedded kinesis-mock)');
  fullRun = await measureFullRun(join(outDir, 'full-run'));
  if (!flags['skip-reference-run']) {
    // Issue 18: record a full run, then judge a second one against it (its seed and selection come from the recording).
    note('full default run with --record, then one with --reference to it (embedded kinesis-mock)');
    recordRun = await measureFullRun(join(outDir, 'record-run'), ['--record', join(outDir, 'recording')]);
    referenceRun = await measureFullRun(join(outDir, 'reference-run'), ['--reference', join(outDir, 'recording')]);
  }
  if (!flags['skip-self-check']) {
    note(`self-check, whole catalogue (embedded kinesis-mock), load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    selfCheck = await measureSelfCheck(join(outDir, 'self-check'));
  }
}

say('\n== Per-request time (sequential, keep-alive; median and p90 of each client)');
for (const s of servers) {
  for (const c of s.calls) {
    say(`\n${s.server}: ${c.call}`);
    const rows = [['client', 'n', 'median', 'p90', 'mean']];
    for (const name of CLIENTS) {
      const f = c.perClient[name];
      rows.push([name, String(f.n), formatMs(f.medianMs), formatMs(f.p90Ms), formatMs(f.meanMs)]);
    }
    say(renderTable(rows));
    const p90 = (a: 'harness', b: 'bare-undici' | 'sdk') => formatRatio(ratio(c.perClient[a].p90Ms, c.perClient[b].p90Ms));
    const extra = formatMs(c.perClient.harness.medianMs - c.perClient['bare-undici'].medianMs);
    say(`harness/bare ${formatRatio(harnessOverBare(c))} (p90 ${p90('harness', 'bare-undici')}, +${extra} per request)   harness/SDK ${formatRatio(harnessOverSdk(c))} (p90 ${p90('harness', 'sdk')})`);
  }
}

const transitionTable = (figures: readonly TransitionFigures[]) =>
  renderTable([
    ['transition', 'configured', 'n', 'waited median', 'late by median', 'late by p90', 'polls', 'waited/configured'],
    ...figures.map((t) => [t.transition, formatMs(t.configuredMs), String(t.samples), formatMs(t.waited.medianMs), formatMs(t.lateBy.medianMs), formatMs(t.lateBy.p90Ms), String(t.polls), formatRatio(t.ratio)]),
  ]);
const boundsText = (b: TransitionBounds) => `poll ${b.pollIntervalMs} ms backing off x1.5 to ${b.maxPollIntervalMs} ms`;
say('\n== State transitions on kinesis-mock (from the 200 to waitForState seeing the end state)');
say('   "late by" = waited - configured: the target is taken to reach the state the configured duration after the 200');
say(`   target bounds: ${boundsText(mock.info.bounds)}`);
say(transitionTable(transitions));
if (whatIf) {
  say(`\nwhat-if (not judged): ${boundsText(whatIf.bounds)}`);
  say(transitionTable(whatIf.transitions));
}

if (fullRun) {
  say('\n== Full default run');
  say(`$ ${fullRun.command}  (exit ${fullRun.exitCode})`);
  say(
    renderTable([
      ['wall', 'CLI (runInfo)', 'results', 'results/s', 'requests', 'requests/s'],
      [formatMs(fullRun.wallMs), formatMs(fullRun.cliMs), String(fullRun.results), fullRun.resultsPerSecond?.toFixed(1) ?? 'n/a', String(fullRun.requests), fullRun.requestsPerSecond?.toFixed(1) ?? 'n/a'],
    ], 0),
  );
  say('\nlongest test files (sum of their results\' durationMs; a file runs its cases one after another):');
  say(renderTable([['file', 'results', 'case time'], ...fullRun.files.slice(0, 6).map((f) => [f.file, String(f.results), formatMs(f.caseMs)])]));
}

if (fullRun && selfCheck) {
  say('\n== Self-check (every catalogue entry against embedded kinesis-mock, as npm test runs it)');
  say(`$ ${selfCheck.command}  (exit ${selfCheck.exitCode}): ${selfCheck.score}`);
  say(
    renderTable([
      ['wall', 'entries', 'runs under a fault', 'judged without a run', 'in flight', 'clean phase', 'fault phase', 'x full run'],
      [formatMs(selfCheck.wallMs), String(selfCheck.entries), String(selfCheck.runs), String(selfCheck.skipped), String(selfCheck.concurrency), formatMs(selfCheck.cleanMs), formatMs(selfCheck.faultsMs), formatRatio(ratio(selfCheck.wallMs, fullRun.wallMs))],
    ], 0),
  );
}

if (fullRun && recordRun && referenceRun) {
  say('\n== Recording and reference runs (full default run, embedded kinesis-mock)');
  say(renderTable([
    ['run', 'wall', 'CLI', 'results', 'x plain run'],
    ...([['plain', fullRun], ['--record', recordRun], ['--reference', referenceRun]] as const).map(([name, f]) => [name, formatMs(f.wallMs), formatMs(f.cliMs), String(f.results), formatRatio(ratio(f.wallMs, fullRun.wallMs))]),
  ]));
}

const goals = judgeGoals(servers, fullRun, transitions, selfCheck, referenceRun);
say('\n== Goals');
say(renderTable([['goal', 'figure', ''], ...goals.map((g) => [g.goal, g.figure, g.met ? 'met' : 'NOT MET'])]));

const file = join(outDir, 'bench.json');
writeFileSync(file, `${JSON.stringify({ startedAt, machine, loadavgAtEnd: loadavg(), settings: { requests, fixedRequests, repetitions, streamTransitionMs: STREAM_TRANSITION_MS, updateTransitionMs: UPDATE_TRANSITION_MS }, overhead: servers, transitions, whatIf, fullRun, selfCheck, recordRun, referenceRun, goals }, null, 2)}\n`);
say(`\nbench.json: ${file}`);
