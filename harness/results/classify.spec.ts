import { AssertionError as NodeAssertionError } from 'node:assert';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Reporter, TestCase } from 'vitest/node';
import { fail } from '../checks/expect.ts';
import { AssertionError, ConfigError, FixtureError, InconclusiveError, StateTimeoutError, TransportError, type ErrorLike } from '../errors.ts';
import { PACKAGE_ROOT } from '../paths.ts';
import type { Exchange } from '../transport/exchange.ts';
import { isInconclusiveMessage, statusOfFailure } from './classify.ts';

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
  it('a broken expectation is FAIL: fail(), node:assert, vitest expect', () => {
    expect(statusOfFailure([thrownBy(() => fail('expected 400'))])).toBe('FAIL');
    expect(statusOfFailure([new AssertionError('x')])).toBe('FAIL');
    expect(statusOfFailure([new NodeAssertionError({ message: 'x' })])).toBe('FAIL');
    expect(statusOfFailure([thrownBy(() => expect(1).toBe(2))])).toBe('FAIL');
  });

  it('a request or state that never came within its bound is TIMEOUT', () => {
    expect(statusOfFailure([new TransportError('timeout', 'no answer', exchange)])).toBe('TIMEOUT');
    expect(statusOfFailure([new StateTimeoutError('stream never ACTIVE')])).toBe('TIMEOUT');
    expect(statusOfFailure([{ name: 'Error', message: 'Test timed out in 5000ms.' }])).toBe('TIMEOUT');
  });

  it('no answer, a fixture failure, an inconclusive case or a bug in the case is ERROR, never PASS', () => {
    expect(statusOfFailure([new TransportError('connect', 'refused', exchange)])).toBe('ERROR');
    expect(statusOfFailure([new TransportError('protocol', 'bad', exchange)])).toBe('ERROR');
    expect(statusOfFailure([new FixtureError('CreateStream failed')])).toBe('ERROR');
    expect(statusOfFailure([new ConfigError('bad flag')])).toBe('ERROR');
    expect(statusOfFailure([new InconclusiveError('phase too short')])).toBe('ERROR');
    expect(statusOfFailure([new TypeError('x is undefined')])).toBe('ERROR');
    expect(statusOfFailure([{}])).toBe('ERROR');
    expect(statusOfFailure([])).toBe('ERROR');
  });

  it('goes by code, not by name: only assertion failures keep a name fallback (chai has no code)', () => {
    expect(statusOfFailure([{ name: 'StateTimeoutError', message: 'no code' }])).toBe('ERROR');
    expect(statusOfFailure([{ name: 'Error', message: 'renamed', code: 'STATE_TIMEOUT' }])).toBe('TIMEOUT');
    expect(statusOfFailure([{ name: 'AssertionError', message: 'chai' }])).toBe('FAIL');
  });

  it('the first error decides', () => {
    expect(statusOfFailure([new TypeError('x'), new AssertionError('y')])).toBe('ERROR');
    expect(statusOfFailure([new AssertionError('y'), new TypeError('x')])).toBe('FAIL');
  });

  it('a timeout message that merely mentions timing out is not TIMEOUT', () => {
    expect(statusOfFailure([{ name: 'Error', message: 'the server said: Test timed out in 5000ms' }])).toBe('ERROR');
  });
});

describe('InconclusiveError', () => {
  it('always carries the "inconclusive: " prefix, once', () => {
    expect(new InconclusiveError('phase too short').message).toBe('inconclusive: phase too short');
    expect(new InconclusiveError('inconclusive: phase too short').message).toBe('inconclusive: phase too short');
    expect(isInconclusiveMessage(new InconclusiveError('x').message)).toBe(true);
    expect(isInconclusiveMessage('fixture CreateStream failed')).toBe(false);
    expect(isInconclusiveMessage(null)).toBe(false);
  });
});

/** Runs classify.fixture.ts through vitest and keeps what the reporter gets: errors after the worker boundary. */
async function errorsAcrossTheWorkerBoundary(): Promise<Map<string, readonly ErrorLike[]>> {
  const seen = new Map<string, readonly ErrorLike[]>();
  const collector: Reporter = {
    onTestCaseResult(test: TestCase) {
      seen.set(test.name, test.result().errors ?? []);
    },
  };
  const { createVitest } = await import('vitest/node');
  const vitest = await createVitest(
    'test',
    { root: PACKAGE_ROOT, config: false, watch: false, include: ['harness/results/classify.fixture.ts'], reporters: [collector], maxWorkers: 1 },
    { logLevel: 'silent' },
  );
  try {
    await vitest.start([]);
  } finally {
    await vitest.close();
  }
  return seen;
}

describe('statusOfFailure of errors as the reporter receives them', () => {
  let seen: Map<string, readonly ErrorLike[]>;
  beforeAll(async () => {
    seen = await errorsAcrossTheWorkerBoundary();
  });

  const cases: Array<[string, string, unknown]> = [
    ['fail', 'FAIL', 'ASSERTION'],
    ['node-assert', 'FAIL', 'ERR_ASSERTION'],
    ['vitest-expect', 'FAIL', undefined],
    ['request-timeout', 'TIMEOUT', 'REQUEST_TIMEOUT'],
    ['state-timeout', 'TIMEOUT', 'STATE_TIMEOUT'],
    ['test-timeout', 'TIMEOUT', undefined],
    ['transport', 'ERROR', 'TRANSPORT'],
    ['fixture', 'ERROR', 'FIXTURE'],
    ['config', 'ERROR', 'CONFIG'],
    ['inconclusive', 'ERROR', 'INCONCLUSIVE'],
    ['bug', 'ERROR', undefined],
  ];
  it.each(cases)('%s is %s (code %s survives)', (name, status, code) => {
    const errors = seen.get(name);
    expect(errors, `no result for ${name}`).toBeDefined();
    expect(errors![0]?.code).toBe(code);
    expect(statusOfFailure(errors!)).toBe(status);
  });

  it('an inconclusive case keeps its message prefix, and names and messages survive', () => {
    expect(seen.get('inconclusive')?.[0]).toMatchObject({ name: 'InconclusiveError', message: 'inconclusive: the UPDATING phase ended before the probe' });
    expect(isInconclusiveMessage(seen.get('inconclusive')?.[0]?.message)).toBe(true);
    expect(seen.get('fail')?.[0]).toMatchObject({ name: 'AssertionError', message: 'expected HTTP 400' });
    expect(seen.get('request-timeout')?.[0]).toMatchObject({ name: 'RequestTimeoutError', kind: 'timeout' });
  });
});
