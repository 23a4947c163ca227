import { describe, expect, it } from 'vitest';
import { FAN_OUT_MATCHERS } from './matchers-fan-out.ts';
import type { MatcherContext } from './named-matchers.ts';

const page = (...arns: string[]) => ({ Consumers: arns.map((ConsumerARN) => ({ ConsumerARN, ConsumerStatus: 'ACTIVE' })) });

function ctx(json: unknown, previous: unknown): MatcherContext {
  return { json, request: undefined, shards: [], records: [], writeWindow: undefined, answerOf: (id) => (id === 'page-1' ? previous : undefined) };
}

describe('consumer-pages', () => {
  const check = (json: unknown, previous: unknown, arns: string[]) => FAN_OUT_MATCHERS['consumer-pages']!.check({ previous: 'page-1', arns }, ctx(json, previous));

  it('passes when the two pages list every consumer once', () => {
    expect(check(page('c'), page('a', 'b'), ['a', 'b', 'c'])).toEqual([]);
    expect(check({ Consumers: [] }, page('a', 'b'), ['a', 'b'])).toEqual([]);
    expect(check({}, page('a'), ['a'])).toEqual([]);
  });

  it('fails on a consumer listed twice, skipped, or unknown', () => {
    expect(check(page('b', 'c'), page('a', 'b'), ['a', 'b', 'c'])).toEqual(['b is listed on both pages']);
    expect(check(page(), page('a', 'b'), ['a', 'b', 'c'])).toEqual(['c is on neither page']);
    expect(check(page('c', 'x'), page('a', 'b'), ['a', 'b', 'c'])).toEqual(['x is listed but was not registered by the case']);
  });

  it('refuses arguments it cannot read', () => {
    expect(() => FAN_OUT_MATCHERS['consumer-pages']!.check({ previous: 'page-1', arns: 'a' }, ctx(page(), page()))).toThrow(/arns/);
    expect(() => check({ Consumers: 'x' }, page(), [])).toThrow(/not an array/);
  });
});

describe('records-as-written', () => {
  const check = (json: unknown) => FAN_OUT_MATCHERS['records-as-written']!.check({}, ctx(json, undefined));
  const rec = (seq: string, data = 'AQID') => ({ SequenceNumber: seq, Data: data, PartitionKey: 'k' });

  it('passes when exactly the written records arrived, in order', () => {
    expect(check({ Records: [rec('1'), rec('2')], Written: [{ ...rec('1'), ShardId: 's' }, { ...rec('2'), ShardId: 's' }] })).toEqual([]);
  });

  it('fails on a record missing, extra, reordered or altered', () => {
    expect(check({ Records: [rec('1')], Written: [rec('1'), rec('2')] })).toHaveLength(1);
    expect(check({ Records: [rec('0'), rec('1')], Written: [rec('1')] }).length).toBeGreaterThan(0);
    expect(check({ Records: [rec('2'), rec('1')], Written: [rec('1'), rec('2')] })).toHaveLength(2);
    expect(check({ Records: [rec('1', 'BBBB')], Written: [rec('1')] })).toEqual(['record 0: Data "BBBB", written "AQID"']);
  });

  it('refuses an answer without written records', () => {
    expect(() => check({ Records: [] })).toThrow(/Written/);
  });
});
