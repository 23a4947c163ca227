// The streams suite's named matchers (harness/cases/matchers-control-plane.ts): each passes on a
// right answer and fails on the deviation it exists to see.
import { describe, expect, it } from 'vitest';
import { MAX_HASH_KEY } from './hash-keys.ts';
import { NAMED_MATCHERS, type MatcherContext } from './named-matchers.ts';

const HALF = 2n ** 127n;

const shard = (id: string, start: bigint, end: bigint, extra: { closed?: boolean; parent?: string; adjacent?: string | null } = {}) => ({
  ShardId: id,
  HashKeyRange: { StartingHashKey: start.toString(), EndingHashKey: end.toString() },
  SequenceNumberRange: { StartingSequenceNumber: '100', ...(extra.closed ? { EndingSequenceNumber: '200' } : {}) },
  ...(extra.parent !== undefined ? { ParentShardId: extra.parent } : {}),
  ...(extra.adjacent !== undefined ? { AdjacentParentShardId: extra.adjacent } : {}),
});

const S0 = shard('shardId-000000000000', 0n, HALF - 1n);
const S1 = shard('shardId-000000000001', HALF, MAX_HASH_KEY);
const S2 = shard('shardId-000000000002', 0n, MAX_HASH_KEY, { parent: 'shardId-000000000000', adjacent: 'shardId-000000000001' });

function ctx(json: unknown, extra: Partial<MatcherContext> = {}): MatcherContext {
  return { json, request: undefined, shards: [], records: [], writeWindow: undefined, answerOf: () => undefined, ...extra };
}

const m = (name: string) => {
  const def = NAMED_MATCHERS[name];
  if (!def) throw new Error(`no matcher ${name}`);
  return def;
};

describe('shard-ids', () => {
  const ids = [S0.ShardId, S1.ShardId];
  it('passes on exactly the listed shards', () => {
    expect(m('shard-ids').check({ path: '/Shards', ids }, ctx({ Shards: [S1, S0] }))).toEqual([]);
    expect(m('shard-ids').check({ path: '/Shards', ids, ordered: true }, ctx({ Shards: [S0, S1] }))).toEqual([]);
  });
  it('fails on a missing, extra or repeated shard, and on the order when asked', () => {
    expect(m('shard-ids').check({ path: '/Shards', ids }, ctx({ Shards: [S0] }))[0]).toMatch(/missing shardId-000000000001/);
    expect(m('shard-ids').check({ path: '/Shards', ids }, ctx({ Shards: [S0, S1, S2] }))[0]).toMatch(/not expected: shardId-000000000002/);
    expect(m('shard-ids').check({ path: '/Shards', ids }, ctx({ Shards: [S0, S1, S0] }))[0]).toMatch(/more than once/);
    expect(m('shard-ids').check({ path: '/Shards', ids, ordered: true }, ctx({ Shards: [S1, S0] }))[0]).toMatch(/order/);
  });
  it('an answer without a list is a problem, not a pass', () => {
    expect(() => m('shard-ids').check({ path: '/Shards', ids }, ctx({}))).toThrow(/not a shard list/);
  });
});

describe('shard-states', () => {
  const closed = shard(S0.ShardId, 0n, HALF - 1n, { closed: true });
  it('passes when open and closed shards are as named (a null EndingSequenceNumber is open)', () => {
    const nullEnd = { ...S1, SequenceNumberRange: { StartingSequenceNumber: '1', EndingSequenceNumber: null } };
    expect(m('shard-states').check({ path: '/Shards', open: [S1.ShardId], closed: [S0.ShardId] }, ctx({ Shards: [closed, nullEnd] }))).toEqual([]);
  });
  it('fails on a parent left open, a shard closed, or a shard not listed', () => {
    expect(m('shard-states').check({ path: '/Shards', closed: [S0.ShardId] }, ctx({ Shards: [S0, S1] }))[0]).toMatch(/open, expected closed/);
    expect(m('shard-states').check({ path: '/Shards', open: [S0.ShardId] }, ctx({ Shards: [closed] }))[0]).toMatch(/expected open/);
    expect(m('shard-states').check({ path: '/Shards', open: [S2.ShardId] }, ctx({ Shards: [S0] }))[0]).toMatch(/not in the list/);
  });
});

describe('same-shards', () => {
  const other = { Shards: [S0, S1, S2] };
  it('passes on the same map in another order, null members counting as absent', () => {
    const nulls = { ...S0, ParentShardId: null, AdjacentParentShardId: null };
    expect(m('same-shards').check({ path: '/StreamDescription/Shards', as: 'list' }, ctx({ StreamDescription: { Shards: [S2, S1, nulls] } }, { answerOf: () => other }))).toEqual([]);
  });
  it('fails on a different range, a dropped parent, a closed/open mismatch, a missing shard', () => {
    const answer = (shards: unknown[]) => ctx({ Shards: shards }, { answerOf: () => other });
    expect(m('same-shards').check({ path: '/Shards', as: 'list' }, answer([S0, shard(S1.ShardId, HALF + 1n, MAX_HASH_KEY), S2]))[0]).toMatch(/StartingHashKey/);
    expect(m('same-shards').check({ path: '/Shards', as: 'list' }, answer([S0, S1, { ...S2, ParentShardId: undefined }]))[0]).toMatch(/ParentShardId/);
    expect(m('same-shards').check({ path: '/Shards', as: 'list' }, answer([shard(S0.ShardId, 0n, HALF - 1n, { closed: true }), S1, S2]))[0]).toMatch(/EndingSequenceNumber/);
    expect(m('same-shards').check({ path: '/Shards', as: 'list' }, answer([S0, S1]))[0]).toMatch(/missing shardId-000000000002/);
  });
});

describe('continues-listing', () => {
  const fixture = { shards: [S0, S1, S2] };
  it('passes when two pages make the whole listing in order', () => {
    expect(m('continues-listing').check({ path: '/Shards', previous: 'p1' }, ctx({ Shards: [S2] }, { ...fixture, answerOf: () => ({ Shards: [S0, S1] }) }))).toEqual([]);
    expect(m('continues-listing').check({ path: '/Shards', previous: 'p1', ids: [S1.ShardId, S2.ShardId] }, ctx({ Shards: [S2] }, { answerOf: () => ({ Shards: [S1] }) }))).toEqual([]);
  });
  it('fails when a page repeats, skips or reorders shards', () => {
    const page2 = (shards: unknown[], first: unknown[]) => m('continues-listing').check({ path: '/Shards', previous: 'p1' }, ctx({ Shards: shards }, { ...fixture, answerOf: () => ({ Shards: first }) }));
    expect(page2([S0, S1, S2], [S0, S1])[0]).toMatch(/more than once/);
    expect(page2([], [S0, S1])[0]).toMatch(/missing shardId-000000000002/);
    expect(page2([S1], [S0, S2])[0]).toMatch(/order/);
  });
});

describe('hash-ranges-of', () => {
  it("passes when the listed shards keep the fixture's ranges, fails otherwise", () => {
    const fixture = { shards: [S0, S1] };
    expect(m('hash-ranges-of').check({ path: '/Shards' }, ctx({ Shards: [S0, S1] }, fixture))).toEqual([]);
    expect(m('hash-ranges-of').check({ path: '/Shards' }, ctx({ Shards: [shard(S0.ShardId, 0n, HALF)] }, fixture))[0]).toMatch(/covers/);
    expect(m('hash-ranges-of').check({ path: '/Shards' }, ctx({ Shards: [S2] }, fixture))[0]).toMatch(/not a shard of the fixture/);
  });
});
