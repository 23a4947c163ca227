import { describe, expect, it } from 'vitest';
import { canonicalJson, describeApplied, normalizeMessage, normalizeText, normalizeValue, TEXT_RULES, type Applied } from './normalize.ts';

describe('normalizeText', () => {
  it('replaces each kind of run-specific value by its placeholder and counts it', () => {
    const applied: Applied = new Map();
    const text = [
      'stream kc-mx57wzlrcd5c-bh-3tvd6',
      'arn:aws:kinesis:us-east-1:123456789012:stream/kc-mx57wzlrcd5c-enc-shared',
      'request 4a1f2c3d-1111-2222-3333-444455556666',
      'seq 49680748999852500108478605248391323614632960934260244482',
      'at 2026-12-01T21:37:34.527Z, 20261201T213734Z, Tue, 01 Dec 2026 21:37:34 GMT, 1796161064.386, 1796161064000',
      'iterator AAAAAAAAAAGFOvhghC3CxggbZI1nlaYPbPGJQc6RweAs2z7lCC1g3P0i7Jp3YIRamZx/tkMBmEbQwByDkql4mhhuzpDg5NZYOfLbF',
      'data [20,154,151,121,252,194,154,13,169,60,40,34,132,183,204,183,83]',
      'consumer arn:aws:kinesis:us-east-1:000000000000:stream/s/consumer/kc-consumer-a:17961559159',
      '{"Key":"kinesis-conformance/run-id","Value":"mx57wzlrcd5c"}',
    ].join('\n');
    expect(normalizeText(text, applied).split('\n')).toEqual([
      'stream <run-stream>',
      'arn:aws:kinesis:us-east-1:<account>:stream/<run-stream>',
      'request <uuid>',
      'seq <sequence-number>',
      'at <timestamp>, <timestamp>, <timestamp>, <timestamp>, <timestamp>',
      'iterator <token>',
      'data [<bytes>]',
      'consumer arn:aws:kinesis:us-east-1:<account>:stream/s/consumer/kc-consumer-a:<timestamp>',
      '{"Key":"kinesis-conformance/run-id","Value":"<run-id>"}',
    ]);
    expect(Object.fromEntries(applied)).toMatchObject({ 'run-stream': 2, account: 2, uuid: 1, 'sequence-number': 1, 'long-base64': 1, 'byte-list': 1, 'run-id': 1 });
    expect(describeApplied(applied).find((l) => l.startsWith('run-stream ('))).toBe('run-stream (2×): stream and consumer names of this run (kc-<runId>-…)');
  });

  it('keeps what does not vary per run: shard ids, hash keys, small numbers, long runs of one letter', () => {
    const kept = [
      'shardId-000000000000',
      '"EndingHashKey":"340282366920938463463374607431768211455"',
      'RetentionPeriodHours 8760, Limit 10000, 2147483647',
      `Invalid stream name: isP${'a'.repeat(120)}`,
      '[1,2,3]',
    ];
    kept.push('; /StreamDescription/Shards/0/SequenceNumberRange/EndingSequenceNumber: must be string, got null');
    for (const text of kept) expect(normalizeText(text)).toBe(text);
  });

  it('masks a sequence number a clip cut short, and lists of this run\'s streams whatever their length', () => {
    expect(normalizeText('"SequenceNumber":"49680747137316561872399491090467251349…(503 characters)')).toBe('"SequenceNumber":"<sequence-number>…(503 characters)');
    const list = (n: number) => `{"StreamNames":[${Array.from({ length: n }, (_, i) => `"kc-mx57wzlrcd5c-bh-${i}"`).join(',')}]}`;
    expect(normalizeText(list(4))).toBe(normalizeText(list(6)));
    expect(normalizeText(list(1))).toBe('{"StreamNames":["<run-stream>"]}');
    // A message clipped inside a byte list: how many numbers fit depends on their digits.
    expect(normalizeText('got {"type":"Buffer","data":[214,158,154,79,161,153,111,152,133,63,96,154,198,150,10')).toBe('got {"type":"Buffer","data":[<bytes>');
  });

  it('every rule has an id of its own and a description', () => {
    expect(new Set(TEXT_RULES.map((r) => r.id)).size).toBe(TEXT_RULES.length);
    for (const r of TEXT_RULES) expect(r.description.length).toBeGreaterThan(10);
  });
});

describe('normalizeValue and canonicalJson', () => {
  it('replaces varying members wholesale (present vs absent still counts) and strings by the text rules', () => {
    const applied: Applied = new Map();
    const value = { ShardId: 'shardId-000000000001', SequenceNumber: '4968', NextShardIterator: null, StreamName: 'kc-mx57wzlrcd5c-x', Records: [{ ApproximateArrivalTimestamp: 1796161064.386 }] };
    expect(normalizeValue(value, applied)).toEqual({
      ShardId: 'shardId-000000000001',
      SequenceNumber: '<SequenceNumber>',
      NextShardIterator: null,
      StreamName: '<run-stream>',
      Records: [{ ApproximateArrivalTimestamp: '<ApproximateArrivalTimestamp>' }],
    });
    expect(applied.get('member:SequenceNumber')).toBe(1);
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
  });
});

describe('normalizeMessage', () => {
  it('compares bodies by content, masks durations and counts, and tells a changed value', () => {
    const got = (body: string, ms: number) => `PutRecord: expected HTTP 400, got HTTP 200 ${body} after ${ms} ms (3 of 18 answers)`;
    const a = got('{"ShardId":"shardId-000000000000","SequenceNumber":"49680748989148142413183906140454178843761745349805342722"}', 12);
    const b = got('{\n  "SequenceNumber": "49680748999852500108478605248391323614632960934260244482",\n  "ShardId": "shardId-000000000000"\n}', 40);
    expect(normalizeMessage(a)).toBe('PutRecord: expected HTTP 400, got HTTP 200 {"SequenceNumber":"<SequenceNumber>","ShardId":"shardId-000000000000"} after <duration> (<n> of <m> answers)');
    expect(normalizeMessage(b)).toBe(normalizeMessage(a));
    expect(normalizeMessage(a.replace('shardId-000000000000', 'shardId-000000000001'))).not.toBe(normalizeMessage(a));
    // A wait's own measurement is not the target's answer.
    expect(normalizeMessage('waiting for ACTIVE: {"state":"ACTIVE","waitedMs":22}')).toBe(normalizeMessage('waiting for ACTIVE: {"state":"ACTIVE","waitedMs":8}'));
  });

  it('compares a clipped body up to its last complete member: where the clip falls moves with the names before it', () => {
    const clipped = (name: string, arnPrefix: string, total: number) => `answers: HTTP 200 {"Desired":["A","B"],"StreamName":"${name}","StreamARN":"${arnPrefix}…(${total} characters)`;
    expect(normalizeMessage(clipped('kc-mx58pwgz9ecy-bh-ugao', 'arn:aws:kinesis:us-ea', 350))).toBe('answers: HTTP 200 {"Desired":["A","B"],"StreamName":"<run-stream>",…(<n> characters)');
    expect(normalizeMessage(clipped('kc-mx58shhubf98-bh-tzg28', 'arn:aws:kinesis:us-e', 352))).toBe(normalizeMessage(clipped('kc-mx58pwgz9ecy-bh-ugao', 'arn:aws:kinesis:us-ea', 350)));
    expect(normalizeMessage('got {"a":["A","C"],"b":"xy…(40 characters)')).not.toBe(normalizeMessage('got {"a":["A","B"],"b":"xy…(40 characters)'));
  });

  it('applies the list rule across the values of a parsed body', () => {
    const body = (names: string[]) => `got HTTP 200 ${JSON.stringify({ StreamNames: names, HasMoreStreams: false })}`;
    expect(normalizeMessage(body(['kc-mx57wzlrcd5c-a', 'kc-mx57wzlrcd5c-b']))).toBe(normalizeMessage(body(['kc-mx57xgc3p7y7-c'])));
    expect(normalizeMessage(body([]))).not.toBe(normalizeMessage(body(['kc-mx57xgc3p7y7-c'])));
  });
});
