import type { ErrorObject } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validatorFor } from './ajv.ts';
import { matchesWhole } from './messages.ts';
import { loadSpec, type Rule } from './spec.ts';
import { validInput, violationCases, type Violation } from './violations.ts';

const spec = loadSpec();
const operations = Object.keys(spec.operations);
const RUNS = 15;

/** The ajv keywords that report each rule (blobs are checked by the spec's `x-blob` keyword). */
function keywordsFor(rule: Rule, blob: boolean, container: boolean): string[] {
  switch (rule) {
    case 'length.min':
      return blob ? ['x-blob'] : ['minLength'];
    case 'length.max':
      return blob ? ['x-blob'] : ['maxLength'];
    case 'pattern':
      return ['pattern'];
    case 'enum':
      return ['enum'];
    case 'range.min':
      return ['minimum'];
    case 'range.max':
      return ['maximum'];
    case 'items.min':
      return container ? ['minProperties'] : ['minItems'];
    case 'items.max':
      return container ? ['maxProperties'] : ['maxItems'];
    case 'required':
      return ['required'];
    case 'type':
      return blob ? ['x-blob'] : ['type'];
  }
}

/** Where ajv reports a violation: a missing member at its parent, a bad map key at the map. */
function reportedAt(v: Violation): string {
  if (v.rule === 'required') return v.pointer.slice(0, v.pointer.lastIndexOf('/'));
  return v.pointer;
}

function errorsOf(operation: string, input: unknown): ErrorObject[] {
  const validate = validatorFor(spec.operations[operation]!.input!.schema);
  validate(input);
  return validate.errors ?? [];
}

describe('valid inputs', () => {
  it.each(operations)('%s: generated inputs satisfy the spec', (operation) => {
    if (!spec.operations[operation]!.input) return;
    fc.assert(
      fc.property(validInput(operation, spec), (input) => {
        expect(errorsOf(operation, input)).toEqual([]);
      }),
      { numRuns: RUNS, seed: 7 },
    );
  });
});

describe('violations', () => {
  it.each(operations)('%s: each breaks its constraint, at its member, and nothing else', (operation) => {
    const op = spec.operations[operation]!;
    for (const vc of violationCases(operation, spec)) {
      if (vc.heavy) continue;
      const isBlob = vc.member.smithyType === 'blob';
      const isMap = vc.member.smithyType === 'map';
      const intended = keywordsFor(vc.constraint.rule, isBlob, isMap);
      fc.assert(
        fc.property(vc.arbitrary(validInput(operation, spec, { requiredOnly: true })), (v) => {
          const errors = errorsOf(operation, v.input);
          const keywords = new Set(errors.map((e) => e.keyword));
          // propertyNames wraps the error of a bad map key.
          keywords.delete('propertyNames');
          // A value of the wrong JSON type fails the member's other keywords too (JSON Schema checks them all).
          const companions = v.rule === 'type' ? [...keywords] : v.alsoBreaks.flatMap((r) => keywordsFor(r, isBlob, isMap));
          expect(intended.some((k) => keywords.has(k)), `${vc.member.path} ${v.rule}: ${JSON.stringify(errors)}`).toBe(true);
          for (const k of keywords) expect([...intended, ...companions], `${vc.member.path} ${v.rule}: unexpected ${k}`).toContain(k);
          for (const e of errors) expect(e.instancePath, `${vc.member.path} ${v.rule}`).toBe(reportedAt(v));
          if (v.rule === 'required') expect(errors[0]?.params).toEqual({ missingProperty: vc.member.member });
          expect(v.operation).toBe(operation);
          expect(op.members.some((m) => m.path === v.path)).toBe(true);
        }),
        { numRuns: RUNS, seed: 11 },
      );
    }
  });
});

/** One generated violation of a member's rule. */
function sample(operation: string, path: string, rule: Rule): Violation {
  const vc = violationCases(operation, spec).find((c) => c.member.path === path && c.constraint.rule === rule);
  if (!vc) throw new Error(`no violation case ${operation} ${path} ${rule}`);
  return fc.sample(vc.arbitrary(validInput(operation, spec, { requiredOnly: true })), { numRuns: 1, seed: 3 })[0]!;
}

describe('expected AWS messages (aws-observed B.1, B.2, B.5)', () => {
  it('length.max: the recorded item', () => {
    const v = sample('DeleteStream', 'StreamName', 'length.max');
    const name = v.value as string;
    expect(v.expected.type).toBe('ValidationException');
    expect(v.expected.message.text).toBe(`1 validation error detected: Value '${name}' at 'streamName' failed to satisfy constraint: Member must have length less than or equal to 128`);
    expect(matchesWhole(v.expected.message, v.expected.message.text)).toBe(true);
  });

  it("'' breaks both the length and the pattern of a stream name: two items, in any order", () => {
    const v = sample('DeleteStream', 'StreamName', 'length.min');
    expect(v.value).toBe('');
    expect(v.alsoBreaks).toEqual(['pattern']);
    const recorded =
      "2 validation errors detected: Value '' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; Value '' at 'streamName' failed to satisfy constraint: Member must have length greater than or equal to 1";
    expect(matchesWhole(v.expected.message, recorded)).toBe(true);
    expect(matchesWhole(v.expected.message, recorded.replace('2 validation errors', '1 validation error'))).toBe(false);
  });

  it('a missing member prints as Value null, nested paths in camelCase with 1-based indexes', () => {
    const v = sample('PutRecords', 'Records.member.PartitionKey', 'required');
    expect(v.awsPath).toMatch(/^records\.[1-4]\.member\.partitionKey$/);
    expect(v.expected.message.text).toBe(`1 validation error detected: Value null at '${v.awsPath}' failed to satisfy constraint: Member must not be null`);
  });

  it('a member under optional structures (SDK CreateChannel) gets its parents filled in', () => {
    const v = sample('CreateChannel', 'S3DestinationConfiguration.DeadLetterQueueS3Configuration.BucketARN', 'required');
    const dlq = (v.input['S3DestinationConfiguration'] as Record<string, Record<string, unknown>>)['DeadLetterQueueS3Configuration'];
    expect(dlq).toBeDefined();
    expect(dlq).not.toHaveProperty('BucketARN');
    expect(dlq).toHaveProperty('ExpectedBucketOwner');
    expect(v.awsPath).toBe('s3DestinationConfiguration.deadLetterQueueS3Configuration.bucketARN');
  });

  it('blobs print as java.nio.HeapByteBuffer', () => {
    const vc = violationCases('PutRecord', spec).find((c) => c.member.path === 'Data' && c.constraint.rule === 'length.max')!;
    expect(vc.heavy).toBe(true);
  });

  it('an empty list prints as []', () => {
    const v = sample('PutRecords', 'Records', 'items.min');
    expect(v.expected.message.text).toBe("1 validation error detected: Value '[]' at 'records' failed to satisfy constraint: Member must have length greater than or equal to 1");
  });

  it('a too-long list of structures matches the recorded Java object list', () => {
    const v = sample('PutRecords', 'Records', 'items.max');
    const count = (v.value as unknown[]).length;
    const list = Array.from({ length: count }, () => 'com.amazonaws.kinesis.v20131202.PutRecordsRequestEntry@c965e310').join(', ');
    expect(matchesWhole(v.expected.message, `1 validation error detected: Value '[${list}]' at 'records' failed to satisfy constraint: Member must have length less than or equal to 500`)).toBe(true);
  });

  it('map keys: the recorded bracketed constraint list, entries in any order', () => {
    const v = sample('AddTagsToStream', 'Tags.key', 'length.max');
    const map = v.input['Tags'] as Record<string, string>;
    const reversed = Object.entries(map)
      .reverse()
      .map(([k, val]) => `${k}=${val}`)
      .join(', ');
    const actual = `1 validation error detected: Value '{${reversed}}' at 'tags' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 128, Member must have length greater than or equal to 1]`;
    expect(matchesWhole(v.expected.message, actual)).toBe(true);
  });

  it('enum sets: the recorded order where recorded, any order elsewhere', () => {
    const gsi = sample('GetShardIterator', 'ShardIteratorType', 'enum');
    expect(gsi.expected.message.text).toContain('Member must satisfy enum value set: [AFTER_SEQUENCE_NUMBER, LATEST, AT_TIMESTAMP, AT_SEQUENCE_NUMBER, TRIM_HORIZON]');
    const sse = sample('StartStreamEncryption', 'EncryptionType', 'enum');
    const text = (order: string) => `1 validation error detected: Value '${String(sse.value)}' at 'encryptionType' failed to satisfy constraint: Member must satisfy enum value set: [${order}]`;
    expect(matchesWhole(sse.expected.message, text('NONE, KMS'))).toBe(true);
    expect(matchesWhole(sse.expected.message, text('KMS, NONE'))).toBe(true);
    expect(matchesWhole(sse.expected.message, text('KMS, KMS'))).toBe(false);
    expect(matchesWhole(sse.expected.message, text('KMS'))).toBe(false);
  });

  it('range: the value printed in quotes', () => {
    const v = sample('ListStreams', 'Limit', 'range.max');
    expect(v.expected.message.text).toBe(`1 validation error detected: Value '${String(v.value)}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 10000`);
  });

  it('a wrong JSON type is a SerializationException with the recorded text', () => {
    const v = sample('ListStreams', 'Limit', 'type');
    expect(v.expected.type).toBe('SerializationException');
    expect(v.expected.message.text).toBe(`class java.lang.${typeof v.value === 'boolean' ? 'Boolean' : 'String'} can not be converted to an Integer`);
    const blob = sample('PutRecord', 'Data', 'type');
    expect(blob.expected.message.text).toBe(`'${String(blob.value)}' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: ${String(blob.value).length}`);
  });
});
