import { AssertionError } from 'node:assert';
import { describe, expect, it } from 'vitest';
import { statusOfFailure } from '../results/classify.ts';
import { TransportError } from '../transport/errors.ts';
import type { Exchange } from '../transport/exchange.ts';
import { fail } from './expect.ts';

// Lives beside the checks because `fail()` and the status it must produce belong together.
const exchange: Exchange = {
  operation: 'ListStreams',
  request: { method: 'POST', url: 'http://127.0.0.1/', headers: {}, body: '{}', bodyEncoding: 'utf8', signed: false },
  startedAt: new Date(0).toISOString(),
  durationMs: 0,
};

function thrownBy(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('nothing thrown');
}

describe('statusOfFailure', () => {
  it('a broken expectation is FAIL', () => {
    expect(statusOfFailure([thrownBy(() => fail('expected 400'))])).toBe('FAIL');
    expect(statusOfFailure([new AssertionError({ message: 'x' })])).toBe('FAIL');
    expect(statusOfFailure([thrownBy(() => expect(1).toBe(2))])).toBe('FAIL');
  });

  it('a request or state that never came within its bound is TIMEOUT', () => {
    expect(statusOfFailure([new TransportError('timeout', 'no answer', exchange)])).toBe('TIMEOUT');
    expect(statusOfFailure([{ name: 'StateTimeoutError', message: 'stream never ACTIVE' }])).toBe('TIMEOUT');
    expect(statusOfFailure([{ name: 'Error', message: 'Test timed out in 5000ms.' }])).toBe('TIMEOUT');
  });

  it('no answer, a fixture failure or a bug in the case is ERROR, never PASS', () => {
    expect(statusOfFailure([new TransportError('connect', 'refused', exchange)])).toBe('ERROR');
    expect(statusOfFailure([new TransportError('protocol', 'bad', exchange)])).toBe('ERROR');
    expect(statusOfFailure([{ name: 'FixtureError', message: 'CreateStream failed' }])).toBe('ERROR');
    expect(statusOfFailure([new TypeError('x is undefined')])).toBe('ERROR');
    expect(statusOfFailure([{}])).toBe('ERROR');
    expect(statusOfFailure([])).toBe('ERROR');
  });

  it('the first error decides', () => {
    expect(statusOfFailure([new TypeError('x'), new AssertionError({ message: 'y' })])).toBe('ERROR');
    expect(statusOfFailure([new AssertionError({ message: 'y' }), new TypeError('x')])).toBe('FAIL');
  });

  it('a timeout message that merely mentions timing out is not TIMEOUT', () => {
    expect(statusOfFailure([{ name: 'Error', message: 'the server said: Test timed out in 5000ms' }])).toBe('ERROR');
  });
});
