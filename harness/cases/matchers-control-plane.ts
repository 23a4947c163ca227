// Named matchers of the control-plane behaviour cases (see named-matchers.ts for the contract).
import type { NamedMatcherDef } from './named-matchers.ts';
import { isOpen, rangeOf, type ShardRange } from './hash-keys.ts';
import { show, valueAt } from './matchers.ts';

// --- streams suite (shard lists: ListShards, DescribeStream) ---

function shardList(value: unknown, what: string): ShardRange[] {
  if (!Array.isArray(value)) throw new Error(`${what} is not a shard list: ${show(value)}`);
  return value as ShardRange[];
}

function idList(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new Error(`argument '${what}' must be a list of shard ids, got ${show(value)}`);
  return value as string[];
}

function pathArg(args: Record<string, unknown>, name: string, fallback?: string): string {
  const v = args[name] ?? fallback;
  if (typeof v !== 'string') throw new Error(`argument '${name}' must be a JSON pointer, got ${show(v)}`);
  return v;
}

/** Repeated ids, and ids of `want` missing from / extra to `got` (each named once). */
function idProblems(got: string[], want: string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const id of got) {
    if (seen.has(id)) out.push(`${id} listed more than once`);
    seen.add(id);
  }
  const missing = want.filter((id) => !seen.has(id));
  const extra = [...seen].filter((id) => !want.includes(id));
  if (missing.length > 0) out.push(`missing ${missing.join(', ')}`);
  if (extra.length > 0) out.push(`not expected: ${extra.join(', ')}`);
  return out;
}

/** A shard as a client compares it: null members are absent (the JSON 1.1 reading of "no value"). */
function shardView(s: ShardRange): Record<string, unknown> {
  const orNone = (v: unknown) => (v === null || v === undefined ? '(absent)' : v);
  return {
    ShardId: s.ShardId,
    StartingHashKey: orNone(s.HashKeyRange?.StartingHashKey),
    EndingHashKey: orNone(s.HashKeyRange?.EndingHashKey),
    StartingSequenceNumber: orNone(s.SequenceNumberRange?.StartingSequenceNumber),
    EndingSequenceNumber: orNone(s.SequenceNumberRange?.EndingSequenceNumber),
    ParentShardId: orNone(s.ParentShardId),
    AdjacentParentShardId: orNone(s.AdjacentParentShardId),
  };
}

const STREAMS_MATCHERS: Record<string, NamedMatcherDef> = {
  'shard-ids': {
    describe: 'the shard list at `path` holds exactly the shards `ids`, each once (in that order when `ordered` is true)',
    required: ['path', 'ids'],
    optional: ['ordered'],
    check(args, ctx) {
      const got = shardList(valueAt(ctx.json, pathArg(args, 'path')), String(args['path'])).map((s) => s?.ShardId);
      const want = idList(args['ids'], 'ids');
      const out = idProblems(got, want);
      if (out.length === 0 && args['ordered'] === true && got.some((id, i) => id !== want[i])) out.push(`listed in the order ${got.join(', ')}, expected ${want.join(', ')}`);
      return out.length > 0 ? [`${show(args['path'])} lists ${show(got)}: ${out.join('; ')}`] : [];
    },
  },
  'shard-states': {
    describe: 'in the shard list at `path`, every shard of `open` has no EndingSequenceNumber and every shard of `closed` has one',
    required: ['path'],
    optional: ['open', 'closed'],
    check(args, ctx) {
      const shards = shardList(valueAt(ctx.json, pathArg(args, 'path')), String(args['path']));
      const out: string[] = [];
      for (const [key, wantOpen] of [['open', true], ['closed', false]] as const) {
        if (args[key] === undefined) continue;
        for (const id of idList(args[key], key)) {
          const s = shards.find((x) => x?.ShardId === id);
          if (!s) out.push(`${id} is not in the list`);
          else if (isOpen(s) !== wantOpen) out.push(wantOpen ? `${id} is closed (EndingSequenceNumber ${show(s.SequenceNumberRange?.EndingSequenceNumber)}), expected open` : `${id} has no EndingSequenceNumber: open, expected closed`);
        }
      }
      return out;
    },
  },
  'same-shards': {
    describe: "the shard list at `path` describes the same shards as step `as` (at `asPath`, default /Shards): ids, hash-key ranges, sequence-number ranges and parents (a null member counts as absent)",
    required: ['path', 'as'],
    optional: ['asPath'],
    stepArgs: ['as'],
    check(args, ctx) {
      const mine = shardList(valueAt(ctx.json, pathArg(args, 'path')), String(args['path']));
      const asPath = pathArg(args, 'asPath', '/Shards');
      const theirs = shardList(valueAt(ctx.answerOf(String(args['as'])), asPath), `step ${String(args['as'])}${asPath}`);
      const out = idProblems(mine.map((s) => s.ShardId), theirs.map((s) => s.ShardId)).map((p) => `against ${String(args['as'])}: ${p}`);
      for (const s of mine) {
        const other = theirs.find((t) => t.ShardId === s.ShardId);
        if (!other) continue;
        const a = shardView(s);
        const b = shardView(other);
        for (const k of Object.keys(a)) if (a[k] !== b[k]) out.push(`${s.ShardId} ${k}: ${show(a[k])} here, ${show(b[k])} in ${String(args['as'])}`);
      }
      return out;
    },
  },
  'continues-listing': {
    describe: "the shards of step `previous` (at `previousPath`, default /Shards) followed by those at `path` are exactly `ids` (default: the fixture's shards), in that order, none twice: one listing over two pages",
    required: ['path', 'previous'],
    optional: ['previousPath', 'ids'],
    stepArgs: ['previous'],
    check(args, ctx) {
      const previousPath = pathArg(args, 'previousPath', '/Shards');
      const first = shardList(valueAt(ctx.answerOf(String(args['previous'])), previousPath), `step ${String(args['previous'])}${previousPath}`);
      const second = shardList(valueAt(ctx.json, pathArg(args, 'path')), String(args['path']));
      const want = args['ids'] === undefined ? ctx.shards.map((s) => s.ShardId) : idList(args['ids'], 'ids');
      const got = [...first, ...second].map((s) => s?.ShardId);
      const out = idProblems(got, want);
      if (out.length === 0 && got.some((id, i) => id !== want[i])) out.push(`listed in the order ${got.join(', ')}, expected ${want.join(', ')}`);
      return out.length > 0 ? [`pages list ${show(first.map((s) => s?.ShardId))} then ${show(second.map((s) => s?.ShardId))}: ${out.join('; ')}`] : [];
    },
  },
  'hash-ranges-of': {
    describe: "the shards at `path` have the hash-key ranges the fixture's shards of the same id have (the stream's shard map did not change)",
    required: ['path'],
    check(args, ctx) {
      const shards = shardList(valueAt(ctx.json, pathArg(args, 'path')), String(args['path']));
      const out: string[] = [];
      for (const s of shards) {
        const f = ctx.shards.find((x) => x.ShardId === s.ShardId);
        if (!f) {
          out.push(`${s.ShardId} is not a shard of the fixture`);
          continue;
        }
        const [a, b] = [rangeOf(s), rangeOf(f)];
        if (a.start !== b.start || a.end !== b.end) out.push(`${s.ShardId} covers ${a.start}..${a.end}, the fixture's ${b.start}..${b.end}`);
      }
      return out;
    },
  },
};

export const CONTROL_PLANE_MATCHERS: Record<string, NamedMatcherDef> = { ...STREAMS_MATCHERS };

// --- settings suite (tags, enhanced monitoring, resource policies) ---

/** MetricsName values other than "ALL" (model enum MetricsName). */
export const SHARD_LEVEL_METRICS = [
  'IncomingBytes',
  'IncomingRecords',
  'OutgoingBytes',
  'OutgoingRecords',
  'WriteProvisionedThroughputExceeded',
  'ReadProvisionedThroughputExceeded',
  'IteratorAgeMilliseconds',
];

function stringList(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new Error(`${what} must be a list of strings, got ${show(value)}`);
  return value as string[];
}

/** A metric list with "ALL" read as every metric; repeated names are problems. */
function metricSet(list: string[], what: string, problems: string[]): Set<string> {
  const out = new Set<string>();
  for (const name of list.flatMap((m) => (m === 'ALL' ? SHARD_LEVEL_METRICS : [m]))) {
    if (out.has(name)) problems.push(`${what}: ${name} more than once (${show(list)})`);
    out.add(name);
  }
  return out;
}

interface TagEntry {
  Key?: unknown;
  Value?: unknown;
}

function tagList(value: unknown, what: string): TagEntry[] {
  if (!Array.isArray(value)) throw new Error(`${what} is not a tag list: ${show(value)}`);
  return value as TagEntry[];
}

/** Tags as key → value (an absent or null Value reads as ""), with repeated keys as problems. */
function tagMap(tags: TagEntry[], what: string, problems: string[]): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const t of tags) {
    const key = String(t?.Key);
    if (out.has(key)) problems.push(`${what}: key ${show(key)} listed more than once`);
    out.set(key, t?.Value ?? '');
  }
  return out;
}

function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return sameJson(ka, kb) && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

const SETTINGS_MATCHERS: Record<string, NamedMatcherDef> = {
  'metric-set': {
    describe: 'the shard-level metric list at `path` (absent counts as empty) holds exactly the metrics of `equals`, in any order, none twice; "ALL" (either side) stands for every metric, so ["ALL"] and the seven names are the same set',
    required: ['path', 'equals'],
    check(args, ctx) {
      const raw = valueAt(ctx.json, pathArg(args, 'path'));
      const problems: string[] = [];
      const got = metricSet(raw === undefined || raw === null ? [] : stringList(raw, String(args['path'])), String(args['path']), problems);
      const want = metricSet(stringList(args['equals'], "argument 'equals'"), "argument 'equals'", []);
      const missing = [...want].filter((m) => !got.has(m));
      const extra = [...got].filter((m) => !want.has(m));
      if (missing.length > 0) problems.push(`${String(args['path'])} lacks ${missing.join(', ')}`);
      if (extra.length > 0) problems.push(`${String(args['path'])} has ${extra.join(', ')}, not expected`);
      return problems.length > 0 ? [`${show(raw)}: ${problems.join('; ')}`] : [];
    },
  },
  'tag-list': {
    describe: 'the tag list at `path` ([{Key, Value}], order free) names no key twice, holds every key of `has` with its value, and none of the keys `lacks`',
    required: ['path'],
    optional: ['has', 'lacks'],
    check(args, ctx) {
      const problems: string[] = [];
      const tags = tagMap(tagList(valueAt(ctx.json, pathArg(args, 'path')), String(args['path'])), String(args['path']), problems);
      const has = (args['has'] ?? {}) as Record<string, unknown>;
      if (typeof has !== 'object' || Array.isArray(has)) throw new Error(`argument 'has' must be an object of key → value, got ${show(has)}`);
      for (const [k, v] of Object.entries(has)) {
        if (!tags.has(k)) problems.push(`no tag ${show(k)}`);
        else if (tags.get(k) !== v) problems.push(`tag ${show(k)} is ${show(tags.get(k))}, expected ${show(v)}`);
      }
      for (const k of args['lacks'] === undefined ? [] : stringList(args['lacks'], "argument 'lacks'")) if (tags.has(k)) problems.push(`tag ${show(k)} is still there (${show(tags.get(k))})`);
      return problems;
    },
  },
  'tag-pages': {
    describe: "the Tags of step `page1` (and `page2`), then this answer's Tags, are one listing: no key on two pages, and together exactly the tags (keys and values) step `complete` lists",
    required: ['complete', 'page1'],
    optional: ['page2'],
    stepArgs: ['complete', 'page1', 'page2'],
    check(args, ctx) {
      const problems: string[] = [];
      const steps = [args['page1'], args['page2']].filter((s): s is string => typeof s === 'string');
      const pages = [...steps.map((s) => tagList(valueAt(ctx.answerOf(s), '/Tags'), `step ${s} /Tags`)), tagList(valueAt(ctx.json, '/Tags'), 'this page /Tags')];
      const listed = tagMap(pages.flat(), 'the pages together', problems);
      const complete = tagMap(tagList(valueAt(ctx.answerOf(String(args['complete'])), '/Tags'), `step ${String(args['complete'])} /Tags`), `step ${String(args['complete'])}`, []);
      const missing = [...complete.keys()].filter((k) => !listed.has(k));
      const extra = [...listed.keys()].filter((k) => !complete.has(k));
      if (missing.length > 0) problems.push(`no page lists ${missing.map((k) => show(k)).join(', ')}`);
      if (extra.length > 0) problems.push(`the pages list ${extra.map((k) => show(k)).join(', ')}, which the complete listing does not`);
      for (const [k, v] of listed) if (complete.has(k) && complete.get(k) !== v) problems.push(`tag ${show(k)} is ${show(v)} on its page, ${show(complete.get(k))} in the complete listing`);
      const keys = pages.map((p) => p.map((t) => t?.Key));
      return problems.length > 0 ? [`pages ${show(keys)}: ${problems.join('; ')}`] : [];
    },
  },
  'json-document': {
    describe: 'the value at `path` is a string holding a JSON document equal to `equals` (member order free; a resource policy is "formatted as a JSON string")',
    required: ['path', 'equals'],
    check(args, ctx) {
      const raw = valueAt(ctx.json, pathArg(args, 'path'));
      if (typeof raw !== 'string') return [`${String(args['path'])}: expected a string holding JSON, got ${show(raw)}`];
      let doc: unknown;
      try {
        doc = JSON.parse(raw);
      } catch {
        return [`${String(args['path'])}: not JSON: ${show(raw)}`];
      }
      return sameJson(doc, args['equals']) ? [] : [`${String(args['path'])}: expected the document ${show(args['equals'], 400)}, got ${show(raw, 400)}`];
    },
  },
};

Object.assign(CONTROL_PLANE_MATCHERS, SETTINGS_MATCHERS);
