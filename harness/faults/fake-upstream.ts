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
  const known = ['StartStreamEncryption', 'StopStreamEncryption', 'DescribeStreamSummary', 'DescribeStream', 'PutRecord', 'PutRecords', 'ListStreams', 'DeleteStream', 'GetRecords', 'GetShardIterator', ...SETTINGS_OPS, ...STREAMS_OPS, ...FAN_OUT_OPS];
  if (!operation || !known.includes(operation)) return error('UnknownOperationException');
  if (!body) return error('SerializationException', 'Start of structure or map found where not expected.', 'Message');
  const name = typeof body['StreamName'] === 'string' ? body['StreamName'] : typeof body['StreamARN'] === 'string' ? body['StreamARN'].split('/').pop()! : '';
  if (typeof body['Limit'] === 'number' && (body['Limit'] < 1 || body['Limit'] > 10_000)) {
    return error('ValidationException', `1 validation error detected: Value '${body['Limit']}' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1`);
  }
  if (name.length > 128) return error('ValidationException', `1 validation error detected: Value '${name}' at 'streamName' failed to satisfy constraint: Member must have length less than or equal to 128`);
  if (name.startsWith('absent')) return error('ResourceNotFoundException', `Stream ${name} under account 123456789012 not found.`);
  // Streams and iterators named dp-…: the data-plane faults' scripted shard (harness/faults/catalogue-data-plane.ts).
  const dataPlane = name.startsWith('dp-') || String(body['ShardIterator'] ?? '').startsWith('dp-') ? dataPlaneAnswer(operation, body) : undefined;
  if (dataPlane) return dataPlane;
  // The settings operations, and Describe* of streams named st-…: the settings faults' scripted answers (harness/faults/catalogue-control-plane.ts).
  const settings = settingsAnswer(operation, body, name);
  if (settings) return settings;
  // Resharding, shard and stream listing, CreateStream and DescribeLimits, and Describe* of streams named sh-…: the streams faults' scripted answers (harness/faults/catalogue-control-plane.ts).
  const streams = streamsAnswer(operation, body, name);
  if (streams) return streams;
  // The consumer operations: the fan-out faults' scripted answers (harness/faults/catalogue-fan-out.ts).
  const fanOut = fanOutAnswer(operation, body, name);
  if (fanOut) return fanOut;
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

const DP_SHARD_0 = 'shardId-000000000000';
const DP_RECORDS = [
  { Data: 'AQID', ApproximateArrivalTimestamp: 1_700_000_000.1, PartitionKey: 'pk-1', SequenceNumber: '11' },
  { Data: 'BAUG', ApproximateArrivalTimestamp: 1_700_000_000.2, PartitionKey: 'pk-2', SequenceNumber: '12' },
  { Data: 'BwgJ', ApproximateArrivalTimestamp: 1_700_000_000.3, PartitionKey: 'pk-3', SequenceNumber: '13' },
];

/**
 * A scripted shard for the data-plane faults: PutRecord(s) acknowledge every entry, GetShardIterator
 * checks the type / sequence-number pairing (iterator `dp-<type>`), GetRecords of `dp-closed…` ends a
 * closed shard with ChildShards, any other `dp-` iterator answers three records (Limit honoured).
 */
function dataPlaneAnswer(operation: string, body: Record<string, unknown>): Answer | undefined {
  switch (operation) {
    case 'PutRecord':
      if (body['SequenceNumberForOrdering'] === '20000000000000000000000000000000000000000000000') {
        return error('InvalidArgumentException', 'ExclusiveMinimumSequenceNumber 20000000000000000000000000000000000000000000000 used in PutRecord on stream dp-1 under account 123456789012 is invalid.');
      }
      return { status: 200, body: { SequenceNumber: '14', ShardId: DP_SHARD_0 } };
    case 'PutRecords': {
      const entries = Array.isArray(body['Records']) ? body['Records'] : [];
      return { status: 200, body: { FailedRecordCount: 0, Records: entries.map((_, i) => ({ SequenceNumber: String(20 + i), ShardId: `shardId-00000000000${i % 2}` })) } };
    }
    case 'GetShardIterator': {
      const type = String(body['ShardIteratorType']);
      const withNumber = body['StartingSequenceNumber'] !== undefined;
      if (withNumber !== (type === 'AT_SEQUENCE_NUMBER' || type === 'AFTER_SEQUENCE_NUMBER')) {
        return error('InvalidArgumentException', `Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified ${type}${withNumber ? ' and also a StartingSequenceNumber.' : ' and no StartingSequenceNumber.'}`);
      }
      return { status: 200, body: { ShardIterator: body['ShardId'] === 'shardId-000000000009' ? 'dp-closed' : `dp-${type}` } };
    }
    case 'GetRecords': {
      if (String(body['ShardIterator']).startsWith('dp-closed')) {
        const child = (id: string, start: string, end: string) => ({ ShardId: id, ParentShards: ['shardId-000000000009'], HashKeyRange: { StartingHashKey: start, EndingHashKey: end } });
        return {
          status: 200,
          body: { Records: [], NextShardIterator: null, MillisBehindLatest: 0, ChildShards: [child('shardId-000000000010', '0', '99'), child('shardId-000000000011', '100', '199')] },
        };
      }
      const limit = typeof body['Limit'] === 'number' ? body['Limit'] : DP_RECORDS.length;
      return { status: 200, body: { Records: DP_RECORDS.slice(0, limit), NextShardIterator: 'dp-next', MillisBehindLatest: 0 } };
    }
    default:
      return undefined;
  }
}

const SETTINGS_OPS = [
  'AddTagsToStream',
  'RemoveTagsFromStream',
  'ListTagsForStream',
  'TagResource',
  'UntagResource',
  'ListTagsForResource',
  'IncreaseStreamRetentionPeriod',
  'DecreaseStreamRetentionPeriod',
  'EnableEnhancedMonitoring',
  'DisableEnhancedMonitoring',
  'UpdateStreamMode',
  'UpdateMaxRecordSize',
  'UpdateStreamWarmThroughput',
  'PutResourcePolicy',
  'GetResourcePolicy',
  'DeleteResourcePolicy',
  'DescribeAccountSettings',
];
const ST_TAGS = [
  { Key: 'st-a', Value: '1' },
  { Key: 'st-b', Value: '2' },
  { Key: 'st-c', Value: '3' },
];

/**
 * Scripted answers for the settings faults: the settings operations on any stream (busy… streams are
 * UPDATING: ResourceInUseException), and Describe* of st-… streams (on-demand, two enhanced metrics).
 * ListTagsForStream pages over three tags by Limit and ExclusiveStartTagKey; monitoring starts from
 * IncomingBytes; retention refuses values below 24 and above 8760 hours, tags refuse ';'.
 */
function settingsAnswer(operation: string, body: Record<string, unknown>, name: string): Answer | undefined {
  const described = name.startsWith('st-') && (operation === 'DescribeStreamSummary' || operation === 'DescribeStream');
  if (!described && !SETTINGS_OPS.includes(operation)) return undefined;
  if (name.startsWith('busy')) return error('ResourceInUseException', `Stream ${name} under account 123456789012 not ACTIVE, instead in state UPDATING`);
  const stDescription = () => ({ ...description(name), StreamModeDetails: { StreamMode: 'ON_DEMAND' }, EnhancedMonitoring: [{ ShardLevelMetrics: ['IncomingBytes', 'OutgoingRecords'] }] });
  switch (operation) {
    case 'DescribeStreamSummary':
      return { status: 200, body: { StreamDescriptionSummary: stDescription() } };
    case 'DescribeStream':
      return { status: 200, body: { StreamDescription: { ...stDescription(), Shards: [], HasMoreShards: false } } };
    case 'IncreaseStreamRetentionPeriod':
    case 'DecreaseStreamRetentionPeriod': {
      const hours = body['RetentionPeriodHours'];
      if (typeof hours === 'number' && hours < 24) return error('InvalidArgumentException', `Minimum allowed retention period is 24 hours. Requested retention period (${hours} hours) is too short.`);
      if (typeof hours === 'number' && hours > 8760) return error('InvalidArgumentException', `Requested retention period (${hours} hours) is too long.`);
      return { status: 200, body: undefined };
    }
    case 'AddTagsToStream':
    case 'TagResource': {
      const keys = body['Tags'] && typeof body['Tags'] === 'object' ? Object.keys(body['Tags']) : [];
      if (keys.some((k) => k.includes(';'))) return error('InvalidArgumentException', 'Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, _ . / = + - % @.');
      return { status: 200, body: undefined };
    }
    case 'ListTagsForStream': {
      const after = typeof body['ExclusiveStartTagKey'] === 'string' ? ST_TAGS.findIndex((t) => t.Key === body['ExclusiveStartTagKey']) + 1 : 0;
      const rest = ST_TAGS.slice(after);
      const limit = typeof body['Limit'] === 'number' ? body['Limit'] : 50;
      return { status: 200, body: { Tags: rest.slice(0, limit), HasMoreTags: rest.length > limit } };
    }
    case 'ListTagsForResource':
      return { status: 200, body: { Tags: ST_TAGS.slice(0, 1) } };
    case 'EnableEnhancedMonitoring':
    case 'DisableEnhancedMonitoring': {
      const current = ['IncomingBytes'];
      const asked = Array.isArray(body['ShardLevelMetrics']) ? (body['ShardLevelMetrics'] as string[]) : [];
      const desired = operation === 'EnableEnhancedMonitoring' ? [...new Set([...current, ...asked])] : current.filter((m) => !asked.includes(m));
      return { status: 200, body: { StreamName: name, StreamARN: `${FAKE_ARN_PREFIX}${name}`, CurrentShardLevelMetrics: current, DesiredShardLevelMetrics: desired } };
    }
    case 'UpdateStreamWarmThroughput':
      return error('InvalidArgumentException', 'Warm throughput is not supported for provisioned streams.');
    case 'GetResourcePolicy':
      return { status: 200, body: { Policy: '{}' } };
    case 'DescribeAccountSettings':
      return { status: 200, body: { MinimumThroughputBillingCommitment: { Status: 'DISABLED' } } };
    default:
      return { status: 200, body: undefined };
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

const STREAMS_OPS = ['SplitShard', 'MergeShards', 'UpdateShardCount', 'ListShards', 'CreateStream', 'DescribeLimits'];
const SH_MAX = (2n ** 128n - 1n).toString();
const SH_MID = (2n ** 127n).toString();

/** A split stream's shard map: shardId-000000000000 closed, its two children open. */
function shShards(): Array<Record<string, unknown>> {
  return [
    { ShardId: 'shardId-000000000000', HashKeyRange: { StartingHashKey: '0', EndingHashKey: SH_MAX }, SequenceNumberRange: { StartingSequenceNumber: '100', EndingSequenceNumber: '200' } },
    { ShardId: 'shardId-000000000001', ParentShardId: 'shardId-000000000000', HashKeyRange: { StartingHashKey: '0', EndingHashKey: (2n ** 127n - 1n).toString() }, SequenceNumberRange: { StartingSequenceNumber: '300', EndingSequenceNumber: null } },
    { ShardId: 'shardId-000000000002', ParentShardId: 'shardId-000000000000', AdjacentParentShardId: null, HashKeyRange: { StartingHashKey: SH_MID, EndingHashKey: SH_MAX }, SequenceNumberRange: { StartingSequenceNumber: '400' } },
  ];
}

/**
 * Scripted answers for the streams faults: sh-… streams are split streams (sh-updating-… UPDATING,
 * sh-deleting-… DELETING), sh-busy-… refuse resharding as in use, sh-exists-… already exist.
 */
function streamsAnswer(operation: string, body: Record<string, unknown>, name: string): Answer | undefined {
  const start = typeof body['ExclusiveStartStreamName'] === 'string' ? body['ExclusiveStartStreamName'] : '';
  if (operation === 'DescribeLimits') return { status: 200, body: { ShardLimit: 50, OpenShardCount: 3, OnDemandStreamCount: 0, OnDemandStreamCountLimit: 50 } };
  if (operation === 'ListStreams' && start.startsWith('sh-')) return { status: 200, body: { StreamNames: [`${start}-a`], HasMoreStreams: true } };
  if (operation === 'ListShards' && typeof body['NextToken'] === 'string') {
    if (name) return error('InvalidArgumentException', 'NextToken and StreamName cannot be provided together.');
    return { status: 200, body: { Shards: shShards().slice(1), NextToken: null } };
  }
  if (!name.startsWith('sh-')) return undefined;
  const status = name.startsWith('sh-updating') ? 'UPDATING' : name.startsWith('sh-deleting') ? 'DELETING' : 'ACTIVE';
  const summary = { ...description(name), StreamStatus: status, OpenShardCount: 2, KeyId: null, StreamModeDetails: { StreamMode: 'PROVISIONED' } };
  const inUse = () => error('ResourceInUseException', `Stream ${name} under account 123456789012 not ACTIVE, instead in state UPDATING`);
  switch (operation) {
    case 'DescribeStreamSummary':
      return { status: 200, body: { StreamDescriptionSummary: summary } };
    case 'DescribeStream': {
      const all = shShards();
      const limit = typeof body['Limit'] === 'number' ? body['Limit'] : 100;
      const from = typeof body['ExclusiveStartShardId'] === 'string' ? all.findIndex((s) => s['ShardId'] === body['ExclusiveStartShardId']) + 1 : 0;
      const page = all.slice(from, from + limit);
      return { status: 200, body: { StreamDescription: { ...summary, Shards: page, HasMoreShards: from + page.length < all.length } } };
    }
    case 'ListShards': {
      let all = shShards();
      const filter = body['ShardFilter'] as { Type?: string } | undefined;
      if (filter?.Type === 'AT_LATEST') all = all.slice(1);
      if (typeof body['ExclusiveStartShardId'] === 'string') all = all.filter((s) => String(s['ShardId']) > String(body['ExclusiveStartShardId']));
      const max = typeof body['MaxResults'] === 'number' ? body['MaxResults'] : 1000;
      return { status: 200, body: { Shards: all.slice(0, max), NextToken: all.length > max ? 'sh-token' : null } };
    }
    case 'SplitShard':
      if (name.startsWith('sh-busy')) return inUse();
      if (body['NewStartingHashKey'] === '0') return error('InvalidArgumentException', `NewStartingHashKey 0 used in SplitShard() on shard ${String(body['ShardToSplit'])} in stream ${name} under account 123456789012 is not both greater than one plus the shard's StartingHashKey 0 and less than the shard's EndingHashKey ${SH_MAX}.`);
      return { status: 200, body: undefined };
    case 'MergeShards':
      if (name.startsWith('sh-busy')) return inUse();
      return { status: 200, body: undefined };
    case 'UpdateShardCount':
      if (name.startsWith('sh-busy')) return inUse();
      return { status: 200, body: { StreamName: name, StreamARN: `${FAKE_ARN_PREFIX}${name}`, CurrentShardCount: 2, TargetShardCount: body['TargetShardCount'] } };
    case 'CreateStream':
      if (name.startsWith('sh-exists')) return error('ResourceInUseException', `Stream ${name} under account 123456789012 already exists.`);
      if (typeof body['ShardCount'] === 'number' && body['ShardCount'] > 50) return error('LimitExceededException', 'This request would exceed the shard limit for the account 123456789012 in us-east-1.');
      return { status: 200, body: undefined };
    default:
      return undefined;
  }
}

const FAN_OUT_OPS = ['RegisterStreamConsumer', 'DeregisterStreamConsumer', 'DescribeStreamConsumer', 'ListStreamConsumers'];

/**
 * Consumers for the fan-out faults: RegisterStreamConsumer answers CREATING (a name starting dup… is
 * taken: ResourceInUseException; over… is beyond the consumer limits: LimitExceededException), DescribeStreamConsumer an ACTIVE consumer, ListStreamConsumers one
 * ACTIVE consumer, DeregisterStreamConsumer 200 (absent… streams are refused before, like any stream).
 */
function fanOutAnswer(operation: string, body: Record<string, unknown>, name: string): Answer | undefined {
  const consumer = (stream: string, consumerName: string, status: string) => ({
    ConsumerName: consumerName,
    ConsumerARN: `${FAKE_ARN_PREFIX}${stream}/consumer/${consumerName}:1700000000`,
    ConsumerStatus: status,
    ConsumerCreationTimestamp: 1_700_000_000,
  });
  switch (operation) {
    case 'RegisterStreamConsumer': {
      const consumerName = String(body['ConsumerName'] ?? '');
      if (consumerName.startsWith('dup')) return error('ResourceInUseException', `Consumer ${consumerName} under stream ${name} already exists for account 123456789012.`);
      if (consumerName.startsWith('over')) return error('LimitExceededException', `Consumer limit exceeded for stream ${name}.`);
      return { status: 200, body: { Consumer: consumer(name, consumerName, 'CREATING') } };
    }
    case 'DescribeStreamConsumer': {
      const arn = typeof body['ConsumerARN'] === 'string' ? body['ConsumerARN'] : '';
      const m = /:stream\/([^/]+)\/consumer\/([^:]+):/.exec(arn);
      const stream = m?.[1] ?? name;
      return { status: 200, body: { ConsumerDescription: { ...consumer(stream, m?.[2] ?? String(body['ConsumerName'] ?? ''), 'ACTIVE'), StreamARN: `${FAKE_ARN_PREFIX}${stream}` } } };
    }
    case 'ListStreamConsumers':
      return { status: 200, body: { Consumers: [consumer(name, 'c-1', 'ACTIVE')] } };
    case 'DeregisterStreamConsumer':
      return { status: 200, body: undefined };
    default:
      return undefined;
  }
}
