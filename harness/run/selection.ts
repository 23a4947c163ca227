import { escapeRegExp } from '../cases/placeholders.ts';
import type { CaseResult } from '../results/model.ts';

/** A slice of the suites: one suite, optionally narrowed like `run --grep` (id or rule contains `grep`). */
export interface CaseSelector {
  suite: string;
  grep?: string | undefined;
}

/** What vitest names a conformance case's test (harness/case.ts): its id, then its rule. */
export function testName(result: Pick<CaseResult, 'id' | 'rule'>): string {
  return `${result.id}: ${result.rule}`;
}

/** Results that are no case of a suite: a test file that failed to load, or a derived shape result. */
export function isFileResult(result: Pick<CaseResult, 'id'>): boolean {
  return result.id.endsWith('#module');
}

export function isDerivedResult(result: Pick<CaseResult, 'suite'>): boolean {
  return result.suite === 'shape';
}

export function selects(selector: CaseSelector, result: Pick<CaseResult, 'id' | 'rule' | 'suite'>): boolean {
  return result.suite === selector.suite && (selector.grep === undefined || testName(result).includes(selector.grep));
}

/**
 * A vitest test-name pattern that keeps at least the cases of the selectors (results are filtered
 * exactly afterwards): a whole suite by its id prefix (case ids start with `<suite>/`), a grep as
 * the literal text. Undefined when nothing narrows.
 */
export function namePattern(selectors: readonly CaseSelector[]): string | undefined {
  if (selectors.length === 0) return undefined;
  return selectors.map((s) => (s.grep === undefined ? `^${escapeRegExp(s.suite)}/` : escapeRegExp(s.grep))).join('|');
}
