import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { JsonSchema } from './spec.ts';

/** Annotations the spec writes into its schemas: carried, never validated. */
export const ANNOTATIONS = ['x-shape', 'x-pattern', 'x-smithy-type', 'x-streaming', 'x-timestamp', 'x-union', 'x-event-stream'];

/** Strict base64 as AWS decodes blobs: length a multiple of 4, the standard alphabet, padding only at the end. */
export function isBase64(text: string): boolean {
  return text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text) && Buffer.from(text, 'base64').toString('base64') === text;
}

/** The same strings as isBase64, as a pattern (the bits a shorter last group leaves over must be zero). */
export const CANONICAL_BASE64 = '^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/][AQgw]==|[A-Za-z0-9+/]{2}[AEIMQUYcgkosw048]=)?$';

/**
 * Ajv (draft 2020-12) that understands the spec's schemas: `x-blob` checks that a blob is base64 and
 * that its decoded size is within {minBytes, maxBytes}; the other x- keywords are annotations.
 */
export function createSpecAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  for (const keyword of ANNOTATIONS) ajv.addKeyword({ keyword });
  ajv.addKeyword({
    keyword: 'x-blob',
    type: 'string',
    schemaType: 'object',
    errors: true,
    validate: function blob(this: unknown, limits: { minBytes?: number; maxBytes?: number }, data: string) {
      const self = blob as typeof blob & { errors?: Array<{ keyword: string; message: string; params: Record<string, unknown> }> };
      if (!isBase64(data)) {
        self.errors = [{ keyword: 'x-blob', message: 'must be base64', params: { base64: false } }];
        return false;
      }
      const bytes = Buffer.from(data, 'base64').length;
      if ((limits.minBytes !== undefined && bytes < limits.minBytes) || (limits.maxBytes !== undefined && bytes > limits.maxBytes)) {
        self.errors = [{ keyword: 'x-blob', message: `must be ${limits.minBytes ?? 0}..${limits.maxBytes ?? '∞'} bytes`, params: { bytes } }];
        return false;
      }
      return true;
    },
  });
  return ajv;
}

let shared: Ajv2020 | undefined;
const compiled = new WeakMap<JsonSchema, ValidateFunction>();

/** A cached validator for one of the spec's schemas. */
export function validatorFor(schema: JsonSchema): ValidateFunction {
  shared ??= createSpecAjv();
  let fn = compiled.get(schema);
  if (!fn) {
    fn = shared.compile(schema);
    compiled.set(schema, fn);
  }
  return fn;
}
