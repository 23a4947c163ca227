import { describe, expect, it } from 'vitest';
import { observationChange, observationOf, observedDifferently } from './observation.ts';

describe('observationOf', () => {
  it('keeps the "expected …, got …" part and masks what varies per run', () => {
    const message =
      'expected HTTP 400 ValidationException, got HTTP 400 {"__type":"ResourceNotFoundException","message":"Stream arn arn:aws:kinesis:us-east-1:000000000000:stream/kc-mwrenn1t64z3-absent-badwa not found"} | shrunk request body: {"Limit":0} | seed 653717542, path 0:0, 1 shrinks';
    expect(observationOf(message)).toBe(
      'expected HTTP 400 ValidationException, got HTTP 400 {"__type":"ResourceNotFoundException","message":"Stream arn arn:aws:kinesis:us-east-1:<account>:stream/<run-stream> not found"}',
    );
    expect(observationOf(null)).toBeNull();
    expect(observationOf('still UPDATING after 1500 ms (bound 1.5 s)')).toBe('still UPDATING after <duration> (bound <duration>)');
    expect(observationOf('18 of 18 successful answers depart from the output shape')).toBe(observationOf('17 of 17 successful answers depart from the output shape'));
  });

  it('compares JSON bodies by content: key order and layout do not count, a value does', () => {
    const compact = 'expected HTTP 400 ValidationException, got HTTP 400 {"__type":"InvalidArgumentException","message":"Limit must be between 1 and 10000"}';
    const reformatted = 'expected HTTP 400 ValidationException, got HTTP 400 {\n  "message": "Limit must be between 1 and 10000",\n  "__type": "InvalidArgumentException"\n}';
    expect(observedDifferently(compact, reformatted)).toBe(false);
    expect(observedDifferently(compact, compact.replace('InvalidArgumentException', 'ResourceNotFoundException'))).toBe(true);
    // A clipped body still compares by its text, layout aside.
    expect(observedDifferently('got {"a": [1, 2', 'got {"a":[1,2')).toBe(false);
  });

  it('tells a different answer from the same answer in another run', () => {
    const got = (type: string, run: string) => `expected ValidationException, got ${type} for kc-${run}-s1 | shrunk request body: {} | seed ${run.length}`;
    expect(observedDifferently(got('ResourceNotFoundException', 'aaaaaaaaaaaa'), got('ResourceNotFoundException', 'bbbbbbbbbbbb'))).toBe(false);
    expect(observedDifferently(got('ResourceNotFoundException', 'aaaaaaaaaaaa'), got('InvalidArgumentException', 'aaaaaaaaaaaa'))).toBe(true);
  });
});

describe('observationChange', () => {
  it('is null for the same observations in another run, and names the lines that changed', () => {
    const a = ['GetShardIterator on kc-mx57wzlrcd5c-bh-1: HTTP 200 {"ShardIterator":"AAAAAAAAAAGFOvhghC3CxggbZI1nlaYPbPGJQc6RweAs2z7lCC1g3P0i7Jp3YIRamZx"}', 'Content-Type: application/x-amz-json-1.1'];
    const b = ['GetShardIterator on kc-mx57xgc3p7y7-bh-2: HTTP 200 {"ShardIterator":"AAAAAAAAAAHzx1v9oP0c3XWbQm6yQz9ulb2Y8v1sQkq0R1lJ2yWq0Y2lQm1"}', 'Content-Type: application/x-amz-json-1.1'];
    expect(observationChange(a, b)).toBeNull();
    expect(observationChange(a, [b[0]!, 'Content-Type: application/json'])).toEqual({ removed: [a[1]], added: ['Content-Type: application/json'] });
    expect(observationChange([], undefined)).toBeNull();
    expect(observationChange(['x'], [])).toEqual({ removed: ['x'], added: [] });
  });

  it("leaves out the harness's notes about its own retries", () => {
    expect(observationChange(['case run 2 times: a transient state ended too soon to probe'], [])).toBeNull();
  });
});
