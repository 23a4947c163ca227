import { strictEqual } from 'node:assert';
import { expect, test } from 'vitest';
import { fail } from '../checks/expect.ts';
import { ConfigError, FixtureError, InconclusiveError, StateTimeoutError, TransportError } from '../errors.ts';
import type { Exchange } from '../transport/exchange.ts';

// Run by classify.spec.ts through vitest itself: each case throws one kind of error across the
// worker boundary, as a conformance case would. Not a suite: nothing includes *.fixture.ts.
const exchange: Exchange = {
  operation: 'ListStreams',
  request: { method: 'POST', url: 'http://127.0.0.1/', headers: {}, body: '{}', bodyEncoding: 'utf8', signed: false },
  startedAt: new Date(0).toISOString(),
  durationMs: 0,
};

test('fail', () => fail('expected HTTP 400', 200, 400));
test('node-assert', () => strictEqual(1, 2));
test('vitest-expect', () => expect(1).toBe(2));
test('request-timeout', () => {
  throw new TransportError('timeout', 'no answer in 10 ms', exchange);
});
test('state-timeout', () => {
  throw new StateTimeoutError('stream never ACTIVE');
});
test('test-timeout', () => new Promise((r) => setTimeout(r, 2_000)), 20);
test('transport', () => {
  throw new TransportError('connect', 'ECONNREFUSED', exchange);
});
test('fixture', () => {
  throw new FixtureError('fixture CreateStream failed');
});
test('config', () => {
  throw new ConfigError('bad flag');
});
test('inconclusive', () => {
  throw new InconclusiveError('the UPDATING phase ended before the probe');
});
test('bug', () => {
  (undefined as unknown as { x: () => void }).x();
});
