import { request as httpRequest } from 'node:http';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CBOR_CONTENT_TYPE, decodeCbor, encodeCbor } from '../protocol/cbor.ts';
import { activate, CATALOGUE, faultById } from './catalogue.ts';
import { FAKE_REQUEST_ID, startFakeUpstream, type FakeUpstream } from './fake-upstream.ts';
import { startFaultProxy, type FaultProxy } from './proxy.ts';
import { slowerUpdating } from './transforms.ts';

interface Sent {
  operation: string;
  body: unknown;
  cbor?: boolean;
  unsigned?: boolean;
}

interface Seen {
  status: number;
  /** Raw header names as sent on the wire, in order (Date and connection headers left out). */
  rawHeaders: Array<[string, string]>;
  body: Buffer;
}

const KEY_ALIAS_ARN = 'arn:aws:kms:us-east-1:123456789012:alias/aws/kinesis';

/** Requests that give every fault in the catalogue something to act on, in an order the state faults need. */
const SCENARIO: Sent[] = [
  { operation: 'StartStreamEncryption', body: { StreamName: 'enc-1', EncryptionType: 'KMS', KeyId: KEY_ALIAS_ARN } },
  { operation: 'DescribeStreamSummary', body: { StreamName: 'enc-1' } },
  { operation: 'DescribeStream', body: { StreamName: 'enc-1' } },
  { operation: 'StopStreamEncryption', body: { StreamName: 'updating-1', EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' } },
  { operation: 'DescribeStreamSummary', body: { StreamName: 'updating-1' } },
  { operation: 'DescribeStreamSummary', body: { StreamName: 'creating-1' } },
  { operation: 'DescribeStreamSummary', body: { StreamName: 'plain-1' } },
  { operation: 'StartStreamEncryption', body: { StreamName: 'busy-1', EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' } },
  { operation: 'StartStreamEncryption', body: { StreamName: 'absent-1', EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' } },
  { operation: 'StartStreamEncryption', body: { StreamName: 'plain-1', EncryptionType: 'NONE', KeyId: 'alias/aws/kinesis' } },
  { operation: 'PutRecord', body: { StreamName: 'enc-1', PartitionKey: 'pk', Data: 'AQID' } },
  { operation: 'PutRecords', body: { StreamName: 'enc-1', Records: [{ PartitionKey: 'pk', Data: 'AQID' }] } },
  { operation: 'DeleteStream', body: { StreamName: 'plain-2' } },
  { operation: 'ListStreams', body: { Limit: 0 } },
  { operation: 'DescribeStreamSummary', body: { StreamName: 'a'.repeat(129) } },
  { operation: 'DescribeStreamSummary', body: 'not json' },
  { operation: 'Whatever', body: {} },
  { operation: 'DescribeStreamSummary', body: {}, unsigned: true },
  { operation: 'GetRecords', body: { ShardIterator: 'it' }, cbor: true },
  { operation: 'DescribeStreamSummary', body: { StreamName: 'absent-2' }, cbor: true },
];

let upstream: FakeUpstream;
let proxy: FaultProxy;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  proxy = await startFaultProxy({ upstream: upstream.url });
});

afterAll(async () => {
  await proxy.stop();
  await upstream.stop();
});

function send(base: string, r: Sent, timeoutMs = 5_000): Promise<Seen> {
  const body = r.cbor ? Buffer.from(encodeCbor(r.body)) : Buffer.from(typeof r.body === 'string' ? r.body : JSON.stringify(r.body));
  const headers: Record<string, string> = {
    'Content-Type': r.cbor ? CBOR_CONTENT_TYPE : 'application/x-amz-json-1.1',
    'X-Amz-Target': `Kinesis_20131202.${r.operation}`,
    'Content-Length': String(body.length),
  };
  if (!r.unsigned) headers['Authorization'] = 'AWS4-HMAC-SHA256 Credential=000000000000/20260101/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=00';
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL('/', base), { method: 'POST', headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw: Array<[string, string]> = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          const name = res.rawHeaders[i]!;
          if (!/^(date|connection|keep-alive)$/i.test(name)) raw.push([name, res.rawHeaders[i + 1]!]);
        }
        resolve({ status: res.statusCode ?? 0, rawHeaders: raw, body: Buffer.concat(chunks) });
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

async function play(scenario: Sent[]): Promise<{ seen: Seen[]; received: FakeUpstream['received'] }> {
  const first = upstream.received.length;
  const seen: Seen[] = [];
  for (const r of scenario) seen.push(await send(proxy.url, r));
  return { seen, received: upstream.received.slice(first) };
}

function header(s: Seen, name: string): string | undefined {
  return s.rawHeaders.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
}

function decoded(s: Seen): unknown {
  if (s.body.length === 0) return undefined;
  return (header(s, 'content-type') ?? '').startsWith(CBOR_CONTENT_TYPE) ? decodeCbor(s.body) : (JSON.parse(s.body.toString('utf8')) as unknown);
}

/** What a client must take from an answer: status, header values by case-insensitive name, the body's value. */
function meaning(s: Seen, { dropNulls, dropUnknown }: { dropNulls: boolean; dropUnknown: boolean }): unknown {
  const clean = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(clean);
    if (v && typeof v === 'object' && !(v instanceof Uint8Array) && v.constructor === Object) {
      return Object.fromEntries(
        Object.entries(v)
          .filter(([k, x]) => !(dropNulls && x === null) && !(dropUnknown && k === 'ConformanceFutureMember'))
          .map(([k, x]) => [k, clean(x)]),
      );
    }
    return v;
  };
  const headers = Object.fromEntries(s.rawHeaders.filter(([n]) => n.toLowerCase() !== 'content-length').map(([n, v]) => [n.toLowerCase(), v]));
  return { status: s.status, headers, body: clean(decoded(s)) };
}

describe('the proxy without a fault', () => {
  test('forwards every request and answer unchanged (status, headers, body bytes, Content-Length)', async () => {
    proxy.setFault(null);
    for (const r of SCENARIO) {
      const direct = await send(upstream.url, r);
      const through = await send(proxy.url, r);
      expect(through.status).toBe(direct.status);
      expect(through.body.equals(direct.body)).toBe(true);
      expect(header(through, 'x-amzn-requestid')).toBe(FAKE_REQUEST_ID);
      expect(header(through, 'content-type')).toBe(header(direct, 'content-type'));
      expect(header(through, 'content-length')).toBe(String(through.body.length));
    }
    // The Host the client signed reaches the target unchanged.
    expect(upstream.received.at(-1)!.host).toBe(new URL(proxy.url).host);
  });
});

describe('every catalogue fault changes what a client or the target sees', () => {
  const faults = CATALOGUE.filter((f) => f.kind === 'fault' && f.id !== 'protocol.answer-stalls');
  test.each(faults.map((f) => [f.id, f] as const))('%s', async (_id, fault) => {
    proxy.setFault(null);
    const clean = await play(SCENARIO);
    proxy.setFault(activate(fault));
    const faulty = await play(SCENARIO);
    const applied = proxy.applied;
    const altered = proxy.altered;
    proxy.setFault(null);
    expect(applied, 'the fault applied to some request').toBeGreaterThan(0);
    expect(altered, 'the fault altered some exchange').toBeGreaterThan(0);
    const differs = faulty.seen.some((s, i) => s.status !== clean.seen[i]!.status || !s.body.equals(clean.seen[i]!.body) || !isDeepStrictEqual(s.rawHeaders, clean.seen[i]!.rawHeaders));
    const forwardedDiffers = !isDeepStrictEqual(faulty.received, clean.received);
    expect(differs || forwardedDiffers, 'some answer or forwarded request differs').toBe(true);
  });
});

describe('specific faults do exactly what they say', () => {
  test('encryption.start-swallowed answers 200 with an empty body and never reaches the target', async () => {
    proxy.setFault(activate(faultById('encryption.start-swallowed')!));
    const { seen, received } = await play([SCENARIO[0]!]);
    expect(seen[0]!.status).toBe(200);
    expect(seen[0]!.body.length).toBe(0);
    expect(header(seen[0]!, 'x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(received).toEqual([]);
  });

  test('state.updating-forever keeps only the stream an encryption call was accepted for UPDATING', async () => {
    proxy.setFault(activate(faultById('state.updating-forever')!));
    const { seen } = await play([
      { operation: 'DescribeStreamSummary', body: { StreamName: 'enc-7' } },
      { operation: 'StartStreamEncryption', body: { StreamName: 'enc-7', EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' } },
      { operation: 'DescribeStreamSummary', body: { StreamName: 'enc-7' } },
      { operation: 'DescribeStream', body: { StreamName: 'enc-7' } },
      { operation: 'DescribeStreamSummary', body: { StreamName: 'plain-7' } },
    ]);
    const status = (s: Seen) => {
      const b = decoded(s) as { StreamDescriptionSummary?: { StreamStatus: string }; StreamDescription?: { StreamStatus: string } };
      return (b.StreamDescriptionSummary ?? b.StreamDescription)!.StreamStatus;
    };
    expect([status(seen[0]!), status(seen[2]!), status(seen[3]!), status(seen[4]!)]).toEqual(['ACTIVE', 'UPDATING', 'UPDATING', 'ACTIVE']);
  });

  test('state.updating-skipped turns UPDATING into ACTIVE after an accepted Stop', async () => {
    proxy.setFault(activate(faultById('state.updating-skipped')!));
    const { seen } = await play([SCENARIO[3]!, SCENARIO[4]!]);
    expect((decoded(seen[1]!) as { StreamDescriptionSummary: { StreamStatus: string } }).StreamDescriptionSummary.StreamStatus).toBe('ACTIVE');
  });

  test('encryption.not-found-as-in-use renames the error type, keeps status and message', async () => {
    proxy.setFault(activate(faultById('encryption.not-found-as-in-use')!));
    const { seen } = await play([SCENARIO[8]!]);
    expect(seen[0]!.status).toBe(400);
    expect(decoded(seen[0]!)).toEqual({ __type: 'ResourceInUseException', message: 'Stream absent-1 under account 123456789012 not found.' });
  });

  test('protocol.request-id-dropped removes the header whatever its spelling', async () => {
    proxy.setFault(activate(faultById('protocol.request-id-dropped')!));
    const { seen } = await play([SCENARIO[6]!]);
    expect(header(seen[0]!, 'x-amzn-requestid')).toBeUndefined();
    expect(header(seen[0]!, 'x-amz-id-2')).toBeDefined();
  });

  test('protocol.cbor-as-json answers a CBOR request in JSON with base64 blobs and epoch-second timestamps', async () => {
    proxy.setFault(activate(faultById('protocol.cbor-as-json')!));
    const { seen } = await play([SCENARIO[18]!]);
    expect(header(seen[0]!, 'content-type')).toBe('application/x-amz-json-1.1');
    expect(JSON.parse(seen[0]!.body.toString('utf8'))).toEqual({ Records: [{ Data: 'AQID', ApproximateArrivalTimestamp: 1_700_000_000.5, PartitionKey: 'pk', SequenceNumber: '1' }], MillisBehindLatest: 0 });
  });

  test('validation.limit-unchecked forwards an out-of-range Limit clamped into range', async () => {
    proxy.setFault(activate(faultById('validation.limit-unchecked')!));
    const { seen, received } = await play([SCENARIO[13]!]);
    expect(received[0]!.body).toEqual({ Limit: 1 });
    expect(seen[0]!.status).toBe(200);
  });

  test('validation.validation-accepted turns a ValidationException into 200 {}', async () => {
    proxy.setFault(activate(faultById('validation.validation-accepted')!));
    const { seen } = await play([SCENARIO[13]!]);
    expect(seen[0]!.status).toBe(200);
    expect(decoded(seen[0]!)).toEqual({});
  });

  test('a fault the target gives nothing to act on applies but alters nothing', async () => {
    proxy.setFault(activate(faultById('encryption.in-use-accepted')!));
    await play([SCENARIO[0]!]);
    expect([proxy.applied, proxy.altered]).toEqual([1, 0]);
    proxy.setFault(null);
  });

  test('protocol.answer-stalls holds the answer back past a client timeout', async () => {
    proxy.setFault(activate(faultById('protocol.answer-stalls')!));
    await expect(send(proxy.url, { operation: 'ListStreams', body: { Limit: 1 } }, 300)).rejects.toThrow(/timeout/);
    proxy.setFault(null);
  });
});

describe('benign variations change nothing a client may rely on', () => {
  const benign = CATALOGUE.filter((f) => f.kind === 'benign' && f.id !== 'benign.slower-updating');
  test.each(benign.map((f) => [f.id, f] as const))('%s', async (_id, variation) => {
    proxy.setFault(null);
    const clean = await play(SCENARIO);
    proxy.setFault(activate(variation));
    const varied = await play(SCENARIO);
    proxy.setFault(null);
    expect(varied.received).toEqual(clean.received);
    const how = { dropNulls: true, dropUnknown: true };
    expect(varied.seen.map((s) => meaning(s, how))).toEqual(clean.seen.map((s) => meaning(s, how)));
  });

  test('benign.null-members-omitted drops "KeyId": null and nothing else', async () => {
    proxy.setFault(activate(faultById('benign.null-members-omitted')!));
    const { seen } = await play([SCENARIO[6]!]);
    const d = (decoded(seen[0]!) as { StreamDescriptionSummary: Record<string, unknown> }).StreamDescriptionSummary;
    expect('KeyId' in d).toBe(false);
    expect(d['EncryptionType']).toBe('NONE');
  });

  test('a slower UPDATING phase ends by itself, and Start/Stop in it are refused as AWS refuses them', async () => {
    proxy.setFault({ id: 'slower', applies: () => true, ...slowerUpdating(150) });
    const start = { operation: 'StartStreamEncryption', body: { StreamName: 'enc-9', EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' } };
    const describe = { operation: 'DescribeStreamSummary', body: { StreamName: 'enc-9' } };
    const first = await play([start, describe, start]);
    expect(first.seen[0]!.status).toBe(200);
    expect((decoded(first.seen[1]!) as { StreamDescriptionSummary: { StreamStatus: string } }).StreamDescriptionSummary.StreamStatus).toBe('UPDATING');
    expect(first.seen[2]!.status).toBe(400);
    expect(decoded(first.seen[2]!)).toEqual({ __type: 'ResourceInUseException', message: 'Stream enc-9 under account 123456789012 not ACTIVE, instead in state UPDATING' });
    expect(first.received.map((r) => r.operation)).toEqual(['StartStreamEncryption', 'DescribeStreamSummary']);
    await new Promise((r) => setTimeout(r, 200));
    const later = await play([describe, start]);
    expect((decoded(later.seen[0]!) as { StreamDescriptionSummary: { StreamStatus: string } }).StreamDescriptionSummary.StreamStatus).toBe('ACTIVE');
    expect(later.seen[1]!.status).toBe(200);
    proxy.setFault(null);
  });
});

describe('the catalogue', () => {
  test('has at least 30 faults over the four areas, unique ids, and benign variations', () => {
    const ids = CATALOGUE.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    const faults = CATALOGUE.filter((f) => f.kind === 'fault');
    expect(faults.length).toBeGreaterThanOrEqual(30);
    for (const area of ['encryption', 'state', 'protocol', 'validation']) expect(faults.some((f) => f.area === area)).toBe(true);
    expect(CATALOGUE.filter((f) => f.kind === 'benign').length).toBeGreaterThanOrEqual(5);
    for (const f of CATALOGUE) {
      expect(f.suites.length, f.id).toBeGreaterThan(0);
      expect(f.id).toMatch(new RegExp(`^(${f.kind === 'benign' ? 'benign' : f.area})\\.[a-z0-9-]+$`));
    }
  });
});
