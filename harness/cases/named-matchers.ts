/**
 * Registered computations a behaviour case can name in expect.output (`{ "matcher": name, "args" }`):
 * what cannot be said as a JSON-pointer equality (MD5 routing, hash-key coverage, sequence order,
 * lineage) lives here once, so no suite hides an expectation in ad-hoc code. Add one by adding an
 * entry; the loader checks names and required arguments.
 */
import { isDeepStrictEqual } from 'node:util';
import { compareIntegers, coverageProblems, isOpen, md5HashKey, openShardsFor, rangeOf, type ShardRange } from './hash-keys.ts';
import { select, show, valueAt } from './matchers.ts';
import { DATA_PLANE_MATCHERS } from './matchers-data-plane.ts';
import { CONTROL_PLANE_MATCHERS } from './matchers-control-plane.ts';
import { FAN_OUT_MATCHERS } from './matchers-fan-out.ts';

/** A record a fixture wrote, as the target acknowledged it. */
export interface WrittenRecord {
  data: string;
  partitionKey: string;
  explicitHashKey?: string | undefined;
  sequenceNumber: string;
  shardId: string;
  hashKey: string;
}

export interface MatcherContext {
  /** This step's answer. */
  json: unknown;
  /** This step's request body, placeholders resolved (call steps). */
  request: unknown;
  /** The fixture stream's shards as built (sorted by ShardId). */
  shards: readonly ShardRange[];
  records: readonly WrittenRecord[];
  /** When the fixture's records were written (ms since the epoch, local clock). */
  writeWindow: { from: number; to: number } | undefined;
  /** Another step's answer, by step id (the loader checks it precedes this one). */
  answerOf(stepId: string): unknown;
}

export interface NamedMatcherDef {
  describe: string;
  /** Argument names: required ones first. `step`-valued arguments name earlier steps. */
  required: string[];
  optional?: string[];
  stepArgs?: string[];
  check(args: Record<string, unknown>, ctx: MatcherContext): string[];
}

function str(args: Record<string, unknown>, name: string): string {
  const v = args[name];
  if (typeof v !== 'string') throw new Error(`argument '${name}' must be a string, got ${show(v)}`);
  return v;
}

function array(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${what} is not an array: ${show(value)}`);
  return value;
}

/** Local-clock skew allowed against the target's clock (NTP-synchronised hosts; emulators share ours). */
const CLOCK_SKEW_MS = 5_000;

function shardsAt(args: Record<string, unknown>, ctx: MatcherContext): ShardRange[] {
  if (args['shardsFrom'] === undefined) return [...ctx.shards];
  const step = str(args, 'shardsFrom');
  const path = typeof args['shardsPath'] === 'string' ? args['shardsPath'] : '/Shards';
  return array(valueAt(ctx.answerOf(step), path), `${step}${path}`) as ShardRange[];
}

function routingProblem(shardId: unknown, hashKey: bigint, shards: readonly ShardRange[], what: string): string | null {
  const owners = openShardsFor(hashKey, shards);
  if (owners.length !== 1) return `${what}: ${owners.length} open shards hold hash key ${hashKey} in the fixture's map`;
  return shardId === owners[0]!.ShardId ? null : `${what}: hash key ${hashKey} belongs to ${owners[0]!.ShardId}, the answer says ${show(shardId)}`;
}

const CORE_MATCHERS: Record<string, NamedMatcherDef> = {
  'sequence-increasing': {
    describe: 'the integers at `path` (a * pointer) strictly increase in answer order',
    required: ['path'],
    check(args, ctx) {
      const values = select(ctx.json, str(args, 'path')).filter((s) => s.found);
      const out: string[] = [];
      for (let i = 1; i < values.length; i++) {
        if (compareIntegers(String(values[i]!.value), String(values[i - 1]!.value)) <= 0) out.push(`${values[i]!.pointer} ${show(values[i]!.value)} does not exceed ${values[i - 1]!.pointer} ${show(values[i - 1]!.value)}`);
      }
      return out;
    },
  },
  'records-match-fixture': {
    describe: 'the records at `path` are the fixture records `from`..`to` (default all), byte-identical Data, same PartitionKey and SequenceNumber, in order',
    required: ['path'],
    optional: ['from', 'to'],
    check(args, ctx) {
      const got = array(valueAt(ctx.json, str(args, 'path')), String(args['path'])) as Array<Record<string, unknown>>;
      const from = Number(args['from'] ?? 0);
      const to = Number(args['to'] ?? ctx.records.length - 1);
      const want = ctx.records.slice(from, to + 1);
      const out: string[] = [];
      if (got.length !== want.length) out.push(`expected ${want.length} records, got ${got.length}: sequence numbers ${show(got.map((r) => r['SequenceNumber']))}`);
      for (let i = 0; i < Math.min(got.length, want.length); i++) {
        const g = got[i]!;
        const w = want[i]!;
        if (g['SequenceNumber'] !== w.sequenceNumber) out.push(`record ${i}: SequenceNumber ${show(g['SequenceNumber'])}, written as ${w.sequenceNumber}`);
        if (g['PartitionKey'] !== w.partitionKey) out.push(`record ${i}: PartitionKey ${show(g['PartitionKey'])}, written ${show(w.partitionKey)}`);
        if (g['Data'] !== w.data) out.push(`record ${i}: Data ${show(g['Data'], 80)}, written ${show(w.data, 80)}`);
      }
      return out;
    },
  },
  'records-equal': {
    describe: 'the records at `path` have, in order, the Data/PartitionKey/SequenceNumber members listed in `expected`',
    required: ['path', 'expected'],
    check(args, ctx) {
      const got = array(valueAt(ctx.json, str(args, 'path')), String(args['path'])) as Array<Record<string, unknown>>;
      const want = array(args['expected'], 'expected') as Array<Record<string, unknown>>;
      const out: string[] = [];
      if (got.length !== want.length) out.push(`expected ${want.length} records, got ${got.length}`);
      for (let i = 0; i < Math.min(got.length, want.length); i++) {
        for (const [k, v] of Object.entries(want[i]!)) if (!isDeepStrictEqual(got[i]![k], v)) out.push(`record ${i}: ${k} ${show(got[i]![k], 80)}, expected ${show(v, 80)}`);
      }
      return out;
    },
  },
  'hash-key-coverage': {
    describe: 'the open shards at `path` cover 0 … 2^128−1 exactly once: no gap, no overlap',
    required: ['path'],
    check(args, ctx) {
      return coverageProblems(array(valueAt(ctx.json, str(args, 'path')), String(args['path'])) as ShardRange[]);
    },
  },
  'routed-by-partition-key': {
    describe: "this PutRecord answer's ShardId is the open shard whose range holds MD5(`partitionKey`), or `explicitHashKey` when given (fixture shard map, or `shardsFrom` a step)",
    required: ['partitionKey'],
    optional: ['explicitHashKey', 'shardsFrom', 'shardsPath'],
    stepArgs: ['shardsFrom'],
    check(args, ctx) {
      const explicit = args['explicitHashKey'];
      const key = explicit !== undefined ? BigInt(String(explicit)) : md5HashKey(str(args, 'partitionKey'));
      const p = routingProblem(valueAt(ctx.json, '/ShardId'), key, shardsAt(args, ctx), 'ShardId');
      return p ? [p] : [];
    },
  },
  'put-records-routed': {
    describe: "every successful entry of this PutRecords answer names the open shard that holds its request entry's hash key (MD5 of PartitionKey, or ExplicitHashKey)",
    required: [],
    optional: ['shardsFrom', 'shardsPath'],
    stepArgs: ['shardsFrom'],
    check(args, ctx) {
      const entries = array(valueAt(ctx.request, '/Records'), 'request /Records') as Array<Record<string, unknown>>;
      const answers = array(valueAt(ctx.json, '/Records'), 'answer /Records') as Array<Record<string, unknown>>;
      const shards = shardsAt(args, ctx);
      const out: string[] = [];
      entries.forEach((e, i) => {
        const a = answers[i];
        if (!a || a['ErrorCode'] !== undefined && a['ErrorCode'] !== null) return;
        const key = e['ExplicitHashKey'] !== undefined ? BigInt(String(e['ExplicitHashKey'])) : md5HashKey(String(e['PartitionKey']));
        const p = routingProblem(a['ShardId'], key, shards, `entry ${i}`);
        if (p) out.push(p);
      });
      return out;
    },
  },
  'put-records-accounting': {
    describe: 'this PutRecords answer has one entry per request entry; each has ShardId+SequenceNumber or ErrorCode+ErrorMessage; FailedRecordCount counts the ErrorCodes (absent = 0)',
    required: [],
    check(_args, ctx) {
      const entries = array(valueAt(ctx.request, '/Records'), 'request /Records');
      const answers = array(valueAt(ctx.json, '/Records'), 'answer /Records') as Array<Record<string, unknown>>;
      const out: string[] = [];
      if (answers.length !== entries.length) out.push(`${entries.length} entries sent, ${answers.length} answered`);
      let failed = 0;
      answers.forEach((a, i) => {
        const isFailure = a['ErrorCode'] !== undefined && a['ErrorCode'] !== null;
        if (isFailure) {
          failed++;
          if (typeof a['ErrorMessage'] !== 'string') out.push(`entry ${i}: ErrorCode without ErrorMessage`);
        } else if (typeof a['ShardId'] !== 'string' || typeof a['SequenceNumber'] !== 'string') out.push(`entry ${i}: neither ShardId+SequenceNumber nor ErrorCode: ${show(a)}`);
      });
      const count = valueAt(ctx.json, '/FailedRecordCount') ?? 0;
      if (count !== failed) out.push(`FailedRecordCount ${show(count)}, but ${failed} entries carry an ErrorCode`);
      return out;
    },
  },
  'fixture-records-routed': {
    describe: "every record the fixture wrote was acknowledged by the open shard (of the fixture's map before any split) that holds MD5(PartitionKey) or its ExplicitHashKey",
    required: [],
    check(_args, ctx) {
      const before = ctx.shards.filter((s) => !s.ParentShardId || ctx.shards.every((p) => p.ShardId !== s.ParentShardId));
      const map = before.map((s) => ({ ...s, SequenceNumberRange: { StartingSequenceNumber: '0' } }));
      return ctx.records.flatMap((r, i) => {
        const p = routingProblem(r.shardId, BigInt(r.hashKey), map, `record ${i} (${r.partitionKey})`);
        return p ? [p] : [];
      });
    },
  },
  'arrival-in-write-window': {
    describe: "ApproximateArrivalTimestamp of every record at `path` lies within the fixture's write window (±5 s clock skew)",
    required: ['path'],
    check(args, ctx) {
      if (!ctx.writeWindow) return ['the fixture wrote no records'];
      const { from, to } = ctx.writeWindow;
      return select(ctx.json, `${str(args, 'path')}/*/ApproximateArrivalTimestamp`).flatMap((s) => {
        const ms = typeof s.value === 'number' ? s.value * 1000 : NaN;
        if (Number.isNaN(ms)) return [`${s.pointer}: not an epoch-seconds number: ${show(s.value)}`];
        return ms < from - CLOCK_SKEW_MS || ms > to + CLOCK_SKEW_MS ? [`${s.pointer}: ${new Date(ms).toISOString()} outside the write window ${new Date(from).toISOString()} … ${new Date(to).toISOString()}`] : [];
      });
    },
  },
  'split-lineage': {
    describe: 'in the shard list at `path`, `parent` is closed and exactly two shards name it as ParentShardId (no AdjacentParentShardId), covering [parent start, `at`−1] and [`at`, parent end]',
    required: ['path', 'parent', 'at'],
    check(args, ctx) {
      const shards = array(valueAt(ctx.json, str(args, 'path')), String(args['path'])) as ShardRange[];
      const parent = shards.find((s) => s.ShardId === args['parent']);
      if (!parent) return [`no shard ${show(args['parent'])} in the list`];
      const out: string[] = [];
      if (isOpen(parent)) out.push(`${parent.ShardId} has no EndingSequenceNumber: still open`);
      const children = shards.filter((s) => s.ParentShardId === parent.ShardId);
      if (children.length !== 2) return [...out, `${children.length} shards name ${parent.ShardId} as parent, expected 2`];
      const at = BigInt(String(args['at']));
      const { start, end } = rangeOf(parent);
      const ranges = children.map(rangeOf).sort((a, b) => (a.start < b.start ? -1 : 1));
      if (ranges[0]!.start !== start || ranges[0]!.end !== at - 1n) out.push(`lower child covers ${ranges[0]!.start}..${ranges[0]!.end}, expected ${start}..${at - 1n}`);
      if (ranges[1]!.start !== at || ranges[1]!.end !== end) out.push(`upper child covers ${ranges[1]!.start}..${ranges[1]!.end}, expected ${at}..${end}`);
      for (const c of children) if (c.AdjacentParentShardId !== undefined && c.AdjacentParentShardId !== null) out.push(`${c.ShardId} has AdjacentParentShardId ${show(c.AdjacentParentShardId)} after a split`);
      return out;
    },
  },
  'merge-lineage': {
    describe: 'in the shard list at `path`, `parent` and `adjacent` are closed and one open shard names them as ParentShardId and AdjacentParentShardId, covering the union of their ranges',
    required: ['path', 'parent', 'adjacent'],
    check(args, ctx) {
      const shards = array(valueAt(ctx.json, str(args, 'path')), String(args['path'])) as ShardRange[];
      const p = shards.find((s) => s.ShardId === args['parent']);
      const a = shards.find((s) => s.ShardId === args['adjacent']);
      if (!p || !a) return [`parents ${show(args['parent'])} and ${show(args['adjacent'])} not both in the list`];
      const out: string[] = [];
      for (const s of [p, a]) if (isOpen(s)) out.push(`${s.ShardId} has no EndingSequenceNumber: still open`);
      const child = shards.filter((s) => s.ParentShardId === p.ShardId && s.AdjacentParentShardId === a.ShardId);
      if (child.length !== 1) return [...out, `${child.length} shards name ${p.ShardId} + ${a.ShardId} as parents, expected 1`];
      const r = rangeOf(child[0]!);
      const lo = [rangeOf(p).start, rangeOf(a).start].reduce((x, y) => (x < y ? x : y));
      const hi = [rangeOf(p).end, rangeOf(a).end].reduce((x, y) => (x > y ? x : y));
      if (r.start !== lo || r.end !== hi) out.push(`child covers ${r.start}..${r.end}, expected ${lo}..${hi}`);
      return out;
    },
  },
  'uniform-open-shards': {
    describe: 'the shard list at `path` has `count` open shards of equal hash-key ranges (±1), covering the space (UpdateShardCount UNIFORM_SCALING)',
    required: ['path', 'count'],
    check(args, ctx) {
      const shards = array(valueAt(ctx.json, str(args, 'path')), String(args['path'])) as ShardRange[];
      const open = shards.filter(isOpen);
      const out = coverageProblems(shards);
      if (open.length !== Number(args['count'])) out.push(`${open.length} open shards, expected ${show(args['count'])}`);
      const sizes = open.map((s) => rangeOf(s).end - rangeOf(s).start);
      const min = sizes.reduce((x, y) => (x < y ? x : y), sizes[0] ?? 0n);
      const max = sizes.reduce((x, y) => (x > y ? x : y), sizes[0] ?? 0n);
      // Uniform within rounding: ranges may differ by the remainder of 2^128 / count.
      if (max - min > BigInt(open.length)) out.push(`open ranges are not uniform: sizes from ${min} to ${max}`);
      return out;
    },
  },
};

/** Every registered matcher: the core ones above and each behaviour area's own. */
export const NAMED_MATCHERS: Record<string, NamedMatcherDef> = { ...CORE_MATCHERS, ...DATA_PLANE_MATCHERS, ...CONTROL_PLANE_MATCHERS, ...FAN_OUT_MATCHERS };

export function namedMatcher(name: string): NamedMatcherDef | undefined {
  return Object.prototype.hasOwnProperty.call(NAMED_MATCHERS, name) ? NAMED_MATCHERS[name] : undefined;
}
