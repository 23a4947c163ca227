import { describe, expect, it } from 'vitest';
import type { Response } from '../transport/client.ts';
import type { Exchange } from '../transport/exchange.ts';
import type { StreamMessage, Subscription } from '../transport/subscribe.ts';
import type { Step, SubscribeStep } from './model.ts';
import { expectedRefusal, refusalOf, subscriptionAnswer, subscriptionProblems } from './subscribe-step.ts';

const exchange = {} as Exchange;
const msg = (messageType: string, type: string, payload: unknown): StreamMessage => ({ messageType, type, headers: {}, payload, payloadText: JSON.stringify(payload), atMs: 1 });
const event = (records: unknown[], extra: Record<string, unknown> = {}) => msg('event', 'SubscribeToShardEvent', { Records: records, ContinuationSequenceNumber: '9', MillisBehindLatest: 0, ...extra });

function sub(over: Partial<Subscription>): Subscription {
  return { status: 200, headers: {}, bodyText: '', json: undefined, messages: [], ended: 'until', bytes: 0, durationMs: 12, exchange, ...over };
}

const step: SubscribeStep = { id: 's', subscribe: { shard: 'shardId-000000000000', position: { Type: 'LATEST' }, until: 'first-event' } };
const call: Step = { id: 'c', call: 'DescribeStreamSummary', request: {} };
const res = (status: number, json?: unknown): Response => ({ status, headers: {}, bodyBytes: new Uint8Array(), bodyText: json === undefined ? '' : JSON.stringify(json), json, exchange });

describe('subscriptionAnswer', () => {
  it('gathers the records of every event and takes the last event for continuation, lag and children', () => {
    const a = subscriptionAnswer(sub({ messages: [msg('event', 'initial-response', {}), event([{ SequenceNumber: '1' }]), event([{ SequenceNumber: '2' }], { ContinuationSequenceNumber: '2', ChildShards: [{ ShardId: 'x' }] })] }), undefined);
    expect(a['MessageTypes']).toEqual(['initial-response', 'SubscribeToShardEvent', 'SubscribeToShardEvent']);
    expect(a['InitialResponse']).toEqual({});
    expect(a['Records']).toEqual([{ SequenceNumber: '1' }, { SequenceNumber: '2' }]);
    expect(a['ContinuationSequenceNumber']).toBe('2');
    expect(a['ChildShards']).toEqual([{ ShardId: 'x' }]);
    expect('Error' in a).toBe(false);
  });

  it('leaves out what did not come (absent, not undefined)', () => {
    const a = subscriptionAnswer(sub({ messages: [], ended: 'time' }), undefined);
    for (const key of ['InitialResponse', 'ContinuationSequenceNumber', 'MillisBehindLatest', 'ChildShards', 'Written', 'Error']) expect(key in a, key).toBe(false);
    expect(a['Records']).toEqual([]);
  });

  it('names how the subscription failed: HTTP error, exception message, broken frame, reset', () => {
    expect(subscriptionAnswer(sub({ status: 400, json: { __type: 'ResourceInUseException', message: 'm' } }), undefined)['Error']).toEqual({ Type: 'ResourceInUseException', Message: 'm', Via: 'http' });
    expect(subscriptionAnswer(sub({ messages: [msg('exception', 'ResourceNotFoundException', { message: 'gone' })], ended: 'exception' }), undefined)['Error']).toEqual({ Type: 'ResourceNotFoundException', Message: 'gone', Via: 'event-stream' });
    expect((subscriptionAnswer(sub({ ended: 'reset', resetReason: 'code 2' }), undefined)['Error'] as { Via: string }).Via).toBe('http2');
  });
});

describe('refusalOf', () => {
  const inStream = { res: res(200), json: subscriptionAnswer(sub({ messages: [msg('exception', 'ResourceInUseException', { message: 'busy' })], ended: 'exception' }), undefined) };
  const overHttp = { res: res(400, { __type: 'ResourceInUseException', message: 'busy' }), json: subscriptionAnswer(sub({ status: 400, json: { __type: 'ResourceInUseException', message: 'busy' } }), undefined) };
  const accepted = { res: res(200), json: subscriptionAnswer(sub({ messages: [event([])] }), undefined) };

  it('without a status, takes the refusal either way and says which', () => {
    const e = { type: 'ResourceInUseException' };
    expect(refusalOf(step, inStream, e, ['ResourceInUseException'])).toMatchObject({ ok: true, via: 'event-stream', message: 'busy' });
    expect(refusalOf(step, overHttp, e, ['ResourceInUseException'])).toMatchObject({ ok: true, via: 'http', status: 400 });
    expect(refusalOf(step, accepted, e, ['ResourceInUseException']).ok).toBe(false);
    expect(refusalOf(step, inStream, { type: 'ResourceNotFoundException' }, ['ResourceNotFoundException']).ok).toBe(false);
    expect(expectedRefusal(step, e, ['ResourceInUseException'])).toMatch(/an HTTP error, or an exception in the event stream/);
  });

  it('with a status, takes only the HTTP error answer', () => {
    const e = { status: 400, type: 'ResourceInUseException' };
    expect(refusalOf(step, overHttp, e, ['ResourceInUseException']).ok).toBe(true);
    expect(refusalOf(step, inStream, e, ['ResourceInUseException']).ok).toBe(false);
    expect(refusalOf(step, overHttp, { ...e, status: 403 }, ['ResourceInUseException']).ok).toBe(false);
    expect(expectedRefusal(step, e, ['ResourceInUseException'])).toBe('HTTP 400 ResourceInUseException');
  });

  it('judges other steps by their HTTP answer as before', () => {
    const e = { type: 'ResourceNotFoundException' };
    expect(refusalOf(call, { res: res(400, { __type: 'ResourceNotFoundException', message: 'x' }), json: undefined }, e, ['ResourceNotFoundException']).ok).toBe(true);
    expect(refusalOf(call, { res: res(200, {}), json: {} }, e, ['ResourceNotFoundException']).ok).toBe(false);
  });
});

describe('subscriptionProblems', () => {
  const broken = subscriptionAnswer(sub({ messages: [event([])], ended: 'frame-error', frameError: Object.assign(new Error('bad crc'), { kind: 'checksum' as const, afterMessages: 1, bytes: 10 }) as never }), undefined);
  it('fails a subscription judged as a success when its stream broke, unless the case looks at /Error', () => {
    expect(subscriptionProblems(step, broken, [{ path: '/Records', length: 0 }])).toHaveLength(1);
    expect(subscriptionProblems(step, broken, [{ path: '/Error/Type', equals: 'EventStreamFrameError' }])).toEqual([]);
    expect(subscriptionProblems(call, broken, [])).toEqual([]);
    expect(subscriptionProblems(step, subscriptionAnswer(sub({ messages: [event([])] }), undefined), [])).toEqual([]);
  });
});
