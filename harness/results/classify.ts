import { INCONCLUSIVE_PREFIX, isAssertionFailure, type ErrorCode, type ErrorLike } from '../errors.ts';
import type { Status } from './model.ts';

const TIMEOUT_CODES: ReadonlySet<unknown> = new Set<ErrorCode>(['STATE_TIMEOUT', 'REQUEST_TIMEOUT']);

/**
 * The status of a failed case from the first error it threw, as it arrives from vitest's worker
 * (a plain object: `name`, `message` and `code` survive, the class does not). A broken expectation
 * is FAIL; a state or request that never came within its bound is TIMEOUT; anything else (no answer
 * from the target, a fixture that could not be set up, an inconclusive case, a bug in the case) is
 * ERROR, never PASS.
 */
export function statusOfFailure(errors: readonly ErrorLike[]): Status {
  const first = errors[0];
  if (!first) return 'ERROR';
  if (TIMEOUT_CODES.has(first.code) || /^Test timed out in \d+ms/.test(first.message ?? '')) return 'TIMEOUT';
  if (isAssertionFailure(first)) return 'FAIL';
  return 'ERROR';
}

/**
 * An ERROR whose case could not reach a judgeable state (InconclusiveError), told apart from a bug
 * in the case by its message, which is all a result keeps.
 */
export function isInconclusiveMessage(message: string | null | undefined): boolean {
  return message?.startsWith(INCONCLUSIVE_PREFIX) ?? false;
}
