import { selfSigned } from './self-signed.fixture.ts';
import { createServer, createSecureServer, constants, type Http2Server, type Http2SecureServer, type ServerHttp2Stream, type IncomingHttpHeaders } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { EventStreamCodec, type MessageHeaders } from '@smithy/eventstream-codec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_STREAM_CONTENT_TYPE, subscribeToShard, untilReached, type SubscribeRequest, type StreamMessage } from './subscribe.ts';
import type { Credentials } from './credentials.ts';

const CREDENTIALS: Credentials = { accessKeyId: '000000000000', secretAccessKey: 'subscribe-spec-secret-key', sessionToken: 'subscribe-spec-session-token' };
const codec = new EventStreamCodec(
  (b) => Buffer.from(b).toString('utf8'),
  (s) => new TextEncoder().encode(s),
);

function frame(headers: Record<string, string>, payload: unknown): Buffer {
  const h: MessageHeaders = {};
  for (const [k, v] of Object.entries(headers)) h[k] = { type: 'string', value: v };
  return Buffer.from(codec.encode({ headers: h, body: new TextEncoder().encode(JSON.stringify(payload)) }));
}
const initial = () => frame({ ':message-type': 'event', ':event-type': 'initial-response', ':content-type': 'application/json' }, {});
const event = (records: number, seq = '100') =>
  frame(
    { ':message-type': 'event', ':event-type': 'SubscribeToShardEvent', ':content-type': 'application/json' },
    { Records: Array.from({ length: records }, (_, i) => ({ Data: 'AQID', PartitionKey: 'k', SequenceNumber: String(Number(seq) + i), ApproximateArrivalTimestamp: 1_700_000_000 })), ContinuationSequenceNumber: seq, MillisBehindLatest: 0 },
  );
const exception = (type: string, message: string) => frame({ ':message-type': 'exception', ':exception-type': type, ':content-type': 'application/json' }, { message });

/** What the scripted server does with one subscription; it sees the request's headers and body. */
type Script = (stream: ServerHttp2Stream, headers: IncomingHttpHeaders, body: string) => void;

interface Seen {
  headers: IncomingHttpHeaders;
  body: string;
  closedByClient: boolean;
}

function serve(stream: ServerHttp2Stream, headers: IncomingHttpHeaders, script: Script, seen: Seen[]): void {
  const chunks: Buffer[] = [];
  const record: Seen = { headers, body: '', closedByClient: false };
  seen.push(record);
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('error', () => undefined);
  stream.on('close', () => (record.closedByClient = stream.rstCode === constants.NGHTTP2_CANCEL));
  stream.on('end', () => {
    record.body = Buffer.concat(chunks).toString('utf8');
    script(stream, headers, record.body);
  });
}

const streamAnswer = (stream: ServerHttp2Stream) => stream.respond({ ':status': 200, 'content-type': EVENT_STREAM_CONTENT_TYPE, 'x-amzn-requestid': 'req-1' });

const SCRIPTS: Record<string, Script> = {
  '/three-records': (s) => {
    streamAnswer(s);
    s.write(initial());
    s.write(event(2, '100'));
    setTimeout(() => s.write(event(1, '102')), 20);
  },
  '/endless': (s) => {
    streamAnswer(s);
    s.write(initial());
    const timer = setInterval(() => !s.destroyed && s.write(event(1)), 30);
    s.on('close', () => clearInterval(timer));
  },
  '/quiet': (s) => {
    streamAnswer(s);
    s.write(initial());
  },
  '/half-frame-then-quiet': (s) => {
    streamAnswer(s);
    s.write(initial());
    s.write(event(1).subarray(0, 20));
  },
  '/bad-crc': (s) => {
    streamAnswer(s);
    s.write(initial());
    const broken = event(1);
    broken[broken.length - 10]! ^= 0xff;
    s.write(broken);
    s.write(event(1));
  },
  '/bad-prelude-crc': (s) => {
    streamAnswer(s);
    const broken = event(1);
    broken[9]! ^= 0xff;
    s.write(broken);
  },
  '/truncated': (s) => {
    streamAnswer(s);
    s.write(initial());
    s.end(event(1).subarray(0, 30));
  },
  '/impossible-length': (s) => {
    streamAnswer(s);
    s.write(initial());
    s.end(Buffer.from([0, 0, 0, 3, 0, 0, 0, 0]));
  },
  '/exception': (s) => {
    streamAnswer(s);
    s.write(initial());
    s.write(exception('ResourceInUseException', 'Another active subscription exists'));
  },
  '/http-error': (s) => {
    s.respond({ ':status': 400, 'content-type': 'application/x-amz-json-1.1' });
    s.end(JSON.stringify({ __type: 'ResourceNotFoundException', message: 'Consumer not found' }));
  },
  '/ends': (s) => {
    streamAnswer(s);
    s.write(initial());
    s.end(event(1));
  },
  '/reset': (s) => {
    streamAnswer(s);
    s.write(initial());
    s.write(event(1));
    // The connection goes away with an error (GOAWAY INTERNAL_ERROR): the stream is reset, not ended.
    setTimeout(() => s.session?.destroy(new Error('reset on purpose'), constants.NGHTTP2_INTERNAL_ERROR), 20);
  },
  '/child-shards': (s) => {
    streamAnswer(s);
    s.write(initial());
    s.write(event(1));
    s.write(frame({ ':message-type': 'event', ':event-type': 'SubscribeToShardEvent' }, { Records: [], ContinuationSequenceNumber: '9', MillisBehindLatest: 0, ChildShards: [{ ShardId: 'shardId-000000000001' }] }));
  },
  '/no-answer': () => undefined,
};

/** The script is chosen by the consumer ARN's last path segment (the test asks for it by name). */
function scriptFor(body: string): Script {
  const arn = String((JSON.parse(body) as { ConsumerARN?: string }).ConsumerARN ?? '');
  return SCRIPTS[arn.slice(arn.lastIndexOf('/'))] ?? SCRIPTS['/quiet']!;
}

async function listen(server: Http2Server | Http2SecureServer, seen: Seen[]): Promise<number> {
  server.on('session', (session) => session.on('error', () => undefined));
  server.on('stream', (stream, headers) => serve(stream, headers, (s, h, b) => scriptFor(b)(s, h, b), seen));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return (server.address() as AddressInfo).port;
}

const h2cSeen: Seen[] = [];
let h2c: Http2Server;
let h2cUrl: URL;

beforeAll(async () => {
  h2c = createServer();
  h2cUrl = new URL(`http://127.0.0.1:${await listen(h2c, h2cSeen)}/`);
});

afterAll(async () => {
  await new Promise<void>((resolve) => h2c.close(() => resolve()));
});

function request(script: string, extra: Partial<SubscribeRequest> = {}): SubscribeRequest {
  return {
    endpoint: h2cUrl,
    region: 'us-east-1',
    credentials: CREDENTIALS,
    body: { ConsumerARN: `arn:aws:kinesis:us-east-1:000000000000:stream/s/consumer/c:1${script}`, ShardId: 'shardId-000000000000', StartingPosition: { Type: 'TRIM_HORIZON' } },
    until: { records: 3 },
    maxMs: 2_000,
    answerTimeoutMs: 1_000,
    ...extra,
  };
}

const types = (messages: readonly StreamMessage[]) => messages.map((m) => `${m.messageType}:${m.type}`);

describe('subscribeToShard over h2c', () => {
  it('sends a SigV4-signed AWS JSON 1.1 request and reads the initial response and events until the records arrived', async () => {
    const before = h2cSeen.length;
    const sub = await subscribeToShard(request('/three-records'));
    expect(sub.status).toBe(200);
    expect(sub.ended).toBe('until');
    expect(types(sub.messages)).toEqual(['event:initial-response', 'event:SubscribeToShardEvent', 'event:SubscribeToShardEvent']);
    expect((sub.messages[1]!.payload as { Records: unknown[] }).Records).toHaveLength(2);
    const seen = h2cSeen[before]!;
    expect(seen.headers[':method']).toBe('POST');
    expect(seen.headers[':authority']).toBe(h2cUrl.host);
    expect(seen.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(seen.headers['x-amz-target']).toBe('Kinesis_20131202.SubscribeToShard');
    expect(seen.headers['authorization']).toMatch(/^AWS4-HMAC-SHA256 Credential=000000000000\/\d{8}\/us-east-1\/kinesis\/aws4_request, SignedHeaders=[^,]*host[^,]*, Signature=[0-9a-f]{64}$/);
    expect(seen.headers['x-amz-security-token']).toBe(CREDENTIALS.sessionToken);
    expect(JSON.parse(seen.body)).toEqual(request('/three-records').body);
  });

  it('captures the exchange redacted, the event stream one message per line', async () => {
    const sub = await subscribeToShard(request('/three-records'));
    const text = JSON.stringify(sub.exchange);
    expect(text).not.toContain(CREDENTIALS.secretAccessKey);
    expect(text).not.toContain(CREDENTIALS.sessionToken);
    expect(sub.exchange.request.headers['authorization']).toMatch(/Signature=<redacted>$/);
    expect(sub.exchange.operation).toBe('SubscribeToShard');
    expect(sub.exchange.response?.status).toBe(200);
    expect(sub.exchange.response?.body.split('\n')).toHaveLength(4);
    expect(sub.exchange.response?.body).toMatch(/event SubscribeToShardEvent \{"Records"/);
  });

  it('stops at the first event, and closes the subscription', async () => {
    const before = h2cSeen.length;
    const sub = await subscribeToShard(request('/endless', { until: 'first-event' }));
    expect(sub.ended).toBe('until');
    expect(types(sub.messages)).toEqual(['event:initial-response', 'event:SubscribeToShardEvent']);
    await expect.poll(() => h2cSeen[before]!.closedByClient).toBe(true);
  });

  it('stops on time when nothing more comes, a frame cut by the stop included', async () => {
    const quiet = await subscribeToShard(request('/quiet', { maxMs: 300 }));
    expect(quiet.ended).toBe('time');
    expect(quiet.durationMs).toBeLessThan(1_500);
    expect(types(quiet.messages)).toEqual(['event:initial-response']);
    const half = await subscribeToShard(request('/half-frame-then-quiet', { maxMs: 300 }));
    expect(half.ended).toBe('time');
    expect(half.frameError).toBeUndefined();
  });

  it('ends with a typed error on a bad message checksum, keeping what arrived before', async () => {
    const sub = await subscribeToShard(request('/bad-crc'));
    expect(sub.ended).toBe('frame-error');
    expect(sub.frameError?.kind).toBe('checksum');
    expect(sub.frameError?.afterMessages).toBe(1);
    expect(types(sub.messages)).toEqual(['event:initial-response']);
    expect(sub.exchange.response?.body).toMatch(/event stream broken: checksum/);
  });

  it('ends with a typed error on a bad prelude checksum', async () => {
    const sub = await subscribeToShard(request('/bad-prelude-crc'));
    expect(sub.frameError?.kind).toBe('checksum');
    expect(sub.messages).toEqual([]);
  });

  it('ends with a typed error when the server ends the stream inside a frame', async () => {
    const sub = await subscribeToShard(request('/truncated'));
    expect(sub.ended).toBe('frame-error');
    expect(sub.frameError?.kind).toBe('truncated');
    expect(types(sub.messages)).toEqual(['event:initial-response']);
  });

  it('ends with a typed error on a frame length no message can have', async () => {
    const sub = await subscribeToShard(request('/impossible-length'));
    expect(sub.ended).toBe('frame-error');
    expect(sub.frameError?.kind).toBe('malformed');
  });

  it('ends at an exception message', async () => {
    const sub = await subscribeToShard(request('/exception'));
    expect(sub.ended).toBe('exception');
    expect(types(sub.messages)).toEqual(['event:initial-response', 'exception:ResourceInUseException']);
    expect(sub.messages[1]!.payload).toEqual({ message: 'Another active subscription exists' });
  });

  it('returns an HTTP error answer as it is', async () => {
    const sub = await subscribeToShard(request('/http-error'));
    expect(sub.status).toBe(400);
    expect(sub.json).toEqual({ __type: 'ResourceNotFoundException', message: 'Consumer not found' });
    expect(sub.messages).toEqual([]);
    expect(sub.exchange.response?.body).toBe(sub.bodyText);
  });

  it('tells a stream the server ended from one it reset', async () => {
    const ends = await subscribeToShard(request('/ends'));
    expect(ends.ended).toBe('server');
    expect(types(ends.messages)).toHaveLength(2);
    const reset = await subscribeToShard(request('/reset'));
    expect(reset.ended).toBe('reset');
    expect(types(reset.messages)).toHaveLength(2);
  });

  it("stops at the shard's end (ChildShards) when asked to read to the end", async () => {
    const sub = await subscribeToShard(request('/child-shards', { until: 'end' }));
    expect(sub.ended).toBe('until');
    expect(types(sub.messages)).toHaveLength(3);
  });

  it('tells the caller when the answer arrived, before reading its body', async () => {
    const calls: number[] = [];
    const sub = await subscribeToShard(request('/three-records', { onAnswer: (status) => calls.push(status) }));
    expect(calls).toEqual([200]);
    expect(sub.messages.length).toBeGreaterThan(0);
  });

  it('throws a TransportError with the exchange when no answer comes', async () => {
    await expect(subscribeToShard(request('/no-answer', { answerTimeoutMs: 200 }))).rejects.toMatchObject({ code: 'REQUEST_TIMEOUT', exchange: { failure: { kind: 'timeout' } } });
    await expect(subscribeToShard(request('/quiet', { endpoint: new URL('http://127.0.0.1:1/') }))).rejects.toMatchObject({ code: 'TRANSPORT', exchange: { failure: { kind: 'connect' } } });
  });
});

describe('untilReached', () => {
  const ev = (records: number, children = false): StreamMessage => ({
    messageType: 'event',
    type: 'SubscribeToShardEvent',
    headers: {},
    payload: { Records: new Array(records).fill({}), ...(children ? { ChildShards: [{}] } : {}) },
    payloadText: '',
    atMs: 0,
  });
  const init: StreamMessage = { ...ev(0), type: 'initial-response', payload: {} };
  it('counts SubscribeToShardEvents and their records only', () => {
    expect(untilReached('first-event', [init])).toBe(false);
    expect(untilReached('first-event', [init, ev(0)])).toBe(true);
    expect(untilReached({ events: 2 }, [init, ev(3)])).toBe(false);
    expect(untilReached({ records: 3 }, [init, ev(1), ev(2)])).toBe(true);
    expect(untilReached('end', [init, ev(2)])).toBe(false);
    expect(untilReached('end', [init, ev(2), ev(0, true)])).toBe(true);
  });
});


const serverCert = selfSigned('kc-subscribe-spec');
const otherCert = selfSigned('kc-other');

describe.skipIf(!serverCert || !otherCert)('subscribeToShard over TLS (h2)', () => {
  let tls: Http2SecureServer;
  let tlsUrl: URL;
  beforeAll(async () => {
    tls = createSecureServer({ key: serverCert!.key, cert: serverCert!.cert });
    tlsUrl = new URL(`https://127.0.0.1:${await listen(tls, [])}/`);
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => tls.close(() => resolve()));
  });

  it('trusts exactly the pinned certificate', async () => {
    const sub = await subscribeToShard(request('/three-records', { endpoint: tlsUrl, trustedCertificate: serverCert!.cert }));
    expect(sub.ended).toBe('until');
    expect(sub.messages).toHaveLength(3);
  });

  it('refuses a server presenting another certificate', async () => {
    await expect(subscribeToShard(request('/three-records', { endpoint: tlsUrl, trustedCertificate: otherCert!.cert }))).rejects.toMatchObject({ code: 'TRANSPORT' });
  });

  it('refuses a self-signed certificate when none is pinned (system CAs)', async () => {
    await expect(subscribeToShard(request('/three-records', { endpoint: tlsUrl }))).rejects.toMatchObject({ code: 'TRANSPORT' });
  });
});
