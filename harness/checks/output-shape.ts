import { _, type ErrorObject, type KeywordCxt, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { usePattern } from 'ajv/dist/vocabularies/code.js';
import { ANNOTATIONS, CANONICAL_BASE64 } from '../generators/ajv.ts';
import { loadSpec } from '../generators/spec.ts';
import { cachedValidators } from '../spec/compiled-schemas.ts';

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

const OPTIONS = { allErrors: true, strict: true } as const;

/** A blob in an answer must be base64, whatever its size. Code, not a function: compiled code can then be stored. */
function blobCode(cxt: KeywordCxt): void {
  cxt.fail(_`!${usePattern(cxt, CANONICAL_BASE64)}.test(${cxt.data})`);
}

let validators: Record<string, ValidateFunction> | undefined;

/** Every operation's output validator, compiled together once per machine (harness/spec/compiled-schemas.ts). */
function outputValidators(): Record<string, ValidateFunction> {
  if (validators) return validators;
  const schemas = Object.fromEntries(Object.entries(loadSpec().operations).flatMap(([operation, o]) => (o.output ? [[operation, structuralSchema(o.output.schema)]] : [])));
  const build = () => {
    const ajv = new Ajv2020({ ...OPTIONS, code: { source: true } });
    for (const keyword of ANNOTATIONS) ajv.addKeyword({ keyword });
    ajv.addKeyword({ keyword: 'x-blob', type: 'string', schemaType: 'object', error: { message: 'must be base64' }, code: blobCode });
    for (const [operation, schema] of Object.entries(schemas)) ajv.addSchema(schema as object, operation);
    return { ajv, refs: Object.fromEntries(Object.keys(schemas).map((o) => [o, o])) };
  };
  const identity = ['output-shapes', JSON.stringify(OPTIONS), JSON.stringify(ANNOTATIONS), CANONICAL_BASE64, String(blobCode), JSON.stringify(schemas)].join('\n');
  validators = cachedValidators(identity, build);
  return validators;
}

function validatorOf(operation: string): ValidateFunction | null {
  return outputValidators()[operation] ?? null;
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
