import { describe, expect, it } from 'vitest';
import { describeResponse, errorBodyOf, resolveErrorType } from './aws-error.ts';

// awsJson1_1 error-type resolution: keep what follows the last '#', drop what follows the first ':'.
describe('resolveErrorType', () => {
  it.each([
    ['FooError', 'FooError'],
    ['aws.protocoltests#FooError', 'FooError'],
    ['aws.protocoltests#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/', 'FooError'],
    ['FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/', 'FooError'],
    ['com.amazon.coral.service#UnknownOperationException', 'UnknownOperationException'],
    ['com.amazon.coral.validate#ValidationException', 'ValidationException'],
    ['a#b#FooError', 'FooError'],
    ['', ''],
  ])('%j -> %j', (raw, type) => {
    expect(resolveErrorType(raw)).toBe(type);
  });
});

describe('errorBodyOf', () => {
  it('reads __type and message', () => {
    expect(errorBodyOf({ json: { __type: 'ResourceNotFoundException', message: 'm' }, headers: {} })).toEqual({
      rawType: 'ResourceNotFoundException',
      type: 'ResourceNotFoundException',
      message: 'm',
    });
  });

  it('reads Message as AWS spells it on SerializationException', () => {
    expect(errorBodyOf({ json: { __type: 'SerializationException', Message: 'M' }, headers: {} }).message).toBe('M');
  });

  it('falls back on the x-amzn-errortype header when the body has no __type', () => {
    expect(errorBodyOf({ json: undefined, headers: { 'x-amzn-errortype': 'FooError:http://x/' } })).toEqual({ rawType: 'FooError:http://x/', type: 'FooError', message: undefined });
  });

  it('gives no type for a body that is not an error', () => {
    expect(errorBodyOf({ json: [1], headers: {} }).type).toBeUndefined();
    expect(errorBodyOf({ json: { __type: 7 }, headers: {} }).type).toBeUndefined();
  });
});

describe('describeResponse', () => {
  it('shows status and body, and says when the body is empty', () => {
    expect(describeResponse({ status: 400, bodyText: '{"__type":"X"}' })).toBe('HTTP 400 {"__type":"X"}');
    expect(describeResponse({ status: 200, bodyText: '' })).toBe('HTTP 200 (empty body)');
  });

  it('keeps a pretty-printed body on the one line a failure is shown by', () => {
    expect(describeResponse({ status: 400, bodyText: '{\n  "__type" : "X",\r\n  "message" : "m"\n}' })).toBe('HTTP 400 { "__type" : "X", "message" : "m" }');
  });

  it('cuts long bodies', () => {
    expect(describeResponse({ status: 200, bodyText: 'x'.repeat(1000) }).length).toBeLessThan(420);
  });
});
