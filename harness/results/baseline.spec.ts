import { describe, expect, it } from 'vitest';
import { baselineFrom, judge, stableReason, type Baseline } from './baseline.ts';
import type { CaseResult, Status } from './model.ts';

const result = (id: string, status: Status, message: string | null = null): CaseResult => ({
  id,
  operation: null,
  member: null,
  rule: 'r',
  status,
  message,
  durationMs: 1,
  suite: id.split('/')[0]!,
  ref: null,
  rules: [],
});

const previous: Baseline = {
  target: 't',
  implementation: null,
  note: 'kept',
  expectations: { 'a/1': { status: 'FAIL', reason: 'old reason', link: 'https://example.invalid/1' }, 'b/1': { status: 'FAIL', reason: 'other suite' } },
};

describe('baselines', () => {
  it('judges both directions', () => {
    const j = judge([result('a/1', 'PASS'), result('b/1', 'FAIL'), result('c/1', 'FAIL')], previous, 'f.json', true);
    expect(j.unexpected).toEqual([
      { id: 'a/1', expected: 'FAIL', actual: 'PASS' },
      { id: 'c/1', expected: 'PASS', actual: 'FAIL' },
    ]);
    expect(j.missing).toEqual([]);
  });

  it('a complete run rewrites the baseline from what it observed, keeping reasons and links of unchanged entries', () => {
    const b = baselineFrom([result('a/1', 'FAIL', 'new text'), result('c/1', 'ERROR', 'boom')], 't', null, previous, true);
    expect(b).toEqual({ target: 't', implementation: null, note: 'kept', expectations: { 'a/1': previous.expectations['a/1'], 'c/1': { status: 'ERROR', reason: 'boom' } } });
  });

  it('a partial run only rewrites the cases it ran', () => {
    const b = baselineFrom([result('a/1', 'PASS')], 't', null, previous, false);
    expect(b.expectations).toEqual({ 'b/1': previous.expectations['b/1'] });
  });

  it('reasons do not carry run-specific names', () => {
    expect(stableReason('Stream kc-mwr82k8gqiq7-absent-irwot under account 123456789012 not found')).toBe('Stream <run-stream> under account <account> not found');
  });
});

describe('intermittent baseline entries', () => {
  const result = (status: 'PASS' | 'FAIL') => ({ id: 'a/b', operation: null, member: null, rule: 'r', rules: [], status, message: status === 'FAIL' ? 'x' : null, durationMs: 0, suite: 'a', ref: null });
  const baseline = { target: 't', implementation: null, expectations: { 'a/b': { status: 'FAIL' as const, also: ['PASS' as const], reason: 'the target deletes the stream later, or not at all' } } };
  it('accepts any recorded status and nothing else', () => {
    expect(judge([result('PASS')], baseline, null, true).unexpected).toEqual([]);
    expect(judge([result('FAIL')], baseline, null, true).unexpected).toEqual([]);
    expect(judge([{ ...result('FAIL'), status: 'ERROR' }], baseline, null, true).unexpected).toHaveLength(1);
  });
  it('is kept by --update-baseline while the run shows one of its statuses', () => {
    expect(baselineFrom([result('PASS')], 't', null, baseline).expectations['a/b']).toEqual(baseline.expectations['a/b']);
  });
});
