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
  // data-plane (harness/faults/catalogue-data-plane.ts): the scripted shard of fake-upstream's dp-… streams
  { operation: 'PutRecord', body: { StreamName: 'dp-1', PartitionKey: 'pk', Data: 'AQID' } },
  { operation: 'PutRecords', body: { StreamName: 'dp-1', Records: [{ PartitionKey: 'a', Data: 'AQID' }, { PartitionKey: 'b', Data: 'BAUG', ExplicitHashKey: '1' }] } },
  { operation: 'PutRecord', body: { StreamARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/dp-1', PartitionKey: 'pk', Data: 'AQID' } },
  { operation: 'PutRecord', body: { StreamName: 'dp-1', PartitionKey: 'pk', Data: 'AQID', SequenceNumberForOrdering: '20000000000000000000000000000000000000000000000' } },
  { operation: 'GetShardIterator', body: { StreamName: 'dp-1', ShardId: 'shardId-000000000000', ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: '11' } },
  { operation: 'GetShardIterator', body: { StreamName: 'dp-1', ShardId: 'shardId-000000000000', ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: '11' } },
  { operation: 'GetShardIterator', body: { StreamName: 'dp-1', ShardId: 'shardId-000000000000', ShardIteratorType: 'LATEST' } },
  { operation: 'GetShardIterator', body: { StreamName: 'dp-1', ShardId: 'shardId-000000000000', ShardIteratorType: 'AT_TIMESTAMP', Timestamp: 1_700_000_000.2 } },
  { operation: 'GetShardIterator', body: { StreamName: 'dp-1', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON', StartingSequenceNumber: '11' } },
  { operation: 'GetRecords', body: { ShardIterator: 'dp-TRIM_HORIZON', Limit: 2 } },
  { operation: 'GetRecords', body: { ShardIterator: 'dp-TRIM_HORIZON' } },
  { operation: 'GetRecords', body: { ShardIterator: 'dp-closed' } },
  // settings (harness/faults/catalogue-control-plane.ts): the settings operations, and st-… streams described on-demand with two enhanced metrics
  { operation: 'AddTagsToStream', body: { StreamName: 'st-1', Tags: { 'st-d': '4' } } },
  { operation: 'AddTagsToStream', body: { StreamName: 'st-1', Tags: { 'bad;key': '1' } } },
  { operation: 'TagResource', body: { ResourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/st-1', Tags: { 'st-e': '5' } } },
  { operation: 'RemoveTagsFromStream', body: { StreamName: 'st-1', TagKeys: ['st-a'] } },
  { operation: 'UntagResource', body: { ResourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/st-1', TagKeys: ['st-a'] } },
  { operation: 'ListTagsForStream', body: { StreamName: 'st-1', Limit: 1 } },
  { operation: 'ListTagsForStream', body: { StreamName: 'st-1', ExclusiveStartTagKey: 'st-b' } },
  { operation: 'ListTagsForResource', body: { ResourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/st-1' } },
  { operation: 'IncreaseStreamRetentionPeriod', body: { StreamName: 'st-1', RetentionPeriodHours: 48 } },
  { operation: 'DecreaseStreamRetentionPeriod', body: { StreamName: 'st-1', RetentionPeriodHours: 23 } },
  { operation: 'EnableEnhancedMonitoring', body: { StreamName: 'st-1', ShardLevelMetrics: ['OutgoingBytes'] } },
  { operation: 'DisableEnhancedMonitoring', body: { StreamName: 'st-1', ShardLevelMetrics: ['IncomingBytes'] } },
  { operation: 'DescribeStreamSummary', body: { StreamName: 'st-1' } },
  { operation: 'DescribeStream', body: { StreamName: 'st-1' } },
  { operation: 'UpdateStreamMode', body: { StreamARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/st-1', StreamModeDetails: { StreamMode: 'ON_DEMAND' } } },
  { operation: 'UpdateMaxRecordSize', body: { StreamARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/st-1', MaxRecordSizeInKiB: 2048 } },
  { operation: 'UpdateMaxRecordSize', body: { StreamARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/busy-st', MaxRecordSizeInKiB: 2048 } },
  { operation: 'PutResourcePolicy', body: { ResourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/st-1', Policy: '{}' } },
  { operation: 'GetResourcePolicy', body: { ResourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/st-1' } },
  { operation: 'DeleteResourcePolicy', body: { ResourceARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/st-1' } },
  { operation: 'DescribeAccountSettings', body: {} },
  // streams (harness/faults/catalogue-control-plane.ts): fake-upstream's sh-… streams, a split stream's shard map
  { operation: 'CreateStream', body: { StreamName: 'sh-new-1', ShardCount: 3, Tags: { team: 'a' } } },
  { operation: 'CreateStream', body: { StreamName: 'sh-new-2' } },
  { operation: 'CreateStream', body: { StreamName: 'sh-exists-1', ShardCount: 1 } },
  { operation: 'CreateStream', body: { StreamName: 'sh-new-3', ShardCount: 100 } },
  { operation: 'DescribeStreamSummary', body: { StreamName: 'sh-new-1' } },
  { operation: 'SplitShard', body: { StreamName: 'sh-updating-1', ShardToSplit: 'shardId-000000000001', NewStartingHashKey: '99' } },
  { operation: 'DescribeStreamSummary', body: { StreamName: 'sh-updating-1' } },
  { operation: 'MergeShards', body: { StreamName: 'sh-m-1', ShardToMerge: 'shardId-000000000001', AdjacentShardToMerge: 'shardId-000000000002' } },
  { operation: 'UpdateShardCount', body: { StreamName: 'sh-u-1', TargetShardCount: 4, ScalingType: 'UNIFORM_SCALING' } },
  { operation: 'SplitShard', body: { StreamName: 'sh-busy-1', ShardToSplit: 'shardId-000000000001', NewStartingHashKey: '99' } },
  { operation: 'SplitShard', body: { StreamName: 'sh-1', ShardToSplit: 'shardId-000000000001', NewStartingHashKey: '0' } },
  { operation: 'DescribeStream', body: { StreamName: 'sh-1' } },
  { operation: 'DescribeStream', body: { StreamName: 'sh-1', Limit: 1, ExclusiveStartShardId: 'shardId-000000000000' } },
  { operation: 'ListShards', body: { StreamName: 'sh-1', MaxResults: 1 } },
  { operation: 'ListShards', body: { StreamName: 'sh-1', ExclusiveStartShardId: 'shardId-000000000000', ShardFilter: { Type: 'AT_LATEST' } } },
  { operation: 'ListShards', body: { StreamName: 'sh-1', NextToken: 'sh-token' } },
  { operation: 'ListStreams', body: { ExclusiveStartStreamName: 'sh-1', Limit: 1 } },
  { operation: 'DescribeLimits', body: {} },
  { operation: 'DescribeStreamSummary', body: { StreamName: 'sh-deleting-1' } },
  // fan-out (harness/faults/catalogue-fan-out.ts): a consumer registered on fo-1 (CREATING), a taken name,
  // another consumer described and listed, an absent consumer deregistered, fo-1 deleted while it has the consumer
  { operation: 'RegisterStreamConsumer', body: { StreamARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/fo-1', ConsumerName: 'new-1' } },
  { operation: 'RegisterStreamConsumer', body: { StreamARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/fo-1', ConsumerName: 'dup-1' } },
  { operation: 'RegisterStreamConsumer', body: { StreamARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/fo-1', ConsumerName: 'over-21' } },
  { operation: 'DescribeStreamConsumer', body: { ConsumerARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/fo-1/consumer/old-1:1700000000' } },
  { operation: 'ListStreamConsumers', body: { StreamARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/fo-1', MaxResults: 2 } },
  { operation: 'DeregisterStreamConsumer', body: { StreamARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/absent-fo', ConsumerName: 'c-1' } },
  { operation: 'DescribeStreamSummary', body: { StreamName: 'fo-1' } },
  { operation: 'DeleteStream', body: { StreamName: 'fo-1' } },
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
  // Event-stream faults act on SubscribeToShard only: event-stream-proxy.spec.ts plays them.
  const faults = CATALOGUE.filter((f) => f.kind === 'fault' && f.id !== 'protocol.answer-stalls' && !f.eventStream);
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
  // Stateful or paging variations change single exchanges by design; each has its own test below.
  const ownTests = ['benign.slower-updating', 'benign.data-plane-empty-first-page', 'benign.data-plane-short-pages'];
  const benign = CATALOGUE.filter((f) => f.kind === 'benign' && !ownTests.includes(f.id));
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

describe('data-plane paging variations keep what a consumer following NextShardIterator reads', () => {
  const getRecords = (iterator: string, limit?: number): Sent => ({ operation: 'GetRecords', body: { ShardIterator: iterator, ...(limit !== undefined ? { Limit: limit } : {}) } });
  const records = (s: Seen) => (decoded(s) as { Records: Array<{ SequenceNumber: string }> }).Records.map((r) => r.SequenceNumber);

  test('benign.data-plane-empty-first-page answers one empty page pointing back at the same iterator, then the real page', async () => {
    proxy.setFault(activate(faultById('benign.data-plane-empty-first-page')!));
    const { seen } = await play([getRecords('dp-TRIM_HORIZON'), getRecords('dp-TRIM_HORIZON'), getRecords('dp-closed'), getRecords('dp-closed')]);
    proxy.setFault(null);
    expect(seen.map((s) => s.status)).toEqual([200, 200, 200, 200]);
    expect(decoded(seen[0]!)).toEqual({ Records: [], NextShardIterator: 'dp-TRIM_HORIZON', MillisBehindLatest: 0 });
    expect(records(seen[1]!)).toEqual(['11', '12', '13']);
    // The end of a closed shard comes one page later, unchanged.
    expect(decoded(seen[2]!)).toEqual({ Records: [], NextShardIterator: 'dp-closed', MillisBehindLatest: 0 });
    expect((decoded(seen[3]!) as { NextShardIterator: unknown; ChildShards: unknown[] }).NextShardIterator).toBeNull();
    expect((decoded(seen[3]!) as { ChildShards: unknown[] }).ChildShards).toHaveLength(2);
  });

  test('benign.data-plane-short-pages forwards Limit 1 and leaves smaller limits alone', async () => {
    proxy.setFault(activate(faultById('benign.data-plane-short-pages')!));
    const { seen, received } = await play([getRecords('dp-TRIM_HORIZON'), getRecords('dp-TRIM_HORIZON', 2), getRecords('dp-TRIM_HORIZON', 1)]);
    proxy.setFault(null);
    expect(received.map((r) => (r.body as { Limit?: number }).Limit)).toEqual([1, 1, 1]);
    expect(seen.map(records)).toEqual([['11'], ['11'], ['11']]);
    expect((decoded(seen[0]!) as { NextShardIterator: string }).NextShardIterator).toBe('dp-next');
  });

  test('data-plane faults act as described on the scripted shard', async () => {
    const run = async (id: string, sent: Sent[]) => {
      proxy.setFault(activate(faultById(id)!));
      const out = await play(sent);
      proxy.setFault(null);
      return out;
    };
    expect(records((await run('data-plane.record-lost', [getRecords('dp-TRIM_HORIZON')])).seen[0]!)).toEqual(['11', '13']);
    expect(records((await run('data-plane.record-duplicated', [getRecords('dp-TRIM_HORIZON')])).seen[0]!)).toEqual(['11', '11', '12', '13']);
    expect(records((await run('data-plane.records-reordered', [getRecords('dp-TRIM_HORIZON')])).seen[0]!)).toEqual(['12', '11', '13']);
    const corrupted = (await run('data-plane.data-corrupted', [getRecords('dp-TRIM_HORIZON')])).seen[0]!;
    expect((decoded(corrupted) as { Records: Array<{ Data: string }> }).Records.map((r) => r.Data)).toEqual(['AQIC', 'BAUG', 'BwgJ']);
    const after = await run('data-plane.after-as-at', [SCENARIO[24]!]);
    expect((after.received[0]!.body as { ShardIteratorType: string }).ShardIteratorType).toBe('AT_SEQUENCE_NUMBER');
    const timestamp = await run('data-plane.timestamp-ignored', [SCENARIO[27]!]);
    expect(timestamp.received[0]!.body).toEqual({ StreamName: 'dp-1', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' });
    const never = (await run('data-plane.closed-shard-never-ends', [getRecords('dp-closed')])).seen[0]!;
    expect(decoded(never)).toEqual({ Records: [], NextShardIterator: 'dp-closed', MillisBehindLatest: 0 });
    const reordered = (await run('data-plane.put-records-reordered', [SCENARIO[21]!])).seen[0]!;
    expect((decoded(reordered) as { Records: Array<{ SequenceNumber: string }> }).Records.map((r) => r.SequenceNumber)).toEqual(['21', '20']);
    const misrouted = await run('data-plane.wrong-shard', [SCENARIO[20]!, SCENARIO[21]!]);
    expect((misrouted.received[0]!.body as { ExplicitHashKey: string }).ExplicitHashKey).toMatch(/^\d+$/);
    expect((misrouted.received[1]!.body as { Records: Array<{ ExplicitHashKey?: string }> }).Records.map((r) => r.ExplicitHashKey)).toEqual([expect.stringMatching(/^\d+$/), '1']);
  });
});
