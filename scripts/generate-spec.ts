/**
 * Derives specs/kinesis.spec.json from the official Smithy model of Kinesis.
 *
 *   npx tsx scripts/generate-spec.ts [path-to-model]
 *
 * Default model: ../shared/reference/kinesis-2013-12-02.smithy.json (beside the project). Also writes
 * harness/spec/operations.ts, the operation names as a TypeScript type. The output is
 * deterministic (sorted keys and lists, enums in the model's order) so a model update is a reviewable diff.
 *
 * Operations the model lacks but the installed @aws-sdk/client-kinesis has (issue 3) are added from the
 * SDK's embedded schema and its published .d.ts types; without the SDK nothing is added.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { PACKAGE_ROOT } from '../harness/paths.ts';
import {
  SPEC_PATH,
  type Constraint,
  type ErrorSpec,
  type JsonSchema,
  type JsonType,
  type KinesisSpec,
  type MemberFact,
  type OperationSource,
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
 * Smithy patterns are not anchored; AWS matches them against the whole value and prints the pattern as
 * the service model (botocore service-2.json, from which the API reference is generated) writes it
 * (aws-observed B.5: `[a-zA-Z0-9_.-]+`, `0|([1-9]\d{0,38})`). That model writes every Kinesis pattern
 * unanchored except ConsumerARN, which keeps its leading caret (aws-observed §E "Pattern anchors";
 * also in paws, generated from service-2.json: DeregisterStreamConsumerInput ConsumerARN). Today's
 * Smithy model writes `^...$` around all of them, a conversion artefact: the printed text is the
 * service model's form, never the Smithy text stripped wholesale.
 */
const SERVICE_MODEL_FORM: Record<string, string> = {
  '^(arn):aws.*:kinesis:.*:\\d{12}:.*stream\\/[a-zA-Z0-9_.-]+\\/consumer\\/[a-zA-Z0-9_.-]+:[0-9]+$': '^(arn):aws.*:kinesis:.*:\\d{12}:.*stream\\/[a-zA-Z0-9_.-]+\\/consumer\\/[a-zA-Z0-9_.-]+:[0-9]+',
};

export function patternFact(model: string): PatternFact {
  let bare = model;
  if (bare.startsWith('^')) bare = bare.slice(1);
  if (bare.endsWith('$') && !bare.endsWith('\\$')) bare = bare.slice(0, -1);
  return { model, aws: SERVICE_MODEL_FORM[model] ?? bare, anchored: `^(?:${bare})$` };
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

// ---- Operations from the newest @aws-sdk/client-kinesis (issue 3) --------------------------------

export const SDK_PACKAGE = '@aws-sdk/client-kinesis';
export const DEFAULT_SDK_DIR = join(PACKAGE_ROOT, 'node_modules', '@aws-sdk', 'client-kinesis');
const SDK_CONSTRAINTS = 'the SDK publishes no length, pattern or range traits; only types, required members and enums';
/** The SDK names no target shape for plain members: they point at Smithy prelude shapes, which carry no traits. */
const PRELUDE: Record<string, string> = { string: 'smithy.api#String', integer: 'smithy.api#Integer', long: 'smithy.api#Long', boolean: 'smithy.api#Boolean', timestamp: 'smithy.api#Timestamp', blob: 'smithy.api#Blob' };
/** Lists and maps the SDK writes inline (`64 | x`, `128 | x`) have no name either; the SDK's own namespace for synthetic shapes. */
const SYNTHETIC_NS = 'smithy.ts.sdk.synthetic.com.amazonaws.kinesis';

/* Schema codes of @smithy/core (SCHEMA in @smithy/core/schema), checked against the d.ts type of every member. */
const CODE_STRING = 0;
const CODE_NUMERIC = 1;
const CODE_BOOLEAN = 2;
const CODE_TIMESTAMP_DEFAULT = 4;
const CODE_TIMESTAMP_EPOCH_SECONDS = 7;
const CODE_BLOB = 21;
const LIST_MODIFIER = 64;
const MAP_MODIFIER = 128;
const KIND_LIST = 1;
const KIND_MAP = 2;
const KIND_STRUCTURE = 3;
const KIND_OPERATION = 9;

interface DtsMember {
  optional: boolean;
  /** The member's TypeScript type without `| undefined`. */
  type: string;
  doc: string;
}

/** What the SDK publishes: its runtime schema (dist-cjs) and its types (dist-types). */
export interface SdkRelease {
  version: string;
  dir: string;
  exports: Record<string, unknown>;
  interfaces: Map<string, Map<string, DtsMember>>;
  enums: Map<string, string[]>;
  errors: Map<string, { fault: 'client' | 'server'; doc: string }>;
  commands: Map<string, { doc: string; throws: string[] }>;
  /** int or long per member name, from the commands' examples (`Number("int")`): the schema says only "numeric". */
  numberKinds: Map<string, Set<'integer' | 'long'>>;
}

/** The text of the JSDoc block before a node, without its `@` tags. */
function jsDocText(source: ts.SourceFile, node: ts.Node): string {
  const text = source.getFullText();
  const ranges = ts.getLeadingCommentRanges(text, node.getFullStart()) ?? [];
  const last = ranges.filter((r) => text.startsWith('/**', r.pos)).at(-1);
  if (!last) return '';
  const body = text
    .slice(last.pos + 3, last.end - 2)
    .split('\n')
    .map((l) => l.replace(/^\s*\*\s?/, ''));
  const tag = body.findIndex((l) => l.trimStart().startsWith('@'));
  return (tag < 0 ? body : body.slice(0, tag)).join(' ');
}

function parseDts(path: string): ts.SourceFile {
  return ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
}

function readInterfaces(path: string, into: Map<string, Map<string, DtsMember>>): void {
  const source = parseDts(path);
  for (const st of source.statements) {
    if (!ts.isInterfaceDeclaration(st)) continue;
    const members = new Map<string, DtsMember>();
    for (const m of st.members) {
      if (!ts.isPropertySignature(m) || !m.type) continue;
      const type = m.type.getText(source).replace(/\s*\|\s*undefined$/, '');
      members.set(m.name.getText(source), { optional: m.questionToken !== undefined, type, doc: jsDocText(source, m) });
    }
    into.set(st.name.text, members);
  }
}

/** `export declare const X: { readonly K: "V"; ... }` in declaration order. */
function readEnums(path: string): Map<string, string[]> {
  const source = parseDts(path);
  const enums = new Map<string, string[]>();
  for (const st of source.statements) {
    if (!ts.isVariableStatement(st)) continue;
    for (const d of st.declarationList.declarations) {
      if (!ts.isIdentifier(d.name) || !d.type || !ts.isTypeLiteralNode(d.type)) continue;
      const values = d.type.members.flatMap((m) => (ts.isPropertySignature(m) && m.type && ts.isLiteralTypeNode(m.type) && ts.isStringLiteral(m.type.literal) ? [m.type.literal.text] : []));
      enums.set(d.name.text, values);
    }
  }
  return enums;
}

/** `export declare class X extends __BaseException { readonly $fault: "client"; }` */
function readErrors(path: string): Map<string, { fault: 'client' | 'server'; doc: string }> {
  const source = parseDts(path);
  const errors = new Map<string, { fault: 'client' | 'server'; doc: string }>();
  for (const st of source.statements) {
    if (!ts.isClassDeclaration(st) || !st.name) continue;
    const fault = st.members.find((m) => ts.isPropertyDeclaration(m) && m.name.getText(source) === '$fault');
    const text = fault && ts.isPropertyDeclaration(fault) ? fault.type?.getText(source) : undefined;
    if (text === '"client"' || text === '"server"') errors.set(st.name.text, { fault: text === '"server"' ? 'server' : 'client', doc: jsDocText(source, st) });
  }
  return errors;
}

/** Loads the installed SDK; null when it is absent. */
export function loadSdk(dir: string = DEFAULT_SDK_DIR): SdkRelease | null {
  if (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'dist-cjs', 'index.js'))) return null;
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
  if (pkg.name !== SDK_PACKAGE || !pkg.version) throw new Error(`${dir} is not ${SDK_PACKAGE}`);
  const exports = createRequire(import.meta.url)(join(dir, 'dist-cjs', 'index.js')) as Record<string, unknown>;
  const types = join(dir, 'dist-types');
  const interfaces = new Map<string, Map<string, DtsMember>>();
  for (const f of readdirSync(join(types, 'models')).sort()) if (/^models_\d+\.d\.ts$/.test(f)) readInterfaces(join(types, 'models', f), interfaces);
  const commands = new Map<string, { doc: string; throws: string[] }>();
  const numberKinds = new Map<string, Set<'integer' | 'long'>>();
  for (const f of readdirSync(join(types, 'commands')).sort()) {
    const op = /^(\w+)Command\.d\.ts$/.exec(f)?.[1];
    if (!op) continue;
    const text = readFileSync(join(types, 'commands', f), 'utf8');
    const block = /\/\*\*((?:(?!\*\/)[\s\S])*?@throws[\s\S]*?)\*\//.exec(text)?.[1] ?? '';
    const lines = block.split('\n').map((l) => l.replace(/^\s*\*\s?/, ''));
    const tag = lines.findIndex((l) => l.trimStart().startsWith('@'));
    const throws = [...block.matchAll(/@throws \{@link (\w+)\}/g)].map((m) => m[1]!).filter((e) => e !== 'KinesisServiceException');
    commands.set(op, { doc: (tag < 0 ? lines : lines.slice(0, tag)).join(' '), throws: [...new Set(throws)].sort(byName) });
    for (const m of text.matchAll(/(\w+): Number\("(int|long)"\)/g)) {
      const kinds = numberKinds.get(m[1]!) ?? new Set();
      kinds.add(m[2] === 'long' ? 'long' : 'integer');
      numberKinds.set(m[1]!, kinds);
    }
  }
  return { version: pkg.version, dir, exports, interfaces, enums: readEnums(join(types, 'models', 'enums.d.ts')), errors: readErrors(join(types, 'models', 'errors.d.ts')), commands, numberKinds };
}

type SchemaNode = unknown;

/** Translates the SDK's schema of some operations into Smithy-like shapes, cross-checking the d.ts types. */
class SdkShapes {
  readonly shapes: Record<string, Shape> = {};
  /** Where each synthetic shape's type comes from, for constraint refs. */
  readonly typeRefs = new Map<string, string>();

  constructor(private readonly sdk: SdkRelease) {
    for (const [type, id] of Object.entries(PRELUDE)) this.shapes[id] = { type };
  }

  private deref(node: SchemaNode): SchemaNode {
    return typeof node === 'function' ? (node as () => SchemaNode)() : node;
  }

  /** A member schema is a schema, or `[schema, memberTraits]`. */
  private memberSchema(node: SchemaNode): SchemaNode {
    const n = this.deref(node);
    if (Array.isArray(n) && n.length === 2 && typeof n[1] !== 'string') return this.deref(n[0]);
    return n;
  }

  /** Registers a structure schema `[3, ns, name, traits, names, schemas, requiredCount]`; returns its id. */
  structure(node: SchemaNode): string {
    const s = this.deref(node) as unknown[];
    if (!Array.isArray(s) || s[0] !== KIND_STRUCTURE) throw new Error(`SDK schema: expected a structure, got ${JSON.stringify(s)?.slice(0, 80)}`);
    const [, ns, name, , names, schemas, requiredCount] = s as [number, string, string, unknown, string[], SchemaNode[], number | undefined];
    const id = `${ns}#${name}`;
    if (this.shapes[id]) return id;
    this.shapes[id] = { type: 'structure', members: {} };
    // The d.ts renames shapes that clash with TypeScript globals (`Record` is `_Record`).
    const dts = this.sdk.interfaces.get(name) ?? this.sdk.interfaces.get(`_${name}`);
    if (!dts) throw new Error(`SDK: no interface ${name} in dist-types/models`);
    const schemaRequired = names.slice(0, requiredCount ?? 0);
    const dtsRequired = [...dts.entries()].filter(([, m]) => !m.optional).map(([n]) => n);
    if ([...schemaRequired].sort(byName).join() !== [...dtsRequired].sort(byName).join()) {
      throw new Error(`SDK: ${name} required members disagree: schema ${schemaRequired.join(',')} vs d.ts ${dtsRequired.join(',')}`);
    }
    if ([...names].sort(byName).join() !== [...dts.keys()].sort(byName).join()) throw new Error(`SDK: ${name} members disagree between schema and d.ts`);
    const members: Record<string, ShapeRef> = {};
    names.forEach((member, i) => {
      const d = dts.get(member)!;
      const target = this.target(this.memberSchema(schemas[i]), d.type, `${name}_${member}`, member);
      members[member] = { target, traits: { ...(schemaRequired.includes(member) ? { [REQUIRED]: {} } : {}), ...(d.doc ? { [DOC]: d.doc } : {}) } };
    });
    this.shapes[id]!.members = members;
    return id;
  }

  /** The shape id a member schema points at, checked against the member's d.ts type. */
  private target(node: SchemaNode, dtsType: string, anonymous: string, memberName: string): string {
    const mismatch = (what: string) => new Error(`SDK: ${anonymous}: schema says ${what}, d.ts says ${dtsType}`);
    if (typeof node === 'number') {
      if (node & LIST_MODIFIER || node & MAP_MODIFIER) {
        const isList = (node & LIST_MODIFIER) !== 0;
        const element = node & ~(LIST_MODIFIER | MAP_MODIFIER);
        const inner = isList ? /^(\w+)\[\]$/.exec(dtsType)?.[1] : /^Record<string, (\w+)>$/.exec(dtsType)?.[1];
        if (!inner) throw mismatch(isList ? 'list' : 'map');
        return this.collection(isList, element, inner, `${SYNTHETIC_NS}#${anonymous}`, memberName);
      }
      switch (node) {
        case CODE_STRING:
          if (dtsType === 'string') return PRELUDE['string']!;
          if (this.sdk.enums.has(dtsType)) return this.enumShape(dtsType);
          throw mismatch('string');
        case CODE_NUMERIC: {
          if (dtsType !== 'number') throw mismatch('numeric');
          const kinds = this.sdk.numberKinds.get(memberName);
          if (!kinds || kinds.size !== 1) throw new Error(`SDK: ${anonymous}: numeric, and the command examples do not say int or long`);
          return PRELUDE[[...kinds][0]!]!;
        }
        case CODE_BOOLEAN:
          if (dtsType !== 'boolean') throw mismatch('boolean');
          return PRELUDE['boolean']!;
        case CODE_TIMESTAMP_DEFAULT:
        case CODE_TIMESTAMP_EPOCH_SECONDS:
          if (dtsType !== 'Date') throw mismatch('timestamp');
          return PRELUDE['timestamp']!;
        case CODE_BLOB:
          if (dtsType !== 'Uint8Array') throw mismatch('blob');
          return PRELUDE['blob']!;
        default:
          throw new Error(`SDK: ${anonymous}: unsupported schema code ${node}`);
      }
    }
    const s = node as unknown[];
    if (Array.isArray(s) && s[0] === KIND_STRUCTURE) {
      if (s[2] !== dtsType && `_${String(s[2])}` !== dtsType) throw mismatch(`structure ${String(s[2])}`);
      return this.structure(s);
    }
    if (Array.isArray(s) && (s[0] === KIND_LIST || s[0] === KIND_MAP)) {
      const isList = s[0] === KIND_LIST;
      const inner = isList ? /^(\w+)\[\]$/.exec(dtsType)?.[1] : /^Record<string, (\w+)>$/.exec(dtsType)?.[1];
      if (!inner) throw mismatch(isList ? 'list' : 'map');
      return this.collection(isList, this.memberSchema(isList ? s[4] : s[5]), inner, `${String(s[1])}#${String(s[2])}`, memberName);
    }
    throw new Error(`SDK: ${anonymous}: unsupported schema ${JSON.stringify(s)?.slice(0, 80)}`);
  }

  private collection(isList: boolean, element: SchemaNode, elementType: string, id: string, memberName: string): string {
    if (!this.shapes[id]) {
      this.shapes[id] = { type: isList ? 'list' : 'map' };
      const ref = { target: this.target(element, elementType, `${shortName(id)}_member`, memberName) };
      if (isList) this.shapes[id]!.member = ref;
      else Object.assign(this.shapes[id]!, { key: { target: PRELUDE['string']! }, value: ref });
    }
    return id;
  }

  private enumShape(name: string): string {
    const id = `com.amazonaws.kinesis#${name}`;
    this.shapes[id] ??= { type: 'enum', members: Object.fromEntries(this.sdk.enums.get(name)!.map((v) => [v, { target: UNIT, traits: { [ENUM_VALUE]: v } }])) };
    return id;
  }
}

/** Constraint refs of SDK facts name what the SDK publishes, not model traits it does not have. */
function sdkRef(c: Constraint, version: string): Constraint['ref'] {
  const at = `${SDK_PACKAGE}@${version}`;
  if (c.rule === 'required') return { shape: c.ref.shape, trait: `${at}: schema required-member count and d.ts non-optional member` };
  if (c.rule === 'enum') return { shape: c.ref.shape, trait: `${at}: dist-types/models/enums.d.ts const ${shortName(c.ref.shape)}` };
  return { shape: c.ref.shape, trait: `${at}: schema and d.ts ${c.ref.trait}` };
}

/**
 * Adds the operations the SDK has and `operations` lacks (or only those of `only`); returns their names.
 * Exported so a test can translate the model's own operations from the SDK and compare.
 */
export function addSdkOperations(sdk: SdkRelease, targetPrefix: string, operations: Record<string, OperationSpec>, errors: Record<string, ErrorSpec>, only?: readonly string[]): string[] {
  const added: string[] = [];
  const shapes = new SdkShapes(sdk);
  const ops: Array<{ name: string; opId: string; input: string | null; output: string | null }> = [];
  for (const name of [...sdk.commands.keys()].sort(byName)) {
    if (operations[name] || (only && !only.includes(name))) continue;
    const op = sdk.exports[`${name}$`] as unknown[] | undefined;
    if (!Array.isArray(op) || op[0] !== KIND_OPERATION) throw new Error(`SDK: no operation schema ${name}$`);
    const io = (n: unknown) => {
      const s = typeof n === 'function' ? (n as () => unknown)() : n;
      return s === 'unit' ? null : shapes.structure(s);
    };
    ops.push({ name, opId: `${String(op[1])}#${String(op[2])}`, input: io(op[4]), output: io(op[5]) });
  }
  const b = new Builder({ smithy: '2.0', shapes: shapes.shapes });
  const source: OperationSource = { kind: 'sdk', package: SDK_PACKAGE, version: sdk.version, constraints: SDK_CONSTRAINTS };
  for (const { name, opId, input, output } of ops) {
    const command = sdk.commands.get(name)!;
    for (const e of command.throws) {
      if (errors[e]) continue;
      const known = sdk.errors.get(e);
      if (!known) throw new Error(`SDK: ${name} throws ${e}, not in errors.d.ts`);
      const errorSchema = sdk.exports[`${e}$`] as unknown[] | undefined;
      const status = known.fault === 'server' ? 500 : 400;
      errors[e] = {
        shapeId: `${Array.isArray(errorSchema) ? String(errorSchema[1]) : 'com.amazonaws.kinesis'}#${e}`,
        fault: known.fault,
        httpStatus: status,
        httpStatusRef: `${SDK_PACKAGE}@${sdk.version} errors.d.ts $fault "${known.fault}", no HTTP status published: awsJson1_1 default ${status}`,
        doc: docLine(known.doc),
      };
    }
    operations[name] = {
      shapeId: opId,
      source,
      target: `${targetPrefix}.${name}`,
      doc: docLine(command.doc),
      input: input ? { shapeId: input, schema: b.schema({ target: input }) } : null,
      output: output ? { shapeId: output, schema: b.schema({ target: output }) } : null,
      errors: command.throws,
      members: input ? b.memberFacts(input).map((f) => ({ ...f, constraints: f.constraints.map((c) => ({ ...c, ref: sdkRef(c, sdk.version) })) })) : [],
    };
    added.push(name);
  }
  return added;
}

function shortName(id: string): string {
  return id.slice(id.indexOf('#') + 1);
}

export function buildSpec(model: SmithyModel, modelBytes: Uint8Array, modelName: string, sdk: SdkRelease | null = null): KinesisSpec {
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
      source: { kind: 'model' },
      target: `${targetPrefix}.${name}`,
      doc: docLine(op.traits?.[DOC]),
      input: input ? { shapeId: input, schema: b.schema({ target: input }) } : null,
      output: output ? { shapeId: output, schema: b.schema({ target: output }) } : null,
      errors: errorNames.sort(byName),
      members: input ? b.memberFacts(input) : [],
    };
  }
  const sdkOperations = sdk ? addSdkOperations(sdk, targetPrefix, operations, errors) : [];
  const sortedErrors = Object.fromEntries(Object.keys(errors).sort(byName).map((k) => [k, errors[k]!]));
  const sortedOperations = Object.fromEntries(Object.keys(operations).sort(byName).map((k) => [k, operations[k]!]));
  return {
    specVersion: 1,
    generatedBy: 'scripts/generate-spec.ts',
    source: {
      model: modelName,
      sha256: createHash('sha256').update(modelBytes).digest('hex'),
      smithy: model.smithy,
      service: serviceId,
      ...(sdk ? { sdk: { package: SDK_PACKAGE, version: sdk.version, operations: sdkOperations } } : {}),
    },
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
    operations: sortedOperations,
  };
}

/** The committed bytes: two-space JSON and a final newline. */
export function renderSpec(spec: KinesisSpec): string {
  return `${JSON.stringify(spec, null, 2)}\n`;
}

export const OPERATIONS_PATH = join(PACKAGE_ROOT, 'harness', 'spec', 'operations.ts');

/** harness/spec/operations.ts: the spec's operation names as a type, so a misspelt one fails to compile. */
export function renderOperations(spec: KinesisSpec): string {
  const names = Object.keys(spec.operations).sort(byName);
  return [
    '// Generated by scripts/generate-spec.ts from specs/kinesis.spec.json: do not edit (npm run spec:generate).',
    '',
    '/** Every operation of specs/kinesis.spec.json, the model\'s and those only the SDK has, sorted. */',
    'export const OPERATIONS = [',
    ...names.map((n) => `  '${n}',`),
    '] as const;',
    '',
    'export type OperationName = (typeof OPERATIONS)[number];',
    '',
    'const NAMES: ReadonlySet<string> = new Set(OPERATIONS);',
    '',
    '/** Narrows a name read at run time (a case file, a command line) to an operation of the spec. */',
    'export function isOperationName(s: string): s is OperationName {',
    '  return NAMES.has(s);',
    '}',
    '',
  ].join('\n');
}

/** `sdkDir: null` leaves the SDK out; by default the installed SDK is used when present. */
export function generateSpecFile(modelPath: string, sdkDir: string | null = DEFAULT_SDK_DIR): string {
  const bytes = readFileSync(modelPath);
  return renderSpec(buildSpec(JSON.parse(bytes.toString('utf8')) as SmithyModel, bytes, basename(modelPath), sdkDir ? loadSdk(sdkDir) : null));
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
  writeFileSync(OPERATIONS_PATH, renderOperations(spec));
  const ops = Object.values(spec.operations);
  const members = ops.flatMap((o) => o.members);
  const sdkOps = ops.filter((o) => o.source.kind === 'sdk');
  process.stdout.write(`wrote ${SPEC_PATH}: ${ops.length} operations, ${members.length} input members, ${members.reduce((n, m) => n + m.constraints.length, 0)} constraints\n`);
  if (spec.source.sdk) {
    const sdkMembers = sdkOps.flatMap((o) => o.members);
    process.stdout.write(`  ${ops.length - sdkOps.length} from the model; ${sdkOps.length} from ${spec.source.sdk.package}@${spec.source.sdk.version} (${spec.source.sdk.operations.join(', ')}): ${sdkMembers.length} input members, ${sdkMembers.reduce((n, m) => n + m.constraints.length, 0)} constraints (types, required, enums only)\n`);
  } else {
    process.stdout.write(`  no ${SDK_PACKAGE} at ${DEFAULT_SDK_DIR}: no SDK operations added\n`);
  }
  process.stdout.write(`wrote ${OPERATIONS_PATH}: the ${ops.length} operation names as a type\n`);
}
