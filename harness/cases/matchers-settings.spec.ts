import { describe, expect, it } from 'vitest';
import { SHARD_LEVEL_METRICS } from './matchers-control-plane.ts';
import { NAMED_MATCHERS, type MatcherContext } from './named-matchers.ts';

function ctx(json: unknown, answers: Record<string, unknown> = {}): MatcherContext {
  return { json, request: undefined, shards: [], records: [], writeWindow: undefined, answerOf: (id) => answers[id] };
}

const m = NAMED_MATCHERS;
const check = (name: string, args: Record<string, unknown>, c: MatcherContext) => m[name]!.check(args, c);

describe('settings matchers', () => {
  it('metric-set compares as sets, absent as empty, "ALL" as every metric', () => {
    const path = '/Desired';
    expect(check('metric-set', { path, equals: ['IncomingBytes', 'OutgoingRecords'] }, ctx({ Desired: ['OutgoingRecords', 'IncomingBytes'] }))).toEqual([]);
    expect(check('metric-set', { path, equals: ['IncomingBytes'] }, ctx({ Desired: ['IncomingBytes', 'OutgoingRecords'] }))).toHaveLength(1);
    expect(check('metric-set', { path, equals: ['IncomingBytes', 'OutgoingRecords'] }, ctx({ Desired: ['IncomingBytes'] }))).toHaveLength(1);
    expect(check('metric-set', { path, equals: ['IncomingBytes'] }, ctx({ Desired: ['IncomingBytes', 'IncomingBytes'] }))).toHaveLength(1);
    expect(check('metric-set', { path, equals: [] }, ctx({}))).toEqual([]);
    expect(check('metric-set', { path, equals: [] }, ctx({ Desired: null }))).toEqual([]);
    expect(check('metric-set', { path, equals: [] }, ctx({ Desired: ['IncomingBytes'] }))).toHaveLength(1);
    expect(check('metric-set', { path, equals: ['ALL'] }, ctx({ Desired: ['ALL'] }))).toEqual([]);
    expect(check('metric-set', { path, equals: ['ALL'] }, ctx({ Desired: [...SHARD_LEVEL_METRICS].reverse() }))).toEqual([]);
    expect(check('metric-set', { path, equals: SHARD_LEVEL_METRICS }, ctx({ Desired: ['ALL'] }))).toEqual([]);
    expect(check('metric-set', { path, equals: ['ALL'] }, ctx({ Desired: SHARD_LEVEL_METRICS.slice(1) }))).toHaveLength(1);
    expect(check('metric-set', { path, equals: ['ALL'] }, ctx({ Desired: ['ALL', 'IncomingBytes'] }))).toHaveLength(1);
  });

  it('tag-list finds keys with values in any order, and keys that must be gone', () => {
    const Tags = [
      { Key: 'a', Value: '1' },
      { Key: 'b', Value: '2' },
    ];
    expect(check('tag-list', { path: '/Tags', has: { b: '2', a: '1' }, lacks: ['c'] }, ctx({ Tags }))).toEqual([]);
    expect(check('tag-list', { path: '/Tags', has: { a: '2' } }, ctx({ Tags }))).toHaveLength(1);
    expect(check('tag-list', { path: '/Tags', has: { c: '1' } }, ctx({ Tags }))).toHaveLength(1);
    expect(check('tag-list', { path: '/Tags', lacks: ['a'] }, ctx({ Tags }))).toHaveLength(1);
    expect(check('tag-list', { path: '/Tags' }, ctx({ Tags: [...Tags, { Key: 'a', Value: '1' }] }))).toHaveLength(1);
    expect(check('tag-list', { path: '/Tags', has: { e: '' } }, ctx({ Tags: [{ Key: 'e' }] }))).toEqual([]);
    expect(() => check('tag-list', { path: '/Tags' }, ctx({}))).toThrow(/not a tag list/);
  });

  it('tag-pages: the pages together are the complete listing, no key twice', () => {
    const t = (k: string, v = k.toUpperCase()) => ({ Key: k, Value: v });
    const complete = { Tags: [t('a'), t('b'), t('c'), t('d'), t('e')], HasMoreTags: false };
    const answers = { all: complete, p1: { Tags: [t('a'), t('b')] }, p2: { Tags: [t('c'), t('d')] } };
    const args = { complete: 'all', page1: 'p1', page2: 'p2' };
    expect(check('tag-pages', args, ctx({ Tags: [t('e')] }, answers))).toEqual([]);
    // a page that starts over (ExclusiveStartTagKey ignored) repeats keys and misses the rest
    expect(check('tag-pages', args, ctx({ Tags: [t('a')] }, answers))).toHaveLength(1);
    expect(check('tag-pages', args, ctx({ Tags: [] }, answers))[0]).toMatch(/no page lists "e"/);
    expect(check('tag-pages', args, ctx({ Tags: [t('e', 'x')] }, answers))[0]).toMatch(/"x" on its page/);
    expect(check('tag-pages', { complete: 'all', page1: 'p1' }, ctx({ Tags: [t('c'), t('d'), t('e')] }, answers))).toEqual([]);
  });

  it('json-document parses the string and compares the document', () => {
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kinesis:PutRecord' }] };
    expect(check('json-document', { path: '/Policy', equals: doc }, ctx({ Policy: JSON.stringify({ Statement: [{ Action: 'kinesis:PutRecord', Effect: 'Allow' }], Version: '2012-10-17' }) }))).toEqual([]);
    expect(check('json-document', { path: '/Policy', equals: {} }, ctx({ Policy: '{}' }))).toEqual([]);
    expect(check('json-document', { path: '/Policy', equals: {} }, ctx({ Policy: {} }))[0]).toMatch(/expected a string/);
    expect(check('json-document', { path: '/Policy', equals: {} }, ctx({ Policy: '{' }))[0]).toMatch(/not JSON/);
    expect(check('json-document', { path: '/Policy', equals: doc }, ctx({ Policy: JSON.stringify({ ...doc, Version: '2008-10-17' }) }))).toHaveLength(1);
    expect(check('json-document', { path: '/Policy', equals: doc }, ctx({ Policy: JSON.stringify({ ...doc, Statement: [] }) }))).toHaveLength(1);
  });
});
