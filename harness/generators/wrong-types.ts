import fc from 'fast-check';
import type { MemberFact } from './spec.ts';

/*
 * Wrong JSON types: AWS answers a SerializationException, before any validation, with the texts
 * recorded in aws-observed B.2 (body key `Message`, capital M).
 */

export interface WrongType {
  value: unknown;
  message: string;
}

const JAVA_NUMBER = 'class com.amazon.coral.value.json.numbers.TruncatingBigNumber';
const START_OF_LIST = 'Start of list found where not expected';
const START_OF_STRUCTURE = 'Start of structure or map found where not expected.';

/**
 * Values of the wrong JSON type, per kind of member, whose SerializationException text AWS is
 * recorded to answer (B.2). What varies is the JSON type, so each domain is a handful of values.
 */
const WRONG_TYPES: Record<MemberFact['smithyType'], unknown[]> = {
  string: [true, 42, [], {}],
  enum: [true, 42, [], {}],
  integer: ['23', true],
  long: ['23', true],
  // AWS takes 'true'/'false'/'1'/'0'/'yes'/'no' as booleans; other text is refused, echoed upper-cased.
  boolean: ['23', '12345'],
  // Base64 text whose length is not a multiple of 4 (B.2 records '23456').
  blob: ['23456', 'QUJDRA'],
  timestamp: ['abc'],
  list: ['abc', 7, true, {}],
  map: ['abc', 7, true, []],
  structure: ['abc', 7, true, []],
  union: ['abc', 7, true, []],
};

export function wrongType(fact: MemberFact): fc.Arbitrary<WrongType> {
  return fc.constantFrom(...WRONG_TYPES[fact.smithyType]).map((value) => ({ value: structuredClone(value), message: wrongTypeMessage(fact, value) }));
}

/** The recorded SerializationException text for a wrong-typed value of this member. */
export function wrongTypeMessage(fact: MemberFact, value: unknown): string {
  const t = fact.smithyType;
  if (t === 'string' || t === 'enum') {
    if (typeof value === 'boolean') return 'class java.lang.Boolean can not be converted to an String';
    if (typeof value === 'number') return `${JAVA_NUMBER} can not be converted to an String`;
    return Array.isArray(value) ? START_OF_LIST : START_OF_STRUCTURE;
  }
  if (t === 'integer' || t === 'long') return `class java.lang.${typeof value === 'boolean' ? 'Boolean' : 'String'} can not be converted to an ${t === 'integer' ? 'Integer' : 'Long'}`;
  if (t === 'boolean') return `'${String(value).toUpperCase()}' can not be converted to an Boolean`;
  if (t === 'blob') return `'${String(value)}' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: ${String(value).length}`;
  if (t === 'timestamp') return 'class java.lang.String can not be converted to milliseconds since epoch';
  if (Array.isArray(value)) return START_OF_LIST;
  if (typeof value === 'object' && value !== null) return START_OF_STRUCTURE;
  return t === 'list' ? 'Expected list or null' : t === 'map' ? 'Expected map or null' : 'Expected null';
}
