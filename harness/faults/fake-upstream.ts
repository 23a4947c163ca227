// A tiny scripted Kinesis for the proxy's tests: fixed answers chosen by operation and stream name,
// in JSON or CBOR as asked, so a fault's effect on the wire can be seen in isolation.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CBOR_CONTENT_TYPE, CborEpochTag, decodeCbor, encodeCbor } from '../protocol/cbor.ts';
import { readBody } from './proxy.ts';

export const FAKE_REQUEST_ID = '6f1c2b4e-1d2a-4c3b-9e8f-0123456789ab';
export const FAKE_ARN_PREFIX = 'arn:aws:kinesis:us-east-1:123456789012:stream/';

export interface FakeUpstream {
  url: string;
  /** Operations received, in order, with the body as received. */
  received: Array<{ operation: string | null; body: unknown; host: string | undefined }>;
  stop(): Promise<void>;
}

type Answer = { status: number; body: unknown };

function error(type: string, message?: string, key: 'message' | 'Message' = 'message'): Answer {
  return { status: 400, body: message === undefined ? { __type: type } : { __type: type, [key]: message } };
}

function description(name: string): Record<string, unknown> {
  const status = name.startsWith('creating') ? 'CREATING' : name.startsWith('updating') ? 'UPDATING' : name.startsWith('deleting') ? 'DELETING' : 'ACTIVE';
  const kms = name.startsWith('enc') || name.startsWith('updating');
  return {
    StreamName: name,
    StreamARN: `${FAKE_ARN_PREFIX}${name}`,
    StreamStatus: status,
    EncryptionType: kms ? 'KMS' : 'NONE',
    KeyId: kms ? 'alias/aws/kinesis' : null,
    RetentionPeriodHours: 24,
    StreamCreationTimestamp: 1_700_000_000,
  };
}

function answer(operation: string | null, body: Record<string, unknown> | undefined, signed: boolean): Answer {
  if (!signed) return error('MissingAuthenticationTokenException', 'Missing Authentication Token');
  const known = ['StartStreamEncryption', 'StopStreamEncryption', 'DescribeStreamSummary', 'DescribeStream', 'PutRecord', 'PutRecords', 'ListStreams', 'DeleteStream', 'GetRecords'];
  if (!operation || !known.includes(operation)) return error('UnknownOperationException');
  if (!body) return error('SerializationException', 'Start of structure or map found where not expected.', 'Message');
  const name = typeof body['StreamName'] === 'string' ? body['StreamName'] : typeof body['StreamARN'] === 'string' ? body['StreamARN'].split('/').pop()! : '';
  if (typeof body['Limit'] === 'number' && (body['Limit'] < 1 || body['Limit'] > 10_000)) {
    return error('ValidationException', `1 validation error detected: Value '${body['Limit']}' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1`);
  }
  if (name.length > 128) return error('ValidationException', `1 validation error detected: Value '${name}' at 'streamName' failed to satisfy constraint: Member must have length less than or equal to 128`);
  if (name.startsWith('absent')) return error('ResourceNotFoundException', `Stream ${name} under account 123456789012 not found.`);
  switch (operation) {
    case 'StartStreamEncryption':
    case 'StopStreamEncryption':
      if (name.startsWith('busy')) return error('ResourceInUseException', `Stream ${name} under account 123456789012 not ACTIVE, instead in state UPDATING`);
      if (body['EncryptionType'] === 'NONE') return error('InvalidArgumentException', 'Encryption type NONE is not valid here');
      return { status: 200, body: undefined };
    case 'DescribeStreamSummary':
      return { status: 200, body: { StreamDescriptionSummary: description(name) } };
    case 'DescribeStream':
      return { status: 200, body: { StreamDescription: { ...description(name), Shards: [], HasMoreShards: false } } };
    case 'PutRecord':
      return { status: 200, body: { SequenceNumber: '1', ShardId: 'shardId-000000000000', EncryptionType: 'KMS' } };
    case 'PutRecords':
      return { status: 200, body: { FailedRecordCount: 0, Records: [{ SequenceNumber: '1', ShardId: 'shardId-000000000000' }], EncryptionType: 'KMS' } };
    case 'ListStreams':
      return { status: 200, body: { StreamNames: [], HasMoreStreams: false } };
    case 'DeleteStream':
      return { status: 200, body: undefined };
    default:
      return { status: 200, body: { Records: [{ Data: 'AQID', ApproximateArrivalTimestamp: 1_700_000_000.5, PartitionKey: 'pk', SequenceNumber: '1' }], MillisBehindLatest: 0 } };
  }
}

/** GetRecords in CBOR carries what AWS's CBOR carries: a byte string and an epoch-millis tag. */
function cborForm(body: unknown): unknown {
  const copy = structuredClone(body) as { Records?: Array<Record<string, unknown>> } | undefined;
  for (const r of copy?.Records ?? []) {
    if (typeof r['Data'] === 'string') r['Data'] = new Uint8Array(Buffer.from(r['Data'], 'base64'));
    if (typeof r['ApproximateArrivalTimestamp'] === 'number') r['ApproximateArrivalTimestamp'] = new CborEpochTag(Math.round(r['ApproximateArrivalTimestamp'] * 1000));
  }
  return copy;
}

export async function startFakeUpstream(): Promise<FakeUpstream> {
  const received: FakeUpstream['received'] = [];
  const server: Server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const cbor = (req.headers['content-type'] ?? '').startsWith(CBOR_CONTENT_TYPE);
      const target = req.headers['x-amz-target'];
      const operation = typeof target === 'string' && target.includes('.') ? target.slice(target.indexOf('.') + 1) : null;
      let body: Record<string, unknown> | undefined;
      try {
        const parsed = cbor ? decodeCbor(raw) : (JSON.parse(raw.toString('utf8')) as unknown);
        body = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
      } catch {
        body = undefined;
      }
      received.push({ operation, body, host: req.headers.host });
      const a = answer(operation, body, req.headers['authorization'] !== undefined);
      const bytes = a.body === undefined ? Buffer.alloc(0) : cbor ? Buffer.from(encodeCbor(cborForm(a.body))) : Buffer.from(JSON.stringify(a.body));
      res.writeHead(a.status, {
        'x-amzn-RequestId': FAKE_REQUEST_ID,
        'x-amz-id-2': 'ZmFrZS1pZC0yLWZvci10ZXN0cy1vbmx5LWZha2UtaWQtMi1mb3ItdGVzdHMtb25seQ==',
        'Content-Type': cbor ? CBOR_CONTENT_TYPE : 'application/x-amz-json-1.1',
        'Content-Length': String(bytes.length),
      });
      res.end(bytes);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    received,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
