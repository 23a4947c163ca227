import { describe, expect, it } from 'vitest';
import type { Status } from '../results/model.ts';
import type { FaultSpec } from './catalogue.ts';
import { compare, runSelfCheck, unstableIds, verdictOf, type SuiteRunner } from './engine.ts';
import type { ActiveFault, FaultProxy } from './proxy.ts';
import { buildReport, exitCodeOf, scoreLine, toMarkdown, verdictText } from './report.ts';

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
    expect(verdictOf('fault', 0, 0, [])).toBe('hole');
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

/** A proxy stand-in: the fault's id decides how many exchanges it "altered". */
function fakeProxy(alteredBy: Record<string, number>): FaultProxy {
  let active: ActiveFault | null = null;
  return {
    url: 'http://127.0.0.1:1/',
    setFault: (f) => (active = f),
    get applied() {
      return active ? 5 : 0;
    },
    get altered() {
      return active ? (alteredBy[active.id] ?? 0) : 0;
    },
    stop: async () => {},
  };
}

const spec = (id: string, kind: 'fault' | 'benign' = 'fault'): FaultSpec => ({ id, description: id, kind, area: 'protocol', appliesTo: '*', suites: [{ suite: 'protocol' }], transform: {} });

describe('runSelfCheck and its report', () => {
  it('scores status catches, observation-only catches, not-applicable faults, holes and benign noise apart', async () => {
    const clean = run({ pass: ['PASS'], failing: ['FAIL', got('ResourceNotFoundException')] });
    const under: Record<string, Run> = {
      'x.status': run({ pass: ['FAIL', 'broken'], failing: ['FAIL', got('ResourceNotFoundException')] }),
      'x.observation': run({ pass: ['PASS'], failing: ['FAIL', got('HTTP 200 {}')] }),
      'x.identity': clean,
      'x.hole': clean,
      'benign.noise': run({ pass: ['PASS'], failing: ['FAIL', got('InvalidArgumentException')] }),
    };
    const runner: SuiteRunner = async (_selection, label) => under[label.split('/')[0]!] ?? clean;
    const proxy = fakeProxy({ 'x.status': 2, 'x.observation': 2, 'x.hole': 2, 'benign.noise': 1 });
    const result = await runSelfCheck([spec('x.status'), spec('x.observation'), spec('x.identity'), spec('x.hole'), spec('benign.noise', 'benign')], proxy, runner, {}, 2);
    expect(result.outcomes.map((o) => [o.id, o.verdict])).toEqual([
      ['x.status', 'caught'],
      ['x.observation', 'caught-by-observation'],
      ['x.identity', 'not-applicable'],
      ['x.hole', 'hole'],
      ['benign.noise', 'observation-noise'],
    ]);
    const report = buildReport(result, { target: 't', implementation: null, startedAt: 'now', durationMs: 1000, seed: 1, command: 'c' });
    expect(report.score).toMatchObject({ caught: 2, caughtByObservation: 1, total: 3, notApplicable: 1, falseAlarms: 0, benign: 1, observationNoise: 1 });
    expect(report.holes).toEqual(['x.hole']);
    expect(report.notApplicable).toEqual(['x.identity']);
    expect(exitCodeOf(report)).toBe(1);
    expect(scoreLine(report)).toMatch(/caught 2\/3 faults \(1 by a status change, 1 only by what a failing case observed\), 1 not applicable/);
    expect(result.outcomes.map(verdictText)).toEqual([
      'caught by 1 cases',
      'caught only by what 1 failing cases observed',
      'not applicable: altered none of 5 exchanges',
      'HOLE (altered 2 of 5 exchanges)',
      'no status change (1 failing cases observed differently)',
    ]);
    expect(toMarkdown(report)).toMatch(/## Holes[\s\S]*x\.hole[\s\S]*## Not applicable[\s\S]*x\.identity/);
  });
});
