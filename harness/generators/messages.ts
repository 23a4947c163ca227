/**
 * AWS's ValidationException / SerializationException texts, as recorded (aws-observed.md B.1, B.2, B.5):
 *   `1 validation error detected: Value 'a×129' at 'streamName' failed to satisfy constraint: Member must
 *   have length less than or equal to 128`
 * Items of a multi-error message come in no fixed order, so whole messages are matched as a set.
 */

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One part of an expected message: exact text, or a pattern where AWS's text is not fully known. */
export interface TextPart {
  /** As AWS writes it; `…` marks a part matched loosely. */
  text: string;
  /** Regular expression source matching just this part (not anchored). */
  pattern: string;
  exact: boolean;
}

export const exact = (text: string): TextPart => ({ text, pattern: escapeRegExp(text), exact: true });
export const loose = (text: string, pattern: string): TextPart => ({ text, pattern, exact: false });

export function joinParts(...parts: TextPart[]): TextPart {
  return { text: parts.map((p) => p.text).join(''), pattern: parts.map((p) => p.pattern).join(''), exact: parts.every((p) => p.exact) };
}

/** `Value '<v>' at '<path>' failed to satisfy constraint: <constraint>`; a missing value prints as `Value null`. */
export function validationItem(value: TextPart | null, awsPath: string, constraint: TextPart): TextPart {
  const shown = value === null ? exact('null') : joinParts(exact("'"), value, exact("'"));
  return joinParts(exact('Value '), shown, exact(` at '${awsPath}' failed to satisfy constraint: `), constraint);
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

/** `<N> validation error(s) detected: ` and the items joined by `; `, in any order. */
export function validationMessage(items: TextPart[]): TextPart & { items: TextPart[] } {
  const head = `${items.length} validation error${items.length === 1 ? '' : 's'} detected: `;
  const orders = items.length <= 4 ? permutations(items) : [items];
  const body = orders.map((order) => order.map((i) => i.pattern).join('; ')).join(')|(?:');
  return {
    text: head + items.map((i) => i.text).join('; '),
    pattern: `${escapeRegExp(head)}(?:(?:${body}))`,
    exact: items.every((i) => i.exact),
    items,
  };
}

/**
 * Whether a message is the expected one. Exact texts are compared as strings (values can be a
 * MiB long, too long for a regular expression); items of a validation message in any order.
 */
export function matchesWhole(part: TextPart & { items?: TextPart[] }, actual: string | undefined): boolean {
  if (actual === undefined) return false;
  if (part.items && part.items.length > 0) {
    const orders = part.items.length <= 4 ? permutations(part.items) : [part.items];
    const head = `${part.items.length} validation error${part.items.length === 1 ? '' : 's'} detected: `;
    if (!actual.startsWith(head)) return false;
    const rest = actual.slice(head.length);
    return orders.some((order) => (order.every((i) => i.exact) ? order.map((i) => i.text).join('; ') === rest : new RegExp(`^(?:${order.map((i) => i.pattern).join('; ')})$`, 'su').test(rest)));
  }
  return part.exact ? part.text === actual : new RegExp(`^(?:${part.pattern})$`, 'su').test(actual);
}

/** Long runs of one character shortened for reports: `a×129` as aws-observed writes them. */
export function abbreviate(text: string, max = 600): string {
  const short = text.replace(/(.)\1{15,}/gsu, (run, c: string) => `${c}×${run.length}`);
  return short.length > max ? `${short.slice(0, max)}… (${text.length} characters)` : short;
}

// Constraint texts (aws-observed B.5).
export const lengthMin = (n: number) => exact(`Member must have length greater than or equal to ${n}`);
export const lengthMax = (n: number) => exact(`Member must have length less than or equal to ${n}`);
export const rangeMin = (n: number) => exact(`Member must have value greater than or equal to ${n}`);
export const rangeMax = (n: number) => exact(`Member must have value less than or equal to ${n}`);
export const patternText = (aws: string) => exact(`Member must satisfy regular expression pattern: ${aws}`);
export const notNull = () => exact('Member must not be null');

/**
 * AWS prints enum sets in its own order, not the model's. Where the order is recorded it is used;
 * elsewhere the set is matched in any order (aws-observed D: do not guess it).
 */
export const RECORDED_ENUM_ORDER: Record<string, { order: string[]; ref: string }> = {
  'com.amazonaws.kinesis#ShardIteratorType': {
    order: ['AFTER_SEQUENCE_NUMBER', 'LATEST', 'AT_TIMESTAMP', 'AT_SEQUENCE_NUMBER', 'TRIM_HORIZON'],
    ref: 'aws-observed B.5, GetShardIterator: Member must satisfy enum value set: [AFTER_SEQUENCE_NUMBER, LATEST, AT_TIMESTAMP, AT_SEQUENCE_NUMBER, TRIM_HORIZON]',
  },
};

export function enumText(shape: string, values: string[]): TextPart {
  const recorded = RECORDED_ENUM_ORDER[shape];
  if (recorded && recorded.order.length === values.length && recorded.order.every((v) => values.includes(v))) {
    return exact(`Member must satisfy enum value set: [${recorded.order.join(', ')}]`);
  }
  const one = `(?:${values.map(escapeRegExp).join('|')})`;
  // The same values, each once (lookaheads), in any order.
  const each = values.map((v) => `(?=[^\\]]*(?:\\[|, )${escapeRegExp(v)}(?:, |\\]))`).join('');
  const set = `${each}\\[${one}(?:, ${one}){${values.length - 1}}\\]`;
  return joinParts(exact('Member must satisfy enum value set: '), loose(`[${values.join(', ')}]`, set));
}
