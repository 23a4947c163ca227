import { describe, expect, it } from 'vitest';
import { routedFor, type RunContext } from './run-context.ts';

const run = {
  runId: 'r',
  resourcePrefix: 'kc',
  seed: 1,
  target: { endpoint: 'http://127.0.0.1:1/', http2Endpoint: 'https://127.0.0.1:2/', http2Certificate: 'PEM' },
  requestTimeoutMs: 1,
} as unknown as RunContext;

describe('routedFor', () => {
  it('leaves a run without routes as it is', () => {
    expect(routedFor(run, 'suites/a/x.test.ts')).toBe(run);
  });

  it("sends a file's requests to its own endpoints (plain HTTP/2 to a proxy: no certificate)", () => {
    const routed = { ...run, routes: { 'suites/a/x.test.ts': { endpoint: 'http://127.0.0.1:7/', http2Endpoint: 'http://127.0.0.1:8/' } } };
    expect(routedFor(routed, 'suites/a/x.test.ts').target).toMatchObject({ endpoint: 'http://127.0.0.1:7/', http2Endpoint: 'http://127.0.0.1:8/', http2Certificate: undefined });
    // A file the routes do not name never falls back to the target: it would run without its fault.
    expect(() => routedFor(routed, 'suites/a/y.test.ts')).toThrow(/no route for suites\/a\/y\.test\.ts/);
  });
});
