import type { MessageExpectation } from './model.ts';
import { escapeRegExp, expand, expandPattern, type Resolve } from './placeholders.ts';

/** An expected message, placeholders resolved: a test and a one-line description of it. */
export interface MessageMatcher {
  describe: string;
  test(actual: string): boolean;
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

/**
 * ValidationException text as AWS writes it (aws-observed B.1): `<N> validation error(s) detected: `
 * then the items joined by `; `, in an order AWS does not promise, so any order matches.
 */
function validationMatcher(items: ReadonlyArray<string | { pattern: string }>, resolve: Resolve): MessageMatcher {
  const sources = items.map((item) => (typeof item === 'string' ? escapeRegExp(expand(item, resolve)) : expandPattern(item.pattern, resolve)));
  const n = items.length;
  const head = escapeRegExp(`${n} validation error${n === 1 ? '' : 's'} detected: `);
  const whole = permutations(sources).map((order) => new RegExp(`^${head}${order.join('; ')}$`, 's'));
  return {
    describe: `${n} validation error${n === 1 ? '' : 's'} detected: ${items.map((i) => (typeof i === 'string' ? expand(i, resolve) : `/${i.pattern}/`)).join('; ')} (items in any order)`,
    test: (actual) => whole.some((re) => re.test(actual)),
  };
}

/** Null for an unrecorded message: nothing to judge. */
export function messageMatcher(expected: MessageExpectation, resolve: Resolve): MessageMatcher | null {
  if ('unrecorded' in expected) return null;
  if ('exact' in expected) {
    const text = expand(expected.exact, resolve);
    return { describe: JSON.stringify(text), test: (actual) => actual === text };
  }
  if ('pattern' in expected) {
    const re = new RegExp(expandPattern(expected.pattern, resolve), 's');
    return { describe: String(re), test: (actual) => re.test(actual) };
  }
  return validationMatcher(expected.validation, resolve);
}
