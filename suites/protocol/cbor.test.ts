import { isDeepStrictEqual } from 'node:util';
import { type CaseContext, CBOR_CONTENT_TYPE, cborBodyOf, cborTimestampMillis, conformanceCase, describeResponse, encodeCbor, expectContentType, expectStatus, expectSuccess, fail, type Response, showCbor, type StreamHandle, streamNameFor, summaryOf, waitForState } from '../../harness/index.ts';
import { protocolRef } from './refs.ts';

/**
 * Bytes spread over the whole byte range (97 is prime to 256, so no value repeats within 256):
 * as searching as random bytes for a blob's encoding, and the same in every run, so a reference
 * run compares the record read back with the recorded one.
 */
function spreadBytes(n: number): Buffer {
  return Buffer.from(Array.from({ length: n }, (_, i) => (i * 97 + 13) % 256));
}

/*
 * Kinesis also speaks CBOR (application/x-amz-cbor-1.1: the AWS SDK for Java's default for
 * Kinesis): same operations, same members, blobs as CBOR byte strings instead of base64 text,
 * timestamps as epoch milliseconds.
 */
const CBOR_REF =
  'aws-observed.md §A: AWS answers a CBOR DescribeStream for an absent stream with HTTP 400 {"__type":"ResourceNotFoundException","message":"Stream wrong-stream-name under account 111111111111 not found."} in CBOR (LocalStack test_cbor_exceptions, validated against AWS 2025)';
const MILLIS_REF = 'aws-sdk-java-v2 AwsCborProtocolFactory: "CBOR uses epoch millis for timestamps rather than epoch seconds with millisecond decimal precision like JSON protocols"';

/** A signed request with a CBOR body and content type. */
function sendCbor(ctx: Pick<CaseContext, 'kinesis'>, operation: string, body: unknown): Promise<Response> {
  return ctx.kinesis.send({ operation, body: encodeCbor(body), headers: { 'Content-Type': CBOR_CONTENT_TYPE } });
}

/** A CBOR answer's status, content type and decoded body as a record. */
function cborSuccess(res: Response, what: string): Record<string, unknown> {
  expectSuccess(res, what);
  expectContentType(res, CBOR_CONTENT_TYPE);
  const body = cborBodyOf(res);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) fail(`${what}: expected a CBOR map, got ${showCbor(body)}`);
  return body as Record<string, unknown>;
}

// One stream for the whole file, created on first use and deleted when the file ends.
let shared: Promise<StreamHandle> | undefined;
function stream(ctx: CaseContext): Promise<StreamHandle> {
  shared ??= ctx.streams.create('cbor');
  return shared;
}

/** Puts one record over JSON and returns where it landed. */
async function putJson(ctx: CaseContext, name: string, data: Uint8Array): Promise<{ shardId: string; sequenceNumber: string }> {
  const res = await ctx.kinesis.call('PutRecord', { StreamName: name, PartitionKey: 'cbor', Data: Buffer.from(data).toString('base64') });
  expectSuccess(res, 'PutRecord (JSON)');
  const out = res.json as { ShardId: string; SequenceNumber: string };
  return { shardId: out.ShardId, sequenceNumber: out.SequenceNumber };
}

/** Reads from `sequenceNumber` until the record shows up; `get` sends one GetRecords call. */
async function readUntil<R>(ctx: CaseContext, name: string, at: { shardId: string; sequenceNumber: string }, get: (iterator: string) => Promise<{ record: R | undefined; next: string | undefined }>): Promise<R> {
  const it = await ctx.kinesis.call('GetShardIterator', { StreamName: name, ShardId: at.shardId, ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: at.sequenceNumber });
  expectSuccess(it, 'GetShardIterator');
  let iterator: string | undefined = (it.json as { ShardIterator: string }).ShardIterator;
  let found: R | undefined;
  await waitForState(
    `record ${at.sequenceNumber} to be readable`,
    async () => {
      if (iterator === undefined) fail('GetRecords returned no NextShardIterator before the record was read');
      const page = await get(iterator);
      iterator = page.next;
      found = page.record;
      return { state: found === undefined ? 'not yet' : 'read' };
    },
    (o) => o.state === 'read',
    ctx.run.target.bounds,
    ctx.timeline,
  );
  return found as R;
}

conformanceCase(
  {
    id: 'protocol/cbor/list-streams',
    operation: 'ListStreams',
    member: null,
    rule: 'cbor.request-and-answer',
    ...protocolRef(`${CBOR_REF}; model: ListStreamsOutput (StreamNames, HasMoreStreams required)`),
    expectation: 'CBOR ListStreams {"Limit":1}: HTTP 200, Content-Type application/x-amz-cbor-1.1, a CBOR map with StreamNames (array) and HasMoreStreams (boolean)',
  },
  async (ctx) => {
    const out = cborSuccess(await sendCbor(ctx, 'ListStreams', { Limit: 1 }), 'CBOR ListStreams');
    if (!Array.isArray(out['StreamNames']) || typeof out['HasMoreStreams'] !== 'boolean') fail(`expected StreamNames and HasMoreStreams, got ${showCbor(out)}`);
  },
);

conformanceCase(
  {
    id: 'protocol/cbor/error-resource-not-found',
    operation: 'DescribeStream',
    member: 'StreamName',
    rule: 'cbor.error-envelope',
    ...protocolRef(CBOR_REF),
    expectation: 'CBOR DescribeStream of an absent stream: HTTP 400, Content-Type application/x-amz-cbor-1.1, CBOR map exactly {__type: "ResourceNotFoundException", message: "Stream <name> under account <12 digits> not found."}',
  },
  async (ctx) => {
    const name = streamNameFor(ctx.run, 'absent');
    const res = await sendCbor(ctx, 'DescribeStream', { StreamName: name });
    expectStatus(res, 400);
    expectContentType(res, CBOR_CONTENT_TYPE);
    const body = cborBodyOf(res) as Record<string, unknown>;
    const message = body['message'];
    const ok =
      isDeepStrictEqual(Object.keys(body).sort(), ['__type', 'message']) &&
      body['__type'] === 'ResourceNotFoundException' &&
      typeof message === 'string' &&
      new RegExp(`^Stream ${name} under account \\d{12} not found\\.$`).test(message);
    if (!ok) fail(`expected {__type: "ResourceNotFoundException", message: "Stream ${name} under account <account> not found."}, got ${showCbor(body)}`);
  },
);

conformanceCase(
  {
    id: 'protocol/cbor/describe-stream-summary-same-as-json',
    operation: 'DescribeStreamSummary',
    member: null,
    rule: 'cbor.same-meaning-as-json',
    ...protocolRef(`${CBOR_REF}; model: StreamDescriptionSummary; ${MILLIS_REF}`),
    expectation: 'DescribeStreamSummary of an ACTIVE stream over CBOR and over JSON: same StreamName, StreamARN, StreamStatus, RetentionPeriodHours, OpenShardCount, EncryptionType; StreamCreationTimestamp in CBOR = JSON epoch seconds × 1000',
  },
  async (ctx) => {
    const s = await stream(ctx);
    const json = await ctx.kinesis.call('DescribeStreamSummary', { StreamName: s.name });
    expectSuccess(json, 'DescribeStreamSummary (JSON)');
    const j = summaryOf(json);
    if (!j) fail(`expected StreamDescriptionSummary over JSON, got ${describeResponse(json)}`);
    const out = cborSuccess(await sendCbor(ctx, 'DescribeStreamSummary', { StreamName: s.name }), 'CBOR DescribeStreamSummary');
    const c = out['StreamDescriptionSummary'] as Record<string, unknown> | undefined;
    if (!c) fail(`expected StreamDescriptionSummary, got ${showCbor(out)}`);
    for (const member of ['StreamName', 'StreamARN', 'StreamStatus', 'RetentionPeriodHours', 'OpenShardCount', 'EncryptionType']) {
      if (!isDeepStrictEqual(c[member], j[member])) fail(`${member}: CBOR ${showCbor(c[member])}, JSON ${JSON.stringify(j[member])}`);
    }
    const millis = cborTimestampMillis(c['StreamCreationTimestamp']);
    const seconds = j['StreamCreationTimestamp'];
    if (typeof seconds !== 'number') fail(`JSON StreamCreationTimestamp is not epoch seconds: ${JSON.stringify(seconds)}`);
    if (millis !== Math.round(seconds * 1000)) fail(`StreamCreationTimestamp: CBOR ${showCbor(c['StreamCreationTimestamp'])}, expected ${Math.round(seconds * 1000)} epoch ms (JSON ${seconds} s)`);
  },
);

conformanceCase(
  {
    id: 'protocol/cbor/put-record-blob',
    operation: 'PutRecord',
    member: 'Data',
    rule: 'cbor.blob-as-byte-string',
    ...protocolRef(`${CBOR_REF}; model: PutRecordInput.Data is a blob (a CBOR byte string, no base64); PutRecordOutput: ShardId, SequenceNumber`),
    expectation: 'CBOR PutRecord with Data as a byte string of 64 bytes spread over the byte range: HTTP 200 CBOR {ShardId, SequenceNumber}; reading it back over JSON gives Data = base64 of exactly those bytes',
  },
  async (ctx) => {
    const s = await stream(ctx);
    const data = spreadBytes(64);
    const out = cborSuccess(await sendCbor(ctx, 'PutRecord', { StreamName: s.name, PartitionKey: 'cbor', Data: new Uint8Array(data) }), 'CBOR PutRecord');
    if (typeof out['ShardId'] !== 'string' || typeof out['SequenceNumber'] !== 'string') fail(`expected ShardId and SequenceNumber strings, got ${showCbor(out)}`);
    const at = { shardId: out['ShardId'] as string, sequenceNumber: out['SequenceNumber'] as string };
    const record = await readUntil(ctx, s.name, at, async (iterator) => {
      const res = await ctx.kinesis.call('GetRecords', { ShardIterator: iterator });
      expectSuccess(res, 'GetRecords (JSON)');
      const page = res.json as { Records: { SequenceNumber: string; Data: string }[]; NextShardIterator?: string };
      return { record: page.Records.find((r) => r.SequenceNumber === at.sequenceNumber), next: page.NextShardIterator };
    });
    if (record.Data !== data.toString('base64')) fail(`Data read back over JSON: ${JSON.stringify(record.Data)}, expected ${JSON.stringify(data.toString('base64'))}`);
  },
);

/** Reads the record at `at` over CBOR. */
function readCbor(ctx: CaseContext, name: string, at: { shardId: string; sequenceNumber: string }): Promise<Record<string, unknown>> {
  return readUntil(ctx, name, at, async (iterator) => {
    const page = cborSuccess(await sendCbor(ctx, 'GetRecords', { ShardIterator: iterator }), 'CBOR GetRecords');
    const records = page['Records'];
    if (!Array.isArray(records)) fail(`expected Records, got ${showCbor(page)}`);
    const record = (records as Record<string, unknown>[]).find((r) => r['SequenceNumber'] === at.sequenceNumber);
    return { record, next: typeof page['NextShardIterator'] === 'string' ? page['NextShardIterator'] : undefined };
  });
}

conformanceCase(
  {
    id: 'protocol/cbor/get-records-blob',
    operation: 'GetRecords',
    member: 'Records.Data',
    rule: 'cbor.blob-as-byte-string',
    ...protocolRef(`${CBOR_REF}; model: Record.Data is a blob (a CBOR byte string in answers)`),
    expectation: 'a record put over JSON, read with CBOR GetRecords: Data is a CBOR byte string holding exactly the bytes put',
  },
  async (ctx) => {
    const s = await stream(ctx);
    const data = spreadBytes(48);
    const at = await putJson(ctx, s.name, data);
    const record = await readCbor(ctx, s.name, at);
    const got = record['Data'];
    if (!(got instanceof Uint8Array)) fail(`expected Data as a CBOR byte string, got ${showCbor(got)}`);
    if (!Buffer.from(got).equals(data)) fail(`Data: got ${Buffer.from(got).toString('hex')}, expected ${data.toString('hex')}`);
  },
);

conformanceCase(
  {
    id: 'protocol/cbor/get-records-timestamp',
    operation: 'GetRecords',
    member: 'Records.ApproximateArrivalTimestamp',
    rule: 'cbor.timestamp-epoch-millis',
    ...protocolRef(`${MILLIS_REF}; model: Record.ApproximateArrivalTimestamp is a timestamp`),
    expectation: 'the same record read over JSON and over CBOR: ApproximateArrivalTimestamp in CBOR is epoch milliseconds (bare or under tag 1) equal to the JSON epoch seconds × 1000',
  },
  async (ctx) => {
    const s = await stream(ctx);
    const at = await putJson(ctx, s.name, spreadBytes(8));
    const viaCbor = await readCbor(ctx, s.name, at);
    const viaJson = await readUntil(ctx, s.name, at, async (iterator) => {
      const res = await ctx.kinesis.call('GetRecords', { ShardIterator: iterator });
      expectSuccess(res, 'GetRecords (JSON)');
      const page = res.json as { Records: { SequenceNumber: string; ApproximateArrivalTimestamp: unknown }[]; NextShardIterator?: string };
      return { record: page.Records.find((r) => r.SequenceNumber === at.sequenceNumber), next: page.NextShardIterator };
    });
    const seconds = viaJson.ApproximateArrivalTimestamp;
    if (typeof seconds !== 'number') fail(`JSON ApproximateArrivalTimestamp is not epoch seconds: ${JSON.stringify(seconds)}`);
    const raw = viaCbor['ApproximateArrivalTimestamp'];
    ctx.observe(`CBOR ApproximateArrivalTimestamp as sent: ${showCbor(raw)}`);
    if (cborTimestampMillis(raw) !== Math.round(seconds * 1000))
      fail(`ApproximateArrivalTimestamp: CBOR ${showCbor(raw)}, expected ${Math.round(seconds * 1000)} epoch ms (JSON ${seconds} s)`);
  },
);

conformanceCase(
  {
    id: 'protocol/cbor/malformed-body',
    operation: 'ListStreams',
    member: null,
    rule: 'cbor.body-not-cbor',
    ...protocolRef(`aws-observed.md §B.3: a body the protocol cannot read is a SerializationException (answered in the request's protocol, CBOR answers for CBOR requests per ${CBOR_REF}); exact text unrecorded: observed`),
    expectation: 'ListStreams with Content-Type application/x-amz-cbor-1.1 and the body 0xff (a lone break code): HTTP 400, Content-Type application/x-amz-cbor-1.1, __type SerializationException',
  },
  async (ctx) => {
    const res = await ctx.kinesis.send({ operation: 'ListStreams', body: new Uint8Array([0xff]), headers: { 'Content-Type': CBOR_CONTENT_TYPE } });
    expectStatus(res, 400);
    expectContentType(res, CBOR_CONTENT_TYPE);
    const body = cborBodyOf(res) as Record<string, unknown>;
    ctx.observe(`answer: ${showCbor(body)}`);
    if (body['__type'] !== 'SerializationException') fail(`expected __type SerializationException, got ${describeResponse(res)}`);
  },
);
