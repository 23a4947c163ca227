import fc from 'fast-check';
import { abbreviate, type CaseContext, fail, isAssertionFailure } from '../../harness/index.ts';

export function shownBody(body: unknown): string {
  return abbreviate(JSON.stringify(body), 2_000);
}

/**
 * Runs a property with the run's seed and budget, one request per generated value. A broken
 * expectation becomes a FAIL whose message carries the shrunk counterexample's request body; any
 * other error (no answer from the target) is rethrown as it is, so the case is ERROR.
 */
export async function checkProperty<T>(ctx: CaseContext, arbitrary: fc.Arbitrary<T>, bodyOf: (value: T) => unknown, predicate: (value: T) => Promise<void>): Promise<void> {
  const details = await fc.check(fc.asyncProperty(arbitrary, predicate), { numRuns: ctx.run.propertyRuns, seed: ctx.run.seed });
  if (!details.failed) return;
  const error = details.errorInstance;
  if (!isAssertionFailure(error)) throw error ?? new Error(`property interrupted after ${details.numRuns} runs`);
  const example = details.counterexample?.[0] as T | undefined;
  const where = `seed ${details.seed}, path ${details.counterexamplePath ?? '-'}, ${details.numShrinks} shrinks, failed after ${details.numRuns} of ${ctx.run.propertyRuns} runs`;
  // One line: reports keep the first line of a failure.
  fail(`${error.message.split('\n')[0]} | shrunk request body: ${example === undefined ? '(none)' : shownBody(bodyOf(example))} | ${where}`, error.actual, error.expected);
}
