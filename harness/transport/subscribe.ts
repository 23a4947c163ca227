/**
 * SubscribeToShard: the one Kinesis operation that is not a JSON request/answer. The request is a
 * SigV4-signed AWS JSON 1.1 POST sent over HTTP/2 (TLS with ALPN h2 for https endpoints, h2c with
 * prior knowledge for http ones); a successful answer is an `application/vnd.amazon.eventstream`
 * body: an `initial-response` event, then `SubscribeToShardEvent` events, or an exception message.
 * The framing (prelude, headers, both CRC32 checks) is decoded by @smithy's event-stream codec.
 *
 * Reading is bounded by what the caller waits for (records, events, the shard's end) and by time;
 * the subscription is then closed. A malformed stream (bad checksum, truncated or impossible
 * frame) ends the reading with a typed `EventStreamFrameError` and keeps every message that
 * arrived before it: it is the target's answer, not a crash. No HTTP answer at all (refused,
 * TLS, protocol, time) is a TransportError, as for JSON requests.
 *
 * The trust is explicit: with `trustedCertificate` the server must present exactly that
 * certificate (an emulator's self-signed one); without it the system's CAs and the host name
 * are checked as usual. Nothing is disabled globally.
 */
import { X509Certificate } from 'node:crypto';
import { connect, constants, type ClientHttp2Session, type ClientHttp2Stream, type IncomingHttpHeaders, type SecureClientSessionOptions } from 'node:http2';
import type { PeerCertificate } from 'node:tls';
import { getChunkedStream } from '@smithy/core/event-streams';
import { EventStreamCodec, type Message, type MessageHeaderValue } from '@smithy/eventstream-codec';
import { TransportError } from '../errors.ts';
import { JSON_CONTENT_TYPE, KINESIS_TARGET_PREFIX } from './client.ts';
import { secretsOf, type Credentials } from './credentials.ts';
import { CAPTURED_BODY_LIMIT, type CapturedRequest, type Exchange, type TransportFailureKind } from './exchange.ts';
import { Redactor } from './redact.ts';
import { signRequest } from './sign.ts';

export const EVENT_STREAM_CONTENT_TYPE = 'application/vnd.amazon.eventstream';

/** When to stop reading a subscription (besides the time bound and the server ending it). */
export type SubscribeUntil =
  | { records: number }
  | { events: number }
  /** The first SubscribeToShardEvent. */
  | 'first-event'
  /** The shard's end: an event carrying ChildShards, or the server ending the stream. */
  | 'end';

export interface SubscribeRequest {
  /** Where the HTTP/2 request goes (https: TLS + ALPN h2; http: h2c). */
  endpoint: URL;
  region: string;
  credentials: Credentials;
  /** PEM of the one certificate to trust (pinned); absent: the system's CAs and host-name check. */
  trustedCertificate?: string | undefined;
  /** The SubscribeToShard input: ConsumerARN, ShardId, StartingPosition. */
  body: Record<string, unknown>;
  until: SubscribeUntil;
  /** Bound on reading the event stream once the answer arrived, ms. */
  maxMs: number;
  /** Bound on connecting and on the answer's headers, ms (the request timeout). */
  answerTimeoutMs: number;
  /** Bound on what is read, bytes (a runaway stream is cut there). Default 32 MiB. */
  maxBytes?: number;
  /** Called once the answer's headers arrived, before its body is read. */
  onAnswer?: (status: number) => void;
}

export type HeaderValue = string | number | boolean;

/** One event-stream message as it arrived. */
export interface StreamMessage {
  /** `:message-type`: event, exception or error. */
  messageType: string;
  /** `:event-type`, `:exception-type` or `:error-code`. */
  type: string;
  headers: Record<string, HeaderValue>;
  /** The payload parsed as JSON; undefined when it is not JSON. */
  payload: unknown;
  payloadText: string;
  /** Milliseconds after the request was sent. */
  atMs: number;
}

export type FrameErrorKind = 'checksum' | 'truncated' | 'malformed';

/** The event stream itself was broken: what the target sent cannot be decoded from this point on. */
export class EventStreamFrameError extends Error {
  override readonly name = 'EventStreamFrameError';
  constructor(
    readonly kind: FrameErrorKind,
    message: string,
    /** Messages decoded before the broken one. */
    readonly afterMessages: number,
    /** Bytes of the body received in all. */
    readonly bytes: number,
  ) {
    super(message);
  }
}

/** Why reading stopped. */
export type SubscriptionEnd =
  /** What the caller waited for arrived. */
  | 'until'
  /** The time bound ran out first. */
  | 'time'
  /** The server ended the stream. */
  | 'server'
  /** An exception (or error) message arrived: the subscription is over. */
  | 'exception'
  /** The stream could not be decoded (frameError says how). */
  | 'frame-error'
  /** The server reset the HTTP/2 stream or the connection. */
  | 'reset'
  /** The byte bound ran out. */
  | 'bytes';

export interface Subscription {
  status: number;
  headers: Record<string, string>;
  /** The body of an answer that is not an event stream (an HTTP error), as text and parsed. */
  bodyText: string;
  json: unknown;
  messages: StreamMessage[];
  ended: SubscriptionEnd;
  /** Set when ended is 'frame-error'. */
  frameError?: EventStreamFrameError;
  /** Set when ended is 'reset'. */
  resetReason?: string;
  bytes: number;
  durationMs: number;
  /** The exchange as reports show it: redacted, the event stream rendered one message per line. */
  exchange: Exchange;
}

const toUtf8 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
const fromUtf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

function headerValue(h: MessageHeaderValue): HeaderValue {
  switch (h.type) {
    case 'binary':
      return Buffer.from(h.value).toString('base64');
    case 'timestamp':
      return h.value.toISOString();
    case 'long':
      return h.value.toString();
    default:
      return h.value;
  }
}

function parsePayload(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A decoded event-stream message in the harness's terms. */
export function toStreamMessage(m: Message, atMs: number): StreamMessage {
  const headers: Record<string, HeaderValue> = {};
  for (const [name, value] of Object.entries(m.headers)) headers[name] = headerValue(value);
  const messageType = String(headers[':message-type'] ?? '');
  const type = String(headers[':event-type'] ?? headers[':exception-type'] ?? headers[':error-code'] ?? '');
  const payloadText = toUtf8(m.body);
  return { messageType, type, headers, payload: parsePayload(payloadText), payloadText, atMs };
}

function frameErrorKind(message: string): FrameErrorKind {
  if (/checksum|crc/i.test(message)) return 'checksum';
  if (/truncated/i.test(message)) return 'truncated';
  return 'malformed';
}

function recordsIn(m: StreamMessage): number {
  const records = (m.payload as { Records?: unknown } | undefined)?.Records;
  return Array.isArray(records) ? records.length : 0;
}

function hasChildShards(m: StreamMessage): boolean {
  const children = (m.payload as { ChildShards?: unknown } | undefined)?.ChildShards;
  return Array.isArray(children) && children.length > 0;
}

/** Whether what the caller waits for has arrived (SubscribeToShardEvent messages only count). */
export function untilReached(until: SubscribeUntil, messages: readonly StreamMessage[]): boolean {
  const events = messages.filter((m) => m.messageType === 'event' && m.type === 'SubscribeToShardEvent');
  if (until === 'first-event') return events.length >= 1;
  if (until === 'end') return events.some(hasChildShards);
  if ('events' in until) return events.length >= until.events;
  return events.reduce((n, m) => n + recordsIn(m), 0) >= until.records;
}

function classify(error: unknown): { kind: TransportFailureKind; message: string } {
  const err = error as { code?: string; message?: string; name?: string; cause?: { code?: string } };
  // A refused connection surfaces as the pending stream's cancellation, caused by the socket error.
  const code = [err.code, err.cause?.code].filter(Boolean).join(' ');
  const message = `${err.code ?? ''} ${err.message ?? String(error)}`.trim();
  if (err.name === 'TimeoutError' || /TIMEOUT/i.test(code)) return { kind: 'timeout', message };
  if (/ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|EPIPE/.test(`${code} ${message}`)) return { kind: 'connect', message };
  return { kind: 'protocol', message };
}

function h2Headers(signed: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = { ':method': 'POST', ':path': '/' };
  for (const [name, value] of Object.entries(signed)) {
    const lower = name.toLowerCase();
    // HTTP/2 carries the host as :authority; connection-specific headers are not allowed.
    if (lower === 'host') out[':authority'] = value;
    else if (lower !== 'connection' && lower !== 'content-length') out[lower] = value;
  }
  return out;
}

/** How an HTTP/2 session to `endpoint` trusts its server (also the self-check's event-stream proxy, towards the target). */
export function tlsOptions(endpoint: URL, pem: string | undefined): SecureClientSessionOptions {
  if (endpoint.protocol !== 'https:' || pem === undefined) return {};
  const pinned = new X509Certificate(pem).fingerprint256;
  return {
    // Only this certificate is a trust anchor, and the server must present exactly it (an emulator's
    // self-signed certificate names no host, so the name check is replaced by the pin).
    ca: pem,
    checkServerIdentity: (_host: string, cert: PeerCertificate) =>
      cert.fingerprint256 === pinned ? undefined : new Error(`the server's certificate (${cert.fingerprint256}) is not the one trusted for ${endpoint.host}`),
  };
}

/** The captured response body of an event stream: one line per message, then how it ended. */
function renderMessages(messages: readonly StreamMessage[], end: string): string {
  const lines = messages.map((m) => `[+${Math.round(m.atMs)} ms] ${m.messageType} ${m.type} ${m.payloadText}`);
  lines.push(`(${end})`);
  const text = lines.join('\n');
  return text.length <= CAPTURED_BODY_LIMIT ? text : `${text.slice(0, CAPTURED_BODY_LIMIT)}…`;
}

/** Chunks of a stream's body, ending when the server ends it, resets it, or `stop()` is called. */
class BodyChunks implements AsyncIterable<Uint8Array> {
  readonly #queue: Uint8Array[] = [];
  #end: 'server' | 'reset' | 'stopped' | undefined;
  #reason: string | undefined;
  #wake: (() => void) | undefined;
  bytes = 0;

  constructor(stream: ClientHttp2Stream, session: ClientHttp2Session) {
    stream.on('data', (chunk: Buffer) => {
      this.bytes += chunk.byteLength;
      this.#queue.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      this.#poke();
    });
    // The end is known at 'close': a stream the server resets may still see 'end' first.
    stream.on('close', () => {
      const code = stream.rstCode ?? constants.NGHTTP2_NO_ERROR;
      this.#finish(code === constants.NGHTTP2_NO_ERROR ? 'server' : 'reset', `stream reset with HTTP/2 error code ${code}`);
    });
    stream.on('aborted', () => this.#finish('reset', 'stream aborted'));
    stream.on('error', (e: Error) => this.#finish('reset', e.message));
    session.on('error', (e: Error) => this.#finish('reset', e.message));
  }

  get end(): 'server' | 'reset' | 'stopped' | undefined {
    return this.#end;
  }

  get reason(): string | undefined {
    return this.#reason;
  }

  stop(): void {
    this.#finish('stopped');
  }

  #finish(how: 'server' | 'reset' | 'stopped', reason?: string): void {
    if (this.#end) return;
    this.#end = how;
    this.#reason = reason;
    this.#poke();
  }

  #poke(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    for (;;) {
      const next = this.#queue.shift();
      if (next) {
        yield next;
        continue;
      }
      if (this.#end) return;
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }
}

function waitForAnswer(stream: ClientHttp2Stream, session: ClientHttp2Session, ms: number): Promise<IncomingHttpHeaders> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(Object.assign(new Error(`no answer within ${ms} ms`), { name: 'TimeoutError' })), ms);
    const done = (f: () => void) => {
      clearTimeout(timer);
      f();
    };
    stream.once('response', (headers) => done(() => resolve(headers)));
    stream.once('error', (e) => done(() => reject(e)));
    session.once('error', (e) => done(() => reject(e)));
    stream.once('close', () => done(() => reject(Object.assign(new Error(`stream closed before an answer (code ${stream.rstCode})`), { code: 'ERR_HTTP2_STREAM_CLOSED' }))));
  });
}

/**
 * Sends SubscribeToShard and reads its answer until `until`, the time bound (`maxMs` after the
 * answer arrived), or the end of the stream; the subscription is closed before this returns.
 */
export async function subscribeToShard(req: SubscribeRequest): Promise<Subscription> {
  const redactor = new Redactor(secretsOf(req.credentials));
  const url = new URL('/', req.endpoint);
  const body = new TextEncoder().encode(JSON.stringify(req.body));
  const signed = await signRequest(
    { method: 'POST', url, headers: { 'content-type': JSON_CONTENT_TYPE, 'x-amz-target': `${KINESIS_TARGET_PREFIX}.SubscribeToShard` }, body },
    { region: req.region, service: 'kinesis' },
    req.credentials,
  );
  const captured: CapturedRequest = {
    method: 'POST',
    url: redactor.text(url.toString()),
    headers: redactor.headers(signed),
    body: redactor.text(toUtf8(body)),
    bodyEncoding: 'utf8',
    signed: true,
    signingScope: { region: req.region, service: 'kinesis' },
  };
  const startedAt = new Date();
  const t0 = performance.now();
  const exchangeOf = (rest: Pick<Exchange, 'response' | 'failure'>): Exchange => ({
    service: 'kinesis',
    operation: 'SubscribeToShard',
    request: captured,
    ...rest,
    startedAt: startedAt.toISOString(),
    durationMs: performance.now() - t0,
  });

  let session: ClientHttp2Session | undefined;
  let stream: ClientHttp2Stream | undefined;
  let answer: IncomingHttpHeaders;
  try {
    session = connect(url.origin, tlsOptions(url, req.trustedCertificate));
    // Errors are observed by whoever waits; an unobserved one must not crash the process.
    session.on('error', () => undefined);
    stream = session.request(h2Headers(signed), { endStream: false });
    stream.on('error', () => undefined);
    stream.end(body);
    answer = await waitForAnswer(stream, session, req.answerTimeoutMs);
  } catch (error) {
    stream?.close(constants.NGHTTP2_CANCEL);
    session?.destroy();
    const failure = classify(error);
    throw new TransportError(failure.kind, `POST ${url.origin} SubscribeToShard (HTTP/2): ${failure.kind}: ${failure.message}`, exchangeOf({ failure }));
  }

  const status = Number(answer[':status'] ?? 0);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(answer)) if (!name.startsWith(':') && value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
  req.onAnswer?.(status);

  const chunks = new BodyChunks(stream, session);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    chunks.stop();
  }, req.maxMs);
  const maxBytes = req.maxBytes ?? 32 * 1024 * 1024;
  const messages: StreamMessage[] = [];
  let ended: SubscriptionEnd | undefined;
  let frameError: EventStreamFrameError | undefined;
  let bodyText = '';
  try {
    if (status === 200 && (headers['content-type'] ?? '').startsWith(EVENT_STREAM_CONTENT_TYPE)) {
      const codec = new EventStreamCodec(toUtf8, fromUtf8);
      try {
        for await (const frame of getChunkedStream(chunks)) {
          const message = toStreamMessage(codec.decode(frame), performance.now() - t0);
          messages.push(message);
          if (message.messageType !== 'event') {
            ended = 'exception';
            break;
          }
          if (untilReached(req.until, messages)) {
            ended = 'until';
            break;
          }
          if (chunks.bytes > maxBytes) {
            ended = 'bytes';
            break;
          }
        }
      } catch (error) {
        const text = (error as Error).message;
        // A partial frame left when reading stopped on time, or when the stream was reset, is not a
        // malformed frame: the end is reported as what it was.
        const cut = /truncated/i.test(text) && (chunks.end === 'stopped' || chunks.end === 'reset');
        if (!cut) {
          frameError = new EventStreamFrameError(frameErrorKind(text), text, messages.length, chunks.bytes);
          ended = 'frame-error';
        }
      }
    } else {
      const parts: Uint8Array[] = [];
      for await (const chunk of chunks) {
        parts.push(chunk);
        if (chunks.bytes > maxBytes) break;
      }
      bodyText = Buffer.concat(parts).toString('utf8');
    }
  } finally {
    clearTimeout(timer);
    if (!stream.closed) stream.close(constants.NGHTTP2_CANCEL);
    session.close();
    // A session a server keeps open must not hold the process; it is gone a moment later anyway.
    setTimeout(() => session?.destroy(), 1_000).unref();
  }
  ended ??= timedOut ? 'time' : chunks.end === 'reset' ? 'reset' : chunks.end === 'stopped' ? 'time' : 'server';
  const resetReason = ended === 'reset' ? (chunks.reason ?? 'reset') : undefined;
  const eventStream = messages.length > 0 || (headers['content-type'] ?? '').startsWith(EVENT_STREAM_CONTENT_TYPE);
  const endText = frameError ? `event stream broken: ${frameError.kind}: ${frameError.message}` : `ended: ${ended}${resetReason ? ` (${resetReason})` : ''}`;
  const shown = eventStream ? renderMessages(messages, endText) : bodyText;
  const exchange = exchangeOf({
    response: {
      status,
      headers: redactor.headers(headers),
      body: redactor.text(shown.length <= CAPTURED_BODY_LIMIT ? shown : shown.slice(0, CAPTURED_BODY_LIMIT)),
      bodyEncoding: 'utf8',
      ...(shown.length > CAPTURED_BODY_LIMIT || eventStream ? { bodyBytes: chunks.bytes } : {}),
    },
  });
  return {
    status,
    headers,
    bodyText,
    json: parsePayload(bodyText),
    messages,
    ended,
    ...(frameError ? { frameError } : {}),
    ...(resetReason ? { resetReason } : {}),
    bytes: chunks.bytes,
    durationMs: performance.now() - t0,
    exchange,
  };
}
