import aws4 from 'aws4';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TransportError } from '../errors.ts';
import { KinesisClient } from './client.ts';
import type { Credentials } from './credentials.ts';
import { toCurl } from './curl.ts';
import type { Exchange } from './exchange.ts';

/** What the throwaway server saw of one request. */
interface Seen {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  socket: Socket;
}

type Handler = (req: IncomingMessage, res: ServerResponse, seen: Seen) => void;

/** A loopback HTTP server on a free port that records every request and counts connections. */
class RecordingServer {
  readonly seen: Seen[] = [];
  connections = 0;
  handler: Handler = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
    res.end('{}');
  };
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();

  constructor() {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const seen: Seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks), socket: req.socket };
        this.seen.push(seen);
        this.handler(req, res, seen);
      });
    });
    this.#server.on('connection', (socket: Socket) => {
      this.connections++;
      this.#sockets.add(socket);
      socket.on('close', () => this.#sockets.delete(socket));
    });
  }

  async start(): Promise<URL> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return new URL(`http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`);
  }

  reset(): void {
    this.seen.length = 0;
    this.connections = 0;
  }

  async stop(): Promise<void> {
    for (const s of this.#sockets) s.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  last(): Seen {
    const s = this.seen.at(-1);
    if (!s) throw new Error('the server saw no request');
    return s;
  }
}

const SECRET = 'unit-test-secret-key-0123456789abcdefXYZ';
const TOKEN = 'unit-test-session-token-FwoGZXIvYXdzEXAMPLE';
const CREDENTIALS: Credentials = { accessKeyId: 'AKIDUNITTEST', secretAccessKey: SECRET };
const REGION = 'eu-west-1';

function signedHeaderList(authorization: string | string[] | undefined): string[] {
  const m = /SignedHeaders=([^,\s]+)/.exec(String(authorization ?? ''));
  return m?.[1]?.split(';') ?? [];
}

function signatureOf(authorization: string | string[] | undefined): string {
  const m = /Signature=([0-9a-f]{64})/.exec(String(authorization ?? ''));
  if (!m?.[1]) throw new Error(`no signature in ${String(authorization)}`);
  return m[1];
}

/**
 * Recomputes the Authorization header of a request as it arrived, with the independent aws4
 * signer, over exactly the headers it names in SignedHeaders: what a verifying server does.
 */
function authorizationVerifiedBy(seen: Seen, credentials: Credentials, region: string, service = 'kinesis'): string {
  const authorization = String(seen.headers['authorization']);
  const headers: Record<string, string> = {};
  for (const name of signedHeaderList(authorization)) headers[name] = String(seen.headers[name]);
  const signer = new aws4.RequestSigner(
    { method: seen.method, host: String(seen.headers['host']), path: seen.url, headers, body: seen.body, region, service, doNotModifyHeaders: true },
    credentials,
  );
  signer.datetime = String(seen.headers['x-amz-date']);
  return signer.authHeader();
}

let server: RecordingServer;
let endpoint: URL;
const clients: KinesisClient[] = [];

function client(options: { credentials?: Credentials; timeoutMs?: number; onExchange?: (e: Exchange) => void; endpoint?: URL } = {}): KinesisClient {
  const c = new KinesisClient({
    endpoint: options.endpoint ?? endpoint,
    region: REGION,
    credentials: options.credentials ?? CREDENTIALS,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.onExchange ? { onExchange: options.onExchange } : {}),
  });
  clients.push(c);
  return c;
}

beforeAll(async () => {
  server = new RecordingServer();
  endpoint = await server.start();
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  server.reset();
  server.handler = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
    res.end('{}');
  };
});
afterAll(async () => {
  await server.stop();
});

describe('KinesisClient request shape', () => {
  it('sends POST / with the awsJson1_1 content type, the Kinesis target and a SigV4 Authorization', async () => {
    const res = await client().call('ListStreams', { Limit: 1 });
    expect(res.status).toBe(200);
    const seen = server.last();
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe('/');
    expect(seen.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(seen.headers['x-amz-target']).toBe('Kinesis_20131202.ListStreams');
    expect(seen.headers['host']).toBe(endpoint.host);
    expect(seen.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
    const date = String(seen.headers['x-amz-date']).slice(0, 8);
    expect(seen.headers['authorization']).toMatch(new RegExp(`^AWS4-HMAC-SHA256 Credential=AKIDUNITTEST/${date}/${REGION}/kinesis/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$`));
    expect(signedHeaderList(seen.headers['authorization'])).toEqual(expect.arrayContaining(['content-type', 'host', 'x-amz-date', 'x-amz-target']));
  });

  it('parses a JSON answer and keeps header names lower-case', async () => {
    server.handler = (_req, res) => {
      res.writeHead(400, { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amzn-RequestId': 'abc' });
      res.end('{"__type":"ValidationException","message":"m"}');
    };
    const res = await client().call('ListStreams');
    expect(res.status).toBe(400);
    expect(res.headers['x-amzn-requestid']).toBe('abc');
    expect(res.json).toEqual({ __type: 'ValidationException', message: 'm' });
  });
});

describe('KinesisClient signatures verify against what arrives', () => {
  it.each([
    ['POST with an object body', { operation: 'ListStreams', body: { Limit: 1 } }],
    ['POST with raw bytes', { operation: 'ListStreams', body: new Uint8Array([0xff, 0x00, 0x7b]) }],
    ['POST with a query string', { operation: 'ListStreams', body: {}, path: '/?b=2&a=1&a=0' }],
    ['POST with an extra signed header', { operation: 'ListStreams', body: {}, headers: { 'X-Kc-Extra': '  spaced   value ' } }],
    ['GET with no body given', { method: 'GET' }],
    ['GET with a body given (not sent)', { method: 'GET', body: { ignored: true } }],
    ['HEAD', { method: 'HEAD' }],
    ['DELETE with an empty body', { method: 'DELETE', body: '' }],
  ] as const)('%s', async (_what, req) => {
    const credentials = { ...CREDENTIALS, sessionToken: TOKEN };
    const res = await client({ credentials }).send(req);
    const seen = server.last();
    expect(seen.headers['authorization']).toBe(authorizationVerifiedBy(seen, credentials, REGION));
    // The captured exchange shows the body that was sent.
    expect(res.exchange.request.bodyEncoding === 'base64' ? Buffer.from(res.exchange.request.body, 'base64') : Buffer.from(res.exchange.request.body, 'utf8')).toEqual(seen.body);
  });

  it('a header edited after signing no longer verifies', async () => {
    await client().send({ operation: 'ListStreams', headers: { 'X-Kc-Probe': 'a' }, headersAfterSigning: { 'X-Kc-Probe': 'b' } });
    const seen = server.last();
    expect(seen.headers['authorization']).not.toBe(authorizationVerifiedBy(seen, CREDENTIALS, REGION));
  });
});

describe('KinesisClient bodies arrive byte-exact', () => {
  it('an object is sent as its JSON text', async () => {
    const body = { StreamName: 'ß-名前', Data: 'AAEC', N: 1.5, Nested: { List: [true, null] } };
    await client().call('PutRecord', body);
    expect(server.last().body.toString('utf8')).toBe(JSON.stringify(body));
  });

  it('no body is sent as {}', async () => {
    await client().send({ operation: 'ListStreams' });
    expect(server.last().body.toString('utf8')).toBe('{}');
  });

  it('a string is sent as its UTF-8 bytes, malformed JSON included', async () => {
    const text = '{"StreamName": "x", \t"trailing":  ☃ ';
    await client().send({ operation: 'ListStreams', body: text });
    expect(server.last().body.equals(Buffer.from(text, 'utf8'))).toBe(true);
  });

  it('bytes are sent as they are, invalid UTF-8 included, and captured as base64', async () => {
    const bytes = new Uint8Array([0xff, 0x00, 0xfe, 0x7b, 0x22, 0xc3]);
    const res = await client().send({ operation: 'ListStreams', body: bytes });
    expect(server.last().body.equals(Buffer.from(bytes))).toBe(true);
    expect(server.last().headers['content-length']).toBe(String(bytes.length));
    expect(res.exchange.request.bodyEncoding).toBe('base64');
    expect(Buffer.from(res.exchange.request.body, 'base64').equals(Buffer.from(bytes))).toBe(true);
  });

  it('an empty string is sent as an empty body', async () => {
    await client().send({ operation: 'ListStreams', body: '' });
    expect(server.last().body.length).toBe(0);
  });
});

describe('KinesisClient header edits', () => {
  it('edits before signing are sent and signed; names are case-insensitive', async () => {
    await client().send({
      operation: 'ListStreams',
      headers: { 'CONTENT-TYPE': 'application/x-amz-json-1.1; charset=utf-8', 'X-Amz-Target': 'Other_1.Thing', 'X-Kc-Extra': 'v1' },
    });
    const seen = server.last();
    expect(seen.headers['content-type']).toBe('application/x-amz-json-1.1; charset=utf-8');
    expect(seen.headers['x-amz-target']).toBe('Other_1.Thing');
    expect(seen.headers['x-kc-extra']).toBe('v1');
    expect(signedHeaderList(seen.headers['authorization'])).toEqual(expect.arrayContaining(['content-type', 'x-amz-target', 'x-kc-extra']));
  });

  it('removals before signing are neither sent nor signed', async () => {
    await client().send({ operation: 'ListStreams', headers: { 'content-type': null, 'x-amz-target': null } });
    const seen = server.last();
    expect(seen.headers['content-type']).toBeUndefined();
    expect(seen.headers['x-amz-target']).toBeUndefined();
    expect(signedHeaderList(seen.headers['authorization'])).not.toContain('content-type');
    expect(signedHeaderList(seen.headers['authorization'])).not.toContain('x-amz-target');
  });

  it('edits after signing are sent but not signed', async () => {
    await client().send({
      operation: 'ListStreams',
      headersAfterSigning: { 'X-Kc-Late': 'late', 'x-amz-target': 'Kinesis_20131202.DescribeStream', 'X-Amz-Date': '20000101T000000Z' },
    });
    const seen = server.last();
    expect(seen.headers['x-kc-late']).toBe('late');
    expect(seen.headers['x-amz-target']).toBe('Kinesis_20131202.DescribeStream');
    expect(seen.headers['x-amz-date']).toBe('20000101T000000Z');
    expect(signedHeaderList(seen.headers['authorization'])).not.toContain('x-kc-late');
    // The signature still covers the original date: the credential scope was computed before the edit.
    expect(String(seen.headers['authorization'])).not.toContain('/20000101/');
  });

  it('removals after signing drop the header', async () => {
    await client().send({ operation: 'ListStreams', headersAfterSigning: { Authorization: null, 'x-amz-date': null } });
    const seen = server.last();
    expect(seen.headers['authorization']).toBeUndefined();
    expect(seen.headers['x-amz-date']).toBeUndefined();
    expect(seen.headers['x-amz-target']).toBe('Kinesis_20131202.ListStreams');
  });

  it('sign: false sends no Authorization and no X-Amz-Date', async () => {
    const res = await client().send({ operation: 'ListStreams', sign: false });
    const seen = server.last();
    expect(seen.headers['authorization']).toBeUndefined();
    expect(seen.headers['x-amz-date']).toBeUndefined();
    expect(seen.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(res.exchange.request.signed).toBe(false);
  });

  it('signOptions.signingDate sets the signed date', async () => {
    await client().send({ operation: 'ListStreams', signOptions: { signingDate: new Date('2020-02-29T23:59:58Z') } });
    const seen = server.last();
    expect(seen.headers['x-amz-date']).toBe('20200229T235958Z');
    expect(String(seen.headers['authorization'])).toContain(`/20200229/${REGION}/kinesis/aws4_request`);
  });

  it('method and path are sent as given', async () => {
    await client().send({ method: 'PUT', path: '/some/path?X-Amz-Algorithm=' });
    const seen = server.last();
    expect(seen.method).toBe('PUT');
    expect(seen.url).toBe('/some/path?X-Amz-Algorithm=');
    expect(seen.headers['x-amz-target']).toBeUndefined();
  });

  it('a session token is sent as X-Amz-Security-Token and signed', async () => {
    await client({ credentials: { ...CREDENTIALS, sessionToken: TOKEN } }).call('ListStreams');
    const seen = server.last();
    expect(seen.headers['x-amz-security-token']).toBe(TOKEN);
    expect(signedHeaderList(seen.headers['authorization'])).toContain('x-amz-security-token');
  });
});

describe('KinesisClient captured exchanges carry no secret', () => {
  it('signature, secret key and session token are redacted from the exchange and the curl line', async () => {
    // The server echoes what it received, as AWS echoes "Authorization=..." in IncompleteSignatureException.
    server.handler = (req, res) => {
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-echo-token': String(req.headers['x-amz-security-token']) });
      res.end(JSON.stringify({ __type: 'IncompleteSignatureException', message: `Authorization=${String(req.headers['authorization'])} token ${String(req.headers['x-amz-security-token'])}` }));
    };
    const captured: Exchange[] = [];
    const c = client({ credentials: { ...CREDENTIALS, sessionToken: TOKEN }, onExchange: (e) => captured.push(e) });
    const res = await c.send({ operation: 'ListStreams', body: { echo: SECRET }, path: `/?X-Amz-Signature=abc&X-Amz-Security-Token=${TOKEN}` });
    const signature = signatureOf(server.last().headers['authorization']);
    expect(captured).toHaveLength(1);
    for (const exchange of [res.exchange, captured[0]]) {
      const json = JSON.stringify(exchange);
      const curl = toCurl(exchange!.request);
      for (const [what, secret] of [
        ['secret key', SECRET],
        ['session token', TOKEN],
        ['signature', signature],
      ] as const) {
        expect(json.includes(secret), `${what} in the exchange JSON`).toBe(false);
        expect(curl.includes(secret), `${what} in the curl line`).toBe(false);
      }
      expect(json).toContain('<redacted>');
    }
    // The response itself, for the case's own assertions, is untouched.
    expect(res.bodyText).toContain(signature);
  });

  it('an unsigned exchange carries no secret either', async () => {
    const res = await client({ credentials: { ...CREDENTIALS, sessionToken: TOKEN } }).send({ operation: 'ListStreams', sign: false, headers: { 'X-Amz-Security-Token': TOKEN } });
    expect(server.last().headers['x-amz-security-token']).toBe(TOKEN);
    const json = JSON.stringify(res.exchange);
    expect(json.includes(TOKEN)).toBe(false);
    expect(toCurl(res.exchange.request).includes(TOKEN)).toBe(false);
  });
});

describe('KinesisClient transport failures', () => {
  it('a closed port gives TransportError kind connect', async () => {
    const probe = new RecordingServer();
    const closedEndpoint = await probe.start();
    await probe.stop();
    const error = await client({ endpoint: closedEndpoint }).call('ListStreams').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).name).toBe('TransportError');
    expect((error as TransportError).kind).toBe('connect');
    expect((error as TransportError).exchange.failure?.kind).toBe('connect');
    expect((error as TransportError).exchange.response).toBeUndefined();
  });

  it('a server that never answers gives kind timeout within the configured timeout', async () => {
    server.handler = () => {
      /* never answers */
    };
    const timeoutMs = 300;
    const started = performance.now();
    const error = await client({ timeoutMs }).call('ListStreams').catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).name).toBe('RequestTimeoutError');
    expect((error as TransportError).kind).toBe('timeout');
    expect(server.seen).toHaveLength(1);
    // Bounded by the configured timeout, not by any default (10 s) or the test timeout.
    expect(elapsed).toBeGreaterThanOrEqual(timeoutMs - 50);
    expect(elapsed).toBeLessThan(5_000);
  });

  it('a per-request timeout overrides the client default', async () => {
    server.handler = () => {
      /* never answers */
    };
    const error = await client({ timeoutMs: 60_000 }).send({ operation: 'ListStreams', timeoutMs: 200 }).catch((e: unknown) => e);
    expect((error as TransportError).kind).toBe('timeout');
  });
});

describe('KinesisClient keep-alive', () => {
  it('sequential requests reuse their sockets instead of connecting per request', async () => {
    const c = client();
    const n = 10;
    for (let i = 0; i < n; i++) expect((await c.call('ListStreams')).status).toBe(200);
    expect(server.seen).toHaveLength(n);
    // undici 7 marks a connection idle one tick after the answer's body has been read, so a caller
    // that sends again at once gets a second connection, and the two then alternate. One socket is
    // reached when the caller yields a tick (measured); what matters here is that no request after
    // the second opens a connection.
    expect(server.connections).toBeLessThanOrEqual(2);
    expect(new Set(server.seen.map((s) => s.socket)).size).toBe(server.connections);
  });

  it('a request sent after the previous one settled reuses the same socket', async () => {
    const c = client();
    for (let i = 0; i < 5; i++) {
      expect((await c.call('ListStreams')).status).toBe(200);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(server.connections).toBe(1);
    expect(new Set(server.seen.map((s) => s.socket)).size).toBe(1);
  });
});
