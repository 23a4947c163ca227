/**
 * The self-check's proxy for SubscribeToShard (the JSON proxy, proxy.ts, speaks HTTP/1.1 only). It
 * serves h2c on 127.0.0.1 (the harness subscribes with prior knowledge to an http:// endpoint),
 * forwards each request to the target's HTTP/2 endpoint (TLS trusting exactly the pinned
 * certificate, as harness/transport/subscribe.ts does), and passes status and headers through.
 * Under a fault that applies, a successful event stream is re-framed as it streams: upstream bytes
 * are cut into messages by their 4-byte total-length prelude, decoded (@smithy/eventstream-codec
 * checks both CRCs), handed one at a time to the fault, and what it returns is encoded and sent.
 * Anything else (no fault, an HTTP error answer, bytes the codec cannot decode) goes byte for byte.
 */
import { connect, constants, createServer, type ClientHttp2Session, type ClientHttp2Stream, type Http2Server, type Http2Session, type IncomingHttpHeaders, type ServerHttp2Stream } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { EventStreamCodec, type Message } from '@smithy/eventstream-codec';
import { EVENT_STREAM_CONTENT_TYPE, tlsOptions } from '../transport/subscribe.ts';
import { operationOf, type ProxyRequest } from './proxy.ts';

/** What a fault remembers about one subscription (fresh for each). */
export interface SubscriptionMemory {
  notes: Map<string, unknown>;
}

/** What goes downstream in place of one upstream message. */
export interface Relay {
  /** Messages (the upstream one itself: forwarded as it came) or raw framed bytes, possibly broken. */
  send: ReadonlyArray<Message | Uint8Array>;
  /** Held back this long first (a change of timing, counted as an alteration). */
  holdMs?: number;
  /** The stream ends after these: nothing more of upstream is sent. */
  end?: boolean;
}

/** The event-stream hook of a fault: one upstream message in, what the client gets instead out. */
export interface EventStreamHooks {
  message: (message: Message, memory: SubscriptionMemory) => Relay;
}

export interface ActiveEventStreamFault extends EventStreamHooks {
  id: string;
  /** Subscriptions the fault touches (the request as the JSON proxy sees one). */
  applies: (req: ProxyRequest) => boolean;
}

export interface EventStreamProxy {
  /** `http://127.0.0.1:<port>/` (h2c). */
  readonly url: string;
  /** Activates one fault (null: pass everything through); resets the counts. */
  setFault(fault: ActiveEventStreamFault | null): void;
  /** Subscriptions the active fault applied to since it was set. */
  readonly applied: number;
  /** Subscriptions whose event stream it changed (bytes, timing or end). */
  readonly altered: number;
  stop(): Promise<void>;
}

export const eventStreamCodec = new EventStreamCodec(
  (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'),
  (text) => new TextEncoder().encode(text),
);

// Pseudo-headers are set per hop; the others are not allowed in HTTP/2 or recomputed.
const NOT_FORWARDED = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade', 'te', 'trailer', 'host']);
const PRELUDE_BYTES = 12;
const MINIMUM_MESSAGE_BYTES = 16;

function plainHeaders(headers: IncomingHttpHeaders, dropLength: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(':') || value === undefined || NOT_FORWARDED.has(name) || (dropLength && name === 'content-length')) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}

function proxyRequestOf(headers: IncomingHttpHeaders, body: Buffer): ProxyRequest {
  const plain = plainHeaders(headers, false);
  return { method: String(headers[':method'] ?? 'POST'), path: String(headers[':path'] ?? '/'), headers: plain, body, operation: operationOf(plain), protocol: 'json' };
}

const open = (s: ServerHttp2Stream | ClientHttp2Stream) => !s.destroyed && !s.closed;

function waitForAnswer(up: ClientHttp2Stream): Promise<IncomingHttpHeaders> {
  return new Promise((resolve, reject) => {
    up.once('response', resolve);
    up.once('error', reject);
    up.once('close', () => reject(new Error(`upstream closed the stream before answering (code ${up.rstCode})`)));
  });
}

/** Starts the proxy in front of the target's HTTP/2 endpoint (`upstream`: https with the pinned certificate, or http: h2c). */
export async function startEventStreamProxy(options: { upstream: string | URL; trustedCertificate?: string | undefined }): Promise<EventStreamProxy> {
  const upstream = new URL(options.upstream);
  let fault: ActiveEventStreamFault | null = null;
  let applied = 0;
  let altered = 0;
  let generation = 0;
  const sessions = new Set<Http2Session>();
  const track = <S extends Http2Session>(s: S): S => {
    sessions.add(s);
    s.on('close', () => sessions.delete(s));
    s.on('error', () => undefined);
    return s;
  };

  async function relay(down: ServerHttp2Stream, headers: IncomingHttpHeaders, body: Buffer): Promise<void> {
    const req = proxyRequestOf(headers, body);
    const active = fault;
    const counted = generation;
    const touched = active !== null && active.applies(req);
    if (touched) applied++;
    let changed = false;
    const markAltered = () => {
      // Counts belong to the activation they happened under.
      if (changed || counted !== generation) return;
      changed = true;
      altered++;
    };
    // One session per subscription, as the harness's own client does: nothing shared between them.
    const session: ClientHttp2Session = track(connect(upstream.origin, tlsOptions(upstream, options.trustedCertificate)));
    const authority = String(headers[':authority'] ?? upstream.host);
    // The :authority the client signed is kept, so a target that checks signatures still can.
    const up = session.request({ ':method': req.method, ':path': req.path, ':authority': authority, ...plainHeaders(headers, false) }, { endStream: false });
    up.on('error', () => undefined);
    up.end(body);
    down.on('close', () => {
      if (open(up)) up.close(constants.NGHTTP2_CANCEL);
      session.close();
    });
    let answer: IncomingHttpHeaders;
    try {
      answer = await waitForAnswer(up);
    } catch {
      // No answer upstream: none downstream either (the client reports it as a transport failure).
      if (open(down)) down.close(constants.NGHTTP2_REFUSED_STREAM);
      session.close();
      return;
    }
    if (!open(down)) return;
    const status = Number(answer[':status'] ?? 0);
    const eventStream = status === 200 && String(answer['content-type'] ?? '').startsWith(EVENT_STREAM_CONTENT_TYPE);
    const reframe = touched && eventStream ? active : null;
    down.respond({ ':status': status, ...plainHeaders(answer, reframe !== null) });

    const memory: SubscriptionMemory = { notes: new Map() };
    let pending: Buffer = Buffer.alloc(0);
    let raw = reframe === null;
    let ended = false;
    let queue = Promise.resolve();
    const write = (bytes: Uint8Array) => {
      if (bytes.byteLength > 0 && open(down)) down.write(bytes);
    };
    const take = async (chunk: Buffer): Promise<void> => {
      if (ended) return;
      if (raw) return write(chunk);
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (!ended && pending.length >= PRELUDE_BYTES) {
        const total = pending.readUInt32BE(0);
        if (total < MINIMUM_MESSAGE_BYTES) break;
        if (pending.length < total) return;
        const frame = pending.subarray(0, total);
        let message: Message;
        try {
          message = eventStreamCodec.decode(frame);
        } catch {
          break;
        }
        pending = pending.subarray(total);
        const out = reframe!.message(message, memory);
        if (out.send.length === 1 && out.send[0] === message && !out.holdMs && !out.end) {
          write(frame);
          continue;
        }
        const bytes = Buffer.concat(out.send.map((m) => (m instanceof Uint8Array ? m : eventStreamCodec.encode(m))));
        if (!bytes.equals(frame) || out.holdMs || out.end) markAltered();
        if (out.holdMs) await new Promise((resolve) => setTimeout(resolve, out.holdMs).unref());
        write(bytes);
        if (out.end) {
          ended = true;
          if (open(up)) up.close(constants.NGHTTP2_CANCEL);
          if (open(down)) down.end();
          return;
        }
      }
      if (!ended && pending.length >= PRELUDE_BYTES) {
        // What the codec cannot read (the target's own broken frame) goes on as it came, and so does the rest.
        raw = true;
        write(pending);
        pending = Buffer.alloc(0);
      }
    };
    const enqueue = (step: () => void | Promise<void>) => {
      queue = queue.then(step).catch(() => {
        if (open(down)) down.close(constants.NGHTTP2_INTERNAL_ERROR);
      });
    };
    up.on('data', (chunk: Buffer) => enqueue(() => take(chunk)));
    up.on('close', () =>
      enqueue(() => {
        session.close();
        if (ended || !open(down)) return;
        write(pending);
        const code = up.rstCode ?? constants.NGHTTP2_NO_ERROR;
        if (code === constants.NGHTTP2_NO_ERROR) down.end();
        else down.close(code);
      }),
    );
  }

  const server: Http2Server = createServer();
  server.on('session', (s) => track(s));
  server.on('stream', (down, headers) => {
    down.on('error', () => undefined);
    const chunks: Buffer[] = [];
    down.on('data', (c: Buffer) => chunks.push(c));
    down.on('end', () => {
      relay(down, headers, Buffer.concat(chunks)).catch(() => {
        if (open(down)) down.close(constants.NGHTTP2_INTERNAL_ERROR);
      });
    });
  });
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
      generation++;
      applied = 0;
      altered = 0;
    },
    async stop() {
      for (const s of sessions) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
