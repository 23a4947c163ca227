import { isDeepStrictEqual } from 'node:util';
import { describeResponse } from '../checks/aws-error.ts';
import { fail } from '../checks/expect.ts';
import type { Response } from '../transport/client.ts';
import { CBOR_CONTENT_TYPE, showCbor, tryDecodeCbor } from './cbor.ts';

export const JSON_1_1 = 'application/x-amz-json-1.1';

/** x-amzn-RequestId as AWS sends it (kinesalite's production-run tests: a lower-case UUID). */
export const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function show(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v instanceof Uint8Array ? `<${v.length} bytes>` : v));
}

export function expectStatus(res: Response, status: number): void {
  if (res.status !== status) fail(`expected HTTP ${status}, got ${describeResponse(res)}`, res.status, status);
}

/** The Content-Type header, exactly (absent when expected is null). */
export function expectContentType(res: Response, expected: string | null): void {
  const actual = res.headers['content-type'] ?? null;
  if (actual !== expected) fail(`expected Content-Type ${expected ?? '(none)'}, got ${actual ?? '(none)'}; ${describeResponse(res)}`, actual, expected);
}

/** Status, JSON content type and a body equal, as JSON, to `body` (no other member). */
export function expectJsonAnswer(res: Response, status: number, body: unknown): void {
  expectStatus(res, status);
  expectContentType(res, JSON_1_1);
  if (res.json === undefined || !isDeepStrictEqual(res.json, body)) fail(`expected body ${show(body)}, got ${describeResponse(res)}`, res.bodyText, show(body));
}

/** The body decoded as CBOR (fails when the answer is not CBOR). */
export function cborBodyOf(res: Response): unknown {
  const decoded = tryDecodeCbor(res.bodyBytes);
  if (decoded === undefined) fail(`expected a CBOR body, got ${describeResponse(res)}`);
  return decoded;
}

/** Status, CBOR content type and a body that decodes to exactly `body`. */
export function expectCborAnswer(res: Response, status: number, body: unknown): void {
  expectStatus(res, status);
  expectContentType(res, CBOR_CONTENT_TYPE);
  const decoded = cborBodyOf(res);
  if (!isDeepStrictEqual(decoded, body)) fail(`expected CBOR body ${showCbor(body)}, got ${showCbor(decoded)}`, showCbor(decoded), showCbor(body));
}

/** An XML error page as AWS's front end writes it: exact bytes, and no Content-Type header. */
export function expectXmlAnswer(res: Response, status: number, type: string, message: string | null): void {
  expectStatus(res, status);
  const body = message === null ? `<${type}/>\n` : `<${type}>\n  <Message>${message}</Message>\n</${type}>\n`;
  if (res.bodyText !== body) fail(`expected XML body ${JSON.stringify(body)}, got ${describeResponse(res)}`, res.bodyText, body);
  expectContentType(res, null);
}

export function expectRequestId(res: Response): void {
  const id = res.headers['x-amzn-requestid'];
  if (id === undefined || !REQUEST_ID.test(id)) fail(`expected an x-amzn-RequestId UUID, got ${id === undefined ? 'no header' : JSON.stringify(id)}`, id, String(REQUEST_ID));
}

export function expectContentLengthMatches(res: Response): void {
  const declared = res.headers['content-length'];
  if (declared !== String(res.bodyBytes.length))
    fail(`expected Content-Length ${res.bodyBytes.length} (the body's length), got ${declared === undefined ? 'no header' : declared}`, declared, String(res.bodyBytes.length));
}
