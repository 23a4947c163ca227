import { describe, expect, it } from 'vitest';
import { summaryOf } from './stream-summary.ts';

const summary = { StreamName: 's', StreamARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/s', StreamStatus: 'ACTIVE', OpenShardCount: 1 };

describe('summaryOf', () => {
  it('reads StreamDescriptionSummary of a 200 answer, other members included', () => {
    expect(summaryOf({ status: 200, json: { StreamDescriptionSummary: summary } })).toEqual(summary);
    expect(summaryOf({ status: 200, json: { StreamDescriptionSummary: summary } })?.StreamStatus).toBe('ACTIVE');
  });

  it('is undefined for an error answer, no answer, or a summary without a string StreamStatus', () => {
    expect(summaryOf(undefined)).toBeUndefined();
    expect(summaryOf({ status: 400, json: { __type: 'ResourceNotFoundException', StreamDescriptionSummary: summary } })).toBeUndefined();
    expect(summaryOf({ status: 200, json: undefined })).toBeUndefined();
    expect(summaryOf({ status: 200, json: { StreamDescription: summary } })).toBeUndefined();
    expect(summaryOf({ status: 200, json: { StreamDescriptionSummary: [summary] } })).toBeUndefined();
    expect(summaryOf({ status: 200, json: { StreamDescriptionSummary: { ...summary, StreamStatus: 1 } } })).toBeUndefined();
  });
});
