import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CANONICAL_BASE64, isBase64 } from '../generators/ajv.ts';
import { outputShapeViolations, structuralSchema } from './output-shape.ts';

const summary = (extra: Record<string, unknown> = {}) => ({
  StreamDescriptionSummary: {
    StreamName: 's',
    StreamARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/s',
    StreamStatus: 'ACTIVE',
    RetentionPeriodHours: 24,
    StreamCreationTimestamp: 1700000000,
    EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
    OpenShardCount: 1,
    ...extra,
  },
});

describe('output shape', () => {
  it('accepts what AWS is recorded answering, extra members included', () => {
    // An empty ShardLevelMetrics breaks the model's length min 1, yet AWS answers it (aws-observed A).
    expect(outputShapeViolations('DescribeStreamSummary', summary({ SomethingNew: { a: 1 } }))).toEqual([]);
  });

  it('flags null members (AWS omits absent members), wrong types and missing required members', () => {
    expect(outputShapeViolations('DescribeStreamSummary', summary({ KeyId: null }))).toEqual(['/StreamDescriptionSummary/KeyId: must be string, got null']);
    expect(outputShapeViolations('DescribeStreamSummary', summary({ OpenShardCount: '1' }))).toEqual(['/StreamDescriptionSummary/OpenShardCount: must be integer, got "1"']);
    const { StreamDescriptionSummary } = summary();
    const { StreamStatus: _drop, ...withoutStatus } = StreamDescriptionSummary;
    expect(outputShapeViolations('DescribeStreamSummary', { StreamDescriptionSummary: withoutStatus })).toEqual([
      '/StreamDescriptionSummary: missing required member StreamStatus',
    ]);
  });

  it('does not judge enums or limits in answers (services add values)', () => {
    expect(outputShapeViolations('DescribeStreamSummary', summary({ StreamStatus: 'SOMETHING_NEW', RetentionPeriodHours: 999_999 }))).toEqual([]);
  });

  it('holds a record\'s Data to strict base64, whatever its size', () => {
    const records = (Data: string) => ({ Records: [{ SequenceNumber: '1', PartitionKey: 'k', Data }], MillisBehindLatest: 0 });
    expect(outputShapeViolations('GetRecords', records('AQID'))).toEqual([]);
    expect(outputShapeViolations('GetRecords', records(''))).toEqual([]);
    for (const bad of ['AQI', 'AQ=D', 'AR==', 'A Q==', 'AQ-_']) expect(outputShapeViolations('GetRecords', records(bad))).toEqual([`/Records/0/Data: must be base64, got "${bad}"`]);
  });

  it('states strict base64 as a pattern that agrees with isBase64', () => {
    const re = new RegExp(CANONICAL_BASE64, 'u');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    // Encodings with their last character before the padding replaced: the leftover bits decide.
    const lastCharSwapped = fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 12 }), fc.constantFrom(...alphabet)).map(([bytes, c]) => {
      const text = Buffer.from(bytes).toString('base64');
      const at = text.replace(/=+$/, '').length - 1;
      return text.slice(0, at) + c + text.slice(at + 1);
    });
    const nearly = fc.stringMatching(/^[A-Za-z0-9+/]{0,9}={0,3}$/);
    fc.assert(fc.property(fc.oneof(lastCharSwapped, nearly, fc.string({ maxLength: 8 })), (s) => re.test(s) === isBase64(s)), { numRuns: 3000, seed: 7 });
  });

  it('has nothing to check for empty-output operations', () => {
    expect(outputShapeViolations('AddTagsToStream', {})).toBeNull();
  });

  it('strips constraint keywords only', () => {
    expect(structuralSchema({ type: 'object', required: ['A'], properties: { A: { type: 'string', minLength: 1, enum: ['x'] }, minLength: { type: 'integer' } } })).toEqual({
      type: 'object',
      required: ['A'],
      properties: { A: { type: 'string' }, minLength: { type: 'integer' } },
    });
  });
});
