import { describe, expect, it } from 'vitest';
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
