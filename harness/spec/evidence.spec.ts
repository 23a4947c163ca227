import { describe, expect, it } from 'vitest';
import { loadSpec } from '../generators/spec.ts';
import { loadEvidenceTable, validationEvidence } from './evidence.ts';

const spec = loadSpec();
const fact = (op: string, path: string) => spec.operations[op]!.members.find((m) => m.path === path)!;
const constraint = (op: string, path: string, rule: string) => fact(op, path).constraints.find((c) => c.rule === rule)!;
const ev = (op: string, path: string, rule: string, part: 'status' | 'message') => validationEvidence(spec, op, fact(op, path), constraint(op, path, rule), part);

describe('validation evidence (specs/evidence.json)', () => {
  it('holds every recorded item of aws-observed §B.5 with its source', () => {
    const items = loadEvidenceTable().validation;
    expect(items.length).toBeGreaterThan(100);
    expect(items.every((i) => i.source.startsWith('aws-observed.md §B.5'))).toBe(true);
  });

  it('recorded where the very item was recorded, analogous with an older limit or elsewhere', () => {
    expect(ev('DeleteStream', 'StreamName', 'length.max', 'message').class).toBe('recorded');
    expect(ev('DeleteStream', 'StreamName', 'length.max', 'status').class).toBe('recorded');
    // Retention was recorded with 168 hours; today's range comes from the model.
    expect(ev('StartStreamEncryption', 'StreamName', 'pattern', 'message').class).toBe('analogous');
    expect(ev('StartStreamEncryption', 'StreamName', 'pattern', 'status').class).toBe('analogous');
  });

  it('ConsumerARN pattern text (service model form) was never recorded: documented', () => {
    expect(ev('DescribeStreamConsumer', 'ConsumerARN', 'pattern', 'message').class).toBe('documented');
  });

  it('StreamId is documented everywhere, operations only the SDK has are documented', () => {
    expect(ev('PutRecord', 'StreamId', 'pattern', 'status').class).toBe('documented');
    expect(ev('PutRecord', 'StreamId', 'length.max', 'message').class).toBe('documented');
    const sdkOp = Object.keys(spec.operations).find((o) => spec.operations[o]!.source?.kind === 'sdk' && spec.operations[o]!.members.some((m) => m.constraints.some((c) => c.rule === 'required')))!;
    const m = spec.operations[sdkOp]!.members.find((x) => x.constraints.some((c) => c.rule === 'required'))!;
    expect(validationEvidence(spec, sdkOp, m, m.constraints.find((c) => c.rule === 'required')!, 'status').class).toBe('documented');
  });
});
