import { describe, expect, it } from 'vitest';
import { MAX_HASH_KEY } from './hash-keys.ts';
import { DATA_PLANE_MATCHERS } from './matchers-data-plane.ts';
import { NAMED_MATCHERS, type MatcherContext } from './named-matchers.ts';

const m = DATA_PLANE_MATCHERS;

function ctx(json: unknown, extra: Partial<MatcherContext> = {}): MatcherContext {
  return { json, request: undefined, shards: [], records: [], writeWindow: undefined, answerOf: () => undefined, ...extra };
}

describe('data-plane matchers', () => {
  it('are registered with the core ones', () => {
    for (const name of Object.keys(m)) expect(NAMED_MATCHERS[name]).toBe(m[name]);
  });

  it('put-records-read-back: the entries acknowledged on the shard read, by sequence number, once each', () => {
    const entries = [
      { PartitionKey: 'a', Data: 'AA==' },
      { PartitionKey: 'b', Data: 'AQ==' },
      { PartitionKey: 'c', Data: 'Ag==' },
    ];
    const answer = {
      FailedRecordCount: 0,
      Records: [
        { ShardId: 's0', SequenceNumber: '10' },
        { ShardId: 's1', SequenceNumber: '20' },
        { ShardId: 's0', SequenceNumber: '11' },
      ],
    };
    const view = (records: unknown[]) => ctx({ Records: records }, { request: { ShardId: 's0' }, answerOf: (id) => (id === 'put' ? answer : undefined) });
    const args = { put: 'put', entries };
    const ok = [
      { SequenceNumber: '10', PartitionKey: 'a', Data: 'AA==' },
      { SequenceNumber: '11', PartitionKey: 'c', Data: 'Ag==' },
    ];
    expect(m['put-records-read-back']!.check(args, view(ok))).toEqual([]);
    // Any order is accepted: PutRecords does not promise one.
    expect(m['put-records-read-back']!.check(args, view([ok[1], ok[0]]))).toEqual([]);
    // Lost, duplicated, corrupted, foreign.
    expect(m['put-records-read-back']!.check(args, view([ok[0]]))).toEqual([expect.stringMatching(/entry 2 .* not read back/)]);
    expect(m['put-records-read-back']!.check(args, view([ok[0], ok[0], ok[1]]))).toEqual([expect.stringMatching(/read twice/)]);
    expect(m['put-records-read-back']!.check(args, view([ok[0], { ...ok[1], Data: 'Aw==' }]))).toEqual([expect.stringMatching(/Data/)]);
    expect(m['put-records-read-back']!.check(args, view([...ok, { SequenceNumber: '20', PartitionKey: 'b', Data: 'AQ==' }]))).toEqual([expect.stringMatching(/not an entry/)]);
    // An answer whose entries were swapped maps sequence numbers to the wrong request entries.
    const swapped = { ...answer, Records: [answer.Records[2], answer.Records[1], answer.Records[0]] };
    const swappedView = ctx({ Records: ok }, { request: { ShardId: 's0' }, answerOf: () => swapped });
    expect(m['put-records-read-back']!.check(args, swappedView).length).toBeGreaterThan(0);
    // A read that did not start from a shard needs `shard`.
    expect(m['put-records-read-back']!.check({ ...args, shard: 's0' }, ctx({ Records: ok }, { answerOf: () => answer }))).toEqual([]);
    expect(() => m['put-records-read-back']!.check(args, ctx({ Records: ok }, { answerOf: () => answer }))).toThrow(/shard/);
  });

  it('records-from-timestamp: the suffix from the first record at or after the time, in milliseconds', () => {
    const all = [
      { SequenceNumber: '1', PartitionKey: 'a', Data: 'AA==', ApproximateArrivalTimestamp: 1700000000.1 },
      { SequenceNumber: '2', PartitionKey: 'b', Data: 'AQ==', ApproximateArrivalTimestamp: 1700000000.2 },
      { SequenceNumber: '3', PartitionKey: 'c', Data: 'Ag==', ApproximateArrivalTimestamp: 1700000000.2 },
      { SequenceNumber: '4', PartitionKey: 'd', Data: 'Aw==', ApproximateArrivalTimestamp: 1700000000.3 },
    ];
    const view = (records: unknown[]) => ctx({ Records: records }, { answerOf: () => ({ Records: all }) });
    const args = (at: number) => ({ path: '/Records', from: 'all', at });
    expect(m['records-from-timestamp']!.check(args(1700000000.2), view(all.slice(1)))).toEqual([]);
    // AT a time between two records: the later one first.
    expect(m['records-from-timestamp']!.check(args(1700000000.25), view(all.slice(3)))).toEqual([]);
    // Before every record: all of them.
    expect(m['records-from-timestamp']!.check(args(1600000000), view(all))).toEqual([]);
    // Starting one too late (AFTER instead of AT), or at the beginning (timestamp ignored).
    expect(m['records-from-timestamp']!.check(args(1700000000.2), view(all.slice(2)))).not.toEqual([]);
    expect(m['records-from-timestamp']!.check(args(1700000000.2), view(all))).not.toEqual([]);
    // Same count, wrong content.
    expect(m['records-from-timestamp']!.check(args(1700000000.3), view([{ ...all[3], Data: 'BA==' }]))).toEqual([expect.stringMatching(/Data/)]);
    expect(() => m['records-from-timestamp']!.check({ path: '/Records', from: 'all', at: 'soon' }, view(all))).toThrow(/epoch-seconds/);
  });

  it('child-shards: exactly the children of the fixture map, with parent and range', () => {
    const mid = 2n ** 127n;
    const range = (s: bigint, e: bigint) => ({ StartingHashKey: s.toString(), EndingHashKey: e.toString() });
    const shards = [
      { ShardId: 'p', HashKeyRange: range(0n, MAX_HASH_KEY), SequenceNumberRange: { StartingSequenceNumber: '1', EndingSequenceNumber: '9' } },
      { ShardId: 'c1', ParentShardId: 'p', HashKeyRange: range(0n, mid - 1n) },
      { ShardId: 'c2', ParentShardId: 'p', HashKeyRange: range(mid, MAX_HASH_KEY) },
    ];
    const children = [
      { ShardId: 'c1', ParentShards: ['p'], HashKeyRange: range(0n, mid - 1n) },
      { ShardId: 'c2', ParentShards: ['p'], HashKeyRange: range(mid, MAX_HASH_KEY) },
    ];
    const check = (json: unknown) => m['child-shards']!.check({ path: '/ChildShards', parent: 'p' }, ctx(json, { shards }));
    expect(check({ ChildShards: children })).toEqual([]);
    expect(check({ ChildShards: [children[1], children[0]] })).toEqual([]);
    expect(check({})).toHaveLength(1);
    expect(check({ ChildShards: null })).toHaveLength(1);
    expect(check({ ChildShards: [children[0]] })).toEqual([expect.stringMatching(/c2 listed 0 times/)]);
    expect(check({ ChildShards: [children[0], { ...children[1], ParentShards: [] }] })).toEqual([expect.stringMatching(/ParentShards/)]);
    expect(check({ ChildShards: [children[0], { ...children[1], HashKeyRange: range(mid + 1n, MAX_HASH_KEY) }] })).toEqual([expect.stringMatching(/HashKeyRange/)]);
    expect(check({ ChildShards: [...children, { ShardId: 'x', ParentShards: ['p'], HashKeyRange: range(0n, 1n) }] })).toEqual([expect.stringMatching(/not a child/)]);
    expect(() => m['child-shards']!.check({ path: '/ChildShards', parent: 'c1' }, ctx({ ChildShards: children }, { shards }))).toThrow(/no child/);
  });

  it('millisecond-timestamps', () => {
    const check = (values: unknown[]) => m['millisecond-timestamps']!.check({ path: '/R/*/T' }, ctx({ R: values.map((T) => ({ T })) }));
    expect(check([1796149797.001, 1796149797.999, 1796149797, 1700000000.123])).toEqual([]);
    expect(check([1796149797.0015])).toHaveLength(1);
    expect(check([1796149797001])).toEqual([]);
    expect(check(['1796149797.001'])).toHaveLength(1);
    expect(check([])).toHaveLength(1);
  });

  it('values-distinct', () => {
    expect(m['values-distinct']!.check({ path: '/R/*/S' }, ctx({ R: [{ S: '1' }, { S: '2' }] }))).toEqual([]);
    expect(m['values-distinct']!.check({ path: '/R/*/S' }, ctx({ R: [{ S: '1' }, { S: '2' }, { S: '1' }] }))).toEqual(['/R/2/S repeats /R/0/S: "1"']);
    expect(m['values-distinct']!.check({ path: '/R/*/S' }, ctx({ R: [] }))).toHaveLength(1);
  });
});
