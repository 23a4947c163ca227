/**
 * Derives specs/kinesis.spec.json from the official Smithy model of Kinesis.
 *
 *   npx tsx scripts/generate-spec.ts [path-to-model]
 *
 * Default model: ../shared/reference/kinesis-2013-12-02.smithy.json (beside the project). The output is
 * deterministic (sorted keys and lists, enums in the model's order) so a model update is a reviewable diff.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../harness/paths.ts';
import {
  SPEC_PATH,
  type Constraint,
  type ErrorSpec,
  type JsonSchema,
  type JsonType,
  type KinesisSpec,
  type MemberFact,
  type OperationSpec,
  type PatternFact,
  type ReportedAs,
  type SmithyType,
} from '../harness/generators/spec.ts';

export const DEFAULT_MODEL_PATH = join(PACKAGE_ROOT, '..', 'shared', 'reference', 'kinesis-2013-12-02.smithy.json');

type Traits = Record<string, unknown>;
interface ShapeRef {
  target: string;
  traits?: Traits;
}
interface Shape {
  type: string;
  traits?: Traits;
  members?: Record<string, ShapeRef>;
  member?: ShapeRef;
  key?: ShapeRef;
  value?: ShapeRef;
  input?: ShapeRef;
  output?: ShapeRef;
  errors?: ShapeRef[];
  operations?: ShapeRef[];
  version?: string;
}
interface SmithyModel {
  smithy: string;
  shapes: Record<string, Shape>;
}

const DOC = 'smithy.api#documentation';
const LENGTH = 'smithy.api#length';
const PATTERN = 'smithy.api#pattern';
const RANGE = 'smithy.api#range';
const REQUIRED = 'smithy.api#required';
const ENUM_VALUE = 'smithy.api#enumValue';
const UNIT = 'smithy.api#Unit';

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** First sentence of a documentation string, without markup, on one line. */
export function docLine(html: unknown): string {
  if (typeof html !== 'string') return '';
  const text = html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length <= 200) return text;
  const sentence = /^(.+?[.!?])(\s|$)/.exec(text)?.[1] ?? text;
  return sentence.length > 200 ? `${sentence.slice(0, 199)}…` : sentence;
}

/**
 * Smithy patterns are not anchored; AWS matches them against the whole value and prints the pattern
 * without anchors (aws-observed B.5: `[a-zA-Z0-9_.-]+`, `0|([1-9]\d{0,38})`). Today's model writes
 * `^...$` around most of them, so the printed text is the model text without its outer anchors.
 */
export function patternFact(model: string): PatternFact {
  let aws = model;
  if (aws.startsWith('^')) aws = aws.slice(1);
  if (aws.endsWith('$') && !aws.endsWith('\\$')) aws = aws.slice(0, -1);
  return { model, aws, anchored: `^(?:${aws})$` };
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function pointerSegment(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function jsonTypeOf(type: SmithyType): JsonType {
  switch (type) {
    case 'string':
    case 'enum':
    case 'blob':
      return 'string';
    case 'integer':
    case 'long':
      return 'integer';
    case 'timestamp':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'list':
      return 'array';
    default:
      return 'object';
  }
}

const SMITHY_TYPES: readonly string[] = ['string', 'enum', 'integer', 'long', 'boolean', 'blob', 'timestamp', 'list', 'map', 'structure', 'union'];

class Builder {
  constructor(private readonly model: SmithyModel) {}

  shape(id: string): Shape {
    const shape = this.model.shapes[id];
    if (!shape) throw new Error(`shape ${id} not in the model`);
    return shape;
  }

  typeOf(id: string): SmithyType {
    const type = this.shape(id).type;
    if (!SMITHY_TYPES.includes(type)) throw new Error(`${id}: unsupported shape type ${type}`);
    return type as SmithyType;
  }

  /** Constraint traits of a member: those of its target shape, overridden by the member's own. */
  traitsOf(ref: ShapeRef): Traits {
    return { ...(this.shape(ref.target).traits ?? {}), ...(ref.traits ?? {}) };
  }

  enumValues(id: string): string[] {
    const shape = this.shape(id);
    return Object.entries(shape.members ?? {}).map(([name, m]) => String(m.traits?.[ENUM_VALUE] ?? name));
  }

  /** JSON Schema of a value of the target shape (inline; the Kinesis model has no recursion). */
  schema(ref: ShapeRef, seen: string[] = []): JsonSchema {
    const id = ref.target;
    if (seen.includes(id)) throw new Error(`recursive shape ${id}: not supported`);
    const shape = this.shape(id);
    const type = this.typeOf(id);
    const traits = this.traitsOf(ref);
    const length = traits[LENGTH] as { min?: number; max?: number } | undefined;
    const range = traits[RANGE] as { min?: number; max?: number } | undefined;
    const out: JsonSchema = { 'x-shape': id };
    switch (type) {
      case 'string':
        out['type'] = 'string';
        if (length?.min !== undefined) out['minLength'] = length.min;
        if (length?.max !== undefined) out['maxLength'] = length.max;
        if (typeof traits[PATTERN] === 'string') {
          const p = patternFact(traits[PATTERN]);
          out['pattern'] = p.anchored;
          out['x-pattern'] = { aws: p.aws, model: p.model };
        }
        break;
      case 'enum':
        out['type'] = 'string';
        out['enum'] = this.enumValues(id);
        break;
      case 'integer':
      case 'long':
        out['type'] = 'integer';
        out['x-smithy-type'] = type;
        if (range?.min !== undefined) out['minimum'] = range.min;
        if (range?.max !== undefined) out['maximum'] = range.max;
        break;
      case 'boolean':
        out['type'] = 'boolean';
        break;
      case 'blob':
        // Blobs travel as base64 text; their length limits count decoded bytes.
        out['type'] = 'string';
        out['contentEncoding'] = 'base64';
        out['x-blob'] = { ...(length?.min !== undefined ? { minBytes: length.min } : {}), ...(length?.max !== undefined ? { maxBytes: length.max } : {}) };
        if (shape.traits?.['smithy.api#streaming']) out['x-streaming'] = true;
        break;
      case 'timestamp':
        // awsJson1_1 writes timestamps as epoch seconds (fractions allowed).
        out['type'] = 'number';
        out['x-timestamp'] = 'epoch-seconds';
        break;
      case 'list':
        out['type'] = 'array';
        out['items'] = this.schema(shape.member!, [...seen, id]);
        if (length?.min !== undefined) out['minItems'] = length.min;
        if (length?.max !== undefined) out['maxItems'] = length.max;
        break;
      case 'map':
        out['type'] = 'object';
        out['propertyNames'] = this.schema(shape.key!, [...seen, id]);
        out['additionalProperties'] = this.schema(shape.value!, [...seen, id]);
        if (length?.min !== undefined) out['minProperties'] = length.min;
        if (length?.max !== undefined) out['maxProperties'] = length.max;
        break;
      case 'structure':
      case 'union': {
        out['type'] = 'object';
        const members = Object.keys(shape.members ?? {}).sort(byName);
        out['properties'] = Object.fromEntries(members.map((m) => [m, this.schema(shape.members![m]!, [...seen, id])]));
        const required = members.filter((m) => shape.members![m]!.traits?.[REQUIRED] !== undefined);
        if (required.length > 0 && type === 'structure') out['required'] = required;
        if (type === 'union') {
          // A union holds exactly one of its members.
          out['minProperties'] = 1;
          out['maxProperties'] = 1;
          out['x-union'] = true;
          if (shape.traits?.['smithy.api#streaming']) out['x-event-stream'] = true;
        }
        break;
      }
    }
    return out;
  }

  /** Facts of every input member, nested ones included. */
  memberFacts(inputId: string): MemberFact[] {
    const facts: MemberFact[] = [];
    const walk = (containerId: string, memberName: string, ref: ShapeRef, where: { path: string; awsPath: string; reportedAs: ReportedAs; pointer: string; required: boolean }) => {
      const target = ref.target;
      const type = this.typeOf(target);
      const traits = this.traitsOf(ref);
      const memberId = `${containerId}$${memberName}`;
      const constraints: Constraint[] = [];
      const length = traits[LENGTH] as { min?: number; max?: number } | undefined;
      const range = traits[RANGE] as { min?: number; max?: number } | undefined;
      const lengthRef = { shape: ref.traits?.[LENGTH] ? memberId : target, trait: LENGTH };
      const rangeRef = { shape: ref.traits?.[RANGE] ? memberId : target, trait: RANGE };
      const sized = type === 'list' || type === 'map' ? 'items' : 'length';
      if (length?.min !== undefined) constraints.push({ rule: `${sized}.min`, value: length.min, ref: lengthRef });
      if (length?.max !== undefined) constraints.push({ rule: `${sized}.max`, value: length.max, ref: lengthRef });
      if (typeof traits[PATTERN] === 'string') constraints.push({ rule: 'pattern', pattern: patternFact(traits[PATTERN]), ref: { shape: ref.traits?.[PATTERN] ? memberId : target, trait: PATTERN } });
      if (type === 'enum') constraints.push({ rule: 'enum', values: this.enumValues(target), ref: { shape: target, trait: 'smithy.api#enum' } });
      if (range?.min !== undefined) constraints.push({ rule: 'range.min', value: range.min, ref: rangeRef });
      if (range?.max !== undefined) constraints.push({ rule: 'range.max', value: range.max, ref: rangeRef });
      if (where.required) constraints.push({ rule: 'required', value: true, ref: { shape: memberId, trait: REQUIRED } });
      // JSON object keys are always strings: a map key cannot have the wrong JSON type.
      if (where.reportedAs !== 'map-key') constraints.push({ rule: 'type', value: jsonTypeOf(type), ref: { shape: target, trait: `type ${type}` } });
      facts.push({
        path: where.path,
        awsPath: where.awsPath,
        reportedAs: where.reportedAs,
        member: memberName,
        memberId,
        shape: target,
        smithyType: type,
        jsonType: jsonTypeOf(type),
        required: where.required,
        schemaPointer: where.pointer,
        doc: docLine(ref.traits?.[DOC] ?? this.shape(target).traits?.[DOC]),
        constraints,
      });
      const shape = this.shape(target);
      if (type === 'structure' || type === 'union') {
        for (const [child, childRef] of Object.entries(shape.members ?? {})) {
          walk(target, child, childRef, {
            path: `${where.path}.${child}`,
            awsPath: `${where.awsPath}.${lowerFirst(child)}`,
            reportedAs: 'member',
            pointer: `${where.pointer}/properties/${pointerSegment(child)}`,
            required: type === 'structure' && childRef.traits?.[REQUIRED] !== undefined,
          });
        }
      } else if (type === 'list') {
        const element = shape.member!;
        const structured = ['structure', 'union'].includes(this.typeOf(element.target));
        // AWS reports members of structures in a list by index; constraints of simple elements at the list.
        walk(target, 'member', element, {
          path: `${where.path}.member`,
          awsPath: structured ? `${where.awsPath}.{index}.member` : where.awsPath,
          reportedAs: structured ? 'member' : 'list-member',
          pointer: `${where.pointer}/items`,
          required: false,
        });
      } else if (type === 'map') {
        walk(target, 'key', shape.key!, { path: `${where.path}.key`, awsPath: where.awsPath, reportedAs: 'map-key', pointer: `${where.pointer}/propertyNames`, required: false });
        walk(target, 'value', shape.value!, { path: `${where.path}.value`, awsPath: where.awsPath, reportedAs: 'map-value', pointer: `${where.pointer}/additionalProperties`, required: false });
      }
    };
    const input = this.shape(inputId);
    for (const [name, ref] of Object.entries(input.members ?? {})) {
      walk(inputId, name, ref, { path: name, awsPath: lowerFirst(name), reportedAs: 'member', pointer: `/properties/${pointerSegment(name)}`, required: ref.traits?.[REQUIRED] !== undefined });
    }
    return facts.sort((a, b) => byName(a.path, b.path));
  }
}

function shortName(id: string): string {
  return id.slice(id.indexOf('#') + 1);
}

export function buildSpec(model: SmithyModel, modelBytes: Uint8Array, modelName: string): KinesisSpec {
  const b = new Builder(model);
  const serviceEntry = Object.entries(model.shapes).find(([, s]) => s.type === 'service');
  if (!serviceEntry) throw new Error('no service shape in the model');
  const [serviceId, service] = serviceEntry;
  const targetPrefix = shortName(serviceId);
  const sigv4 = service.traits?.['aws.auth#sigv4'] as { name?: string } | undefined;
  if (!service.traits?.['aws.protocols#awsJson1_1']) throw new Error(`${serviceId} does not use awsJson1_1`);

  const errors: Record<string, ErrorSpec> = {};
  const operations: Record<string, OperationSpec> = {};
  const opIds = (service.operations ?? []).map((o) => o.target).sort((x, y) => byName(shortName(x), shortName(y)));
  for (const opId of opIds) {
    const op = b.shape(opId);
    const name = shortName(opId);
    const errorNames: string[] = [];
    for (const e of op.errors ?? []) {
      const errorShape = b.shape(e.target);
      const fault = errorShape.traits?.['smithy.api#error'] === 'server' ? 'server' : 'client';
      const httpError = errorShape.traits?.['smithy.api#httpError'];
      errors[shortName(e.target)] ??= {
        shapeId: e.target,
        fault,
        httpStatus: typeof httpError === 'number' ? httpError : fault === 'server' ? 500 : 400,
        httpStatusRef: typeof httpError === 'number' ? `${e.target} smithy.api#httpError` : `${e.target} smithy.api#error "${fault}" without smithy.api#httpError: awsJson1_1 default ${fault === 'server' ? 500 : 400}`,
        doc: docLine(errorShape.traits?.[DOC]),
      };
      errorNames.push(shortName(e.target));
    }
    const input = op.input && op.input.target !== UNIT ? op.input.target : null;
    const output = op.output && op.output.target !== UNIT ? op.output.target : null;
    operations[name] = {
      shapeId: opId,
      target: `${targetPrefix}.${name}`,
      doc: docLine(op.traits?.[DOC]),
      input: input ? { shapeId: input, schema: b.schema({ target: input }) } : null,
      output: output ? { shapeId: output, schema: b.schema({ target: output }) } : null,
      errors: errorNames.sort(byName),
      members: input ? b.memberFacts(input) : [],
    };
  }
  const sortedErrors = Object.fromEntries(Object.keys(errors).sort(byName).map((k) => [k, errors[k]!]));
  return {
    specVersion: 1,
    generatedBy: 'scripts/generate-spec.ts',
    source: { model: modelName, sha256: createHash('sha256').update(modelBytes).digest('hex'), smithy: model.smithy, service: serviceId },
    service: {
      shapeId: serviceId,
      apiVersion: service.version ?? '',
      targetPrefix,
      protocol: 'awsJson1_1',
      contentType: 'application/x-amz-json-1.1',
      timestamps: 'epoch-seconds',
      signingName: sigv4?.name ?? '',
    },
    errors: sortedErrors,
    operations,
  };
}

/** The committed bytes: two-space JSON and a final newline. */
export function renderSpec(spec: KinesisSpec): string {
  return `${JSON.stringify(spec, null, 2)}\n`;
}

export function generateSpecFile(modelPath: string): string {
  const bytes = readFileSync(modelPath);
  return renderSpec(buildSpec(JSON.parse(bytes.toString('utf8')) as SmithyModel, bytes, basename(modelPath)));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const modelPath = resolve(process.argv[2] ?? DEFAULT_MODEL_PATH);
  if (!existsSync(modelPath)) {
    process.stderr.write(`generate-spec: no model at ${modelPath}\n`);
    process.exit(2);
  }
  const text = generateSpecFile(modelPath);
  writeFileSync(SPEC_PATH, text);
  const spec = JSON.parse(text) as KinesisSpec;
  const members = Object.values(spec.operations).flatMap((o) => o.members);
  process.stdout.write(`wrote ${SPEC_PATH}: ${Object.keys(spec.operations).length} operations, ${members.length} input members, ${members.reduce((n, m) => n + m.constraints.length, 0)} constraints\n`);
}
