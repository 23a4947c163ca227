// The streams faults of harness/faults/catalogue-control-plane.ts against the scripted fake upstream:
// the stateful ones do exactly what they describe (beyond proxy.spec.ts's "alters some exchange").
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { activate, faultById } from './catalogue.ts';
import { slowerResharding } from './catalogue-control-plane.ts';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.ts';
import { startFaultProxy, type FaultProxy } from './proxy.ts';

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

function send(operation: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> | undefined }> {
  const bytes = Buffer.from(JSON.stringify(body));
  const headers = {
    'Content-Type': 'application/x-amz-json-1.1',
    'X-Amz-Target': `Kinesis_20131202.${operation}`,
    'Content-Length': String(bytes.length),
    Authorization: 'AWS4-HMAC-SHA256 Credential=000000000000/20260101/us-east-1/kinesis/aws4_request, SignedHeaders=host, Signature=00',
  };
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL('/', proxy.url), { method: 'POST', headers, timeout: 5_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined });
      });
    });
    req.on('error', reject);
    req.end(bytes);
  });
}

const status = (r: { json: Record<string, unknown> | undefined }) => (r.json?.['StreamDescriptionSummary'] as { StreamStatus?: string } | undefined)?.StreamStatus;
const split = (name: string) => send('SplitShard', { StreamName: name, ShardToSplit: 'shardId-000000000001', NewStartingHashKey: '99' });

describe('streams faults do what they describe', () => {
  test('control-plane.streams-updating-skipped hides UPDATING only for a stream whose resharding was accepted', async () => {
    proxy.setFault(activate(faultById('control-plane.streams-updating-skipped')!));
    const untouched = await send('DescribeStreamSummary', { StreamName: 'sh-updating-7' });
    await split('sh-updating-8');
    const resharded = await send('DescribeStreamSummary', { StreamName: 'sh-updating-8' });
    proxy.setFault(null);
    expect([status(untouched), status(resharded)]).toEqual(['UPDATING', 'ACTIVE']);
  });

  test('control-plane.streams-hash-range-gap lowers every EndingHashKey but the last by one', async () => {
    proxy.setFault(activate(faultById('control-plane.streams-hash-range-gap')!));
    const r = await send('ListShards', { StreamName: 'sh-7' });
    proxy.setFault(null);
    const ends = (r.json?.['Shards'] as Array<{ HashKeyRange: { EndingHashKey: string } }>).map((s) => s.HashKeyRange.EndingHashKey);
    expect(ends).toEqual([(2n ** 128n - 1n).toString(), (2n ** 127n - 2n).toString(), (2n ** 128n - 1n).toString()]);
  });

  test('control-plane.streams-open-shard-count-as-created reports the ShardCount CreateStream asked for', async () => {
    proxy.setFault(activate(faultById('control-plane.streams-open-shard-count-as-created')!));
    await send('CreateStream', { StreamName: 'sh-created-7', ShardCount: 5 });
    const r = await send('DescribeStreamSummary', { StreamName: 'sh-created-7' });
    proxy.setFault(null);
    expect((r.json?.['StreamDescriptionSummary'] as { OpenShardCount: number }).OpenShardCount).toBe(5);
  });

  test('control-plane.streams-deleting-skipped answers a DELETING stream as not found, with AWS\'s text', async () => {
    proxy.setFault(activate(faultById('control-plane.streams-deleting-skipped')!));
    const r = await send('DescribeStreamSummary', { StreamName: 'sh-deleting-7' });
    proxy.setFault(null);
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ __type: 'ResourceNotFoundException', message: 'Stream sh-deleting-7 under account 123456789012 not found.' });
  });
});

describe('a slower resharding phase (benign.streams-slower-resharding)', () => {
  test('lasts past the target\'s ACTIVE, refuses resharding meanwhile as AWS does, then ends by itself', async () => {
    proxy.setFault({ id: 'slower', applies: () => true, ...slowerResharding(150) });
    expect((await split('sh-9')).status).toBe(200);
    expect(status(await send('DescribeStreamSummary', { StreamName: 'sh-9' }))).toBe('UPDATING');
    const refused = await split('sh-9');
    expect(refused.status).toBe(400);
    expect(refused.json).toEqual({ __type: 'ResourceInUseException', message: 'Stream sh-9 under account 123456789012 not ACTIVE, instead in state UPDATING' });
    // Other streams and other operations are left alone.
    expect(status(await send('DescribeStreamSummary', { StreamName: 'sh-10' }))).toBe('ACTIVE');
    expect((await send('ListShards', { StreamName: 'sh-9' })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(status(await send('DescribeStreamSummary', { StreamName: 'sh-9' }))).toBe('ACTIVE');
    expect((await split('sh-9')).status).toBe(200);
    proxy.setFault(null);
  });
});
