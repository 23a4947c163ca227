import fc from 'fast-check';
import { constraintText, elementConstraintTexts, printed } from './aws-printing.ts';
import { RECORDED_ENUM_ORDER, escapeRegExp, exact, joinParts, loose, notNull, validationItem, validationMessage, type TextPart } from './messages.ts';
import { place, segmentsOf, type Bad, type Placed } from './placement.ts';
import { loadSpec, schemaAt, type Constraint, type JsonSchema, type KinesisSpec, type MemberFact, type Rule } from './spec.ts';
import { INT_MAX, INT_MIN, anchoredPattern, validEntries, validString, validValue, validValueAlong } from './values.ts';
import { wrongType, wrongTypeMessage } from './wrong-types.ts';

/** What AWS answers to a request with one constraint violated. */
export interface ExpectedAnswer {
  status: 400;
  type: 'ValidationException' | 'SerializationException';
  /** Items of the ValidationException: the intended one first, then any the value cannot avoid. */
  items: TextPart[];
  /** The whole `message` (`Message` on SerializationException); a validation message keeps its items. */
  message: TextPart & { items?: TextPart[] };
  /** Where the expected text is derived or loose rather than recorded. */
  notes: string[];
}

export interface Violation {
  operation: string;
  /** MemberFact.path of the member broken. */
  path: string;
  rule: Rule;
  /** The path AWS prints, list index resolved. */
  awsPath: string;
  /** JSON Pointer to the bad value in `input` (the map itself for a bad map key). */
  pointer: string;
  /** The whole request body. */
  input: Record<string, unknown>;
  /** The offending value; undefined when the member is left out. */
  value: unknown;
  /** Other constraints of the same member the value breaks too (e.g. '' is too short and outside `[a-zA-Z0-9_.-]+`). */
  alsoBreaks: Rule[];
  expected: ExpectedAnswer;
}

export interface ViolationCase {
  operation: string;
  member: MemberFact;
  constraint: Constraint;
  /** The violating request needs a body over 256 KiB. */
  heavy: boolean;
  /**
   * Violations placed into valid request bodies drawn from `base`. With `fixedContext`, everything
   * but the bad value (base, surrounding entries, list index) is drawn once with that seed: for
   * rules whose bad values are few (a wrong JSON type), repeated values are then repeated requests.
   */
  arbitrary(base: fc.Arbitrary<Record<string, unknown>>, options?: { fixedContext?: number }): fc.Arbitrary<Violation>;
}

type Json = Record<string, unknown>;

/** Bodies above this are slow to send 25 times over (NextToken 1 MiB, Data 10 MiB). */
const HEAVY_BYTES = 256 * 1024;

/** Characters outside every Kinesis pattern's character classes, used to spoil valid values. */
const FOREIGN_CHARS = [' ', '!', '#', '%', '&', '*', '?', ',', ';', '~', '"', '\\'];

/** Schemas along a member path, one per path segment, from the top-level member down. */
function schemasAlong(root: JsonSchema, fact: MemberFact): JsonSchema[] {
  const parts = fact.schemaPointer.split('/').slice(1);
  const out: JsonSchema[] = [];
  let pointer = '';
  for (let i = 0; i < parts.length; i++) {
    pointer += `/${parts[i]}`;
    if (parts[i] === 'properties') pointer += `/${parts[++i]}`;
    out.push(schemaAt(root, pointer));
  }
  return out;
}

// ---- Values that break one rule -------------------------------------------------------------

/** Pads a valid string to `length` so that it still matches its pattern when some padding can. */
function padded(sample: string, length: number, pattern: RegExp | undefined): string {
  const need = length - sample.length;
  if (need <= 0) return sample.slice(0, length);
  for (const c of ['a', '0', 'A', '_', '1']) {
    for (const candidate of [sample + c.repeat(need), c.repeat(need) + sample]) if (!pattern || pattern.test(candidate)) return candidate;
  }
  return 'a'.repeat(length);
}

function badValues(schema: JsonSchema, fact: MemberFact, c: Constraint): fc.Arbitrary<Bad> | null {
  const n = typeof c.value === 'number' ? c.value : 0;
  const pattern = anchoredPattern(schema);
  const isBlob = fact.smithyType === 'blob';
  switch (c.rule) {
    case 'length.min':
      if (n <= 0) return null;
      if (isBlob) return fc.integer({ min: 0, max: n - 1 }).map((len) => ({ value: Buffer.alloc(len, 1).toString('base64') }));
      return fc.integer({ min: 0, max: n - 1 }).map((len) => ({ value: padded('', len, pattern) }));
    case 'length.max':
      if (isBlob) return fc.integer({ min: n + 1, max: n + 4 }).map((len) => ({ value: Buffer.alloc(len, 7).toString('base64') }));
      return fc
        .tuple(fc.noShrink(validString({ ...schema, maxLength: Math.min(n, 64) })), fc.integer({ min: n + 1, max: n + 8 }))
        .map(([sample, len]) => ({ value: padded(sample, len, pattern) }));
    case 'pattern': {
      const re = pattern!;
      const minLength = typeof schema['minLength'] === 'number' ? schema['minLength'] : 0;
      const maxLength = typeof schema['maxLength'] === 'number' ? schema['maxLength'] : Number.MAX_SAFE_INTEGER;
      // A valid value with one foreign character put in, or a short random string: either way outside the pattern, within the length.
      const spoiled = fc
        .tuple(fc.noShrink(validString(schema)), fc.constantFrom(...FOREIGN_CHARS), fc.nat({ max: 64 }))
        .map(([sample, c, at]) => {
          const i = at % (sample.length + 1);
          return sample.length < maxLength ? sample.slice(0, i) + c + sample.slice(i) : sample.slice(0, Math.max(0, i - 1)) + c + sample.slice(i);
        });
      const random = fc.string({ minLength, maxLength: Math.min(maxLength, 12) });
      return fc
        .oneof(spoiled, random)
        .filter((s) => !re.test(s) && s.length >= minLength && s.length <= maxLength)
        .map((value) => ({ value }));
    }
    case 'enum': {
      const values = c.values ?? [];
      const lower = values.map((v) => v.toLowerCase()).filter((v) => !values.includes(v));
      return fc
        .oneof(fc.string({ maxLength: 16 }), ...(lower.length > 0 ? [fc.constantFrom(...lower)] : []))
        .filter((s) => !values.includes(s))
        .map((value) => ({ value }));
    }
    // Just past the bound, or the far end of a Java int (larger numbers are clamped, B.5).
    case 'range.min':
      return n - 1 < INT_MIN ? null : fc.oneof(fc.integer({ min: Math.max(INT_MIN, n - 64), max: n - 1 }), fc.constant(INT_MIN)).map((value) => ({ value }));
    case 'range.max':
      return n + 1 > INT_MAX ? null : fc.oneof(fc.integer({ min: n + 1, max: Math.min(INT_MAX, n + 64) }), fc.constant(INT_MAX)).map((value) => ({ value }));
    case 'items.min':
      if (n <= 0) return null;
      return validEntries(schema, n - 1).map((entries) => ({ value: entriesToValue(schema, entries) }));
    case 'items.max':
      // Hundreds of entries: shrinking them one request at a time would take long and show little.
      return fc
        .noShrink(
          fc
            .integer({ min: n + 1, max: n + 2 })
            .chain((count) => validEntries(schema, count))
            .chain((entries) => entriesValueArbitrary(schema, entries)),
        )
        .map((value) => ({ value }));
    case 'required':
      return fc.constant({ value: undefined, absent: true });
    case 'type':
      return wrongType(fact).map((w) => ({ value: w.value }));
  }
}

function entriesToValue(schema: JsonSchema, entries: unknown[]): unknown {
  if (schema['type'] === 'array') return entries;
  return Object.fromEntries(entries.map((k) => [k as string, '']));
}

/** A too-long map needs valid values too. */
function entriesValueArbitrary(schema: JsonSchema, entries: unknown[]): fc.Arbitrary<unknown> {
  if (schema['type'] === 'array') return fc.constant(entries);
  const valueSchema = schema['additionalProperties'] as JsonSchema;
  return fc.array(validValue(valueSchema), { minLength: entries.length, maxLength: entries.length }).map((vs) => Object.fromEntries(entries.map((k, i) => [k as string, vs[i]])));
}

function brokenBy(fact: MemberFact, schema: JsonSchema, value: unknown): Constraint[] {
  const broken: Constraint[] = [];
  for (const c of fact.constraints) {
    const n = c.value as number;
    const length = fact.smithyType === 'blob' ? Buffer.from(String(value), 'base64').length : typeof value === 'string' ? value.length : 0;
    const count = Array.isArray(value) ? value.length : value && typeof value === 'object' ? Object.keys(value).length : 0;
    switch (c.rule) {
      case 'length.min':
        if (length < n) broken.push(c);
        break;
      case 'length.max':
        if (length > n) broken.push(c);
        break;
      case 'pattern':
        if (!anchoredPattern(schema)!.test(String(value))) broken.push(c);
        break;
      case 'enum':
        if (!c.values!.includes(String(value))) broken.push(c);
        break;
      case 'range.min':
        if ((value as number) < n) broken.push(c);
        break;
      case 'range.max':
        if ((value as number) > n) broken.push(c);
        break;
      case 'items.min':
        if (count < n) broken.push(c);
        break;
      case 'items.max':
        if (count > n) broken.push(c);
        break;
      default:
        break;
    }
  }
  return broken;
}

function expectedFor(fact: MemberFact, c: Constraint, schema: JsonSchema, containerSchema: JsonSchema | undefined, placed: Placed, bad: Bad): { expected: ExpectedAnswer; awsPath: string; alsoBreaks: Rule[] } {
  const awsPath = fact.awsPath.replace('{index}', String(placed.index + 1));
  const notes: string[] = [];
  if (c.rule === 'type') {
    const text = wrongTypeMessage(fact, bad.value);
    return { awsPath, alsoBreaks: [], expected: { status: 400, type: 'SerializationException', items: [], message: exact(text), notes: ['aws-observed B.2: SerializationException, message in `Message`'] } };
  }
  let items: TextPart[];
  let alsoBreaks: Rule[] = [];
  if (fact.reportedAs !== 'member' && c.rule !== 'required') {
    // Constraints of list elements and map keys/values are reported once, at the container.
    const texts = elementConstraintTexts(fact);
    const lead = fact.reportedAs === 'map-key' ? 'Map keys must satisfy constraint: ' : fact.reportedAs === 'map-value' ? 'Map value must satisfy constraint: ' : 'Member must satisfy constraint: ';
    let inner = joinParts(exact(`${lead}[`), ...texts.flatMap((t, i) => (i === 0 ? [t] : [exact(', '), t])), exact(']'));
    if (texts.some((t) => t.text.startsWith('Member must satisfy enum') || t.text.startsWith('Member must satisfy regular'))) {
      notes.push('AWS\'s text for an enum or pattern of a list element is unrecorded (B.5 records length only): constraint matched loosely');
      inner = loose(`${lead}[${texts.map((t) => t.text).join(', ')}]`, `${escapeRegExp(lead)}\\[.*\\]`);
    }
    items = [validationItem(printed(placed.container, containerSchema!, notes), awsPath, inner)];
    alsoBreaks = brokenBy(fact, schema, bad.value).map((b) => b.rule).filter((r) => r !== c.rule);
  } else if (c.rule === 'required') {
    items = [validationItem(null, awsPath, notNull())];
  } else {
    const broken = brokenBy(fact, schema, bad.value);
    const ordered = [c, ...broken.filter((b) => b !== c)];
    alsoBreaks = ordered.slice(1).map((b) => b.rule);
    if (ordered.some((b) => b.rule === 'enum') && !RECORDED_ENUM_ORDER[fact.shape]) {
      notes.push(`AWS prints enum sets in its own order, unrecorded for ${fact.shape} (aws-observed D): values matched in any order`);
    }
    const shown = printed(bad.value, schema, notes);
    items = ordered.map((b) => validationItem(shown, awsPath, constraintText(fact, b)));
  }
  const message = validationMessage(items);
  if (items.length > 1) notes.push('B.1: items of a multi-error message in any order');
  return { awsPath, alsoBreaks, expected: { status: 400, type: 'ValidationException', items, message, notes } };
}

/** Whether the path below `schema` passes through an optional member of a structure before its last segment. */
function crossesOptional(schema: JsonSchema, segments: readonly string[]): boolean {
  let node = schema;
  for (const seg of segments.slice(0, -1)) {
    if (seg === 'member') node = node['items'] as JsonSchema;
    else if (seg === 'key' || seg === 'value') return false;
    else {
      if (!((node['required'] as string[] | undefined) ?? []).includes(seg) && !node['x-union']) return true;
      node = (node['properties'] as Record<string, JsonSchema>)[seg]!;
    }
  }
  return false;
}

function violationCase(spec: KinesisSpec, operation: string, fact: MemberFact, c: Constraint): ViolationCase | null {
  const op = spec.operations[operation]!;
  const root = op.input!.schema;
  const schema = schemaAt(root, fact.schemaPointer);
  const bad = badValues(schema, fact, c);
  if (!bad) return null;
  const along = schemasAlong(root, fact);
  const topSchema = along[0]!;
  const containerSchema = fact.reportedAs === 'member' ? undefined : along[along.length - 2];
  const nested = segmentsOf(fact.path).length > 1;
  const below = segmentsOf(fact.path).slice(1);
  // Required-only values reach the member unless an optional structure lies on the way (SDK channel shapes).
  const top = !nested ? fc.constant(undefined) : crossesOptional(topSchema, below) ? validValueAlong(topSchema, below) : validValue(topSchema, { requiredOnly: true, nonEmpty: true });
  // The valid half of a map entry whose other half is bad.
  const partnerSchema = fact.reportedAs === 'map-key' ? (containerSchema!['additionalProperties'] as JsonSchema) : fact.reportedAs === 'map-value' ? (containerSchema!['propertyNames'] as JsonSchema) : undefined;
  const partner = partnerSchema ? (partnerSchema['type'] === 'string' && !partnerSchema['enum'] && !partnerSchema['pattern'] ? validString(partnerSchema).filter((k) => k !== '__proto__') : validValue(partnerSchema)) : fc.constant(undefined);
  const n = typeof c.value === 'number' ? c.value : 0;
  const heavy = (c.rule === 'length.max' && (fact.smithyType === 'blob' ? (n * 4) / 3 : n) > HEAVY_BYTES) || false;
  return {
    operation,
    member: fact,
    constraint: c,
    heavy,
    arbitrary: (base, options = {}) => {
      let context = fc.record({ base: fc.noShrink(base), top: fc.noShrink(top), index: fc.nat({ max: 3 }), partner });
      if (options.fixedContext !== undefined) context = fc.constant(fc.sample(context, { numRuns: 1, seed: options.fixedContext })[0]!);
      return fc.tuple(context, bad).map(([{ base: b, top: t, index, partner: p }, v]) => {
        const placed = place(b, fact, v, t, index, p);
        const { expected, awsPath, alsoBreaks } = expectedFor(fact, c, schema, containerSchema, placed, v);
        return { operation, path: fact.path, rule: c.rule, awsPath, pointer: placed.pointer, input: placed.input, value: v.value, alsoBreaks, expected };
      });
    },
  };
}

/** Every (member, constraint) of an operation's input that some value can break. */
export function violationCases(operation: string, spec: KinesisSpec = loadSpec()): ViolationCase[] {
  const op = spec.operations[operation];
  if (!op) throw new Error(`unknown operation ${operation}`);
  if (!op.input) return [];
  return op.members.flatMap((fact) => fact.constraints.map((c) => violationCase(spec, operation, fact, c)).filter((v): v is ViolationCase => v !== null));
}

/** Arbitrary of fully valid inputs of an operation (required members always, optional ones sometimes). */
export function validInput(operation: string, spec: KinesisSpec = loadSpec(), options: { requiredOnly?: boolean } = {}): fc.Arbitrary<Json> {
  const op = spec.operations[operation];
  if (!op) throw new Error(`unknown operation ${operation}`);
  if (!op.input) return fc.constant({});
  return validValue(op.input.schema, options) as fc.Arbitrary<Json>;
}

