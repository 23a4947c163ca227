import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../paths.ts';

/**
 * The project's own spec of the Kinesis API (specs/kinesis.spec.json), generated from the official
 * Smithy model by scripts/generate-spec.ts. These types describe that document; specs/spec.schema.json
 * is the same description as JSON Schema.
 */

export const SPEC_PATH = join(PACKAGE_ROOT, 'specs', 'kinesis.spec.json');

export const RULES = ['length.min', 'length.max', 'pattern', 'enum', 'range.min', 'range.max', 'items.min', 'items.max', 'required', 'type'] as const;
export type Rule = (typeof RULES)[number];

/** Where a fact is written: a shape or member id of the model, and the trait that states it. */
export interface FactRef {
  shape: string;
  trait: string;
}

export interface PatternFact {
  /** As the model writes it (today's model anchors with ^...$). */
  model: string;
  /** As AWS prints it in ValidationException messages: the service model's form (unanchored, but ConsumerARN keeps its caret). */
  aws: string;
  /** What validation applies: the AWS text matched against the whole value. */
  anchored: string;
}

export interface Constraint {
  rule: Rule;
  /** length/range/items bounds; the JSON type for `type`; true for `required`. */
  value?: number | string | boolean;
  /** Enum values in the model's order. */
  values?: string[];
  pattern?: PatternFact;
  ref: FactRef;
}

/** How AWS names a member in a validation message, which depends on where the member sits. */
export type ReportedAs = 'member' | 'list-member' | 'map-key' | 'map-value';

export type SmithyType = 'string' | 'enum' | 'integer' | 'long' | 'boolean' | 'blob' | 'timestamp' | 'list' | 'map' | 'structure' | 'union';
export type JsonType = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';

export interface MemberFact {
  /** Request path with Smithy selectors: `Records.member.PartitionKey`, `Tags.key`, `Tags.value`. */
  path: string;
  /** Path AWS prints in messages; `{index}` stands for a 1-based list index: `records.{index}.member.partitionKey`. */
  awsPath: string;
  reportedAs: ReportedAs;
  /** Smithy member name (`member`, `key`, `value` inside lists and maps). */
  member: string;
  /** Member shape id: `com.amazonaws.kinesis#PutRecordsInput$Records`. */
  memberId: string;
  /** Target shape id. */
  shape: string;
  smithyType: SmithyType;
  jsonType: JsonType;
  required: boolean;
  /** JSON Pointer to this member's schema inside the operation's input schema. */
  schemaPointer: string;
  /** The member's documentation (or its shape's), trimmed to one line. */
  doc: string;
  constraints: Constraint[];
}

export type JsonSchema = Record<string, unknown>;

/**
 * Where an operation's facts come from: the Smithy model, or (for operations the model lacks) the
 * published schema and types of an @aws-sdk/client-kinesis release, which carry no length, pattern
 * or range traits.
 */
export type OperationSource = { kind: 'model' } | { kind: 'sdk'; package: string; version: string; constraints: string };

export interface OperationSpec {
  shapeId: string;
  source: OperationSource;
  /** X-Amz-Target header value. */
  target: string;
  doc: string;
  input: { shapeId: string; schema: JsonSchema } | null;
  output: { shapeId: string; schema: JsonSchema } | null;
  /** Documented error shape names, sorted. */
  errors: string[];
  /** Every input member, nested ones included, sorted by path. */
  members: MemberFact[];
}

export interface ErrorSpec {
  shapeId: string;
  fault: 'client' | 'server';
  httpStatus: number;
  /** smithy.api#httpError when the model sets it, else the protocol default for the fault. */
  httpStatusRef: string;
  doc: string;
}

export interface KinesisSpec {
  specVersion: 1;
  generatedBy: string;
  /** `sdk`: the @aws-sdk/client-kinesis release the operations the model lacks come from, when it was installed. */
  source: { model: string; sha256: string; smithy: string; service: string; sdk?: { package: string; version: string; operations: string[] } };
  service: { shapeId: string; apiVersion: string; targetPrefix: string; protocol: string; contentType: string; timestamps: string; signingName: string };
  errors: Record<string, ErrorSpec>;
  operations: Record<string, OperationSpec>;
}

let cached: KinesisSpec | undefined;

/** The committed spec; the project never reads the Smithy model at run time. */
export function loadSpec(path = SPEC_PATH): KinesisSpec {
  if (path !== SPEC_PATH) return JSON.parse(readFileSync(path, 'utf8')) as KinesisSpec;
  cached ??= JSON.parse(readFileSync(path, 'utf8')) as KinesisSpec;
  return cached;
}

/** The schema node a JSON Pointer names (RFC 6901). */
export function schemaAt(root: JsonSchema, pointer: string): JsonSchema {
  let node: unknown = root;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = (node as Record<string, unknown>)[key];
    if (node === undefined) throw new Error(`no schema at ${pointer}`);
  }
  return node as JsonSchema;
}
