import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { createSpecAjv } from '../harness/generators/ajv.ts';
import { SPEC_PATH, loadSpec, schemaAt, type ErrorSpec, type MemberFact, type OperationSpec } from '../harness/generators/spec.ts';
import { DEFAULT_MODEL_PATH, DEFAULT_SDK_DIR, addSdkOperations, generateSpecFile, loadSdk } from '../scripts/generate-spec.ts';

const spec = loadSpec();
const SDK_OPERATIONS = ['CreateChannel', 'DeleteChannel', 'DescribeChannel', 'ListChannels', 'UpdateChannel', 'UpdateStreamRecordDistributionStrategy'];
const hasSdk = existsSync(join(DEFAULT_SDK_DIR, 'package.json'));
const metaSchema = JSON.parse(readFileSync(join(import.meta.dirname, 'spec.schema.json'), 'utf8')) as Record<string, unknown>;

function member(operation: string, path: string): MemberFact {
  const fact = spec.operations[operation]?.members.find((m) => m.path === path);
  if (!fact) throw new Error(`no member ${operation} ${path}`);
  return fact;
}

function constraint(operation: string, path: string, rule: string) {
  return member(operation, path).constraints.find((c) => c.rule === rule);
}

describe('specs/kinesis.spec.json', () => {
  it('is valid against specs/spec.schema.json (draft 2020-12)', () => {
    // strictRequired off: the meta-schema's if/then branches require members declared beside them.
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
    const validate = ajv.compile(metaSchema);
    const ok = validate(spec);
    expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 5), null, 2)).toEqual([]);
    expect(ok).toBe(true);
    // ...and the meta-schema does reject a broken document.
    const broken = structuredClone(spec) as unknown as { operations: Record<string, Record<string, unknown> & { members: Array<{ constraints: Array<{ rule: string }> }> }> };
    delete broken.operations['PutRecords']!['target'];
    broken.operations['DeleteStream']!.members[0]!.constraints[0]!.rule = 'length.maximum';
    expect(validate(broken)).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toEqual(expect.arrayContaining(['/operations/PutRecords', '/operations/DeleteStream/members/0/constraints/0/rule']));
  });

  it('holds input and output schemas that compile as JSON Schema', () => {
    const ajv = createSpecAjv();
    for (const op of Object.values(spec.operations)) {
      if (op.input) expect(() => ajv.compile(op.input!.schema)).not.toThrow();
      if (op.output) expect(() => ajv.compile(op.output!.schema)).not.toThrow();
    }
  });

  it('has the 39 operations of the model and the 6 only the SDK has, each with its X-Amz-Target', () => {
    const names = Object.keys(spec.operations);
    expect(names).toHaveLength(45);
    expect(names.filter((n) => spec.operations[n]!.source.kind === 'model')).toHaveLength(39);
    expect(names.filter((n) => spec.operations[n]!.source.kind === 'sdk')).toEqual(SDK_OPERATIONS);
    expect(spec.source.sdk).toEqual({ package: '@aws-sdk/client-kinesis', version: '3.1143.0', operations: SDK_OPERATIONS });
    for (const name of SDK_OPERATIONS) expect(spec.operations[name]?.target).toBe(`Kinesis_20131202.${name}`);
    expect(names).toEqual([...names].sort());
    for (const name of ['AddTagsToStream', 'StartStreamEncryption', 'StopStreamEncryption', 'PutRecords', 'SubscribeToShard', 'UpdateMaxRecordSize', 'UpdateStreamWarmThroughput']) {
      expect(spec.operations[name]?.target).toBe(`Kinesis_20131202.${name}`);
    }
    expect(spec.service).toMatchObject({ targetPrefix: 'Kinesis_20131202', apiVersion: '2013-12-02', protocol: 'awsJson1_1', signingName: 'kinesis' });
  });

  it('StartStreamEncryption: KeyId 1..2048 and required, EncryptionType [NONE, KMS] in model order', () => {
    expect(constraint('StartStreamEncryption', 'KeyId', 'length.min')).toMatchObject({ value: 1, ref: { shape: 'com.amazonaws.kinesis#KeyId', trait: 'smithy.api#length' } });
    expect(constraint('StartStreamEncryption', 'KeyId', 'length.max')?.value).toBe(2048);
    expect(member('StartStreamEncryption', 'KeyId')).toMatchObject({ required: true, awsPath: 'keyId', memberId: 'com.amazonaws.kinesis#StartStreamEncryptionInput$KeyId' });
    expect(constraint('StartStreamEncryption', 'EncryptionType', 'enum')?.values).toEqual(['NONE', 'KMS']);
    const schema = spec.operations['StartStreamEncryption']!.input!.schema;
    expect(schemaAt(schema, '/properties/KeyId')).toMatchObject({ type: 'string', minLength: 1, maxLength: 2048 });
    expect(schema['required']).toEqual(['EncryptionType', 'KeyId']);
    expect(spec.operations['StartStreamEncryption']!.errors).toContain('KMSNotFoundException');
  });

  it('StreamName: pattern [a-zA-Z0-9_.-]+ as AWS prints it, anchored for validation, 1..128', () => {
    const p = constraint('DescribeStreamSummary', 'StreamName', 'pattern')?.pattern;
    expect(p).toEqual({ model: '^[a-zA-Z0-9_.-]+$', aws: '[a-zA-Z0-9_.-]+', anchored: '^(?:[a-zA-Z0-9_.-]+)$' });
    expect(constraint('DescribeStreamSummary', 'StreamName', 'length.max')?.value).toBe(128);
    // The alternation must be anchored as a whole: `0abc` is not a hash key.
    const hashKey = constraint('PutRecord', 'ExplicitHashKey', 'pattern')!.pattern!;
    expect(hashKey.aws).toBe('0|([1-9]\\d{0,38})');
    expect(new RegExp(hashKey.anchored).test('0abc')).toBe(false);
    expect(new RegExp(hashKey.anchored).test('12345')).toBe(true);
  });

  it('ConsumerARN: printed in the service model form, leading caret kept (aws-observed §E), validated anchored', () => {
    for (const operation of ['DescribeStreamConsumer', 'DeregisterStreamConsumer', 'SubscribeToShard']) {
      const p = constraint(operation, 'ConsumerARN', 'pattern')!.pattern!;
      expect(p.aws.startsWith('^(arn):aws.*:kinesis:')).toBe(true);
      expect(p.aws.endsWith(':[0-9]+')).toBe(true);
      expect(p.anchored).toBe(`^(?:${p.aws.slice(1)})$`);
    }
  });

  it('PutRecords: Records 1..500 entries, entries reported as records.N.member.*', () => {
    expect(constraint('PutRecords', 'Records', 'items.min')?.value).toBe(1);
    expect(constraint('PutRecords', 'Records', 'items.max')?.value).toBe(500);
    expect(member('PutRecords', 'Records.member.PartitionKey')).toMatchObject({ awsPath: 'records.{index}.member.partitionKey', required: true });
    expect(schemaAt(spec.operations['PutRecords']!.input!.schema, '/properties/Records')).toMatchObject({ type: 'array', minItems: 1, maxItems: 500 });
    expect(schemaAt(spec.operations['PutRecord']!.input!.schema, '/properties/Data')).toMatchObject({ type: 'string', contentEncoding: 'base64', 'x-blob': { minBytes: 0, maxBytes: 10485760 } });
  });

  it('maps, ranges, timestamps and errors', () => {
    expect(member('AddTagsToStream', 'Tags.key')).toMatchObject({ reportedAs: 'map-key', awsPath: 'tags' });
    expect(constraint('AddTagsToStream', 'Tags', 'items.max')?.value).toBe(200);
    expect(constraint('ListStreams', 'Limit', 'range.max')).toMatchObject({ value: 10000, ref: { shape: 'com.amazonaws.kinesis#ListStreamsInputLimit', trait: 'smithy.api#range' } });
    expect(schemaAt(spec.operations['GetShardIterator']!.input!.schema, '/properties/Timestamp')).toMatchObject({ type: 'number', 'x-timestamp': 'epoch-seconds' });
    expect(spec.errors['InternalFailureException']).toMatchObject({ fault: 'server', httpStatus: 500 });
    expect(spec.errors['ResourceNotFoundException']).toMatchObject({ fault: 'client', httpStatus: 400 });
  });

  it('SDK operations: types, required members, enums and errors; no length, pattern or range', () => {
    for (const name of SDK_OPERATIONS) {
      const op = spec.operations[name]!;
      expect(op.source).toEqual({ kind: 'sdk', package: '@aws-sdk/client-kinesis', version: '3.1143.0', constraints: 'the SDK publishes no length, pattern or range traits; only types, required members and enums' });
      expect(op.members.flatMap((m) => m.constraints.map((c) => c.rule)).filter((r) => !['required', 'type', 'enum'].includes(r))).toEqual([]);
      expect(op.errors.length).toBeGreaterThan(0);
      for (const e of op.errors) expect(spec.errors[e], e).toBeDefined();
    }
    const usrds = spec.operations['UpdateStreamRecordDistributionStrategy']!;
    expect(usrds).toMatchObject({ shapeId: 'com.amazonaws.kinesis#UpdateStreamRecordDistributionStrategy', output: null });
    expect(usrds.input!.schema['required']).toEqual(['RecordDistributionStrategy', 'StreamARN']);
    expect(member('UpdateStreamRecordDistributionStrategy', 'StreamARN')).toMatchObject({ required: true, smithyType: 'string', awsPath: 'streamARN' });
    expect(member('UpdateStreamRecordDistributionStrategy', 'StreamId').required).toBe(false);
    expect(constraint('UpdateStreamRecordDistributionStrategy', 'RecordDistributionStrategy', 'enum')?.values).toEqual(['AUTO', 'USER_PARTITION_KEY']);
    expect(usrds.errors).toEqual(['AccessDeniedException', 'InvalidArgumentException', 'LimitExceededException', 'ResourceInUseException', 'ResourceNotFoundException', 'ValidationException']);
    // Nested structures, lists of structures, maps, integers (int per the SDK examples), booleans, timestamps.
    expect(member('CreateChannel', 'StreamConfigurationList.member.RecordConfiguration.RecordFormatType')).toMatchObject({ required: true, smithyType: 'enum', awsPath: 'streamConfigurationList.{index}.member.recordConfiguration.recordFormatType' });
    expect(member('CreateChannel', 'Tags.value')).toMatchObject({ reportedAs: 'map-value', smithyType: 'string' });
    expect(member('CreateChannel', 'S3DestinationConfiguration.DataFreshnessInSeconds')).toMatchObject({ smithyType: 'integer', required: false });
    expect(member('UpdateChannel', 'S3DestinationConfiguration.DataFreshnessInSeconds').required).toBe(true);
    expect(member('CreateChannel', 'LoggingConfiguration.CloudWatchLogs.Enabled')).toMatchObject({ smithyType: 'boolean', required: true });
    expect(member('ListChannels', 'StreamFilter.member.StreamCreationTimestamp')).toMatchObject({ smithyType: 'timestamp', jsonType: 'number' });
    expect(spec.operations['CreateChannel']!.input!.schema['required']).toEqual(['ChannelName', 'ServiceExecutionRoleARN', 'StreamConfigurationList']);
    expect(spec.operations['DeleteChannel']!.output).toBeNull();
    expect(spec.operations['DescribeChannel']!.output!.shapeId).toBe('com.amazonaws.kinesis#DescribeChannelOutput');
  });

  it.skipIf(!hasSdk)('the SDK reading agrees with the model on the 39 operations both have', () => {
    // Translating the model's own operations from the SDK checks every schema code and d.ts reading
    // (int/long, booleans, timestamps, blobs, lists, maps, enums, required) against the model.
    const sdk = loadSdk()!;
    // Members the SDK has and the model (Feb 2026) lacks, or makes optional: the SDK is newer.
    const sdkNewer: Record<string, string[]> = {
      CreateStream: ['RecordDistributionStrategy enum false AUTO|USER_PARTITION_KEY'],
      GetRecords: ['DryRun boolean false '],
      GetShardIterator: ['DryRun boolean false '],
      PutRecord: ['DryRun boolean false ', 'PartitionKey string false '],
      PutRecords: ['DryRun boolean false ', 'Records.member.PartitionKey string false '],
    };
    const key = (f: MemberFact) => `${f.path} ${f.smithyType} ${f.required} ${[...(f.constraints.find((c) => c.rule === 'enum')?.values ?? [])].sort().join('|')}`;
    // SubscribeToShard's output is an event stream union, which the SDK reading does not translate.
    for (const name of Object.keys(spec.operations).filter((n) => spec.operations[n]!.source.kind === 'model' && n !== 'SubscribeToShard')) {
      const operations: Record<string, OperationSpec> = {};
      addSdkOperations(sdk, 'Kinesis_20131202', operations, {} as Record<string, ErrorSpec>, [name]);
      const fromSdk = operations[name]!.members.map(key);
      const fromModel = spec.operations[name]!.members.map(key);
      expect(fromSdk.filter((k) => !fromModel.includes(k)), name).toEqual(sdkNewer[name] ?? []);
      expect(fromModel.filter((k) => !fromSdk.includes(k) && !(sdkNewer[name] ?? []).some((n) => n.split(' ')[0] === k.split(' ')[0])), name).toEqual([]);
    }
  });

  it.skipIf(!existsSync(DEFAULT_MODEL_PATH))('without the SDK, the model operations are the same and nothing is added', () => {
    const modelOnly = JSON.parse(generateSpecFile(DEFAULT_MODEL_PATH, join(import.meta.dirname, 'no-such-sdk'))) as typeof spec;
    expect(modelOnly.source.sdk).toBeUndefined();
    expect(Object.keys(modelOnly.operations)).toHaveLength(39);
    for (const [name, op] of Object.entries(modelOnly.operations)) expect(op, name).toEqual(spec.operations[name]);
  });

  it.skipIf(!existsSync(DEFAULT_MODEL_PATH) || !hasSdk)('regenerating from the model and the SDK gives the committed bytes', () => {
    expect(generateSpecFile(DEFAULT_MODEL_PATH)).toBe(readFileSync(SPEC_PATH, 'utf8'));
  });

  it.skipIf(!existsSync(DEFAULT_MODEL_PATH))('agrees with the model on every length, range and required trait', () => {
    const model = JSON.parse(readFileSync(DEFAULT_MODEL_PATH, 'utf8')) as { shapes: Record<string, { traits?: Record<string, { min?: number; max?: number }> }> };
    for (const op of Object.values(spec.operations)) {
      for (const fact of op.members) {
        const traits = model.shapes[fact.shape]?.traits ?? {};
        const length = traits['smithy.api#length'];
        const sized = fact.smithyType === 'list' || fact.smithyType === 'map' ? 'items' : 'length';
        expect(fact.constraints.find((c) => c.rule === `${sized}.max`)?.value, `${fact.memberId}`).toBe(length?.max);
        expect(fact.constraints.find((c) => c.rule === `${sized}.min`)?.value, `${fact.memberId}`).toBe(length?.min);
        const range = traits['smithy.api#range'];
        expect(fact.constraints.find((c) => c.rule === 'range.max')?.value, `${fact.memberId}`).toBe(range?.max);
      }
    }
  });
});
