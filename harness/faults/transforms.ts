// Building blocks the fault catalogue is written with: small wire-level edits, each one idea.
import {
  bodyOf,
  editBody,
  headerOf,
  isCborAnswer,
  madeUpAnswer,
  requestBodyOf,
  withBody,
  withHeader,
  type FaultHooks,
  type FaultMemory,
  type ProxyAnswer,
  type ProxyRequest,
} from './proxy.ts';
import { CborEpochTag } from '../protocol/cbor.ts';

export const START = 'StartStreamEncryption';
export const STOP = 'StopStreamEncryption';
export const ENCRYPTION_OPS = [START, STOP] as const;
export const DESCRIBE_OPS = ['DescribeStreamSummary', 'DescribeStream'] as const;

type Body = Record<string, unknown>;

/** The error type an answer carries (`__type` without namespace), or undefined for a success. */
export function errorTypeOf(answer: ProxyAnswer): string | undefined {
  if (answer.status < 400) return undefined;
  const body = bodyOf(answer) as Body | undefined;
  const raw = typeof body?.['__type'] === 'string' ? body['__type'] : headerOf(answer, 'x-amzn-ErrorType');
  if (raw === undefined) return undefined;
  const noUri = raw.includes('#') ? raw.slice(raw.lastIndexOf('#') + 1) : raw;
  return noUri.includes(':') ? noUri.slice(0, noUri.indexOf(':')) : noUri;
}

/** The stream description object of a Describe* answer body (summary or full), if any. */
export function descriptionOf(body: Body): Body | undefined {
  const d = body['StreamDescriptionSummary'] ?? body['StreamDescription'];
  return d && typeof d === 'object' ? (d as Body) : undefined;
}

/** Name and ARN of the stream a request is about (either may be absent). */
export function streamKeysOf(req: ProxyRequest): string[] {
  const body = requestBodyOf(req);
  return [body?.['StreamName'], body?.['StreamARN']].filter((v): v is string => typeof v === 'string' && v.length > 0);
}

/** Remembers streams whose Start/StopStreamEncryption was accepted (the start of an UPDATING phase). */
export function trackUpdates(answer: ProxyAnswer, req: ProxyRequest, memory: FaultMemory): void {
  if (answer.status !== 200 || !(ENCRYPTION_OPS as readonly string[]).includes(req.operation ?? '')) return;
  for (const key of streamKeysOf(req)) memory.updated.set(key, Date.now());
}

/** When the stream a description (or the request) names had an encryption call accepted (ms epoch). */
export function updatedAt(d: Body | undefined, req: ProxyRequest, memory: FaultMemory): number | undefined {
  const keys = [...streamKeysOf(req), d?.['StreamName'], d?.['StreamARN']].filter((k): k is string => typeof k === 'string');
  const times = keys.map((k) => memory.updated.get(k)).filter((t): t is number => t !== undefined);
  return times.length > 0 ? Math.max(...times) : undefined;
}

/** Edits the stream description of successful Describe* answers. */
export function editDescription(edit: (d: Body, req: ProxyRequest, memory: FaultMemory) => void) {
  return (answer: ProxyAnswer, req: ProxyRequest, memory: FaultMemory): ProxyAnswer => {
    trackUpdates(answer, req, memory);
    if (answer.status !== 200 || !(DESCRIBE_OPS as readonly string[]).includes(req.operation ?? '')) return answer;
    return editBody(answer, (body) => {
      const d = descriptionOf(body);
      if (d) edit(d, req, memory);
    });
  };
}

/** Edits the body of successful answers. */
export function editSuccess(edit: (body: Body, req: ProxyRequest) => void) {
  return (answer: ProxyAnswer, req: ProxyRequest): ProxyAnswer => (answer.status === 200 ? editBody(answer, (body) => edit(body, req)) : answer);
}

/** Rewrites error answers of the given types (all error types when `types` is empty). */
export function rewriteError(types: readonly string[], rewrite: (answer: ProxyAnswer, body: Body, req: ProxyRequest) => ProxyAnswer) {
  return (answer: ProxyAnswer, req: ProxyRequest): ProxyAnswer => {
    const type = errorTypeOf(answer);
    if (type === undefined || (types.length > 0 && !types.includes(type))) return answer;
    const body = (bodyOf(answer) as Body | undefined) ?? {};
    return rewrite(answer, body, req);
  };
}

/** An error answer turned into a success, as a target that skipped the check would answer. */
export function errorToSuccess(types: readonly string[], body: unknown = {}) {
  return rewriteError(types, (answer) => withBody({ ...answer, status: 200, headers: answer.headers.filter(([n]) => n.toLowerCase() !== 'x-amzn-errortype') }, body));
}

export function renameError(types: readonly string[], to: string) {
  return rewriteError(types, (answer, body) => withBody(withHeader(answer, 'x-amzn-ErrorType', headerOf(answer, 'x-amzn-ErrorType') === undefined ? null : to), { ...body, __type: to }));
}

export function errorStatus(types: readonly string[], status: number) {
  return rewriteError(types, (answer) => ({ ...answer, status }));
}

export function rewordMessage(types: readonly string[], reword: (message: string) => string) {
  return rewriteError(types, (answer, body) => {
    const key = typeof body['message'] === 'string' ? 'message' : typeof body['Message'] === 'string' ? 'Message' : undefined;
    if (!key) return answer;
    return withBody(answer, { ...body, [key]: reword(body[key] as string) });
  });
}

/** Every header named `name` removed from the answer. */
export function dropHeader(name: string) {
  return (answer: ProxyAnswer): ProxyAnswer => withHeader(answer, name, null);
}

export function setHeader(name: string, value: (current: string | undefined) => string | null) {
  return (answer: ProxyAnswer): ProxyAnswer => {
    const current = headerOf(answer, name);
    return current === undefined ? answer : withHeader(answer, name, value(current));
  };
}

/** Walks a decoded body; `visit` sees every object (records, nested structures) once. */
export function walk(value: unknown, visit: (o: Body) => void): void {
  if (Array.isArray(value)) for (const v of value) walk(v, visit);
  else if (value && typeof value === 'object' && !(value instanceof Uint8Array) && !(value instanceof CborEpochTag)) {
    visit(value as Body);
    for (const v of Object.values(value)) walk(v, visit);
  }
}

/** A decoded CBOR value in its JSON form: blobs as base64, timestamps as epoch seconds. */
export function jsonForm(v: unknown): unknown {
  // Checked before JSON.stringify sees the value: a Buffer's toJSON would win over any replacer.
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (v instanceof CborEpochTag) return Number(v.value) / 1000;
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(jsonForm);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonForm(x)]));
  return v;
}

/** A CBOR answer re-encoded as JSON, blobs as base64 and timestamps as epoch seconds (the JSON forms). */
export function cborAsJson(answer: ProxyAnswer): ProxyAnswer {
  if (!isCborAnswer(answer)) return answer;
  const decoded = bodyOf(answer);
  if (decoded === undefined) return answer;
  const json = JSON.stringify(jsonForm(decoded));
  return withHeader({ ...answer, body: Buffer.from(json, 'utf8') }, 'Content-Type', 'application/x-amz-json-1.1');
}

/** Holds an answer back for `ms` before it is sent. */
export function delay<T>(ms: number, value: T): Promise<T> {
  // Unref'd: a held answer never keeps a finished process alive on its own.
  return new Promise((resolve) => setTimeout(() => resolve(value), ms).unref());
}

/** The answer, unchanged, sent `ms` later; marked as held so the proxy counts the exchange as altered. */
export async function holdAnswer(ms: number, answer: ProxyAnswer): Promise<ProxyAnswer> {
  return { ...(await delay(ms, answer)), heldMs: ms };
}

/** A JSON body with every object's keys in reverse order and two-space indentation (same meaning). */
export function reformatJson(answer: ProxyAnswer): ProxyAnswer {
  if (isCborAnswer(answer) || answer.body.length === 0) return answer;
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.body.toString('utf8'));
  } catch {
    return answer;
  }
  const reverse = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(reverse);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverse(x)]));
    return v;
  };
  return { ...answer, body: Buffer.from(`\n${JSON.stringify(reverse(parsed), null, 2)}\n`, 'utf8') };
}

/** Header names spelled differently (HTTP header names are case-insensitive). */
export function recaseHeaders(answer: ProxyAnswer): ProxyAnswer {
  const flip = (name: string) => [...name].map((c, i) => (i % 2 === 0 ? c.toUpperCase() : c.toLowerCase())).join('');
  return { ...answer, headers: answer.headers.map(([n, v]) => [flip(n), v]) };
}

/**
 * UPDATING lasting `extraMs` longer than the target's own phase, the way AWS's does: once the target
 * says ACTIVE again the proxy still says UPDATING, and refuses Start/Stop on the stream meanwhile
 * (with AWS's in-use text, aws-observed B.4) as a stream that is UPDATING would.
 */
export function slowerUpdating(extraMs: number): FaultHooks {
  const stretchedSince = (keys: string[], memory: FaultMemory): number | undefined => {
    const times = keys.map((k) => memory.notes.get(`target-active:${k}`)).filter((t): t is number => typeof t === 'number');
    return times.length > 0 ? Math.min(...times) : undefined;
  };
  return {
    request: (req, memory) => {
      if (!(ENCRYPTION_OPS as readonly string[]).includes(req.operation ?? '')) return req;
      const keys = streamKeysOf(req);
      const since = stretchedSince(keys, memory);
      if (since === undefined || Date.now() - since >= extraMs) return req;
      const arn = keys.find((k) => k.startsWith('arn:'));
      const name = keys.find((k) => !k.startsWith('arn:')) ?? arn?.slice(arn.lastIndexOf('/') + 1) ?? '';
      const known = arn ?? memory.notes.get(`arn:${name}`);
      const account = typeof known === 'string' ? (known.split(':')[4] ?? '') : '000000000000';
      return madeUpAnswer(req, 400, { __type: 'ResourceInUseException', message: `Stream ${name} under account ${account} not ACTIVE, instead in state UPDATING` });
    },
    response: editDescription((d, req, memory) => {
      const since = updatedAt(d, req, memory);
      if (since === undefined || d['StreamStatus'] !== 'ACTIVE') return;
      const keys = [d['StreamName'], d['StreamARN']].filter((k): k is string => typeof k === 'string');
      if (typeof d['StreamName'] === 'string' && typeof d['StreamARN'] === 'string') memory.notes.set(`arn:${d['StreamName']}`, d['StreamARN']);
      for (const k of keys) {
        const seen = memory.notes.get(`target-active:${k}`);
        // The stretch starts when the target first says ACTIVE after this update.
        if (typeof seen !== 'number' || seen < since) memory.notes.set(`target-active:${k}`, Date.now());
      }
      const stretched = stretchedSince(keys, memory);
      if (stretched !== undefined && Date.now() - stretched < extraMs) d['StreamStatus'] = 'UPDATING';
    }),
  };
}

/**
 * A target without these operations, as AWS and kinesalite answer an operation they do not have:
 * HTTP 400 UnknownOperationException, no message. Stands in for an older release (kinesalite
 * before 3.2.0 has no DescribeStreamSummary) to prove that set-up degrades instead of failing.
 */
export function withoutOperations(operations: readonly string[]): FaultHooks {
  return { request: (req) => (operations.includes(req.operation ?? '') ? madeUpAnswer(req, 400, { __type: 'UnknownOperationException' }) : req) };
}
