import { describe, expect, it } from 'vitest';
import { coverageProblems, MAX_HASH_KEY, md5HashKey, midpointOf } from './hash-keys.ts';
import { checkPath, select } from './matchers.ts';
import { NAMED_MATCHERS, type MatcherContext } from './named-matchers.ts';

const shard = (id: string, start: bigint, end: bigint, closed = false) => ({
  ShardId: id,
  HashKeyRange: { StartingHashKey: start.toString(), EndingHashKey: end.toString() },
  SequenceNumberRange: { StartingSequenceNumber: '1', ...(closed ? { EndingSequenceNumber: '9' } : {}) },
});

function ctx(json: unknown, extra: Partial<MatcherContext> = {}): MatcherContext {
  return { json, request: undefined, shards: [], records: [], writeWindow: undefined, answerOf: () => undefined, ...extra };
}

describe('path matchers', () => {
  it('select walks * over arrays', () => {
    expect(select({ a: [{ b: 1 }, { b: 2 }] }, '/a/*/b').map((s) => s.value)).toEqual([1, 2]);
    expect(select({ a: 1 }, '/x')[0]!.found).toBe(false);
  });
  it('each check can fail', () => {
    const json = { S: 'abc', N: '12345678901234567890123', L: [1, 2], Z: null };
    expect(checkPath({ path: '/S', equals: 'abc' }, json)).toEqual([]);
    expect(checkPath({ path: '/S', equals: 'abd' }, json)).toHaveLength(1);
    expect(checkPath({ path: '/Z', absent: true }, json)).toEqual([]);
    expect(checkPath({ path: '/Q', absent: true }, json)).toEqual([]);
    expect(checkPath({ path: '/S', absent: true }, json)).toHaveLength(1);
    expect(checkPath({ path: '/Q', present: true }, json)).toHaveLength(1);
    expect(checkPath({ path: '/L', length: 2 }, json)).toEqual([]);
    expect(checkPath({ path: '/L', length: { min: 3 } }, json)).toHaveLength(1);
    expect(checkPath({ path: '/L', contains: 2 }, json)).toEqual([]);
    expect(checkPath({ path: '/L', notContains: 2 }, json)).toHaveLength(1);
    expect(checkPath({ path: '/S', oneOf: ['x', 'abc'] }, json)).toEqual([]);
    expect(checkPath({ path: '/S', matches: '^a.c$' }, json)).toEqual([]);
    expect(checkPath({ path: '/N', compare: { gt: '12345678901234567890122' } }, json)).toEqual([]);
    expect(checkPath({ path: '/N', compare: { lt: '12345678901234567890122' } }, json)).toHaveLength(1);
    expect(checkPath({ path: '/L/*', type: 'number' }, json)).toEqual([]);
    expect(checkPath({ path: '/None/*', equals: 1 }, json)).toHaveLength(1);
  });
});

describe('hash keys', () => {
  it('md5 of a partition key is a 128-bit integer (known vector)', () => {
    // md5("") = d41d8cd98f00b204e9800998ecf8427e
    expect(md5HashKey('')).toBe(0xd41d8cd98f00b204e9800998ecf8427en);
  });
  it('coverage finds gaps, overlaps and bounds', () => {
    const mid = midpointOf(shard('a', 0n, MAX_HASH_KEY));
    expect(coverageProblems([shard('a', 0n, mid - 1n), shard('b', mid, MAX_HASH_KEY)])).toEqual([]);
    expect(coverageProblems([shard('a', 0n, mid - 2n), shard('b', mid, MAX_HASH_KEY)])[0]).toMatch(/gap/);
    expect(coverageProblems([shard('a', 0n, mid), shard('b', mid, MAX_HASH_KEY)])[0]).toMatch(/overlaps/);
    expect(coverageProblems([shard('a', 0n, mid - 1n)])[0]).toMatch(/not 2\^128-1/);
    expect(coverageProblems([shard('p', 0n, MAX_HASH_KEY, true), shard('a', 0n, mid - 1n), shard('b', mid, MAX_HASH_KEY)])).toEqual([]);
  });
});

describe('named matchers', () => {
  const m = NAMED_MATCHERS;
  it('sequence-increasing', () => {
    expect(m['sequence-increasing']!.check({ path: '/R/*/S' }, ctx({ R: [{ S: '1' }, { S: '2' }] }))).toEqual([]);
    expect(m['sequence-increasing']!.check({ path: '/R/*/S' }, ctx({ R: [{ S: '2' }, { S: '2' }] }))).toHaveLength(1);
  });
  it('routed-by-partition-key uses MD5 against the fixture map', () => {
    const mid = 2n ** 127n;
    const shards = [shard('lo', 0n, mid - 1n), shard('hi', mid, MAX_HASH_KEY)];
    const owner = md5HashKey('k') < mid ? 'lo' : 'hi';
    const other = owner === 'lo' ? 'hi' : 'lo';
    expect(m['routed-by-partition-key']!.check({ partitionKey: 'k' }, ctx({ ShardId: owner }, { shards }))).toEqual([]);
    expect(m['routed-by-partition-key']!.check({ partitionKey: 'k' }, ctx({ ShardId: other }, { shards }))).toHaveLength(1);
    expect(m['routed-by-partition-key']!.check({ partitionKey: 'k', explicitHashKey: '0' }, ctx({ ShardId: 'lo' }, { shards }))).toEqual([]);
  });
  it('put-records-accounting', () => {
    const request = { Records: [{}, {}] };
    const ok = { FailedRecordCount: 1, Records: [{ ShardId: 's', SequenceNumber: '1' }, { ErrorCode: 'X', ErrorMessage: 'y' }] };
    expect(m['put-records-accounting']!.check({}, ctx(ok, { request }))).toEqual([]);
    expect(m['put-records-accounting']!.check({}, ctx({ ...ok, FailedRecordCount: 0 }, { request }))).toHaveLength(1);
    expect(m['put-records-accounting']!.check({}, ctx({ Records: [ok.Records[0]] }, { request }))).toHaveLength(1);
  });
  it('split-lineage and uniform-open-shards', () => {
    const at = 2n ** 127n;
    const list = [shard('p', 0n, MAX_HASH_KEY, true), { ...shard('c1', 0n, at - 1n), ParentShardId: 'p' }, { ...shard('c2', at, MAX_HASH_KEY), ParentShardId: 'p' }];
    expect(m['split-lineage']!.check({ path: '/S', parent: 'p', at: at.toString() }, ctx({ S: list }))).toEqual([]);
    expect(m['split-lineage']!.check({ path: '/S', parent: 'p', at: (at + 1n).toString() }, ctx({ S: list }))).toHaveLength(2);
    expect(m['uniform-open-shards']!.check({ path: '/S', count: 2 }, ctx({ S: list }))).toEqual([]);
    expect(m['uniform-open-shards']!.check({ path: '/S', count: 3 }, ctx({ S: list }))).toHaveLength(1);
  });
});
