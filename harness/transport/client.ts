import { Agent, request as undiciRequest } from 'undici';
import { TransportError } from '../errors.ts';
import type { OperationName } from '../spec/operations.ts';
import type { Credentials } from './credentials.ts';
import { secretsOf } from './credentials.ts';
import { CAPTURED_BODY_LIMIT, type CapturedRequest, type CapturedResponse, type Exchange } from './exchange.ts';
import { Redactor } from './redact.ts';
import { signRequest, type SignOptions } from './sign.ts';

export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';
export const KINESIS_TARGET_PREFIX = 'Kinesis_20131202';

/** Header overrides: a string sets the header, null removes it. Names are case-insensitive. */
export type HeaderEdits = Record<string, string | null>;

export interface RawRequest {
  /** Sent as `X-Amz-Target: <targetPrefix>.<operation>` unless headers say otherwise. */
  operation?: string | undefined;
  /** An object is sent as JSON; a string or bytes are sent as they are (malformed input on purpose). */
  body?: unknown;
  /** Applied before signing, so they are signed. */
  headers?: HeaderEdits | undefined;
  /** Applied after signing (break or drop parts of the signature). */
  headersAfterSigning?: HeaderEdits | undefined;
  /** Default true. */
  sign?: boolean | undefined;
  signOptions?: SignOptions | undefined;
  method?: string | undefined;
  /** Path and query appended to the endpoint origin. Default '/'. */
  path?: string | undefined;
  timeoutMs?: number | undefined;
}

export interface Response {
  status: number;
  headers: Record<string, string>;
  bodyBytes: Uint8Array;
  bodyText: string;
  /** Parsed body when it is JSON; undefined otherwise (empty body included). */
  json: unknown;
  exchange: Exchange;
}

export interface ClientOptions {
  endpoint: URL;
  region: string;
  credentials: Credentials;
  /** Default 'kinesis'; another service (e.g. KMS) reuses the same transport. */
  service?: string;
  targetPrefix?: string;
  timeoutMs?: number;
  /** Receives every exchange, redacted, as it completes. */
  onExchange?: (exchange: Exchange) => void;
}

/** Sees every exchange; `json` is the whole parsed answer body (the captured one may be cut). */
export type ExchangeListener = (exchange: Exchange, json: unknown) => void;

const everyExchange = new Set<ExchangeListener>();

/**
 * Subscribes to the exchanges of every client in this process (all services, variants included),
 * e.g. to count a run's footprint. Returns the unsubscribe function.
 */
export function observeAllExchanges(listener: ExchangeListener): () => void {
  everyExchange.add(listener);
  return () => everyExchange.delete(listener);
}

function encodeBody(body: unknown): Uint8Array {
  if (body === undefined) return new TextEncoder().encode('{}');
  if (body instanceof Uint8Array) return body;
  if (typeof body === 'string') return new TextEncoder().encode(body);
  return new TextEncoder().encode(JSON.stringify(body));
}

function applyEdits(headers: Record<string, string>, edits: HeaderEdits | undefined): Record<string, string> {
  if (!edits) return headers;
  const out = { ...headers };
  for (const [name, value] of Object.entries(edits)) {
    for (const existing of Object.keys(out)) if (existing.toLowerCase() === name.toLowerCase()) delete out[existing];
    if (value !== null) out[name] = value;
  }
  return out;
}

const fatalDecoder = new TextDecoder('utf-8', { fatal: true });
function asText(bytes: Uint8Array): { text: string; encoding: 'utf8' | 'base64' } {
  try {
    return { text: fatalDecoder.decode(bytes), encoding: 'utf8' };
  } catch {
    return { text: Buffer.from(bytes).toString('base64'), encoding: 'base64' };
  }
}

/** The first CAPTURED_BODY_LIMIT characters of a body, and its full byte length when cut. */
function capture(text: string, bytes: number): { body: string; bodyBytes?: number } {
  return text.length <= CAPTURED_BODY_LIMIT ? { body: text } : { body: text.slice(0, CAPTURED_BODY_LIMIT), bodyBytes: bytes };
}

function classify(error: unknown): { kind: 'connect' | 'timeout' | 'protocol'; message: string } {
  const err = error as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = err.code ?? err.cause?.code ?? '';
  const message = [err.message, err.cause?.message].filter(Boolean).join(': ') || String(error);
  if (err.name === 'TimeoutError' || err.name === 'AbortError' || /TIMEOUT/i.test(code)) return { kind: 'timeout', message };
  if (/ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|EPIPE|UND_ERR_SOCKET|UND_ERR_CLOSED/.test(code))
    return { kind: 'connect', message: `${code} ${message}`.trim() };
  return { kind: 'protocol', message: `${code} ${message}`.trim() };
}

/**
 * Sends raw AWS JSON 1.1 requests, signed with SigV4, over a keep-alive undici pool. No SDK in the
 * path, so any byte or header can be wrong on purpose. Every exchange is captured, redacted.
 * `Op` names what `call` accepts: the spec's operations, so a misspelt one fails to compile instead
 * of being answered UnknownOperationException; another service (KMS) passes `string`.
 */
export class KinesisClient<Op extends string = OperationName> {
  readonly endpoint: URL;
  readonly region: string;
  readonly service: string;
  readonly targetPrefix: string;
  readonly redactor: Redactor;
  readonly #credentials: Credentials;
  readonly #timeoutMs: number;
  readonly #agent: Agent;
  readonly #onExchange: ((exchange: Exchange) => void) | undefined;

  constructor(options: ClientOptions) {
    this.endpoint = options.endpoint;
    this.region = options.region;
    this.service = options.service ?? 'kinesis';
    this.targetPrefix = options.targetPrefix ?? KINESIS_TARGET_PREFIX;
    this.#credentials = options.credentials;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#onExchange = options.onExchange;
    this.redactor = new Redactor(secretsOf(options.credentials));
    // kinesis-mock's self-signed TLS port is never used; real AWS certificates are verified.
    this.#agent = new Agent({ keepAliveTimeout: 10_000, connections: 16, allowH2: false });
  }

  get accessKeyId(): string {
    return this.#credentials.accessKeyId;
  }

  /** Sends a request and returns whatever HTTP answer came back. Throws TransportError when none did. */
  async send(req: RawRequest): Promise<Response> {
    const method = req.method ?? 'POST';
    const url = new URL(req.path ?? '/', this.endpoint);
    // GET and HEAD carry no body on the wire, so none is signed or captured either.
    const body = method === 'GET' || method === 'HEAD' ? new Uint8Array() : encodeBody(req.body);
    const operation = req.operation ?? null;
    let headers: Record<string, string> = { 'content-type': JSON_CONTENT_TYPE };
    if (operation !== null) headers['x-amz-target'] = `${this.targetPrefix}.${operation}`;
    headers = applyEdits(headers, req.headers);
    const sign = req.sign ?? true;
    if (sign) {
      headers = await signRequest({ method, url, headers, body }, { region: this.region, service: this.service }, this.#credentials, req.signOptions);
    } else {
      headers = { host: url.host, ...headers };
    }
    headers = applyEdits(headers, req.headersAfterSigning);

    const bodyView = asText(body);
    const captured: CapturedRequest = {
      method,
      url: this.redactor.text(url.toString()),
      headers: this.redactor.headers(headers),
      ...capture(this.redactor.text(bodyView.text), body.byteLength),
      bodyEncoding: bodyView.encoding,
      signed: sign,
      signingScope: sign ? { region: this.region, service: this.service } : undefined,
    };
    const startedAt = new Date();
    const t0 = performance.now();
    const timeoutMs = req.timeoutMs ?? this.#timeoutMs;
    try {
      const res = await undiciRequest(url, {
        method,
        headers,
        body: method === 'GET' || method === 'HEAD' ? undefined : body,
        dispatcher: this.#agent,
        signal: AbortSignal.timeout(timeoutMs),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const bytes = new Uint8Array(await res.body.arrayBuffer());
      const resHeaders: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) resHeaders[k] = Array.isArray(v) ? v.join(', ') : v;
      const view = asText(bytes);
      const response: CapturedResponse = {
        status: res.statusCode,
        headers: this.redactor.headers(resHeaders),
        ...capture(this.redactor.text(view.text), bytes.byteLength),
        bodyEncoding: view.encoding,
      };
      const exchange: Exchange = { service: this.service, operation, request: captured, response, startedAt: startedAt.toISOString(), durationMs: performance.now() - t0 };
      let json: unknown;
      if (view.encoding === 'utf8' && view.text.length > 0) {
        try {
          json = JSON.parse(view.text);
        } catch {
          json = undefined;
        }
      }
      this.#notify(exchange, json);
      return { status: res.statusCode, headers: resHeaders, bodyBytes: bytes, bodyText: view.text, json, exchange };
    } catch (error) {
      const failure = classify(error);
      const exchange: Exchange = { service: this.service, operation, request: captured, failure, startedAt: startedAt.toISOString(), durationMs: performance.now() - t0 };
      this.#notify(exchange, undefined);
      throw new TransportError(failure.kind, `${method} ${url.origin} ${operation ?? ''}: ${failure.kind}: ${failure.message}`, exchange);
    }
  }

  #notify(exchange: Exchange, json: unknown): void {
    this.#onExchange?.(exchange);
    for (const listener of everyExchange) listener(exchange, json);
  }

  /** A well-formed signed call of an operation; `send` takes any name (unknown ones on purpose). */
  call(operation: Op, body: unknown = {}, extra: Omit<RawRequest, 'operation' | 'body'> = {}): Promise<Response> {
    return this.send({ ...extra, operation, body });
  }

  async close(): Promise<void> {
    // Closing the pool first matters: kinesis-mock takes ~30 s to stop while a keep-alive socket is open.
    await this.#agent.close();
  }
}
