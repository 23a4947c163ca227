import { describe, expect, it } from 'vitest';
import type { Status } from '../results/model.ts';
import type { FaultSpec } from './catalogue.ts';
import type { SentLogData } from '../run/sent-log.ts';
import { compare, packUnits, runSelfCheck, SelectionError, unitKey, unstableIds, verdictOf, type FaultOutcome, type JobRunner, type ResultLine, type RunJob, type Verdict } from './engine.ts';
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

  it('leaves out a case inconclusive on either side: it judged nothing there', () => {
    const inconclusive = 'inconclusive: the UPDATING phase was too short to probe (3 attempts)';
    const clean = run({ a: ['PASS'], b: ['ERROR', inconclusive], c: ['PASS'] });
    const faulty = run({ a: ['ERROR', inconclusive], b: ['PASS'], c: ['ERROR', 'GetRecords timed out'] });
    expect(compare(clean, faulty).map((c) => c.id)).toEqual(['c']);
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
    const files = job.faults ? [...job.faults.keys()] : Object.values(FILES);
    // Each file's results as its own fault makes them (the clean run's where it has none).
    const resultsOf = (file: string) => {
      const id = job.faults?.get(file)?.id ?? 'clean';
      const all = { 'protocol/a/pass': ['PASS'], 'protocol/a/failing': ['FAIL', got('ResourceNotFoundException')], 'protocol/b/pass': ['PASS'], ...under[id] } as Record<string, [Status, string?]>;
      return Object.entries(all)
        .map(([caseId, r]) => line(caseId, caseId.startsWith('protocol/a/') ? FILES.a : FILES.b, r))
        .filter((r) => r.file === file);
    };
    const perFile = (value: (fault: FaultSpec) => number) => new Map(job.faults ? [...job.faults].map(([file, fault]) => [file, value(fault)]) : []);
    return {
      results: files.flatMap(resultsOf),
      shapes: new Map(),
      sent: new Map([
        [FILES.a, sentBy('ListStreams')],
        [FILES.b, sentBy('CreateStream')],
      ]),
      // Counted per file: a fault reaching two files applied to 10, as the report lines say.
      applied: perFile(() => 5),
      altered: perFile((fault) => alteredBy[fault.id] ?? 0),
      fileMs: new Map(files.map((f) => [f, 10])),
      durationMs: 5,
    };
  };
  return { runner, jobs, maxInFlight: () => maxInFlight };
}

const spec = (id: string, kind: 'fault' | 'benign' = 'fault', appliesTo: FaultSpec['appliesTo'] = '*'): FaultSpec => ({ id, description: id, kind, area: 'protocol', appliesTo, suites: [{ suite: 'protocol' }], transform: {} });

describe('packUnits', () => {
  const unit = (file: string, weight: number, at: number) => ({ file, weight, at });
  it('never puts a file twice into one run, holds the file cap, and needs no more runs than the most-reached file', () => {
    const units = [unit('x', 50, 0), unit('x', 40, 1), unit('x', 30, 2), unit('y', 20, 0), unit('z', 10, 1), unit('w', 5, 2), unit('v', 1, 2)];
    const packs = packUnits(units, 3);
    expect(packs).toHaveLength(3);
    for (const p of packs) {
      expect(new Set(p.map((u) => u.file)).size).toBe(p.length);
      expect(p.length).toBeLessThanOrEqual(3);
    }
    expect(packs.flat().sort((a, b) => b.weight - a.weight)).toEqual([...units].sort((a, b) => b.weight - a.weight));
    // Heaviest first into the lightest run: the three x runs get the lighter files in the order that evens them.
    expect(packs.map((p) => p.map((u) => u.weight))).toEqual([[50, 5], [40, 10, 1], [30, 20]]);
    // More units than the cap allows per run: as many runs as needed.
    expect(packUnits(['a', 'b', 'c', 'd', 'e'].map((f) => unit(f, 1, 0)), 2)).toHaveLength(3);
    expect(packUnits([], 4)).toEqual([]);
  });
});

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
    // Two clean runs side by side recording what files send; then each reached fault's two files,
    // packed into runs with no file twice in one, never more than 2 runs at once; the hole once more.
    expect(jobs.filter((j) => !j.faults).map((j) => [j.recordSent, j.suites])).toEqual([
      [true, ['protocol']],
      [true, ['protocol']],
    ]);
    const faultRuns = jobs.filter((j) => j.faults);
    expect(faultRuns.map((j) => [...j.faults!.keys()].sort())).toEqual(Array(6).fill([FILES.a, FILES.b]));
    const reached = ['benign.noise', 'x.hole', 'x.identity', 'x.observation', 'x.status'];
    expect(faultRuns.flatMap((j) => [...j.faults!.values()].map((f) => f.id)).sort()).toEqual([...reached, ...reached, 'x.hole', 'x.hole'].sort());
    expect(maxInFlight()).toBe(2);
    expect(result.timing).toMatchObject({ runs: 5, units: 10, skipped: 1, concurrency: 2 });
    const report = buildReport(result, { target: 't', implementation: null, startedAt: 'now', durationMs: 1000, seed: 1, command: 'c' });
    expect(report.score).toMatchObject({ caught: 2, caughtByObservation: 1, total: 3, notApplicable: 2, falseAlarms: 0, benign: 1, observationNoise: 1 });
    expect(report.holes).toEqual(['x.hole']);
    expect(report.notApplicable).toEqual(['x.identity', 'x.unreached']);
    expect(exitCodeOf(report)).toBe(1);
    expect(scoreLine(report)).toMatch(/caught 2\/3 faults \(1 by a status change, 1 only by what a failing case observed\), 2 not applicable/);
    expect(result.outcomes.map(verdictText)).toEqual([
      'caught by 1 cases',
      'caught only by what 1 failing cases observed',
      'not applicable: altered none of 10 exchanges',
      'HOLE (altered 4 of 10 exchanges)',
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
    // Selective: file a only (the one that sent ListStreams); full: a and b, in other runs than a's.
    const runs = jobs.filter((j) => j.faults).map((j) => [...j.faults!.keys()].sort());
    expect(runs.sort()).toEqual([[FILES.a], [FILES.a, FILES.b]]);
    const outcome = result.outcomes[0]!;
    expect(outcome).toMatchObject({ verdict: 'caught', files: [FILES.a], full: { verdict: 'caught', files: [FILES.a, FILES.b], statusChanges: ['protocol/a/pass'] } });
    const report = buildReport(result, { target: 't', implementation: null, startedAt: 'now', durationMs: 1000, seed: 1, command: 'c' });
    expect(report.compareFull).toMatchObject({ faults: 1, agree: 1, disagreements: [] });
    expect(exitCodeOf(report)).toBe(0);
    expect(compareFullLine(report)).toMatch(/^selective runs vs full reruns: 1\/1 verdicts agree/);
  });

  it('packs by the times of an earlier self-check where it has them, and returns this one\'s', async () => {
    const faults = [spec('p'), spec('q'), spec('r')];
    const order = async (knownUnitMs?: Map<string, number>) => {
      const { runner, jobs } = fakeRunner({}, { p: 1, q: 1, r: 1 });
      const result = await runSelfCheck(faults, runner, { concurrency: 1, filesPerRun: 1, ...(knownUnitMs ? { knownUnitMs } : {}) });
      return { result, first: jobs.filter((j) => j.faults).map((j) => [...j.faults!].map(([file, f]) => unitKey(f.id, file)).join())[0] };
    };
    // r on file a waited a minute last time (it withholds answers, say): its run goes first.
    expect((await order()).first).not.toBe(unitKey('r', FILES.a));
    const { result, first } = await order(new Map([[unitKey('r', FILES.a), 60_000]]));
    expect(first).toBe(unitKey('r', FILES.a));
    expect(result.unitMs.size).toBe(6);
    expect(result.unitMs.get(unitKey('p', FILES.b))).toBe(10);
  });

  it('--compare-full: a verdict agrees when the judgement does, another shade of it is listed apart', () => {
    const outcome = (id: string, kind: 'fault' | 'benign', verdict: Verdict, full: Verdict): FaultOutcome => ({
      id, kind, area: 'protocol', description: id, suites: [], files: [], reach: [], applied: 1, altered: 1, changes: [], detected: false, verdict, durationMs: 1,
      full: { files: [], verdict: full, applied: 1, altered: 1, statusChanges: [], durationMs: 2 },
    });
    const result = {
      clean: [], unitMs: new Map(), cases: [], timing: { cleanMs: 0, faultsMs: 0, fullRerunsMs: 0, concurrency: 1, runs: 0, units: 0, skipped: 0 },
      outcomes: [outcome('a', 'fault', 'caught', 'caught-by-observation'), outcome('b', 'benign', 'no-change', 'deviation-removed'), outcome('c', 'fault', 'caught', 'hole'), outcome('d', 'benign', 'no-change', 'false-alarm')],
    };
    const report = buildReport(result, { target: 't', implementation: null, startedAt: 'now', durationMs: 1000, seed: 1, command: 'c' });
    expect(report.compareFull).toMatchObject({ faults: 4, agree: 2, disagreements: [{ id: 'c' }, { id: 'd' }], shades: [{ id: 'a' }, { id: 'b' }] });
    expect(exitCodeOf(report)).toBe(1);
  });

  it('runs a hole or false alarm again on its own, and keeps the second verdict when it differs (the first was the machine)', async () => {
    const seen = new Map<string, number>();
    const { runner } = fakeRunner({}, { 'x.flaky': 1, 'x.steady': 1, 'benign.flaky': 1 });
    const flaky: JobRunner = async (job) => {
      const record = await runner(job);
      if (!job.faults) return record;
      // x.flaky is caught only on its second run, benign.flaky flagged only on its first; x.steady is always a hole.
      const results = record.results.map((r) => {
        const id = job.faults!.get(r.file!)?.id ?? '';
        const n = (seen.get(`${id} ${r.id}`) ?? 0) + 1;
        seen.set(`${id} ${r.id}`, n);
        if (id === 'x.flaky' && n === 2 && r.id === 'protocol/a/pass') return { ...r, status: 'FAIL' as const, message: 'broken' };
        if (id === 'benign.flaky' && n === 1 && r.id === 'protocol/a/pass') return { ...r, status: 'FAIL' as const, message: 'slow' };
        return r;
      });
      return { ...record, results };
    };
    const result = await runSelfCheck([spec('x.flaky'), spec('x.steady'), spec('benign.flaky', 'benign')], flaky);
    expect(result.outcomes.map((o) => [o.id, o.verdict, o.firstVerdict])).toEqual([
      ['x.flaky', 'caught', 'hole'],
      ['x.steady', 'hole', undefined],
      ['benign.flaky', 'no-change', 'false-alarm'],
    ]);
    const report = buildReport(result, { target: 't', implementation: null, startedAt: 'now', durationMs: 1000, seed: 1, command: 'c' });
    expect(report.holes).toEqual(['x.steady']);
    expect(report.falseAlarms).toEqual([]);
    expect(toMarkdown(report)).toMatch(/## Not confirmed[\s\S]*\*\*x\.flaky\*\*: first run hole, second run caught[\s\S]*\*\*benign\.flaky\*\*: first run false-alarm, second run no-change/);
  });

  it('does not call a fault a hole when a case of its files changed between the clean runs: unsteady, not judged', async () => {
    const { runner } = fakeRunner({}, { 'x.quiet': 1 });
    let cleanRuns = 0;
    const shaky: JobRunner = async (job) => {
      const record = await runner(job);
      if (job.faults || ++cleanRuns === 1) return record;
      return { ...record, results: record.results.map((r) => (r.id === 'protocol/b/pass' ? { ...r, status: 'FAIL' as const, message: 'slow' } : r)) };
    };
    const result = await runSelfCheck([spec('x.quiet')], shaky, { cleanRuns: 2 });
    expect(result.outcomes[0]).toMatchObject({ verdict: 'unsteady', unstable: ['protocol/b/pass'] });
    const report = buildReport(result, { target: 't', implementation: null, startedAt: 'now', durationMs: 1000, seed: 1, command: 'c' });
    expect(report.holes).toEqual([]);
    expect(report.score.unsteady).toBe(1);
    expect(scoreLine(report)).toMatch(/1 not judged \(their cases unstable or inconclusive\)/);
    expect(toMarkdown(report)).toMatch(/## Not judged: nothing changed[\s\S]*\*\*x\.quiet\*\*: x\.quiet\. Judged nothing: `protocol\/b\/pass`/);
  });

  it('does not call a fault a hole when the case that would catch it was inconclusive under it (both runs): unsteady', async () => {
    const { runner } = fakeRunner({}, { 'x.timing': 1 });
    const inconclusive: JobRunner = async (job) => {
      const record = await runner(job);
      if (!job.faults) return record;
      return { ...record, results: record.results.map((r) => (r.id === 'protocol/a/pass' ? { ...r, status: 'ERROR' as const, message: 'inconclusive: the CREATING phase was too short to probe' } : r)) };
    };
    const result = await runSelfCheck([spec('x.timing')], inconclusive);
    // Judged twice (the second run on its own), inconclusive both times: not judged, and not a hole.
    expect(result.outcomes[0]).toMatchObject({ verdict: 'unsteady', unstable: ['protocol/a/pass'] });
  });

  it('fails loudly when a selection matches no case of the clean run, before any fault runs', async () => {
    const { runner, jobs } = fakeRunner({}, {});
    const renamed: FaultSpec = { ...spec('x.renamed'), suites: [{ suite: 'protocol', grep: 'protocol/renamed/' }] };
    await expect(runSelfCheck([spec('x.ok'), renamed], runner)).rejects.toThrow(SelectionError);
    await expect(runSelfCheck([renamed], runner)).rejects.toMatchObject({ problems: ["x.renamed: { suite: 'protocol', grep: 'protocol/renamed/' } matches no case of the clean run"] });
    expect(jobs.every((j) => j.faults === undefined)).toBe(true);
  });
});
