import { describe, expect, it } from 'vitest';
import type { Exchange } from '../transport/exchange.ts';
import { SAMPLES_PER_OPERATION, SentLog } from './sent-log.ts';

function exchange(operation: string | null, body: string, extra: { url?: string; date?: string; bodyBytes?: number } = {}): Exchange {
  const headers: Record<string, string> = { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Date': extra.date ?? '20260101T000000Z' };
  if (operation) headers['X-Amz-Target'] = `Kinesis_20131202.${operation}`;
  return {
    operation,
    request: { method: 'POST', url: extra.url ?? 'http://127.0.0.1:4000/', headers, body, bodyEncoding: 'utf8', signed: true, ...(extra.bodyBytes ? { bodyBytes: extra.bodyBytes } : {}) },
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
  };
}

describe('SentLog', () => {
  it('records per origin and operation, by the case that sent it, what a proxy would see', () => {
    let current = '';
    const log = new SentLog(() => current);
    log.record(exchange('CreateStream', '{"StreamName":"s"}'));
    current = 'suite/a';
    // The same request again, seconds later: one sample, both senders.
    log.record(exchange('CreateStream', '{"StreamName":"s"}', { date: '20260101T000005Z' }));
    log.record(exchange('ListStreams', '{}', { url: 'https://127.0.0.1:4567/' }));
    log.record(exchange(null, 'not json', { bodyBytes: 9_000_000 }));
    const { operations } = log.snapshot();
    expect(operations.map((o) => [o.origin, o.operation, o.requests, o.cases, o.samples.length])).toEqual([
      ['http://127.0.0.1:4000', 'CreateStream', 2, ['', 'suite/a'], 1],
      ['https://127.0.0.1:4567', 'ListStreams', 1, ['suite/a'], 1],
      ['http://127.0.0.1:4000', null, 1, ['suite/a'], 1],
    ]);
    expect(operations[0]!.samples[0]).toMatchObject({ cases: ['', 'suite/a'], headers: { 'x-amz-target': 'Kinesis_20131202.CreateStream', host: '127.0.0.1:4000' }, truncated: false });
    expect(operations[2]!.samples[0]!.truncated).toBe(true);
  });

  it('keeps a bounded number of distinct requests per operation and counts the rest once each', () => {
    const log = new SentLog(() => 'c');
    for (let i = 0; i < SAMPLES_PER_OPERATION + 5; i++) log.record(exchange('PutRecord', `{"Data":"${i}"}`));
    for (let i = 0; i < 5; i++) log.record(exchange('PutRecord', `{"Data":"${SAMPLES_PER_OPERATION + i}"}`));
    const [entry] = log.snapshot().operations;
    expect([entry!.requests, entry!.samples.length, entry!.dropped]).toEqual([SAMPLES_PER_OPERATION + 10, SAMPLES_PER_OPERATION, 5]);
  });
});
