import { describe, expect, it } from 'vitest';
import { diffRuns } from './diff.ts';
import { makeRun, result } from './test-fixtures.ts';

describe('diffRuns', () => {
  it('sorts every change of status into new failures, fixes, other changes, added and removed', () => {
    const before = makeRun([
      result('s/broke', 'PASS'),
      result('s/broke-too', 'SKIP'),
      result('s/fixed', 'FAIL'),
      result('s/fixed-too', 'TIMEOUT'),
      result('s/worse', 'FAIL'),
      result('s/skipped-now', 'PASS'),
      result('s/same', 'FAIL'),
      result('s/gone', 'PASS'),
    ]);
    const after = makeRun([
      result('s/broke', 'FAIL'),
      result('s/broke-too', 'ERROR'),
      result('s/fixed', 'PASS'),
      result('s/fixed-too', 'PASS'),
      result('s/worse', 'ERROR'),
      result('s/skipped-now', 'SKIP'),
      result('s/same', 'FAIL', { message: 'fail message of s/same' }),
      result('s/new', 'FAIL'),
    ]);
    const diff = diffRuns(before, after);
    const ids = (list: typeof diff.added) => list.map((c) => c.id);
    expect(ids(diff.newFailures)).toEqual(['s/broke', 's/broke-too']);
    expect(ids(diff.fixes)).toEqual(['s/fixed', 's/fixed-too']);
    expect(ids(diff.otherChanges)).toEqual(['s/skipped-now', 's/worse']);
    expect(ids(diff.added)).toEqual(['s/new']);
    expect(ids(diff.removed)).toEqual(['s/gone']);
  });

  it('lists a case failing in both runs whose observation changed, ignoring run names, seeds and durations', () => {
    const got = (answer: string, run: string, seed: number, ms: number) =>
      `expected HTTP 400 ValidationException, got HTTP 400 ${answer} for kc-${run}-absent-x after ${ms} ms | shrunk request body: {"Limit":0} | seed ${seed}, path 0`;
    const before = makeRun([
      result('s/same-answer', 'FAIL', { message: got('ResourceNotFoundException', 'aaaaaaaaaaaa', 1, 12) }),
      result('s/other-answer', 'FAIL', { message: got('ResourceNotFoundException', 'aaaaaaaaaaaa', 1, 12) }),
      result('s/pass', 'PASS'),
    ]);
    const after = makeRun([
      result('s/same-answer', 'FAIL', { message: got('ResourceNotFoundException', 'bbbbbbbbbbbb', 2, 40) }),
      result('s/other-answer', 'FAIL', { message: got('InvalidArgumentException', 'bbbbbbbbbbbb', 2, 40) }),
      result('s/pass', 'PASS'),
    ]);
    const diff = diffRuns(before, after);
    expect(diff.failingDifferently.map((c) => c.id)).toEqual(['s/other-answer']);
    expect([...diff.newFailures, ...diff.fixes, ...diff.otherChanges]).toEqual([]);
  });

  it('lists changed observations of cases whose status stayed, once, and leaves out what only the run changed', () => {
    const header = (v: string) => [`x-amzn-RequestId ${v === 'a' ? '4a1f2c3d-1111-2222-3333-444455556666' : '9b1f2c3d-1111-2222-3333-444455556666'}`, `Content-Type ${v === 'a' ? 'application/x-amz-json-1.1' : 'application/json'}`];
    const before = makeRun([result('s/same', 'PASS', { observations: header('a') }), result('s/changed', 'PASS', { observations: header('a') }), result('s/broke', 'PASS', { observations: ['x'] })]);
    const after = makeRun([result('s/same', 'PASS', { observations: [`x-amzn-RequestId 9b1f2c3d-1111-2222-3333-444455556666`, 'Content-Type application/x-amz-json-1.1'] }), result('s/changed', 'PASS', { observations: header('b') }), result('s/broke', 'FAIL', { observations: [] })]);
    const diff = diffRuns(before, after);
    expect(diff.observationsChanged.map(({ id, removed, added }) => ({ id, removed, added }))).toEqual([
      { id: 's/changed', removed: ['Content-Type application/x-amz-json-1.1'], added: ['Content-Type application/json'] },
    ]);
    expect(diff.newFailures.map((c) => c.id)).toEqual(['s/broke']);
  });

  it('finds nothing between a run and itself', () => {
    const run = makeRun([result('s/a', 'PASS'), result('s/b', 'FAIL')]);
    expect(Object.values(diffRuns(run, run)).flat()).toEqual([]);
  });
});
