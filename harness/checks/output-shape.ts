import type { ErrorObject, ValidateFunction } from 'ajv';
import { createSpecAjv } from '../generators/ajv.ts';
import { loadSpec, type JsonSchema, type KinesisSpec } from '../generators/spec.ts';

/**
 * Smithy constraint traits (length, pattern, range, enum) describe what a service accepts, not what
 * clients may reject in an answer: AWS itself answers `"EnhancedMonitoring": [{"ShardLevelMetrics": []}]`
 * for a fresh stream (aws-observed.md A) although the model's MetricsNameList has length min 1, and
 * services add enum values over time. An answer is therefore checked for JSON types and required
 * members only; unknown extra members are allowed (AWS adds output members without notice).
 */
const CONSTRAINT_KEYWORDS = new Set(['minLength', 'maxLength', 'pattern', 'minimum', 'maximum', 'minItems', 'maxItems', 'minProperties', 'maxProperties', 'enum', 'const']);

export function structuralSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(structuralSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (CONSTRAINT_KEYWORDS.has(key)) continue;
    // A blob must still be base64, whatever its size.
    if (key === 'x-blob') out[key] = {};
    else if (key === 'properties' && value && typeof value === 'object') {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, s]) => [name, structuralSchema(s)]));
    } else out[key] = structuralSchema(value);
  }
  return out;
}

export const OUTPUT_SHAPE_REF =
  "model: each operation's output structure (member JSON types and @required members; constraint traits are not applied to answers, since AWS answers EnhancedMonitoring [{ShardLevelMetrics: []}] against MetricsNameList length min 1, aws-observed.md A); awsJson1_1: absent members are omitted, not null";

let spec: KinesisSpec | undefined;
const validators = new Map<string, ValidateFunction | null>();
let ajv: ReturnType<typeof createSpecAjv> | undefined;

function validatorOf(operation: string): ValidateFunction | null {
  if (validators.has(operation)) return validators.get(operation)!;
  spec ??= loadSpec();
  const output = spec.operations[operation]?.output;
  ajv ??= createSpecAjv();
  const fn = output ? ajv.compile(structuralSchema(output.schema) as JsonSchema) : null;
  validators.set(operation, fn);
  return fn;
}

function describe(error: ErrorObject, body: unknown): string {
  const where = error.instancePath || '(top level)';
  if (error.keyword === 'required') return `${where}: missing required member ${String(error.params['missingProperty'])}`;
  const value = error.instancePath.split('/').slice(1).reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), body);
  return `${where}: ${error.message ?? error.keyword}, got ${JSON.stringify(value)?.slice(0, 80)}`;
}

/**
 * The ways a successful JSON answer of `operation` departs from the model's output shape (empty when
 * it conforms), or null when the spec has no output shape for it (empty-output operations).
 */
export function outputShapeViolations(operation: string, body: unknown): string[] | null {
  const validate = validatorOf(operation);
  if (!validate) return null;
  if (validate(body ?? {})) return [];
  return (validate.errors ?? []).map((e) => describe(e, body));
}
