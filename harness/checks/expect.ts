import { AssertionError } from '../errors.ts';
import type { Response } from '../transport/client.ts';
import { describeResponse, errorBodyOf } from './aws-error.ts';

/**
 * A broken expectation: the case is FAIL. The message is written out in full (vitest would
 * truncate long strings), because the report shows it as the reason.
 */
export function fail(message: string, actual?: unknown, expected?: unknown): never {
  throw new AssertionError(message, actual, expected);
}

/** HTTP 200 as every successful Kinesis operation answers. */
export function expectSuccess(res: Response, what = 'request'): void {
  if (res.status !== 200) fail(`${what}: expected HTTP 200, got ${describeResponse(res)}`, res.status, 200);
}

export interface ExpectedError {
  type: string;
  status?: number;
  /** Exact text, or a pattern the whole message must match. */
  message?: string | RegExp;
}

/** Status and resolved error type, as a client following the protocol rules would see them. */
export function expectErrorType(res: Response, expected: Pick<ExpectedError, 'type' | 'status'>): void {
  const err = errorBodyOf(res);
  const status = expected.status ?? 400;
  if (res.status !== status || err.type !== expected.type) {
    fail(`expected HTTP ${status} ${expected.type}, got ${describeResponse(res)}`, { status: res.status, type: err.type }, { status, type: expected.type });
  }
}

export function expectErrorMessage(res: Response, message: string | RegExp): void {
  const actual = errorBodyOf(res).message;
  const ok = typeof message === 'string' ? actual === message : actual !== undefined && message.test(actual);
  if (!ok) fail(`expected message ${typeof message === 'string' ? JSON.stringify(message) : String(message)}, got ${actual === undefined ? 'no message' : JSON.stringify(actual)}`, actual, String(message));
}

export function expectError(res: Response, expected: ExpectedError): void {
  expectErrorType(res, expected);
  if (expected.message !== undefined) expectErrorMessage(res, expected.message);
}
