import type { Status } from './model.ts';

export interface ErrorLike {
  name?: string | undefined;
  message?: string | undefined;
}

const TIMEOUT_NAMES = new Set(['StateTimeoutError', 'RequestTimeoutError']);
const FAIL_NAMES = new Set(['AssertionError']);

/**
 * The status of a failed case from the first error it threw: a broken expectation is FAIL; a
 * state or request that never came within its bound is TIMEOUT; anything else (no answer from the
 * target, a fixture that could not be set up, a bug in the case) is ERROR, never PASS.
 */
export function statusOfFailure(errors: readonly ErrorLike[]): Status {
  const first = errors[0];
  if (!first) return 'ERROR';
  const name = first.name ?? '';
  if (TIMEOUT_NAMES.has(name) || /^Test timed out in \d+ms/.test(first.message ?? '')) return 'TIMEOUT';
  if (FAIL_NAMES.has(name)) return 'FAIL';
  return 'ERROR';
}
