// Named matchers of the data-plane behaviour cases (see named-matchers.ts for the contract).
import { isDeepStrictEqual } from 'node:util';
import { rangeOf, type ShardRange } from './hash-keys.ts';
import { select, show, valueAt } from './matchers.ts';
import type { NamedMatcherDef } from './named-matchers.ts';

type Entry = Record<string, unknown>;

function text(args: Record<string, unknown>, name: string): string {
  const v = args[name];
  if (typeof v !== 'string') throw new Error(`argument '${name}' must be a string, got ${show(v)}`);
  return v;
}

function list(value: unknown, what: string): Entry[] {
  if (!Array.isArray(value)) throw new Error(`${what} is not an array: ${show(value)}`);
  return value as Entry[];
}

/** An epoch-seconds timestamp (a JSON number, or its text) in whole milliseconds: AWS stamps records to the millisecond. */
function epochMillis(value: unknown, what: string): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n)) throw new Error(`${what} is not an epoch-seconds number: ${show(value)}`);
  return Math.round(n * 1000);
}

function isFailure(a: Entry | undefined): boolean {
  return a !== undefined && a['ErrorCode'] !== undefined && a['ErrorCode'] !== null;
}

/** What differs between a record read and the one expected (SequenceNumber, Data, PartitionKey). */
function recordProblems(got: Entry, want: Entry, what: string): string[] {
  const out: string[] = [];
  for (const k of ['SequenceNumber', 'PartitionKey', 'Data']) {
    if (!(k in want)) continue;
    if (!isDeepStrictEqual(got[k], want[k])) out.push(`${what}: ${k} ${show(got[k], 80)}, expected ${show(want[k], 80)}`);
  }
  return out;
}

function sameRange(a: ShardRange['HashKeyRange'] | undefined, b: ShardRange['HashKeyRange']): boolean {
  return a !== undefined && a !== null && String(a.StartingHashKey) === String(b.StartingHashKey) && String(a.EndingHashKey) === String(b.EndingHashKey);
}

export const DATA_PLANE_MATCHERS: Record<string, NamedMatcherDef> = {
  'put-records-read-back': {
    describe:
      "the records at `path` (default /Records; a read of one shard) are exactly the entries of PutRecords step `put` (its request entries repeated in `entries`, in request order) that its answer acknowledged on the shard read (`shard`, default the read's ShardId), matched by SequenceNumber, each once, with the entry's Data and PartitionKey (PutRecords promises no order among them)",
    required: ['put', 'entries'],
    optional: ['path', 'shard'],
    stepArgs: ['put'],
    check(args, ctx) {
      const put = text(args, 'put');
      const entries = list(args['entries'], 'entries');
      const answers = list(valueAt(ctx.answerOf(put), '/Records'), `step '${put}' answer /Records`);
      const shard = args['shard'] !== undefined ? text(args, 'shard') : valueAt(ctx.request, '/ShardId');
      if (typeof shard !== 'string') throw new Error('no shard to compare with: give `shard` (the read did not start from a shard)');
      const out: string[] = [];
      if (answers.length !== entries.length) out.push(`step '${put}' answered ${answers.length} entries for the ${entries.length} given`);
      const expected = new Map<string, { index: number; entry: Entry }>();
      answers.forEach((a, index) => {
        if (isFailure(a) || a['ShardId'] !== shard || typeof a['SequenceNumber'] !== 'string') return;
        const entry = entries[index];
        if (entry) expected.set(a['SequenceNumber'], { index, entry });
      });
      if (expected.size === 0) out.push(`step '${put}' acknowledged no entry on ${shard}: nothing to read back`);
      const seen = new Set<string>();
      const got = list(valueAt(ctx.json, typeof args['path'] === 'string' ? args['path'] : '/Records'), 'records read');
      got.forEach((r, i) => {
        const seq = String(r['SequenceNumber']);
        const want = expected.get(seq);
        if (!want) return void out.push(`record ${i} (SequenceNumber ${seq}) is not an entry step '${put}' acknowledged on ${shard}`);
        if (seen.has(seq)) return void out.push(`record ${i}: SequenceNumber ${seq} read twice`);
        seen.add(seq);
        out.push(...recordProblems(r, { PartitionKey: want.entry['PartitionKey'], Data: want.entry['Data'] }, `record ${i} (entry ${want.index})`));
      });
      for (const [seq, { index }] of expected) if (!seen.has(seq)) out.push(`entry ${index} (acknowledged on ${shard} as ${seq}) was not read back`);
      return out;
    },
  },
  'records-from-timestamp': {
    describe:
      "the records at `path` are, in order, the records of step `from` (its /Records, a read of the same shard) from the first whose ApproximateArrivalTimestamp is at or after `at` (epoch seconds, compared in milliseconds) to its last: same SequenceNumber, Data and PartitionKey",
    required: ['path', 'from', 'at'],
    stepArgs: ['from'],
    check(args, ctx) {
      const from = text(args, 'from');
      const all = list(valueAt(ctx.answerOf(from), '/Records'), `step '${from}' /Records`);
      const at = epochMillis(args['at'], 'at');
      const first = all.findIndex((r, i) => epochMillis(r['ApproximateArrivalTimestamp'], `step '${from}' record ${i} ApproximateArrivalTimestamp`) >= at);
      const want = first < 0 ? [] : all.slice(first);
      const got = list(valueAt(ctx.json, text(args, 'path')), String(args['path']));
      const out: string[] = [];
      if (got.length !== want.length) {
        out.push(`expected the ${want.length} records from ${first < 0 ? '(none)' : `record ${first}`} of step '${from}' (arrived at or after ${new Date(at).toISOString()}), got ${got.length}: sequence numbers ${show(got.map((r) => r['SequenceNumber']))}`);
      }
      for (let i = 0; i < Math.min(got.length, want.length); i++) out.push(...recordProblems(got[i]!, want[i]!, `record ${i}`));
      return out;
    },
  },
  'child-shards': {
    describe:
      "the ChildShards list at `path` names exactly the shards of the fixture's map whose ParentShardId or AdjacentParentShardId is `parent`, each once, with `parent` in its ParentShards and the HashKeyRange of the map",
    required: ['path', 'parent'],
    check(args, ctx) {
      const parent = text(args, 'parent');
      const value = valueAt(ctx.json, text(args, 'path'));
      const children = ctx.shards.filter((s) => s.ParentShardId === parent || s.AdjacentParentShardId === parent);
      if (children.length === 0) throw new Error(`the fixture's map has no child of ${parent}`);
      if (!Array.isArray(value)) return [`${String(args['path'])}: expected the child shards ${show(children.map((c) => c.ShardId))}, got ${show(value)}`];
      const got = value as Entry[];
      const out: string[] = [];
      const ids = got.map((c) => c['ShardId']);
      for (const c of children) {
        const entries = got.filter((g) => g['ShardId'] === c.ShardId);
        if (entries.length !== 1) {
          out.push(`${c.ShardId} listed ${entries.length} times, expected once`);
          continue;
        }
        const e = entries[0]!;
        const parents = e['ParentShards'];
        if (!Array.isArray(parents) || !parents.includes(parent)) out.push(`${c.ShardId}: ParentShards ${show(parents)} does not name ${parent}`);
        if (!sameRange(e['HashKeyRange'] as ShardRange['HashKeyRange'] | undefined, c.HashKeyRange)) {
          const r = rangeOf(c);
          out.push(`${c.ShardId}: HashKeyRange ${show(e['HashKeyRange'])}, the shard covers ${r.start}..${r.end}`);
        }
      }
      for (const id of ids) if (!children.some((c) => c.ShardId === id)) out.push(`${show(id)} is not a child of ${parent}`);
      return out;
    },
  },
  'millisecond-timestamps': {
    describe: 'the epoch-seconds timestamps at `path` (a * pointer) are numbers with millisecond precision: no digits below the millisecond (Record.ApproximateArrivalTimestamp: "The time stamp has millisecond precision.")',
    required: ['path'],
    check(args, ctx) {
      const values = select(ctx.json, text(args, 'path')).filter((s) => s.found);
      if (values.length === 0) return [`${String(args['path'])}: selects nothing`];
      return values.flatMap((v) => {
        if (typeof v.value !== 'number') return [`${v.pointer}: not an epoch-seconds number: ${show(v.value)}`];
        const ms = v.value * 1000;
        // A JSON double of ~1.7e9 with three decimals is within 1e-3 ms of a whole millisecond.
        return Math.abs(ms - Math.round(ms)) > 0.01 ? [`${v.pointer}: ${v.value} has digits below the millisecond`] : [];
      });
    },
  },
  'values-distinct': {
    describe: 'the values at `path` (a * pointer) are pairwise different (e.g. sequence numbers: unique in the stream)',
    required: ['path'],
    check(args, ctx) {
      const values = select(ctx.json, text(args, 'path')).filter((s) => s.found);
      if (values.length === 0) return [`${String(args['path'])}: selects nothing`];
      const first = new Map<string, string>();
      const out: string[] = [];
      for (const v of values) {
        const key = JSON.stringify(v.value);
        const earlier = first.get(key);
        if (earlier !== undefined) out.push(`${v.pointer} repeats ${earlier}: ${show(v.value)}`);
        else first.set(key, v.pointer);
      }
      return out;
    },
  },
};
