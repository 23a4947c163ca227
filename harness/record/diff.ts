import { escapeRegExp } from '../cases/placeholders.ts';
import { resolveErrorType, THROTTLING_TYPES } from '../checks/aws-error.ts';
import { CBOR_CONTENT_TYPE, showCbor, tryDecodeCbor } from '../protocol/cbor.ts';
import { canonicalJson, describeApplied, normalizeText, normalizeValue, VARYING_MEMBERS, type Applied } from '../results/normalize.ts';
import type { Exchange } from '../transport/exchange.ts';
import type { RecordedResult, Recording, RecordedExchange, RecordedUnit, ReferenceComparison, ReferenceDifference, VaryingMember } from './format.ts';

/** Differences listed per unit; the rest are counted (`unlisted`): one wrong answer can differ in hundreds of members. */
export const DIFFERENCES_PER_UNIT = 10;
/** A value shown in a difference is cut to this many characters of JSON. */
const SHOWN_LIMIT = 300;

/** The units compared: cases and steps. Set-up (`fixture`) and a file's hooks are recorded, not compared. */
function comparable(u: RecordedUnit): boolean {
  return u.kind === 'case' || u.kind === 'step';
}

/** Which members vary: by name wherever they appear, or by name in one operation's answers. */
class Varying {
  readonly #anywhere = new Set<string>();
  readonly #perOperation = new Set<string>();

  constructor(members: readonly string[], varying: readonly VaryingMember[]) {
    for (const m of members) this.#anywhere.add(m);
    for (const v of varying) {
      if (v.operation) this.#perOperation.add(`${v.operation}.${v.member}`);
      else this.#anywhere.add(v.member);
    }
  }

  has(operation: string | null, member: string): boolean {
    return this.#anywhere.has(member) || this.#perOperation.has(`${operation ?? ''}.${member}`);
  }
}

function shown(value: unknown): unknown {
  if (value === undefined) return undefined;
  const text = JSON.stringify(value);
  return text !== undefined && text.length > SHOWN_LIMIT ? `${text.slice(0, SHOWN_LIMIT)}… (${text.length} characters)` : value;
}

function header(headers: Record<string, string>, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return v;
  return undefined;
}

/** A decoded CBOR value as JSON (bytes as h'…', tag 1 as 1(n), 64-bit integers as "…n"), so it normalizes like JSON. */
function cborAsJson(value: unknown): unknown {
  return JSON.parse(showCbor(value)) as unknown;
}

type Body = { kind: 'json'; value: unknown } | { kind: 'text'; value: string; truncated: boolean } | { kind: 'none' };

/**
 * One side of a comparison: the region its run was made in (ARNs and messages name it; a recording
 * made in one region judges a target in another, so each side's own region becomes `<region>`) and
 * the count of what normalization replaced.
 */
interface Side {
  region: string;
  /** The run's id: the value of the run-id tag on what it created (names are masked by rule already). */
  runId?: string | undefined;
  applied: Applied;
}

const REGION_RULE = 'region';

const RUN_ID_RULE = 'run-id';

function replaceLiteral(text: string, literal: string | undefined, placeholder: string, rule: string, applied: Applied, notAfter = ''): string {
  if (!literal || !text.includes(literal)) return text;
  const escaped = escapeRegExp(literal);
  return text.replace(new RegExp(notAfter ? `(?<!${escapeRegExp(notAfter)})${escaped}` : escaped, 'g'), () => {
    applied.set(rule, (applied.get(rule) ?? 0) + 1);
    return placeholder;
  });
}

/**
 * The side's own region as `<region>` (the literal of its run, not a pattern: any other region
 * stays) and its run id as `<run-id>` (the run-id tag's value).
 */
function withoutRegion(text: string, side: Side): string {
  // Inside a run's stream names (kc-<runId>-…) the run id is left to the run-stream rule.
  return replaceLiteral(replaceLiteral(text, side.runId, '<run-id>', RUN_ID_RULE, side.applied, 'kc-'), side.region === '' ? undefined : side.region, '<region>', REGION_RULE, side.applied);
}

/** What a body means, normalized: JSON (or CBOR decoded) as a value, anything else as text. */
function bodyOf(part: { body: string; bodyEncoding: 'utf8' | 'base64'; bodyBytes?: number | undefined; headers?: Record<string, string> }, side: Side): Body {
  if (part.body === '') return { kind: 'none' };
  const { applied } = side;
  const truncated = part.bodyBytes !== undefined;
  const text = part.bodyEncoding === 'utf8' ? withoutRegion(part.body, side) : part.body;
  if (!truncated) {
    if (part.bodyEncoding === 'utf8') {
      try {
        return { kind: 'json', value: normalizeValue(JSON.parse(text), applied) };
      } catch {
        // not JSON: compared as text
      }
    } else if ((header(part.headers ?? {}, 'content-type') ?? '').startsWith(CBOR_CONTENT_TYPE)) {
      const decoded = tryDecodeCbor(Buffer.from(part.body, 'base64'));
      if (decoded !== undefined) return { kind: 'json', value: normalizeValue(cborAsJson(decoded), applied) };
    }
  }
  return { kind: 'text', value: normalizeText(text, applied), truncated };
}

/** What identifies a request across runs: its operation, method, path, routing headers and normalized body. */
function requestKey(e: Exchange, side: Side): string {
  const r = e.request;
  const body = bodyOf(r, side);
  const path = (() => {
    try {
      const u = new URL(r.url);
      return `${u.pathname}${u.search}`;
    } catch {
      return r.url;
    }
  })();
  const shownBody = body.kind === 'json' ? canonicalJson(body.value) : body.kind === 'text' ? body.value : '';
  return [e.service ?? 'kinesis', e.operation ?? '', r.method, normalizeText(withoutRegion(path, side), side.applied), header(r.headers, 'x-amz-target') ?? '', header(r.headers, 'content-type') ?? '', shownBody].join('\n');
}

interface Item {
  exchange: RecordedExchange;
  key: string;
  op: string;
}

/**
 * The exchanges of a unit as compared: a run of consecutive looks of one state poll (how many varies
 * with timing) counts as its last look, the state the wait ended on.
 */
function itemsOf(exchanges: readonly RecordedExchange[], side: Side): Item[] {
  const items: Item[] = [];
  for (const [i, exchange] of exchanges.entries()) {
    if (exchange.stateRead) continue;
    const item = { exchange, key: requestKey(exchange, side), op: exchange.operation ?? '(no operation)' };
    // A set-up call throttled and sent again (the harness paces fixtures): how often depends on what else ran.
    const next = exchanges[i + 1];
    if (next && throttled(exchange) && requestKey(next, side) === item.key) continue;
    const last = items[items.length - 1];
    if (exchange.poll && last?.exchange.poll && last.key === item.key) items[items.length - 1] = item;
    else items.push(item);
  }
  return items;
}

function throttled(e: Exchange): boolean {
  if (!e.response || e.response.status !== 400 || e.response.bodyEncoding !== 'utf8') return false;
  try {
    const type = (JSON.parse(e.response.body) as { __type?: string }).__type;
    return type !== undefined && THROTTLING_TYPES.has(resolveErrorType(type));
  } catch {
    return false;
  }
}

/** Pairs recorded and actual exchanges: same request first (parallel requests may finish in any order), then same operation, in order. */
function align(recorded: Item[], actual: Item[]): { pairs: Array<[Item, Item]>; missing: Item[]; extra: Item[] } {
  const used = new Set<number>();
  const matched = new Map<number, number>();
  for (const sameRequest of [true, false]) {
    recorded.forEach((r, i) => {
      if (matched.has(i)) return;
      const j = actual.findIndex((a, k) => !used.has(k) && (sameRequest ? a.key === r.key : a.op === r.op));
      if (j < 0) return;
      used.add(j);
      matched.set(i, j);
    });
  }
  const pairs: Array<[Item, Item]> = [];
  const missing: Item[] = [];
  recorded.forEach((r, i) => {
    const m = matched.get(i);
    if (m !== undefined) pairs.push([r, actual[m]!]);
    else missing.push(r);
  });
  return { pairs, missing, extra: actual.filter((_, k) => !used.has(k)) };
}

function summary(e: Exchange): string {
  if (!e.response) return `no answer (${e.failure?.kind ?? 'unknown'})`;
  let type = '';
  try {
    const t = (JSON.parse(e.response.body) as { __type?: unknown }).__type;
    if (typeof t === 'string') type = ` ${t}`;
  } catch {
    // not JSON
  }
  return `HTTP ${e.response.status}${type}`;
}

type Found = Omit<ReferenceDifference, 'id'>;

function plainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Member by member: added, removed or changed (arrays index by index, so order counts). */
function walk(path: string, r: unknown, a: unknown, op: string | null, varying: Varying, out: Found[]): void {
  if (canonicalJson(r) === canonicalJson(a)) return;
  if (plainObject(r) && plainObject(a)) {
    const keys = [...new Set([...Object.keys(r), ...Object.keys(a)])].sort();
    for (const k of keys) {
      const p = `${path}.${k}`;
      if (!(k in a)) out.push({ path: p, kind: 'removed', recorded: shown(r[k]) });
      else if (!(k in r)) out.push({ path: p, kind: 'added', actual: shown(a[k]) });
      else if (!varying.has(op, k)) walk(p, r[k], a[k], op, varying, out);
    }
    return;
  }
  if (Array.isArray(r) && Array.isArray(a)) {
    for (let i = 0; i < Math.max(r.length, a.length); i++) {
      const p = `${path}[${i}]`;
      if (i >= a.length) out.push({ path: p, kind: 'removed', recorded: shown(r[i]) });
      else if (i >= r.length) out.push({ path: p, kind: 'added', actual: shown(a[i]) });
      else walk(p, r[i], a[i], op, varying, out);
    }
    return;
  }
  out.push({ path, kind: 'changed', recorded: shown(r), actual: shown(a) });
}

const ERROR_MEMBERS = ['__type', 'message', 'Message'];

function errorParts(body: Body): { type: unknown; message: unknown; rest: unknown } {
  if (body.kind !== 'json' || !plainObject(body.value)) return { type: undefined, message: undefined, rest: body.kind === 'json' ? body.value : undefined };
  const v = body.value;
  const rest = Object.fromEntries(Object.entries(v).filter(([k]) => !ERROR_MEMBERS.includes(k)));
  return { type: v['__type'], message: v['message'] ?? v['Message'], rest };
}

/** How two answers to the same request differ: status, error type, message, content type, members. */
function compareAnswers(recorded: Exchange, actual: Exchange, varying: Varying, sides: { recorded: Side; actual: Side }): Found[] {
  const out: Found[] = [];
  const r = recorded.response;
  const a = actual.response;
  if (!r || !a) {
    if (r || a) out.push({ path: 'answer', kind: 'changed', recorded: summary(recorded), actual: summary(actual) });
    return out;
  }
  if (r.status !== a.status) out.push({ path: 'status', kind: 'changed', recorded: r.status, actual: a.status });
  const rt = header(r.headers, 'content-type');
  const at = header(a.headers, 'content-type');
  if (rt !== at) out.push({ path: 'content-type', kind: rt === undefined ? 'added' : at === undefined ? 'removed' : 'changed', recorded: rt, actual: at });
  const rb = bodyOf(r, sides.recorded);
  const ab = bodyOf(a, sides.actual);
  if (rb.kind !== 'json' || ab.kind !== 'json') {
    const rs = rb.kind === 'none' ? '' : rb.kind === 'json' ? canonicalJson(rb.value) : rb.value;
    const as = ab.kind === 'none' ? '' : ab.kind === 'json' ? canonicalJson(ab.value) : ab.value;
    // A body cut at capture is compared on the part both kept, short of where a cut may fall mid-value.
    const cut = (rb.kind === 'text' && rb.truncated) || (ab.kind === 'text' && ab.truncated) ? Math.max(0, Math.min(rs.length, as.length) - 128) : undefined;
    if (cut === undefined ? rs !== as : rs.slice(0, cut) !== as.slice(0, cut)) out.push({ path: 'body', kind: 'changed', recorded: shown(rs), actual: shown(as) });
    return out;
  }
  const re = errorParts(rb);
  const ae = errorParts(ab);
  if (canonicalJson(re.type) !== canonicalJson(ae.type)) out.push({ path: 'error type', kind: re.type === undefined ? 'added' : ae.type === undefined ? 'removed' : 'changed', recorded: re.type, actual: ae.type });
  if (canonicalJson(re.message) !== canonicalJson(ae.message)) out.push({ path: 'message', kind: re.message === undefined ? 'added' : ae.message === undefined ? 'removed' : 'changed', recorded: shown(re.message), actual: shown(ae.message) });
  walk('body', re.rest, ae.rest, recorded.operation, varying, out);
  return out;
}

/** Which recorded units a run's results cover: a case id, a step whose case ran. */
function ranIn(ids: ReadonlySet<string>, prefixes: ReadonlySet<string>, unit: RecordedUnit): boolean {
  if (ids.has(unit.unit) || prefixes.has(unit.unit)) return true;
  return unit.kind === 'step' && prefixes.has(unit.unit.slice(0, unit.unit.lastIndexOf('/')));
}

/** The case a unit belongs to: a step's case, else the unit itself. */
function caseOf(u: RecordedUnit): string {
  return u.kind === 'step' || u.kind === 'fixture' ? u.unit.slice(0, u.unit.lastIndexOf('/')) : u.unit;
}

/**
 * Cases inconclusive in either run (a transient state ended too soon to probe): what they were
 * answered depends on timing, and their verdict already says so; they are not compared.
 */
function inconclusiveCases(results: readonly RecordedResult[], units: readonly RecordedUnit[]): Set<string> {
  const ids = results.filter((r) => r.inconclusive).map((r) => r.id);
  const out = new Set<string>();
  if (ids.length === 0) return out;
  for (const u of units) if (ids.some((id) => id === u.unit || id.startsWith(`${u.unit}/`))) out.add(caseOf(u));
  return out;
}

/** Every proper prefix (at '/') of every id: a step unit `c/s` ran when a result `c/s/status` did. */
function prefixesOf(ids: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const id of ids) for (let i = id.indexOf('/'); i > 0; i = id.indexOf('/', i + 1)) out.add(id.slice(0, i));
  return out;
}

export interface RunToCompare {
  /** The results this run produced (a unit the run did not select is not compared). */
  results: readonly RecordedResult[];
  units: readonly RecordedUnit[];
  /** The region the run signed for (the recording's own is in its runInfo). */
  region: string;
  /** The run's id (the recording's own is in its runInfo). */
  runId?: string | undefined;
}

/**
 * Compares a run's answers with a recording's, unit by unit, after normalization: for each exchange
 * the status, error type, message, content type and every answer member; exchanges and whole units
 * present on one side only. Units the other run did not select are left out.
 */
export function compareWithRecording(reference: Recording, referenceDir: string, run: RunToCompare, bound = DIFFERENCES_PER_UNIT): ReferenceComparison {
  const applied: Applied = new Map();
  const sides = { recorded: { region: reference.runInfo.region, runId: reference.runInfo.runId, applied }, actual: { region: run.region, runId: run.runId, applied } };
  const varying = new Varying([...VARYING_MEMBERS, ...reference.normalization.varyingMembers], reference.normalization.varying);
  const recordedIds = new Set(reference.results.map((r) => r.id));
  const actualIds = new Set(run.results.map((r) => r.id));
  const timing = inconclusiveCases([...reference.results, ...run.results], [...reference.units, ...run.units]);
  const recordedPrefixes = prefixesOf(recordedIds);
  const actualPrefixes = prefixesOf(actualIds);
  const recorded = new Map(reference.units.filter(comparable).map((u) => [u.unit, u]));
  const actual = new Map(run.units.filter(comparable).map((u) => [u.unit, u]));
  const differences: ReferenceDifference[] = [];
  let compared = 0;
  let differing = 0;
  let unlisted = 0;
  let inconclusive = 0;
  const keys = [...new Set([...recorded.keys(), ...actual.keys()])].sort();
  for (const key of keys) {
    const r = recorded.get(key);
    const a = actual.get(key);
    if (timing.has(caseOf((r ?? a)!))) {
      inconclusive++;
      continue;
    }
    const found: Found[] = [];
    if (r && !a) {
      if (!ranIn(actualIds, actualPrefixes, r)) continue;
      found.push({ path: '(unit)', kind: 'missing', recorded: `${r.exchanges.length} exchanges` });
    } else if (a && !r) {
      if (!ranIn(recordedIds, recordedPrefixes, a)) continue;
      found.push({ path: '(unit)', kind: 'extra', actual: `${a.exchanges.length} exchanges` });
    } else if (r && a) {
      const { pairs, missing, extra } = align(itemsOf(r.exchanges, sides.recorded), itemsOf(a.exchanges, sides.actual));
      const seen = new Map<string, number>();
      const label = (op: string) => {
        const n = (seen.get(op) ?? 0) + 1;
        seen.set(op, n);
        return `${op}#${n}`;
      };
      // Requests are paired, not judged: a time placeholder (`now`) makes the same request differ.
      for (const [ri, ai] of pairs) {
        const at = label(ri.op);
        for (const f of compareAnswers(ri.exchange, ai.exchange, varying, sides)) found.push({ ...f, path: `${at} ${f.path}` });
      }
      for (const m of missing) found.push({ path: label(m.op), kind: 'missing', recorded: summary(m.exchange) });
      for (const e of extra) found.push({ path: label(e.op), kind: 'extra', actual: summary(e.exchange) });
    } else continue;
    compared++;
    if (found.length === 0) continue;
    differing++;
    for (const f of found.slice(0, bound)) differences.push({ id: key, ...f } as ReferenceDifference);
    unlisted += Math.max(0, found.length - bound);
  }
  const info = reference.runInfo;
  return {
    recording: referenceDir,
    recorded: { target: info.target, endpoint: info.endpoint, region: info.region, implementation: info.implementation, suiteVersion: info.suiteVersion, recordedAt: info.recordedAt, runId: info.runId },
    compared,
    differing,
    inconclusive,
    unlisted,
    normalizations: describeApplied(new Map([...applied].filter(([id]) => id !== REGION_RULE))).concat(
      applied.has(REGION_RULE) ? [`${REGION_RULE} (${applied.get(REGION_RULE)}×): the region each run was made in (${reference.runInfo.region}, ${run.region})`] : [],
      applied.has(RUN_ID_RULE) ? [`${RUN_ID_RULE} (${applied.get(RUN_ID_RULE)}×): each run's id, the value of the run-id tag on what it created`] : [],
    ),
    varying: reference.normalization.varying.map((v) => (v.operation ? `${v.operation}.${v.member}` : v.member)),
    differences,
  };
}
