import fc from 'fast-check';
import type { JsonSchema } from './spec.ts';

/** Smithy `integer` is a Java int: AWS clamps larger numbers (aws-observed B.5: 100000000000 printed as 2147483647). */
export const INT_MIN = -(2 ** 31);
export const INT_MAX = 2 ** 31 - 1;

export interface ValueOptions {
  /** Only required structure members (the smallest valid value). */
  requiredOnly?: boolean;
  /** Lists and maps get at least one entry, so an entry can be made invalid. */
  nonEmpty?: boolean;
}

/** Extra entries beyond the minimum: enough to vary, few enough to keep requests small. */
const SPREAD = 3;

const num = (schema: JsonSchema, key: string): number | undefined => (typeof schema[key] === 'number' ? (schema[key] as number) : undefined);

export function anchoredPattern(schema: JsonSchema): RegExp | undefined {
  return typeof schema['pattern'] === 'string' ? new RegExp(schema['pattern'], 'u') : undefined;
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

/**
 * `fc.stringMatching` per pattern, built once: building one tokenizes fast-check's dictionary of
 * tricky strings against every character class (~10 ms for the ARN patterns), and the validation
 * files asked for one per constraint, 2.5 to 3 CPU-seconds a file. Arbitraries hold no state.
 */
const matching = new Map<string, fc.Arbitrary<string>>();

function stringMatching(pattern: RegExp): fc.Arbitrary<string> {
  let arbitrary = matching.get(pattern.source);
  if (!arbitrary) matching.set(pattern.source, (arbitrary = fc.stringMatching(pattern)));
  return arbitrary;
}

/** Strings valid for a string schema (length and pattern). */
export function validString(schema: JsonSchema): fc.Arbitrary<string> {
  const min = num(schema, 'minLength') ?? 0;
  const max = num(schema, 'maxLength');
  const pattern = anchoredPattern(schema);
  if (pattern) return stringMatching(pattern).filter((s) => s.length >= min && (max === undefined || s.length <= max));
  return fc.string({ minLength: min, maxLength: Math.min(max ?? Number.MAX_SAFE_INTEGER, min + 24) });
}

/** Map keys and object members must never be `__proto__`: a JS object would swallow it. */
const safeKey = (k: string) => k !== '__proto__';

/** Arbitrary of values that satisfy the schema: every constraint of the spec, all the way down. */
export function validValue(schema: JsonSchema, options: ValueOptions = {}): fc.Arbitrary<unknown> {
  const type = schema['type'];
  if (Array.isArray(schema['enum'])) return fc.constantFrom(...(schema['enum'] as string[]));
  if (schema['x-blob']) {
    const { minBytes = 0, maxBytes = Number.MAX_SAFE_INTEGER } = schema['x-blob'] as { minBytes?: number; maxBytes?: number };
    return fc.uint8Array({ minLength: minBytes, maxLength: Math.min(maxBytes, minBytes + 48) }).map(toBase64);
  }
  if (schema['x-timestamp']) return fc.integer({ min: 0, max: 4_102_444_800_000 }).map((ms) => ms / 1000);
  switch (type) {
    case 'string':
      return validString(schema);
    case 'integer':
      return fc.integer({ min: num(schema, 'minimum') ?? INT_MIN, max: num(schema, 'maximum') ?? INT_MAX });
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const min = Math.max(num(schema, 'minItems') ?? 0, options.nonEmpty ? 1 : 0);
      const max = Math.min(num(schema, 'maxItems') ?? Number.MAX_SAFE_INTEGER, min + SPREAD);
      return fc.array(validValue(schema['items'] as JsonSchema, options), { minLength: min, maxLength: max });
    }
    case 'object':
      if (schema['properties']) return validStructure(schema, options);
      return validMap(schema, options);
    default:
      throw new Error(`no generator for schema type ${String(type)} (${String(schema['x-shape'])})`);
  }
}

function validMap(schema: JsonSchema, options: ValueOptions): fc.Arbitrary<Record<string, unknown>> {
  const min = Math.max(num(schema, 'minProperties') ?? 0, options.nonEmpty ? 1 : 0);
  const max = Math.min(num(schema, 'maxProperties') ?? Number.MAX_SAFE_INTEGER, min + SPREAD);
  const keys = fc.uniqueArray(validString(schema['propertyNames'] as JsonSchema).filter(safeKey), { minLength: min, maxLength: max });
  return keys.chain((ks) => fc.tuple(...ks.map(() => validValue(schema['additionalProperties'] as JsonSchema, options))).map((vs) => Object.fromEntries(ks.map((k, i) => [k, vs[i]]))));
}

function validStructure(schema: JsonSchema, options: ValueOptions): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema['properties'] as Record<string, JsonSchema>;
  const names = Object.keys(properties);
  if (schema['x-union']) {
    // A union holds exactly one member.
    return fc.constantFrom(...names).chain((n) => validValue(properties[n]!, options).map((v) => ({ [n]: v })));
  }
  const required = (schema['required'] as string[] | undefined) ?? [];
  const chosen = options.requiredOnly ? required : names;
  const model = Object.fromEntries(chosen.map((n) => [n, validValue(properties[n]!, options)]));
  return fc.record(model, { requiredKeys: required }).map((r) => ({ ...r }));
}

/** `n` distinct valid elements or keys, for lists and maps that must be too long. */
export function validEntries(schema: JsonSchema, count: number): fc.Arbitrary<unknown[]> {
  const element = schema['type'] === 'array' ? (schema['items'] as JsonSchema) : (schema['propertyNames'] as JsonSchema);
  if (schema['type'] === 'array') return fc.array(validValue(element), { minLength: count, maxLength: count });
  return fc.uniqueArray(validString(element).filter(safeKey), { minLength: count, maxLength: count });
}

/**
 * A valid value of `schema` that holds the member path `segments` (`member`, `key`, `value` inside
 * lists and maps): optional structures on the way are filled in, lists and maps get entries, and
 * everything else is required-only. Needed when a bad value goes under an optional nested structure.
 */
export function validValueAlong(schema: JsonSchema, segments: readonly string[]): fc.Arbitrary<unknown> {
  const [next, ...rest] = segments;
  const options: ValueOptions = { requiredOnly: true, nonEmpty: true };
  if (next === undefined || next === 'key' || next === 'value') return validValue(schema, options);
  if (next === 'member' && schema['type'] === 'array') {
    const min = Math.max(num(schema, 'minItems') ?? 0, 1);
    const max = Math.min(num(schema, 'maxItems') ?? Number.MAX_SAFE_INTEGER, min + SPREAD);
    return fc.array(validValueAlong(schema['items'] as JsonSchema, rest), { minLength: min, maxLength: max });
  }
  const properties = schema['properties'] as Record<string, JsonSchema> | undefined;
  const child = properties?.[next];
  if (!child) throw new Error(`no member ${next} in ${String(schema['x-shape'])}`);
  if (schema['x-union']) return validValueAlong(child, rest).map((v) => ({ [next]: v }));
  return fc.tuple(validValue(schema, options), validValueAlong(child, rest)).map(([base, v]) => ({ ...(base as Record<string, unknown>), [next]: v }));
}
