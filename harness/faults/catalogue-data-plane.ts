// Faults and AWS-faithful variations of the data-plane behaviour suites (see catalogue.ts for the format).
import { md5HashKey, MAX_HASH_KEY } from '../cases/hash-keys.ts';
import type { FaultSpec, Selection } from './catalogue.ts';
import { bodyOf, requestBodyOf, withBody, withRequestBody, type ProxyRequest } from './proxy.ts';
import { editSuccess, errorToSuccess } from './transforms.ts';

const suite = (grep: string): Selection => ({ suite: 'data-plane', grep: `data-plane/${grep}/` });
const ROUND_TRIP = suite('round-trip');
const ROUTING = suite('routing');
const ORDERING = suite('ordering');
const PUT_RECORDS = suite('put-records');
const ITERATORS = suite('iterators');
const ITERATOR_ERRORS = suite('iterator-errors');
const CLOSED = suite('closed-shards');
const ADDRESSING = suite('addressing');

type Body = Record<string, unknown>;
type Rec = Record<string, unknown>;

/** The Records of a GetRecords answer body (JSON or decoded CBOR), or undefined. */
function recordsOf(body: Body): Rec[] | undefined {
  return Array.isArray(body['Records']) ? (body['Records'] as Rec[]) : undefined;
}

/** Edits the Records list of successful GetRecords answers. */
function editRecords(edit: (records: Rec[], body: Body, req: ProxyRequest) => void) {
  return editSuccess((body, req) => {
    const records = recordsOf(body);
    if (records) edit(records, body, req);
  });
}

/** A blob member (base64 text in JSON, bytes in CBOR) with the lowest bit of its last byte flipped. */
function corrupt(data: unknown): unknown {
  const bytes = data instanceof Uint8Array ? Buffer.from(data) : typeof data === 'string' ? Buffer.from(data, 'base64') : undefined;
  if (!bytes || bytes.length === 0) return data;
  bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 1;
  return data instanceof Uint8Array ? new Uint8Array(bytes) : bytes.toString('base64');
}

/** Rewrites a GetShardIterator request's ShardIteratorType (and what goes with it). */
function iteratorType(from: string, to: string, keep: (body: Body) => Body = (b) => b) {
  return (req: ProxyRequest): ProxyRequest => {
    const body = requestBodyOf(req);
    if (!body || body['ShardIteratorType'] !== from) return req;
    return withRequestBody(req, keep({ ...body, ShardIteratorType: to }));
  };
}

/** The hash key a target hashing partition keys wrongly would use: MD5 + 2^127 (another shard on a multi-shard stream). */
function misroutedKey(partitionKey: unknown): string | undefined {
  if (typeof partitionKey !== 'string') return undefined;
  return ((md5HashKey(partitionKey) + 2n ** 127n) & MAX_HASH_KEY).toString();
}

const GET_RECORDS = ['GetRecords'];
const GET_SHARD_ITERATOR = ['GetShardIterator'];
const PUTS = ['PutRecord', 'PutRecords'];
const STREAM_OPS = ['PutRecord', 'PutRecords', 'GetShardIterator'];

/** `ConformanceFutureMember` is the one member name the catalogue's benign checks know to be an addition. */
const FUTURE = 'ConformanceFutureMember';

export const DATA_PLANE_FAULTS: readonly FaultSpec[] = [
  // --- writing ---
  {
    id: 'data-plane.wrong-shard',
    description: 'Records without ExplicitHashKey are stored (and acknowledged) on the shard of MD5(partition key) + 2^127 instead of MD5(partition key)',
    kind: 'fault',
    area: 'data-plane',
    appliesTo: PUTS,
    suites: [ROUTING, CLOSED],
    transform: {
      request: (req) => {
        const body = requestBodyOf(req);
        if (!body) return req;
        if (req.operation === 'PutRecord') {
          const key = body['ExplicitHashKey'] === undefined ? misroutedKey(body['PartitionKey']) : undefined;
          return key === undefined ? req : withRequestBody(req, { ...body, ExplicitHashKey: key });
        }
        if (!Array.isArray(body['Records'])) return req;
        const records = (body['Records'] as Rec[]).map((r) => {
          const key = r['ExplicitHashKey'] === undefined ? misroutedKey(r['PartitionKey']) : undefined;
          return key === undefined ? r : { ...r, ExplicitHashKey: key };
        });
        return withRequestBody(req, { ...body, Records: records });
      },
    },
  },
  {
    id: 'data-plane.put-records-reordered',
    description: 'PutRecords answers its Records entries in reverse order (no longer matching the request entries by position)',
    kind: 'fault',
    area: 'data-plane',
    appliesTo: ['PutRecords'],
    suites: [PUT_RECORDS],
    transform: { response: editSuccess((b) => (Array.isArray(b['Records']) && b['Records'].length > 1 ? void (b['Records'] as Rec[]).reverse() : undefined)) },
  },
  {
    id: 'data-plane.failed-count-wrong',
    description: 'PutRecords answers a FailedRecordCount one higher than the entries that failed',
    kind: 'fault',
    area: 'data-plane',
    appliesTo: ['PutRecords'],
    suites: [PUT_RECORDS],
    transform: { response: editSuccess((b) => (Array.isArray(b['Records']) ? (b['FailedRecordCount'] = Number(b['FailedRecordCount'] ?? 0) + 1) : undefined)) },
  },
  {
    id: 'data-plane.arn-ignored',
    description: 'StreamARN is ignored: data-plane requests are served by StreamName only (a request with only the ARN names no stream)',
    kind: 'fault',
    area: 'data-plane',
    appliesTo: STREAM_OPS,
    suites: [ADDRESSING],
    transform: {
      request: (req) => {
        const body = requestBodyOf(req);
        if (!body || body['StreamARN'] === undefined) return req;
        const { StreamARN: _arn, ...rest } = body;
        return withRequestBody(req, rest);
      },
    },
  },

  // --- reading: records ---
  {
    id: 'data-plane.record-lost',
    description: 'GetRecords pages of two or more records lose their second record',
    kind: 'fault',
    area: 'data-plane',
    appliesTo: GET_RECORDS,
    suites: [ROUND_TRIP, ITERATORS],
    transform: { response: editRecords((records) => (records.length > 1 ? void records.splice(1, 1) : undefined)) },
  },
  {
    id: 'data-plane.record-duplicated',
    description: 'GetRecords pages repeat their first record right after it',
    kind: 'fault',
    area: 'data-plane',
    appliesTo: GET_RECORDS,
    suites: [ROUND_TRIP, ITERATORS],
    transform: { response: editRecords((records) => (records.length > 0 ? void records.splice(1, 0, structuredClone(records[0]!)) : undefined)) },
  },
  {
    id: 'data-plane.records-reordered',
    description: 'GetRecords pages of two or more records answer their first two records swapped',
    kind: 'fault',
    area: 'data-plane',
    appliesTo: GET_RECORDS,
    suites: [ROUND_TRIP, ITERATORS],
    transform: { response: editRecords((records) => (records.length > 1 ? void records.splice(0, 2, records[1]!, records[0]!) : undefined)) },
  },
  {
    id: 'data-plane.data-corrupted',
    description: "GetRecords answers each page's first record with one bit of its Data flipped",
    kind: 'fault',
    area: 'data-plane',
    appliesTo: GET_RECORDS,
    suites: [ROUND_TRIP],
    transform: { response: editRecords((records) => (records[0] ? void (records[0]['Data'] = corrupt(records[0]['Data'])) : undefined)) },
  },
  {
    id: 'data-plane.arrival-in-milliseconds',
    description: 'ApproximateArrivalTimestamp is answered in epoch milliseconds instead of epoch seconds (JSON)',
    kind: 'fault',
    area: 'data-plane',
    appliesTo: (req) => req.operation === 'GetRecords' && req.protocol === 'json',
    suites: [ROUND_TRIP, ITERATORS],
    transform: {
      response: editRecords((records) => {
        for (const r of records) if (typeof r['ApproximateArrivalTimestamp'] === 'number') r['ApproximateArrivalTimestamp'] = Math.round(r['ApproximateArrivalTimestamp'] * 1000);
      }),
    },
  },

  {
    id: 'data-plane.arrival-sub-millisecond',
    description: 'ApproximateArrivalTimestamp carries digits below the millisecond (0.4 ms added; JSON)',
    kind: 'fault',
    area: 'data-plane',
    appliesTo: (req) => req.operation === 'GetRecords' && req.protocol === 'json',
    suites: [ROUND_TRIP, ITERATORS],
    transform: {
      response: editRecords((records) => {
        for (const r of records) if (typeof r['ApproximateArrivalTimestamp'] === 'number') r['ApproximateArrivalTimestamp'] += 0.0004;
      }),
    },
  },

  // --- reading: iterators and pages ---
  {
    id: 'data-plane.after-as-at',
    description: 'AFTER_SEQUENCE_NUMBER is served as AT_SEQUENCE_NUMBER: the read starts at the named record instead of after it',
    kind: 'fault',
    area: 'data-plane',
    appliesTo: GET_SHARD_ITERATOR,
    suites: [ITERATORS],
    transform: { request: iteratorType('AFTER_SEQUENCE_NUMBER', 'AT_SEQUENCE_NUMBER') },
  },
  {
    id: 'data-plane.at-as-after',
    description: 'AT_SEQUENCE_NUMBER is served as AFTER_SEQUENCE_NUMBER: the named record itself is skipped',
    kind: 'fault',
    area: 'data-plane',
    appliesTo: GET_SHARD_ITERATOR,
    suites: [ITERATORS, ROUND_TRIP],
    transform: { request: iteratorType('AT_SEQUENCE_NUMBER', 'AFTER_SEQUENCE_NUMBER') },
  },
  {
    id: 'data-plane.latest-as-trim-horizon',
    description: 'LATEST is served as TRIM_HORIZON: a tailing reader gets the whole shard',
    kind: 'fault',
    area: 'data-plane',
    appliesTo: GET_SHARD_ITERATOR,
    suites: [ITERATORS],
    transform: { request: iteratorType('LATEST', 'TRIM_HORIZON') },
  },
  {
    id: 'data-plane.timestamp-ignored',
    description: 'AT_TIMESTAMP is served as TRIM_HORIZON (the Timestamp is ignored)',
    kind: 'fault',
    area: 'data-plane',
    appliesTo: GET_SHARD_ITERATOR,
    suites: [ITERATORS],
    transform: {
      request: iteratorType('AT_TIMESTAMP', 'TRIM_HORIZON', ({ Timestamp: _t, ...rest }) => rest),
    },
  },
  {
    id: 'data-plane.limit-ignored',
    description: 'GetRecords ignores Limit (the request is forwarded without it)',
    kind: 'fault',
    area: 'data-plane',
    appliesTo: (req) => req.operation === 'GetRecords' && requestBodyOf(req)?.['Limit'] !== undefined,
    suites: [ITERATORS],
    transform: {
      request: (req) => {
        const { Limit: _limit, ...rest } = requestBodyOf(req)!;
        return withRequestBody(req, rest);
      },
    },
  },
  {
    id: 'data-plane.next-iterator-dropped',
    description: 'GetRecords answers on an open shard carry no NextShardIterator',
    kind: 'fault',
    area: 'data-plane',
    appliesTo: GET_RECORDS,
    suites: [ITERATORS, CLOSED],
    transform: { response: editSuccess((b) => (typeof b['NextShardIterator'] === 'string' ? void delete b['NextShardIterator'] : undefined)) },
  },
  {
    id: 'data-plane.millis-behind-never-zero',
    description: 'MillisBehindLatest is never 0: a caught-up reader is told it is 1000 ms behind',
    kind: 'fault',
    area: 'data-plane',
    appliesTo: GET_RECORDS,
    suites: [ITERATORS],
    transform: { response: editSuccess((b) => (b['MillisBehindLatest'] === 0 ? void (b['MillisBehindLatest'] = 1000) : undefined)) },
  },
  {
    id: 'data-plane.child-shards-dropped',
    description: 'The GetRecords answer that ends a closed shard carries no ChildShards',
    kind: 'fault',
    area: 'data-plane',
    appliesTo: GET_RECORDS,
    suites: [CLOSED],
    transform: { response: editSuccess((b) => ('ChildShards' in b && b['ChildShards'] !== null ? void delete b['ChildShards'] : undefined)) },
  },
  {
    id: 'data-plane.closed-shard-never-ends',
    description: 'A closed shard never ends: where the target answers NextShardIterator null, the proxy answers the request\'s own iterator again (and no ChildShards)',
    kind: 'fault',
    area: 'data-plane',
    appliesTo: GET_RECORDS,
    suites: [CLOSED],
    transform: {
      response: editSuccess((b, req) => {
        if (recordsOf(b) === undefined || typeof b['NextShardIterator'] === 'string') return;
        const iterator = requestBodyOf(req)?.['ShardIterator'];
        if (typeof iterator !== 'string') return;
        b['NextShardIterator'] = iterator;
        delete b['ChildShards'];
      }),
    },
  },

  // --- refusals ---
  {
    id: 'data-plane.iterator-arguments-unchecked',
    description: 'GetShardIterator does not check its arguments: every InvalidArgumentException (type/sequence-number mismatch, another shard\'s number, AT_TIMESTAMP without or beyond now) becomes 200 with an iterator',
    kind: 'fault',
    area: 'data-plane',
    appliesTo: GET_SHARD_ITERATOR,
    suites: [ITERATOR_ERRORS],
    transform: { response: errorToSuccess(['InvalidArgumentException'], { ShardIterator: 'AAAAAAAAAAH1conformancefaultiterator' }) },
  },
  {
    id: 'data-plane.sequence-for-ordering-unchecked',
    description: 'PutRecord does not check SequenceNumberForOrdering or ExplicitHashKey values: its InvalidArgumentException becomes 200 with a made-up acknowledgement',
    kind: 'fault',
    area: 'data-plane',
    appliesTo: ['PutRecord'],
    suites: [ORDERING, ROUTING],
    transform: { response: errorToSuccess(['InvalidArgumentException'], { ShardId: 'shardId-000000000000', SequenceNumber: '49000000000000000000000000000000000000000000000000000001' }) },
  },

  // --- AWS-faithful variations: nothing may change under these ---
  {
    id: 'benign.data-plane-empty-first-page',
    description:
      'The first GetRecords call with an iterator answers an empty page (HTTP 200, no Records, the target\'s MillisBehindLatest) whose NextShardIterator is the request\'s own iterator; the next call with it is served as usual (AWS may answer empty pages while records exist)',
    kind: 'benign',
    area: 'data-plane',
    appliesTo: GET_RECORDS,
    suites: [ROUND_TRIP, ITERATORS, CLOSED, PUT_RECORDS, ADDRESSING],
    transform: {
      response: (answer, req, memory) => {
        const iterator = requestBodyOf(req)?.['ShardIterator'];
        if (answer.status !== 200 || typeof iterator !== 'string') return answer;
        const key = `served:${iterator}`;
        if (memory.notes.has(key)) return answer;
        memory.notes.set(key, true);
        const body = bodyOf(answer) as Body | undefined;
        if (!body || typeof body !== 'object') return answer;
        return withBody(answer, { Records: [], NextShardIterator: iterator, MillisBehindLatest: body['MillisBehindLatest'] ?? 0 });
      },
    },
  },
  {
    id: 'benign.data-plane-extra-members',
    description: 'Data-plane answers carry members the model does not know yet: in each record, each PutRecords entry, each child shard and at the top level',
    kind: 'benign',
    area: 'data-plane',
    appliesTo: [...STREAM_OPS, ...GET_RECORDS],
    suites: [ROUND_TRIP, ITERATORS, CLOSED, PUT_RECORDS, ROUTING],
    transform: {
      response: editSuccess((b) => {
        b[FUTURE] = 'x';
        for (const list of [b['Records'], b['ChildShards']]) if (Array.isArray(list)) for (const item of list as Rec[]) if (item && typeof item === 'object') item[FUTURE] = 'x';
      }),
    },
  },
  {
    id: 'benign.data-plane-short-pages',
    description: 'GetRecords answers at most one record per page (the request is forwarded with Limit 1): Limit is a maximum, pages may hold fewer records',
    kind: 'benign',
    area: 'data-plane',
    appliesTo: GET_RECORDS,
    suites: [ROUND_TRIP, ITERATORS, CLOSED, PUT_RECORDS],
    transform: {
      request: (req) => {
        const body = requestBodyOf(req);
        if (!body || (typeof body['Limit'] === 'number' && body['Limit'] <= 1)) return req;
        return withRequestBody(req, { ...body, Limit: 1 });
      },
    },
  },
];

