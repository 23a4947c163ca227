import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPERATIONS_PATH, renderOperations } from '../../scripts/generate-spec.ts';
import { loadSpec } from '../generators/spec.ts';
import type { KinesisClient } from '../transport/client.ts';
import { OPERATIONS, isOperationName, type OperationName } from './operations.ts';

describe('harness/spec/operations.ts', () => {
  it('lists every operation of specs/kinesis.spec.json, the 39 of the model and the 6 only the SDK has', () => {
    expect([...OPERATIONS]).toEqual(Object.keys(loadSpec().operations));
    expect(OPERATIONS).toHaveLength(45);
  });

  it('is what the generator writes for the committed spec (regenerated with it, never edited)', () => {
    expect(readFileSync(OPERATIONS_PATH, 'utf8')).toBe(renderOperations(loadSpec()));
  });

  it('narrows run-time names to operations of the spec', () => {
    expect(isOperationName('DescribeStreamSummary')).toBe(true);
    expect(isOperationName('DescribeStreamSumary')).toBe(false);
    expect(isOperationName('describeStreamSummary')).toBe(false);
    expect(isOperationName('toString')).toBe(false);
  });

  it('a misspelt operation fails to type-check (npx tsc checks the @ts-expect-error lines)', () => {
    const typo = (kinesis: KinesisClient) =>
      // @ts-expect-error 'DescribeStreamSumary' is not an OperationName
      kinesis.call('DescribeStreamSumary');
    // @ts-expect-error an OperationName is one of the spec's names, not any string
    const name: OperationName = 'ListStream';
    // Raw sends take any name: the protocol suite sends unknown operations on purpose.
    const raw = (kinesis: KinesisClient) => kinesis.send({ operation: 'NoSuchOperation' });
    expect([typeof typo, typeof raw, name]).toEqual(['function', 'function', 'ListStream']);
  });
});
