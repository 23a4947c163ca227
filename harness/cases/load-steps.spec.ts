import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.ts';
import { loadCaseFiles } from './load.ts';

const base = {
  id: 'demo/case',
  kind: 'steps',
  rules: ['PR-02'],
  expectation: 'records come back',
  flags: [],
  fixture: { stream: { shards: 2, records: [{ data: 'AA==', partitionKey: 'k' }] } },
  steps: [
    { id: 'put', call: 'PutRecord', request: { StreamName: '${stream.name}', Data: 'AA==', PartitionKey: 'k' }, capture: { seq: '/SequenceNumber' }, expect: { output: [{ path: '/SequenceNumber', present: true }] } },
    { id: 'read', read: { shard: '${shard[1].id}', type: 'AT_SEQUENCE_NUMBER', sequenceNumber: '${cap.seq}', until: { records: 1 } }, expect: { output: [{ matcher: 'records-match-fixture', args: { path: '/Records' } }] } },
  ],
};

function load(c: unknown): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'kc-steps-'));
  writeFileSync(join(dir, 'demo.json'), JSON.stringify({ suite: 'demo', cases: [c] }));
  try {
    loadCaseFiles(dir);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
}

/** A deep copy of the base case with one edit. */
function edit(change: (c: typeof base & Record<string, unknown>) => void): unknown {
  const c = structuredClone(base) as typeof base & Record<string, unknown>;
  change(c);
  return c;
}

describe('behaviour case files are checked at load', () => {
  it('accepts a sound case', () => {
    expect(load(base)).toBeNull();
  });
  it.each([
    ['an unknown rule id', (c: typeof base) => (c.rules = ['ZZ-99']), /\/cases\/0\/rules\/0: unknown rule id 'ZZ-99'/],
    ['an unknown placeholder', (c: typeof base) => ((c.steps[0] as { request: Record<string, unknown> }).request['StreamName'] = '${stream.nom}'), /\/cases\/0\/steps\/0\/request\/StreamName: .*unknown placeholder/],
    ['a capture used before it is set', (c: typeof base) => c.steps.reverse(), /steps\/0\/read\/sequenceNumber: .*capture 'seq' is used before a step sets it/],
    ['a shard the fixture does not have', (c: typeof base) => ((c.steps[1] as { read: { shard: string } }).read.shard = '${shard[2].id}'), /the fixture has 2 shard\(s\)/],
    ['a record the fixture does not write', (c: typeof base) => ((c.steps[0] as { request: Record<string, unknown> }).request['Data'] = '${record[3].data}'), /writes 1 record/],
    ['an unknown matcher', (c: typeof base) => ((c.steps[1] as { expect: { output: unknown[] } }).expect.output = [{ matcher: 'no-such' }]), /output\/0\/matcher: unknown matcher 'no-such'/],
    ['a matcher on a missing step', (c: typeof base) => ((c.steps[1] as { expect: { output: unknown[] } }).expect.output = [{ matcher: 'put-records-routed', args: { shardsFrom: 'later' } }]), /args\/shardsFrom: step 'later' is not this step or an earlier one/],
    ['a missing matcher argument', (c: typeof base) => ((c.steps[1] as { expect: { output: unknown[] } }).expect.output = [{ matcher: 'records-match-fixture' }]), /needs argument 'path'/],
    ['an unknown operation', (c: typeof base) => ((c.steps[0] as { call: string }).call = 'DescribeStreamSumary'), /steps\/0\/call: 'DescribeStreamSumary' is not a Kinesis operation/],
    ['a fixture no target can build', (c: typeof base) => (c.fixture.stream = { mode: 'ON_DEMAND', split: true } as never), /ON_DEMAND stream .* cannot be split/],
    ['a billed fixture without the expensive flag', (c: typeof base) => (c.fixture.stream = { consumer: true } as never), /flag the case 'billable'/],
    ['an unknown fact', (c: typeof base) => ((c.steps[0] as { request: Record<string, unknown> }).request['Limit'] = '${fact.no-such-fact}'), /unknown fact 'no-such-fact'/],
    ['a duplicate step id', (c: typeof base) => (c.steps[1]!.id = 'put'), /step id 'put' used twice/],
    ['a schema violation', (c: typeof base) => ((c.steps[0] as Record<string, unknown>)['bogus'] = 1), /demo\.json: case 'demo\/case' at \/steps\/0/],
  ])('refuses %s, naming the file, case and pointer', (_what, change, message) => {
    const text = load(edit(change as (c: typeof base) => void));
    expect(text).toMatch(message);
    expect(text).toMatch(/demo\.json/);
  });
});
