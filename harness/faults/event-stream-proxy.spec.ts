import { selfSigned } from '../transport/self-signed.fixture.ts';
import { createSecureServer, type Http2SecureServer, type ServerHttp2Stream } from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { MessageHeaders } from '@smithy/eventstream-codec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_STREAM_CONTENT_TYPE, subscribeToShard, type StreamMessage, type Subscription } from '../transport/subscribe.ts';
import { activateEventStream, CATALOGUE, faultById } from './catalogue.ts';
import { slowerFirstEvent } from './event-stream-edits.ts';
import { eventStreamCodec, startEventStreamProxy, type ActiveEventStreamFault, type EventStreamProxy } from './event-stream-proxy.ts';

const CREDENTIALS = { accessKeyId: '000000000000', secretAccessKey: 'es-proxy-spec-secret' };

function frame(headers: Record<string, string>, payload: unknown): Buffer {
  const h: MessageHeaders = {};
  for (const [k, v] of Object.entries(headers)) h[k] = { type: 'string', value: v };
  return Buffer.from(eventStreamCodec.encode({ headers: h, body: new TextEncoder().encode(JSON.stringify(payload)) }));
}
const EVENT_HEADERS = { ':message-type': 'event', ':event-type': 'SubscribeToShardEvent', ':content-type': 'application/json' };
const record = (seq: number) => ({ Data: 'AQID', PartitionKey: 'k', SequenceNumber: String(seq), ApproximateArrivalTimestamp: 1_700_000_000 });
const event = (seqs: number[], continuation: number) => frame(EVENT_HEADERS, { Records: seqs.map(record), ContinuationSequenceNumber: String(continuation), MillisBehindLatest: 0 });

/** The scripted target: an event stream of four records in two events, or an HTTP error answer. */
function script(stream: ServerHttp2Stream, body: string): void {
  const arn = String((JSON.parse(body) as { ConsumerARN?: string }).ConsumerARN ?? '');
  if (arn.endsWith('/unknown')) {
    stream.respond({ ':status': 400, 'content-type': 'application/x-amz-json-1.1' });
    stream.end(JSON.stringify({ __type: 'ResourceNotFoundException', message: 'Consumer not found' }));
    return;
  }
  stream.respond({ ':status': 200, 'content-type': EVENT_STREAM_CONTENT_TYPE, 'x-amzn-requestid': 'req-es' });
  stream.write(frame({ ':message-type': 'event', ':event-type': 'initial-response', ':content-type': 'application/json' }, {}));
  // The first event split across two writes: the proxy must cut frames by their length, not by chunk.
  const first = event([100, 101, 102], 102);
  stream.write(first.subarray(0, 7));
  setTimeout(() => !stream.destroyed && stream.write(first.subarray(7)), 5);
  setTimeout(() => !stream.destroyed && stream.end(event([103], 103)), 20);
}


const serverCert = selfSigned('kc-es-proxy-spec');
const otherCert = selfSigned('kc-es-proxy-other');

type Json = Record<string, unknown>;
const shardEvents = (sub: Subscription) => sub.messages.filter((m) => m.type === 'SubscribeToShardEvent').map((m) => m.payload as Json);
const sequences = (sub: Subscription) => shardEvents(sub).flatMap((e) => (e['Records'] as Json[]).map((r) => r['SequenceNumber']));
const meaning = (messages: readonly StreamMessage[]) => messages.map((m) => ({ headers: m.headers, payload: m.payload }));

describe.skipIf(!serverCert || !otherCert)('the event-stream proxy (h2c in front of a TLS target with a pinned certificate)', () => {
  let target: Http2SecureServer;
  let targetUrl: URL;
  let proxy: EventStreamProxy;

  beforeAll(async () => {
    target = createSecureServer({ key: serverCert!.key, cert: serverCert!.cert });
    target.on('session', (s) => s.on('error', () => undefined));
    target.on('stream', (stream) => {
      stream.on('error', () => undefined);
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => script(stream, Buffer.concat(chunks).toString('utf8')));
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', () => resolve()));
    targetUrl = new URL(`https://127.0.0.1:${(target.address() as AddressInfo).port}/`);
    proxy = await startEventStreamProxy({ upstream: targetUrl, trustedCertificate: serverCert!.cert });
  });

  afterAll(async () => {
    await proxy.stop();
    await new Promise<void>((resolve) => target.close(() => resolve()));
  });

  const subscribe = (via: 'proxy' | 'direct', consumer = 'c:1') =>
    subscribeToShard({
      endpoint: via === 'proxy' ? new URL(proxy.url) : targetUrl,
      trustedCertificate: via === 'proxy' ? undefined : serverCert!.cert,
      region: 'us-east-1',
      credentials: CREDENTIALS,
      body: { ConsumerARN: `arn:aws:kinesis:us-east-1:000000000000:stream/s/consumer/${consumer}`, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'TRIM_HORIZON' } },
      until: 'end',
      maxMs: 3_000,
      answerTimeoutMs: 2_000,
    });

  async function under(fault: ActiveEventStreamFault | null, consumer?: string): Promise<{ sub: Subscription; applied: number; altered: number }> {
    proxy.setFault(fault);
    try {
      const sub = await subscribe('proxy', consumer);
      return { sub, applied: proxy.applied, altered: proxy.altered };
    } finally {
      proxy.setFault(null);
    }
  }
  const catalogued = (id: string) => activateEventStream(faultById(id)!)!;

  it('without a fault passes status, headers and every message through unchanged', async () => {
    const direct = await subscribe('direct');
    const { sub, applied, altered } = await under(null);
    expect(direct.ended).toBe('server');
    expect(sub.ended).toBe('server');
    expect(sub.status).toBe(200);
    expect(sub.headers['x-amzn-requestid']).toBe('req-es');
    expect(sub.bytes).toBe(direct.bytes);
    expect(meaning(sub.messages)).toEqual(meaning(direct.messages));
    expect(sequences(sub)).toEqual(['100', '101', '102', '103']);
    expect([applied, altered]).toEqual([0, 0]);
  });

  it('passes an HTTP error answer through; a fault applies to it but alters nothing', async () => {
    const { sub, applied, altered } = await under(catalogued('fan-out.subscribe-record-dropped'), 'unknown');
    expect(sub.status).toBe(400);
    expect(sub.json).toEqual({ __type: 'ResourceNotFoundException', message: 'Consumer not found' });
    expect([applied, altered]).toEqual([1, 0]);
  });

  it('every event-stream entry of the catalogue applies to a subscription, and every fault alters it', async () => {
    const entries = CATALOGUE.filter((f) => f.eventStream && f.id !== 'benign.fan-out-subscribe-slower-first-event');
    expect(entries.filter((f) => f.kind === 'fault').length).toBeGreaterThanOrEqual(5);
    for (const f of entries) {
      const { applied, altered } = await under(activateEventStream(f));
      expect([f.id, applied, altered]).toEqual([f.id, 1, 1]);
    }
  });

  it('fan-out.subscribe-record-dropped loses the first record only', async () => {
    const { sub } = await under(catalogued('fan-out.subscribe-record-dropped'));
    expect(sequences(sub)).toEqual(['101', '102', '103']);
    expect(sub.frameError).toBeUndefined();
  });

  it('fan-out.subscribe-record-duplicated delivers the first record twice', async () => {
    const { sub } = await under(catalogued('fan-out.subscribe-record-duplicated'));
    expect(sequences(sub)).toEqual(['100', '100', '101', '102', '103']);
  });

  it("fan-out.subscribe-continuation-behind keeps every ContinuationSequenceNumber at the first record's", async () => {
    const { sub } = await under(catalogued('fan-out.subscribe-continuation-behind'));
    expect(shardEvents(sub).map((e) => e['ContinuationSequenceNumber'])).toEqual(['100', '100']);
    expect(sequences(sub)).toEqual(['100', '101', '102', '103']);
  });

  it('fan-out.subscribe-frame-bad-crc breaks the stream at the first event (a checksum error for the client)', async () => {
    const { sub } = await under(catalogued('fan-out.subscribe-frame-bad-crc'));
    expect(sub.ended).toBe('frame-error');
    expect(sub.frameError?.kind).toBe('checksum');
    expect(sub.frameError?.afterMessages).toBe(1);
  });

  it('fan-out.subscribe-frame-truncated ends the stream inside the first event', async () => {
    const { sub } = await under(catalogued('fan-out.subscribe-frame-truncated'));
    expect(sub.ended).toBe('frame-error');
    expect(sub.frameError?.kind).toBe('truncated');
    expect(sub.messages.map((m) => m.type)).toEqual(['initial-response']);
  });

  it('benign.fan-out-subscribe-events-split keeps the records and the last ContinuationSequenceNumber; the first part resumes after its last record', async () => {
    const { sub } = await under(catalogued('benign.fan-out-subscribe-events-split'));
    expect(sequences(sub)).toEqual(['100', '101', '102', '103']);
    const events = shardEvents(sub);
    expect(events.map((e) => (e['Records'] as Json[]).length)).toEqual([2, 1, 1]);
    expect(events.map((e) => e['ContinuationSequenceNumber'])).toEqual(['101', '102', '103']);
    expect(events.map((e) => e['MillisBehindLatest'])).toEqual([0, 0, 0]);
  });

  it('a slower first event changes the timing only (counted as an alteration)', async () => {
    const direct = await subscribe('direct');
    const { sub, applied, altered } = await under({ id: 'slower', applies: () => true, ...slowerFirstEvent(30) });
    expect(meaning(sub.messages)).toEqual(meaning(direct.messages));
    expect([applied, altered]).toEqual([1, 1]);
  });

  it('trusts only the pinned certificate towards the target', async () => {
    const wrong = await startEventStreamProxy({ upstream: targetUrl, trustedCertificate: otherCert!.cert });
    try {
      await expect(
        subscribeToShard({
          endpoint: new URL(wrong.url),
          region: 'us-east-1',
          credentials: CREDENTIALS,
          body: { ConsumerARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/s/consumer/c:1', ShardId: 'shardId-000000000000', StartingPosition: { Type: 'LATEST' } },
          until: 'first-event',
          maxMs: 1_000,
          answerTimeoutMs: 2_000,
        }),
      ).rejects.toMatchObject({ code: 'TRANSPORT' });
    } finally {
      await wrong.stop();
    }
  });
});
