/**
 * Placeholders of behaviour cases: `${…}` in any string of a step's request, read or wait spec,
 * expected message or matcher. Checked at load (harness/cases/load.ts) and resolved per case run.
 * A string that is one placeholder alone takes the value's own JSON type (a number stays a number).
 */
import type { StepsFixture } from './model.ts';

export type Token =
  | { kind: 'simple'; name: (typeof SIMPLE)[number] }
  | { kind: 'consumer'; prop: 'name' | 'arn' }
  | { kind: 'name'; label: string }
  | { kind: 'shard'; index: number; prop: (typeof SHARD_PROPS)[number] }
  | { kind: 'record'; index: number; prop: (typeof RECORD_PROPS)[number] }
  | { kind: 'capture'; name: string }
  | { kind: 'fact'; id: string }
  | { kind: 'now'; offsetSeconds: number }
  | { kind: 'blob'; bytes: number }
  | { kind: 'repeat'; text: string; times: number }
  | { kind: 'md5'; key: string }
  | { kind: 'sum'; of: Token; add: bigint };

const SIMPLE = ['stream.name', 'stream.arn', 'absent.name', 'absent.arn', 'account', 'region', 'partition', 'uuid', 'run.id'] as const;
const SHARD_PROPS = ['id', 'hashStart', 'hashEnd', 'hashMid', 'seqStart', 'seqEnd', 'parent'] as const;
const RECORD_PROPS = ['seq', 'shard', 'data', 'key', 'hashKey'] as const;

/** The vocabulary, for error messages and the schema description. */
export const TOKEN_VOCABULARY = [
  ...SIMPLE,
  'consumer.name',
  'consumer.arn',
  'name.<label>',
  `shard[i].(${SHARD_PROPS.join('|')})`,
  `record[i].(${RECORD_PROPS.join('|')})`,
  'cap.<name>',
  'fact.<id>',
  'now(±seconds)',
  'blob(bytes)',
  'repeat(text,n)',
  'md5(partition key)',
  'sum(<placeholder>,±n)',
];

const TOKEN = /\$\{([^}]*)\}/g;
/** Largest generated payload: one record of 10 MiB (the largest maximum record size). */
const MAX_BLOB = 10 * 1024 * 1024;

export function parseToken(raw: string): Token | string {
  if ((SIMPLE as readonly string[]).includes(raw)) return { kind: 'simple', name: raw as (typeof SIMPLE)[number] };
  let m = /^consumer\.(name|arn)$/.exec(raw);
  if (m) return { kind: 'consumer', prop: m[1] as 'name' | 'arn' };
  // A name the case gives what it creates itself (a consumer, a second stream): unique per run, so
  // parallel files and runs never share one, as fixture names never do.
  m = /^name\.([a-z0-9][a-z0-9-]{0,29})$/.exec(raw);
  if (m) return { kind: 'name', label: m[1]! };
  m = /^shard\[(\d{1,3})\]\.([a-zA-Z]+)$/.exec(raw);
  if (m) {
    if (!(SHARD_PROPS as readonly string[]).includes(m[2]!)) return `unknown shard property '${m[2]}' in \${${raw}} (known: ${SHARD_PROPS.join(', ')})`;
    return { kind: 'shard', index: Number(m[1]), prop: m[2] as (typeof SHARD_PROPS)[number] };
  }
  m = /^record\[(\d{1,3})\]\.([a-zA-Z]+)$/.exec(raw);
  if (m) {
    if (!(RECORD_PROPS as readonly string[]).includes(m[2]!)) return `unknown record property '${m[2]}' in \${${raw}} (known: ${RECORD_PROPS.join(', ')})`;
    return { kind: 'record', index: Number(m[1]), prop: m[2] as (typeof RECORD_PROPS)[number] };
  }
  m = /^cap\.([a-zA-Z][a-zA-Z0-9_]*)$/.exec(raw);
  if (m) return { kind: 'capture', name: m[1]! };
  m = /^fact\.([a-z0-9-]+)$/.exec(raw);
  if (m) return { kind: 'fact', id: m[1]! };
  m = /^now\(([+-]?\d{1,7})?\)$/.exec(raw);
  if (m) return { kind: 'now', offsetSeconds: Number(m[1] ?? 0) };
  m = /^blob\((\d{1,8})\)$/.exec(raw);
  if (m) {
    const bytes = Number(m[1]);
    return bytes > MAX_BLOB ? `\${${raw}}: at most ${MAX_BLOB} bytes` : { kind: 'blob', bytes };
  }
  m = /^repeat\(([^,]+),(\d{1,7})\)$/.exec(raw);
  if (m) return { kind: 'repeat', text: m[1]!, times: Number(m[2]) };
  m = /^md5\((.*)\)$/.exec(raw);
  if (m) return { kind: 'md5', key: m[1]! };
  m = /^sum\(([^,]+),([+-]?\d{1,40})\)$/.exec(raw);
  if (m) {
    const of = parseToken(m[1]!);
    return typeof of === 'string' ? of : { kind: 'sum', of, add: BigInt(m[2]!) };
  }
  return `unknown placeholder \${${raw}} (known: ${TOKEN_VOCABULARY.join(', ')})`;
}

/** Every placeholder in a JSON value (strings only; keys excluded). */
export function placeholdersIn(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') for (const m of value.matchAll(TOKEN)) into.push(m[1] ?? '');
  else if (Array.isArray(value)) for (const v of value) placeholdersIn(v, into);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) placeholdersIn(v, into);
  return into;
}

/** Shards the fixture has by index: its shards, plus the two children of a split. */
export function fixtureShardCount(fixture: StepsFixture): number {
  const s = fixture.stream;
  if (!s || s === 'none') return 0;
  return (s.shards ?? 1) + (s.split ? 2 : 0);
}

/**
 * Why a placeholder cannot have a value in this case (null when it can): checked at load so a
 * bad case file stops the run before a target starts. `captured` are the captures set so far.
 */
export function tokenProblem(t: Token, fixture: StepsFixture, captured: ReadonlySet<string>, knownFact: (id: string) => boolean): string | null {
  const stream = fixture.stream && fixture.stream !== 'none' ? fixture.stream : undefined;
  switch (t.kind) {
    case 'simple':
      if (t.name.startsWith('stream.') && !stream) return `needs a stream fixture`;
      if (t.name === 'stream.arn' && stream?.create === 'by-case') return `the stream is created by the case: capture its ARN instead`;
      return null;
    case 'consumer':
      return stream?.consumer ? null : 'needs fixture.stream.consumer';
    case 'shard':
      if (!stream) return 'needs a stream fixture';
      if (stream.create === 'by-case') return 'the stream is created by the case: no shard map is known';
      return t.index < fixtureShardCount(fixture) ? null : `the fixture has ${fixtureShardCount(fixture)} shard(s)`;
    case 'record':
      return (stream?.records?.length ?? 0) > t.index ? null : `the fixture writes ${stream?.records?.length ?? 0} record(s)`;
    case 'capture':
      return captured.has(t.name) ? null : `capture '${t.name}' is used before a step sets it`;
    case 'fact':
      return knownFact(t.id) ? null : `unknown fact '${t.id}' (specs/rules.json facts)`;
    case 'sum':
      return tokenProblem(t.of, fixture, captured, knownFact);
    default:
      return null;
  }
}

export type TokenValue = string | number | boolean | null;
export type ResolveToken = (t: Token, raw: string) => TokenValue;

/** Replaces placeholders (deep). A string that is exactly one placeholder keeps the value's type. */
export function expandTokens<T>(value: T, resolve: ResolveToken): T {
  if (typeof value === 'string') {
    const whole = /^\$\{([^}]*)\}$/.exec(value);
    if (whole) return resolveRaw(whole[1]!, resolve) as T;
    return value.replace(TOKEN, (_, raw: string) => String(resolveRaw(raw, resolve))) as T;
  }
  if (Array.isArray(value)) return value.map((v) => expandTokens(v, resolve)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandTokens(v, resolve)])) as T;
  return value;
}

/** Replaces placeholders inside a text, always as text. */
export function expandText(text: string, resolve: ResolveToken): string {
  return text.replace(TOKEN, (_, raw: string) => String(resolveRaw(raw, resolve)));
}

function resolveRaw(raw: string, resolve: ResolveToken): TokenValue {
  const t = parseToken(raw);
  if (typeof t === 'string') throw new Error(t);
  return resolve(t, raw);
}

/** `blob(n)`: n bytes counting 0,1,…,255,0,… as base64 (blob(256) holds every byte value once). */
export function blobBase64(bytes: number): string {
  const buf = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) buf[i] = i & 0xff;
  return buf.toString('base64');
}
