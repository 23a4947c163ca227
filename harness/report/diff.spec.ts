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

  it('finds nothing between a run and itself', () => {
    const run = makeRun([result('s/a', 'PASS'), result('s/b', 'FAIL')]);
    expect(Object.values(diffRuns(run, run)).flat()).toEqual([]);
  });
});
