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
      result('s/same', 'FAIL', { message: 'another stream name' }),
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

  it('finds nothing between a run and itself', () => {
    const run = makeRun([result('s/a', 'PASS'), result('s/b', 'FAIL')]);
    expect(Object.values(diffRuns(run, run)).flat()).toEqual([]);
  });
});
