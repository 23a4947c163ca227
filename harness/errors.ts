import type { Exchange, TransportFailureKind } from './transport/exchange.ts';

/**
 * Every error the harness throws on purpose, each with a stable `code` (as undici's
 * lib/core/errors.js does). Results are classified by `code`: it is an own property, so it survives
 * vitest's worker boundary, where errors arrive as plain objects and `instanceof` no longer works.
 */
export const ERROR_CODES = ['CONFIG', 'TRANSPORT', 'REQUEST_TIMEOUT', 'FIXTURE', 'STATE_TIMEOUT', 'ASSERTION', 'INCONCLUSIVE'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export abstract class HarnessError extends Error {
  abstract readonly code: ErrorCode;
}

/** Bad input to the tool itself (flags, endpoint, credentials, case files): one line, exit 2. */
export class ConfigError extends HarnessError {
  override readonly name = 'ConfigError';
  readonly code = 'CONFIG';
}

/**
 * No HTTP answer (refused, reset, DNS, TLS): the case cannot be judged, so the result is ERROR,
 * never PASS or FAIL. No answer within the request timeout is TIMEOUT.
 */
export class TransportError extends HarnessError {
  override readonly name: 'TransportError' | 'RequestTimeoutError';
  readonly code: 'TRANSPORT' | 'REQUEST_TIMEOUT';
  constructor(
    readonly kind: TransportFailureKind,
    message: string,
    readonly exchange: Exchange,
  ) {
    super(message);
    const timeout = kind === 'timeout';
    this.name = timeout ? 'RequestTimeoutError' : 'TransportError';
    this.code = timeout ? 'REQUEST_TIMEOUT' : 'TRANSPORT';
  }
}

/** A fixture (set-up or clean-up) call failed: the case cannot be judged, so it is ERROR. */
export class FixtureError extends HarnessError {
  override readonly name = 'FixtureError';
  readonly code = 'FIXTURE';
}

/** A state that did not come within the configured bound: the case is TIMEOUT, not FAIL. */
export class StateTimeoutError extends HarnessError {
  override readonly name = 'StateTimeoutError';
  readonly code = 'STATE_TIMEOUT';
}

/**
 * A broken expectation: the case is FAIL. Named like node's and chai's AssertionError, so tools that
 * look for that name (and vitest's diff of `actual`/`expected`) treat it the same.
 */
export class AssertionError extends HarnessError {
  override readonly name = 'AssertionError';
  readonly code = 'ASSERTION';
  constructor(
    message: string,
    readonly actual?: unknown,
    readonly expected?: unknown,
  ) {
    super(message);
  }
}

/** Every message of an InconclusiveError starts with this, so a report can tell it from a bug in the case. */
export const INCONCLUSIVE_PREFIX = 'inconclusive: ';

/**
 * The case could not reach a state that makes its expectation judgeable (e.g. the target's UPDATING
 * phase ended before the probe): neither PASS nor FAIL, like wpt's PRECONDITION_FAILED. Reported as
 * ERROR with a message starting "inconclusive: ".
 */
export class InconclusiveError extends HarnessError {
  override readonly name = 'InconclusiveError';
  readonly code = 'INCONCLUSIVE';
  constructor(message: string) {
    super(message.startsWith(INCONCLUSIVE_PREFIX) ? message : `${INCONCLUSIVE_PREFIX}${message}`);
  }
}

/** What is left of a thrown error once vitest has serialized it, or any thrown value. */
export interface ErrorLike {
  name?: string | undefined;
  message?: string | undefined;
  code?: unknown;
}

/** What an assertion failure of any source carries. */
export interface AssertionLike {
  message: string;
  actual?: unknown;
  expected?: unknown;
}

/**
 * A broken expectation from any source: the harness's own, node:assert's (code ERR_ASSERTION), or
 * vitest's `expect` (chai's AssertionError, which has no code: matched by name).
 */
export function isAssertionFailure(error: unknown): error is AssertionLike {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as ErrorLike;
  return e.code === 'ASSERTION' || e.code === 'ERR_ASSERTION' || e.name === 'AssertionError';
}
