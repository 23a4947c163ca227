import { describe, expect, it } from 'vitest';
import type { Status } from '../results/model.ts';
import type { FaultSpec } from './catalogue.ts';
import type { SentLogData } from '../run/sent-log.ts';
import { compare, runSelfCheck, SelectionError, unstableIds, verdictOf, type FaultOutcome, type JobRunner, type ResultLine, type RunJob, type Verdict } from './engine.ts';
import { buildReport, compareFullLine, exitCodeOf, scoreLine, toMarkdown, verdictText } from './report.ts';

type Run = Map<string, { status: Status; message: string | null }>;
const run = (entries: Record<string, [Status, string?]>): Run => new Map(Object.entries(entries).map(([id, [status, message]]) => [id, { status, message: message ?? null }]));
const got = (answer: string, seed = 1) => `expected ValidationException, got ${answer} | shrunk request body: {} | seed ${seed}, path 0`;

describe('compare', () => {
  it('reports status changes, and for a case failing in both runs a changed observation', () => {
    const clean = run({ a: ['PASS'], b: ['FAIL', got('ResourceNotFoundException')], c: ['FAIL', got('ResourceNotFoundException')], d: ['SKIP', 'x'] });
    const faulty = run({ a: ['FAIL', 'boom'], b: ['FAIL', got('ResourceNotFoundException', 7)], c: ['FAIL', got('HTTP 200 {}', 7)], d: ['SKIP', 'y'] });
    expect(compare(clean, faulty).map((c) => [c.id, c.kind])).toEqual([
      ['a', 'status'],
      ['c', 'observation'],
    ]);
    // Ignored ids: status-unstable ones entirely, observation-unstable ones for observations only.
    expect(compare(clean, faulty, new Set(['a']), new Set(['c']))).toEqual([]);
  });

  it('finds the unstable cases of repeated clean runs, by kind', () => {
    const first = run({ a: ['PASS'], b: ['FAIL', got('X')], c: ['FAIL', got('Y')] });
    const second = run({ a: ['FAIL', 'flaky'], b: ['FAIL', got('X', 9)], c: ['FAIL', got('Z')] });
    const unstable = unstableIds([first, second]);
    expect([...unstable.status]).toEqual(['a']);
    expect([...unstable.observation]).toEqual(['c']);
  });
});

describe('verdictOf', () => {
  const status = { id: 'a', kind: 'status', clean: 'PASS', faulty: 'FAIL', message: null } as const;
  const observation = { id: 'b', kind: 'observation', clean: 'FAIL', faulty: 'FAIL', message: null } as const;
  it('grades a fault by the strongest evidence, and an identity as not applicable', () => {
    expect(verdictOf('fault', 3, 2, [observation, status])).toBe('caught');
    expect(verdictOf('fault', 3, 2, [observation])).toBe('caught-by-observation');
    expect(verdictOf('fault', 3, 2, [])).toBe('hole');
    // Applied to nothing: no case sends what it acts on (the self-check does not even run it then).
    expect(verdictOf('fault', 0, 0, [])).toBe('not-applicable');
    expect(verdictOf('fault', 3, 0, [])).toBe('not-applicable');
    // Changes with nothing altered are instability, never a catch.
    expect(verdictOf('fault', 3, 0, [status])).toBe('not-applicable');
  });
  it('calls a benign variation a false alarm only when a case ends anywhere but PASS', () => {
    expect(verdictOf('benign', 3, 3, [status])).toBe('false-alarm');
    const fixed = { ...status, clean: 'FAIL', faulty: 'PASS' } as const;
    expect(verdictOf('benign', 3, 3, [fixed, observation])).toBe('deviation-removed');
    expect(verdictOf('benign', 3, 3, [fixed, status])).toBe('false-alarm');
    expect(verdictOf('benign', 3, 3, [{ ...status, faulty: 'MISSING' }])).toBe('false-alarm');
    expect(verdictOf('benign', 3, 3, [observation])).toBe('observation-noise');
    expect(verdictOf('benign', 3, 3, [])).toBe('no-change');
  });
});

/** A fabricated target: two files of the protocol suite; a fault changes results as `under` says. */
const FILES = { a: 'suites/protocol/a.test.ts', b: 'suites/protocol/b.test.ts' };
const line = (id: string, file: string, [status, message]: [Status, string?]): ResultLine => ({ id, rule: 'r', suite: 'protocol', file, status, message: message ?? null, durationMs: 10 });
const sentBy = (operation: string): SentLogData => ({
  operations: [{ origin: 'http://proxy', operation, requests: 1, cases: [''], samples: [], dropped: 0 }],
});

function fakeRunner(under: Record<string, Record<string, [Status, string?]>>, alteredBy: Record<string, number>) {
  const jobs: RunJob[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const runner: JobRunner = async (job) => {
    jobs.push(job);
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    await new Promise((r) => setTimeout(r, 5));
    inFlight--;
    const id = job.fault?.id.replace(/#.*/, '') ?? 'clean';
    const results = { 'protocol/a/pass': ['PASS'], 'protocol/a/failing': ['FAIL', got('ResourceNotFoundException')], 'protocol/b/pass': ['PASS'], ...under[id] } as Record<string, [Status, string?]>;
    const files = job.files ?? Object.values(FILES);
    return {
      results: Object.entries(results)
        .map(([caseId, r]) => line(caseId, caseId.startsWith('protocol/a/') ? FILES.a : FILES.b, r))
        .filter((r) => files.includes(r.file!)),
      shapes: new Map(),
      sent: new Map([
        [FILES.a, sentBy('ListStreams')],
        [FILES.b, sentBy('CreateStream')],
      ]),
      applied: job.fault ? 5 : 0,
      altered: job.fault ? (alteredBy[job.fault.id] ?? 0) : 0,
      durationMs: 5,
    };
  };
  return { runner, jobs, maxInFlight: () => maxInFlight };
}

const spec = (id: string, kind: 'fault' | 'benign' = 'fault', appliesTo: FaultSpec['appliesTo'] = '*'): FaultSpec => ({ id, description: id, kind, area: 'protocol', appliesTo, suites: [{ suite: 'protocol' }], transform: {} });

describe('runSelfCheck and its report', () => {
  it('scores status catches, observation-only catches, not-applicable faults, holes and benign noise apart', async () => {
    const { runner, jobs, maxInFlight } = fakeRunner(
      {
        'x.status': { 'protocol/a/pass': ['FAIL', 'broken'] },
        'x.observation': { 'protocol/a/failing': ['FAIL', got('HTTP 200 {}')] },
        'benign.noise': { 'protocol/a/failing': ['FAIL', got('InvalidArgumentException')] },
      },
      { 'x.status': 2, 'x.observation': 2, 'x.hole': 2, 'benign.noise': 1 },
    );
    const faults = [spec('x.status'), spec('x.observation'), spec('x.identity'), spec('x.hole'), spec('benign.noise', 'benign'), spec('x.unreached', 'fault', ['SplitShard'])];
    const result = await runSelfCheck(faults, runner, { cleanRuns: 2, concurrency: 2 });
    expect(result.outcomes.map((o) => [o.id, o.verdict])).toEqual([
      ['x.status', 'caught'],
      ['x.observation', 'caught-by-observation'],
      ['x.identity', 'not-applicable'],
      ['x.hole', 'hole'],
      ['benign.noise', 'observation-noise'],
      ['x.unreached', 'not-applicable'],
    ]);
    // Two clean runs side by side recording what files send, then one run per reached fault, never more than 2 at once.
    expect(jobs.filter((j) => !j.fault).map((j) => [j.recordSent, j.files])).toEqual([
      [true, undefined],
      [true, undefined],
    ]);
    expect(jobs.filter((j) => j.fault).map((j) => j.fault!.id).sort()).toEqual(['benign.noise', 'x.hole', 'x.identity', 'x.observation', 'x.status']);
    expect(maxInFlight()).toBe(2);
    expect(result.timing).toMatchObject({ runs: 5, skipped: 1, concurrency: 2 });
    const report = buildReport(result, { target: 't', implementation: null, startedAt: 'now', durationMs: 1000, seed: 1, command: 'c' });
    expect(report.score).toMatchObject({ caught: 2, caughtByObservation: 1, total: 3, notApplicable: 2, falseAlarms: 0, benign: 1, observationNoise: 1 });
    expect(report.holes).toEqual(['x.hole']);
    expect(report.notApplicable).toEqual(['x.identity', 'x.unreached']);
    expect(exitCodeOf(report)).toBe(1);
    expect(scoreLine(report)).toMatch(/caught 2\/3 faults \(1 by a status change, 1 only by what a failing case observed\), 2 not applicable/);
    expect(result.outcomes.map(verdictText)).toEqual([
      'caught by 1 cases',
      'caught only by what 1 failing cases observed',
      'not applicable: altered none of 5 exchanges',
      'HOLE (altered 2 of 5 exchanges)',
      'no status change (1 failing cases observed differently)',
      'not applicable: no case of its selections sends a request it applies to (not run)',
    ]);
    // Per case: what it caught, and the cases that caught nothing.
    expect(report.power.catching).toEqual([
      { id: 'protocol/a/failing', file: FILES.a, faults: ['x.observation'] },
      { id: 'protocol/a/pass', file: FILES.a, faults: ['x.status'] },
    ]);
    expect(report.power.catchingNothing).toEqual([{ id: 'protocol/b/pass', file: FILES.b }]);
    const md = toMarkdown(report);
    expect(md).toMatch(/## Holes[\s\S]*x\.hole[\s\S]*## Not applicable[\s\S]*x\.identity[\s\S]*x\.unreached\*\*: x\.unreached\. No case of `protocol` sends a request it applies to \(known from the clean run: not run\)/);
    expect(md).toMatch(/## Cases and the faults they catch[\s\S]*`protocol\/a\/pass` \| 1 \| x\.status[\s\S]*### Cases that catch no fault\n\n- `suites\/protocol\/b\.test\.ts` \(1\): `protocol\/b\/pass`/);
  });

  it('runs a fault only on the files it reaches, and --compare-full reruns every file and checks the verdicts agree', async () => {
    const { runner, jobs } = fakeRunner({ 'x.list': { 'protocol/a/pass': ['FAIL', 'broken'] } }, { 'x.list': 1 });
    const result = await runSelfCheck([spec('x.list', 'fault', ['ListStreams'])], runner, { compareFull: true });
    const runs = jobs.filter((j) => j.fault).map((j) => [j.label, j.files]);
    expect(runs).toContainEqual(['x.list', [FILES.a]]);
    expect(runs).toContainEqual(['x.list#full', [FILES.a, FILES.b]]);
    const outcome = result.outcomes[0]!;
    expect(outcome).toMatchObject({ verdict: 'caught', files: [FILES.a], full: { verdict: 'caught', files: [FILES.a, FILES.b], statusChanges: ['protocol/a/pass'] } });
    const report = buildReport(result, { target: 't', implementation: null, startedAt: 'now', durationMs: 1000, seed: 1, command: 'c' });
    expect(report.compareFull).toMatchObject({ faults: 1, agree: 1, disagreements: [] });
    expect(exitCodeOf(report)).toBe(0);
    expect(compareFullLine(report)).toMatch(/^selective runs vs full reruns: 1\/1 verdicts agree/);
  });

  it('--compare-full: a verdict agrees when the judgement does, another shade of it is listed apart', () => {
    const outcome = (id: string, kind: 'fault' | 'benign', verdict: Verdict, full: Verdict): FaultOutcome => ({
      id, kind, area: 'protocol', description: id, suites: [], files: [], reach: [], applied: 1, altered: 1, changes: [], detected: false, verdict, durationMs: 1,
      full: { files: [], verdict: full, applied: 1, altered: 1, statusChanges: [], durationMs: 2 },
    });
    const result = {
      clean: [], cases: [], timing: { cleanMs: 0, faultsMs: 0, fullRerunsMs: 0, concurrency: 1, runs: 0, skipped: 0 },
      outcomes: [outcome('a', 'fault', 'caught', 'caught-by-observation'), outcome('b', 'benign', 'no-change', 'deviation-removed'), outcome('c', 'fault', 'caught', 'hole'), outcome('d', 'benign', 'no-change', 'false-alarm')],
    };
    const report = buildReport(result, { target: 't', implementation: null, startedAt: 'now', durationMs: 1000, seed: 1, command: 'c' });
    expect(report.compareFull).toMatchObject({ faults: 4, agree: 2, disagreements: [{ id: 'c' }, { id: 'd' }], shades: [{ id: 'a' }, { id: 'b' }] });
    expect(exitCodeOf(report)).toBe(1);
  });

  it('fails loudly when a selection matches no case of the clean run, before any fault runs', async () => {
    const { runner, jobs } = fakeRunner({}, {});
    const renamed: FaultSpec = { ...spec('x.renamed'), suites: [{ suite: 'protocol', grep: 'protocol/renamed/' }] };
    await expect(runSelfCheck([spec('x.ok'), renamed], runner)).rejects.toThrow(SelectionError);
    await expect(runSelfCheck([renamed], runner)).rejects.toMatchObject({ problems: ["x.renamed: { suite: 'protocol', grep: 'protocol/renamed/' } matches no case of the clean run"] });
    expect(jobs.every((j) => j.fault === null)).toBe(true);
  });
});
