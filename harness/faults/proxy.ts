import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isDeepStrictEqual } from 'node:util';
import { Agent, request as undiciRequest } from 'undici';
import { CBOR_CONTENT_TYPE, decodeCbor, encodeCbor } from '../protocol/cbor.ts';

/** A request as the proxy received it. Header names are lower-case; a fault may rewrite any part. */
export interface ProxyRequest {
  method: string;
  /** Path and query. */
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  /** The operation named by X-Amz-Target (`Kinesis_20131202.<Operation>`), or null. */
  operation: string | null;
  /** 'cbor' when the request's Content-Type is AWS's CBOR type, 'json' otherwise. */
  protocol: 'json' | 'cbor';
}

/** An answer on its way back. Headers keep their order and the spelling they are sent with. */
export interface ProxyAnswer {
  status: number;
  headers: Array<[string, string]>;
  body: Buffer;
  /** Set by a fault that held the answer back this long: a change of timing, not of bytes. */
  heldMs?: number;
}

/** What a fault remembers while it is active (fresh for every activation). */
export interface FaultMemory {
  /** Streams (names and ARNs) an encryption call was accepted for, with the time of the 200. */
  updated: Map<string, number>;
  /** Free per-fault scratch space. */
  notes: Map<string, unknown>;
}

/** The wire-level hooks of one fault. Any of them may be absent. */
export interface FaultHooks {
  /** Rewrites the request before it is forwarded; an answer returned here is sent instead of forwarding. */
  request?: (req: ProxyRequest, memory: FaultMemory) => ProxyRequest | ProxyAnswer | Promise<ProxyRequest | ProxyAnswer>;
  /** Rewrites the target's answer (`req` is the request as forwarded). */
  response?: (answer: ProxyAnswer, req: ProxyRequest, memory: FaultMemory) => ProxyAnswer | Promise<ProxyAnswer>;
}

/** The part of a catalogue entry the proxy needs. */
export interface ActiveFault extends FaultHooks {
  id: string;
  /** Requests the fault touches; the others pass through untouched. */
  applies: (req: ProxyRequest) => boolean;
}

export interface FaultProxy {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  /** Activates one fault (null: pass everything through). Resets the fault's memory. */
  setFault(fault: ActiveFault | null): void;
  /** Requests the active fault applied to since it was set. */
  readonly applied: number;
  /**
   * Exchanges the active fault actually altered (request rewritten or answered by the proxy, or
   * answer different in status, headers or body). 0 with `applied` > 0: the target never gave the
   * fault anything to act on.
   */
  readonly altered: number;
  stop(): Promise<void>;
}

// Hop-by-hop headers and the ones recomputed for the rewritten body.
const NOT_FORWARDED = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'proxy-connection', 'upgrade', 'te', 'trailer']);

export function operationOf(headers: Record<string, string>): string | null {
  const target = headers['x-amz-target'];
  if (!target || !target.includes('.')) return null;
  return target.slice(target.indexOf('.') + 1) || null;
}

export function headerOf(answer: ProxyAnswer, name: string): string | undefined {
  const lower = name.toLowerCase();
  return answer.headers.find(([n]) => n.toLowerCase() === lower)?.[1];
}

/** Sets (or, with null, removes) a header, whatever the case of its current spelling. */
export function withHeader(answer: ProxyAnswer, name: string, value: string | null): ProxyAnswer {
  const lower = name.toLowerCase();
  const headers = answer.headers.filter(([n]) => n.toLowerCase() !== lower);
  if (value !== null) headers.push([name, value]);
  return { ...answer, headers };
}

export function isCborAnswer(answer: ProxyAnswer): boolean {
  return (headerOf(answer, 'content-type') ?? '').startsWith(CBOR_CONTENT_TYPE);
}

/** The answer's body decoded (JSON or CBOR by its Content-Type); undefined when it is neither. */
export function bodyOf(answer: ProxyAnswer): unknown {
  if (answer.body.length === 0) return undefined;
  try {
    return isCborAnswer(answer) ? decodeCbor(answer.body) : (JSON.parse(answer.body.toString('utf8')) as unknown);
  } catch {
    return undefined;
  }
}

/** The request's body decoded (JSON or CBOR); undefined when it is neither. */
export function requestBodyOf(req: ProxyRequest): Record<string, unknown> | undefined {
  if (req.body.length === 0) return undefined;
  try {
    const value = req.protocol === 'cbor' ? decodeCbor(req.body) : (JSON.parse(req.body.toString('utf8')) as unknown);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A decoded value made safe to encode as CBOR again: Buffers (which encode as objects) become plain byte arrays. */
function plainBytes(v: unknown): unknown {
  if (Buffer.isBuffer(v)) return new Uint8Array(v);
  if (Array.isArray(v)) return v.map(plainBytes);
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plainBytes(x)]));
  return v;
}

function encodeAs(format: 'json' | 'cbor', value: unknown): Buffer {
  return format === 'cbor' ? Buffer.from(encodeCbor(plainBytes(value))) : Buffer.from(JSON.stringify(value), 'utf8');
}

/** Replaces the body, encoded the way the answer is (CBOR stays CBOR). */
export function withBody(answer: ProxyAnswer, value: unknown, format: 'json' | 'cbor' = isCborAnswer(answer) ? 'cbor' : 'json'): ProxyAnswer {
  const body = encodeAs(format, value);
  return { ...answer, body };
}

/**
 * Edits the decoded body of a successful or error answer in place; the original bytes are kept
 * when the edit changed nothing (so an inapplicable fault never re-encodes an answer).
 */
export function editBody(answer: ProxyAnswer, edit: (body: Record<string, unknown>) => void): ProxyAnswer {
  const decoded = bodyOf(answer);
  if (!decoded || typeof decoded !== 'object' || Array.isArray(decoded)) return answer;
  const before = snapshot(decoded);
  edit(decoded as Record<string, unknown>);
  return snapshot(decoded) === before ? answer : withBody(answer, decoded);
}

/** A comparable text of a decoded body (blobs and tags included: a Buffer's toJSON would hide edits). */
function snapshot(value: unknown): string {
  const plain = (v: unknown): unknown => {
    if (v instanceof Uint8Array) return `bytes:${Buffer.from(v).toString('base64')}`;
    if (typeof v === 'bigint') return `bigint:${v}`;
    if (Array.isArray(v)) return v.map(plain);
    if (v && typeof v === 'object') return [v.constructor?.name, Object.entries(v).map(([k, x]) => [k, plain(x)])];
    return v;
  };
  return JSON.stringify(plain(value));
}

/** A request body replaced (JSON or CBOR as the request was). */
export function withRequestBody(req: ProxyRequest, value: unknown): ProxyRequest {
  return { ...req, body: encodeAs(req.protocol, value) };
}

/** An answer made up by the proxy, in the request's protocol, with the headers a real answer has. */
export function madeUpAnswer(req: ProxyRequest, status: number, body: unknown): ProxyAnswer {
  const cbor = req.protocol === 'cbor';
  return {
    status,
    headers: [
      ['x-amzn-RequestId', crypto.randomUUID()],
      ['Content-Type', cbor ? CBOR_CONTENT_TYPE : 'application/x-amz-json-1.1'],
      ['Date', new Date().toUTCString()],
    ],
    body: encodeAs(cbor ? 'cbor' : 'json', body),
  };
}

export function isProxyAnswer(value: ProxyRequest | ProxyAnswer): value is ProxyAnswer {
  return typeof (value as ProxyAnswer).status === 'number';
}

/** The whole body of an incoming request. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function incoming(req: IncomingMessage, body: Buffer): ProxyRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  const protocol = (headers['content-type'] ?? '').trim().startsWith(CBOR_CONTENT_TYPE) ? 'cbor' : 'json';
  return { method: req.method ?? 'POST', path: req.url ?? '/', headers, body, operation: operationOf(headers), protocol };
}

/**
 * Starts an HTTP proxy on 127.0.0.1 (a free port) in front of `upstream`, applying at most one
 * fault at a time. Anything the fault does not touch is forwarded byte for byte.
 */
export async function startFaultProxy(options: { upstream: string | URL; timeoutMs?: number }): Promise<FaultProxy> {
  const upstream = new URL(options.upstream);
  const timeoutMs = options.timeoutMs ?? 60_000;
  const agent = new Agent({ keepAliveTimeout: 10_000, connections: 32 });
  let fault: ActiveFault | null = null;
  let memory: FaultMemory = { updated: new Map(), notes: new Map() };
  let applied = 0;
  let altered = 0;

  async function forward(req: ProxyRequest): Promise<ProxyAnswer> {
    const headers: Record<string, string> = {};
    // Host is kept as the client signed it, so a target that checks signatures still can.
    for (const [name, value] of Object.entries(req.headers)) if (name === 'host' || !NOT_FORWARDED.has(name)) headers[name] = value;
    const noBody = req.method === 'GET' || req.method === 'HEAD';
    const res = await undiciRequest(new URL(req.path, upstream), {
      method: req.method as 'POST',
      headers,
      body: noBody ? undefined : req.body,
      dispatcher: agent,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const body = Buffer.from(await res.body.arrayBuffer());
    const out: Array<[string, string]> = [];
    for (const [name, value] of Object.entries(res.headers)) {
      if (value === undefined || (NOT_FORWARDED.has(name) && name !== 'content-length')) continue;
      for (const v of Array.isArray(value) ? value : [value]) out.push([name, v]);
    }
    return { status: res.statusCode, headers: out, body };
  }

  async function handle(raw: IncomingMessage, res: ServerResponse): Promise<void> {
    const req = incoming(raw, await readBody(raw));
    const active = fault;
    const mem = memory;
    const touched = active !== null && active.applies(req);
    if (touched) applied++;
    let answer: ProxyAnswer;
    let sent = req;
    const rewritten = touched && active.request ? await active.request(req, mem) : req;
    let changed = false;
    if (isProxyAnswer(rewritten)) {
      answer = rewritten;
      changed = true;
    } else {
      sent = rewritten;
      changed = !sent.body.equals(req.body) || sent.method !== req.method || sent.path !== req.path || !isDeepStrictEqual(sent.headers, req.headers);
      answer = await forward(sent);
    }
    if (touched && active.response) {
      const before = answer;
      answer = await active.response(answer, sent, mem);
      changed ||= answer.status !== before.status || !answer.body.equals(before.body) || !isDeepStrictEqual(answer.headers, before.headers) || (answer.heldMs ?? 0) > 0;
    }
    if (changed) altered++;
    const headers: string[] = [];
    for (const [name, value] of answer.headers) {
      // Content-Length always matches what is sent (a HEAD answer keeps the target's).
      if (name.toLowerCase() === 'content-length' && req.method !== 'HEAD') continue;
      headers.push(name, value);
    }
    if (req.method !== 'HEAD') headers.push('Content-Length', String(answer.body.length));
    res.writeHead(answer.status, headers);
    res.end(req.method === 'HEAD' ? undefined : answer.body);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // The harness sees a 502 it can report; the proxy itself keeps running.
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`fault proxy: ${(error as Error).message}`);
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    get applied() {
      return applied;
    },
    get altered() {
      return altered;
    },
    setFault(next) {
      fault = next;
      memory = { updated: new Map(), notes: new Map() };
      applied = 0;
      altered = 0;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await agent.close();
    },
  };
}
