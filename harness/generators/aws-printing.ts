import { enumText, escapeRegExp, exact, lengthMax, lengthMin, loose, notNull, patternText, rangeMax, rangeMin, type TextPart } from './messages.ts';
import type { Constraint, JsonSchema, MemberFact } from './spec.ts';

/* How AWS writes values and constraints into `Value '<v>' at '<path>' failed to satisfy constraint: <c>` (aws-observed B.5). */


const STRUCT_CLASS_RECORDED = new Set(['com.amazonaws.kinesis#PutRecordsRequestEntry']);

/** A value as AWS prints it inside `Value '...'`, with notes where the format is not recorded. */
export function printed(value: unknown, schema: JsonSchema, notes: string[]): TextPart {
  if (schema['x-blob']) {
    const bytes = Buffer.from(String(value), 'base64').length;
    return exact(`java.nio.HeapByteBuffer[pos=0 lim=${bytes} cap=${bytes}]`);
  }
  if (Array.isArray(value)) {
    const items = schema['items'] as JsonSchema;
    if (items['type'] === 'object') {
      // `[com.amazonaws.kinesis.v20131202.PutRecordsRequestEntry@c965e310, ...]`: Java identity hashes.
      const shape = String(items['x-shape']);
      if (!STRUCT_CLASS_RECORDED.has(shape)) notes.push(`how AWS prints a list of ${shape} is unrecorded: value matched loosely`);
      const cls = `com.amazonaws.kinesis.v20131202.${shape.slice(shape.indexOf('#') + 1)}`;
      const one = `${escapeRegExp(cls)}@[0-9a-f]+`;
      if (value.length === 0) return exact('[]');
      if (!STRUCT_CLASS_RECORDED.has(shape)) return loose('[…]', '\\[.*\\]');
      return loose(`[${cls}@…${value.length > 1 ? `, … (${value.length} entries)` : ''}]`, value.length === 0 ? '\\[\\]' : `\\[${one}(?:, ${one}){${value.length - 1}}\\]`);
    }
    return exact(`[${value.map((v) => String(v)).join(', ')}]`);
  }
  if (value !== null && typeof value === 'object') {
    // `{k=v, ...}`: a Java HashMap, in no order we can predict.
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}=${String(v)}`);
    if (entries.length <= 1) return exact(`{${entries.join('')}}`);
    const one = `(?:${entries.map(escapeRegExp).join('|')})`;
    notes.push('AWS prints a map as a Java HashMap, in no order we can predict: entries matched in any order');
    return loose(`{${entries.join(', ')}}`, `\\{${one}(?:, ${one}){${entries.length - 1}}\\}`);
  }
  return exact(String(value));
}

/** The constraint texts of an element shape, as AWS lists them inside `[...]` (max before min, B.5). */
export function elementConstraintTexts(fact: MemberFact): TextPart[] {
  const out: TextPart[] = [];
  const max = fact.constraints.find((c) => c.rule === 'length.max');
  const min = fact.constraints.find((c) => c.rule === 'length.min');
  if (max) out.push(lengthMax(max.value as number));
  if (min) out.push(lengthMin(min.value as number));
  const p = fact.constraints.find((c) => c.rule === 'pattern');
  if (p) out.push(patternText(p.pattern!.aws));
  const e = fact.constraints.find((c) => c.rule === 'enum');
  if (e) out.push(enumText(fact.shape, e.values!));
  return out;
}

/** Own constraints (not required/type) a value breaks, in the spec's order. */

export function constraintText(fact: MemberFact, c: Constraint): TextPart {
  const n = c.value as number;
  switch (c.rule) {
    case 'length.min':
    case 'items.min':
      return lengthMin(n);
    case 'length.max':
    case 'items.max':
      return lengthMax(n);
    case 'range.min':
      return rangeMin(n);
    case 'range.max':
      return rangeMax(n);
    case 'pattern':
      return patternText(c.pattern!.aws);
    case 'enum':
      return enumText(fact.shape, c.values!);
    default:
      return notNull();
  }
}
