import { totalsOf, type CaseResult, type RunResults, type Status } from '../results/model.ts';

/** Text a hostile target could put in an error message: markup, script, CDATA end, control characters. */
export const HOSTILE = `</script><img src=x onerror="window.__pwned=1"> ]]> & ]]> <![CDATA[ 'q' | *b* [l](javascript:x) \u0000\u001b[31m`;

let clock = 0;

/** A result as the reporter would write it; only what a test cares about needs saying. */
export function result(id: string, status: Status, extra: Partial<CaseResult> = {}): CaseResult {
  const failing = status === 'FAIL' || status === 'ERROR' || status === 'TIMEOUT';
  return {
    id,
    operation: 'DescribeStreamSummary',
    member: null,
    rule: 'rule.for.' + id.split('/').pop(),
    status,
    message: status === 'PASS' ? null : `${status.toLowerCase()} message of ${id}`,
    durationMs: 10 + (clock++ % 7),
    suite: id.split('/')[0] ?? 'suite',
    ref: `Kinesis API Reference, ${id}`,
    expectation: `expectation of ${id}`,
    file: `suites/${id.split('/')[0]}/x.test.ts`,
    ...(failing
      ? {
          curl: [`curl -sS -i -X POST 'http://127.0.0.1:1/' --data-binary '{"StreamName":"${id}"}'`],
          exchanges: [
            {
              operation: 'DescribeStreamSummary',
              request: {
                method: 'POST',
                url: 'http://127.0.0.1:1/',
                headers: { 'x-amz-target': 'Kinesis_20131202.DescribeStreamSummary', authorization: 'AWS4-HMAC-SHA256 Signature=<redacted>' },
                body: `{"StreamName":"${id}"}`,
                bodyEncoding: 'utf8' as const,
                signed: true,
              },
              response: { status: 400, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: '{"__type":"ResourceNotFoundException"}', bodyEncoding: 'utf8' as const },
              startedAt: '2026-01-01T00:00:00.000Z',
              durationMs: 3,
            },
          ],
        }
      : {}),
    ...extra,
    rules: extra.rules ?? [],
  };
}

/** A whole run around the given results, judged against no baseline. */
export function makeRun(results: CaseResult[], target = 'kinesis-mock', runId = 'run1'): RunResults {
  const sorted = [...results].sort((a, b) => a.id.localeCompare(b.id));
  return {
    runInfo: {
      target,
      endpoint: 'http://127.0.0.1:1/',
      implementation: `${target} 1.0`,
      suiteVersion: '0.1.0',
      startedAt: '2026-01-01T00:00:00.000Z',
      durationMs: 1234,
      seed: 42,
      runId,
      suites: [...new Set(sorted.map((r) => r.suite))],
      grep: null,
      nodeVersion: 'v20.0.0',
    },
    totals: totalsOf(sorted),
    judgement: {
      baseline: null,
      unexpected: sorted.filter((r) => r.status !== 'PASS' && r.status !== 'SKIP').map((r) => ({ id: r.id, expected: 'PASS' as Status, actual: r.status })),
      missing: [],
    },
    results: sorted,
    target: {
      name: target === 'kinesalite' ? 'kinesalite' : 'kinesis-mock',
      endpoint: 'http://127.0.0.1:1/',
      region: 'us-east-1',
      implementation: `${target} 1.0`,
      embedded: true,
      isAws: false,
      bounds: { stateTimeoutMs: 1000, pollIntervalMs: 10, maxPollIntervalMs: 100 },
    },
  };
}

/**
 * The standard fixture: two suites, two operations, every status, one hostile failure, a timeline.
 * Totals: PASS 3, FAIL 2, ERROR 1, TIMEOUT 1, SKIP 1 (8 results).
 * Rules cited (specs/rules.json): CS-01 by a-pass and b-pass (all PASS), CS-03 by c-pass and d-fail (one FAIL),
 * EN-10 (aws-only) by the SKIP; the hostile failure cites an id the catalogue lacks. CS-02 is cited by none.
 */
export function sampleRun(): RunResults {
  const run = makeRun([
    result('smoke/a-pass', 'PASS', { operation: 'CreateStream', rules: ['CS-01'] }),
    result('smoke/b-pass', 'PASS', { rules: ['CS-01'] }),
    result('errors/c-pass', 'PASS', { rules: ['CS-03'] }),
    result('errors/d-fail', 'FAIL', { member: 'StreamName', rules: ['CS-03'] }),
    result('errors/e-hostile', 'FAIL', { message: HOSTILE, ref: HOSTILE, rule: `rule ${HOSTILE}`, rules: [HOSTILE] }),
    result('errors/f-error', 'ERROR', { operation: 'CreateStream' }),
    result('smoke/g-timeout', 'TIMEOUT', {
      operation: 'CreateStream',
      timeline: [
        { atMs: 5, state: 'CREATING' },
        { atMs: 1500, state: 'CREATING', detail: { EncryptionType: 'NONE' } },
      ],
    }),
    result('smoke/h-skip', 'SKIP', { message: 'needs --allow-expensive', rules: ['EN-10'] }),
  ]);
  run.footprint = { streamsCreated: 3, shardSeconds: 12.4, callsPerOperation: { CreateStream: 3, DescribeStreamSummary: 9 }, encryptionCallsPerStream: {}, kmsKeysCreated: 0 };
  return run;
}
