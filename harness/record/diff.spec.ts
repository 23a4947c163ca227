import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { compareWithRecording, type RunToCompare } from './diff.ts';
import type { Recording, RecordedExchange } from './format.ts';
import { readRecording, recordingProblem } from './store.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const kinesisMock = readRecording(join(FIXTURES, 'kinesis-mock'));
const kinesalite = readRecording(join(FIXTURES, 'kinesalite'));

function asRun(r: Recording): RunToCompare {
  return { results: r.results, units: r.units, region: r.runInfo.region };
}

/** A deep copy whose `unit` exchange `index` has its JSON answer body edited. */
function doctor(r: Recording, unit: string, op: string, edit: (body: Record<string, unknown>) => void): Recording {
  const copy = structuredClone(r);
  const exchange = copy.units.find((u) => u.unit === unit)!.exchanges.find((e) => e.operation === op)!;
  const body = JSON.parse(exchange.response!.body) as Record<string, unknown>;
  edit(body);
  exchange.response!.body = JSON.stringify(body);
  return copy;
}

describe('comparing a run with a recording', () => {
  it('the embedded engines recorded fixtures the schema accepts', () => {
    expect(recordingProblem(kinesisMock)).toBeNull();
    expect(recordingProblem(kinesalite)).toBeNull();
    expect(recordingProblem({ ...kinesisMock, version: 2 })).toMatch(/version/);
  });

  it('finds no difference between a recording and itself, and several between the two engines', () => {
    const self = compareWithRecording(kinesisMock, 'km', asRun(kinesisMock));
    expect(self.compared).toBeGreaterThan(5);
    expect(self.differences).toEqual([]);
    const engines = compareWithRecording(kinesisMock, 'km', asRun(kinesalite));
    expect(engines.differing).toBeGreaterThan(0);
    // kinesalite refuses the bad iterator request kinesis-mock accepted; it writes no EncryptionType on PutRecord.
    expect(engines.differences).toContainEqual({ id: 'data-plane/round-trip/put-then-read/bad-iterator', path: 'GetShardIterator#1 status', kind: 'changed', recorded: 200, actual: 400 });
    expect(engines.differences).toContainEqual({ id: 'data-plane/round-trip/put-then-read/put', path: 'PutRecord#1 body.EncryptionType', kind: 'removed', recorded: 'NONE' });
  });

  it('reports a planted change: one message text changed, one member removed', () => {
    let planted = doctor(kinesalite, 'data-plane/round-trip/put-then-read/bad-iterator', 'GetShardIterator', (b) => (b['message'] = 'a different text'));
    planted = doctor(planted, 'data-plane/round-trip/put-then-read/put', 'PutRecord', (b) => delete b['ShardId']);
    const c = compareWithRecording(planted, 'planted', asRun(kinesalite));
    expect(c.differences.map((d) => [d.id, d.path, d.kind])).toEqual([
      ['data-plane/round-trip/put-then-read/bad-iterator', 'GetShardIterator#1 message', 'changed'],
      ['data-plane/round-trip/put-then-read/put', 'PutRecord#1 body.ShardId', 'added'],
    ]);
    expect(c.differences[0]).toMatchObject({ recorded: 'a different text' });
  });

  it('is portable: a run in another region and account with other names and ids is the same answer', () => {
    const withArn = doctor(kinesalite, 'data-plane/round-trip/put-then-read/bad-iterator', 'GetShardIterator', (b) => (b['message'] = `Stream arn:aws:kinesis:us-east-1:000000000000:stream/kc-${kinesalite.runInfo.runId}-x-1 not found`));
    const moved = structuredClone(withArn);
    for (const u of moved.units)
      for (const e of u.exchanges as RecordedExchange[])
        if (e.response) e.response.body = e.response.body.replaceAll('us-east-1', 'eu-west-3').replaceAll(':000000000000:', ':123456789012:').replaceAll(moved.runInfo.runId, 'zzzzzzzzzzzz');
    const c = compareWithRecording(withArn, 'kl', { ...asRun(moved), region: 'eu-west-3' });
    expect(c.differences).toEqual([]);
    expect(c.normalizations.join('\n')).toMatch(/region \(\d+×\).*us-east-1, eu-west-3/);
  });

  it('compares a member the recording names as varying for presence only', () => {
    const changed = doctor(kinesalite, 'data-plane/round-trip/put-then-read/put', 'PutRecord', (b) => (b['ShardId'] = 'shardId-000000000007'));
    expect(compareWithRecording(kinesalite, 'kl', asRun(changed)).differences).toHaveLength(1);
    const lenient = { ...kinesalite, normalization: { ...kinesalite.normalization, varying: [{ member: 'ShardId', operation: 'PutRecord', reason: 'test' }] } };
    const c = compareWithRecording(lenient, 'kl', asRun(changed));
    expect(c.differences).toEqual([]);
    expect(c.varying).toEqual(['PutRecord.ShardId']);
  });

  it('reports an exchange or a unit missing from this run, and leaves out units this run did not select', () => {
    const fewer = structuredClone(kinesalite);
    fewer.units = fewer.units.filter((u) => u.unit !== 'data-plane/round-trip/put-then-read/put');
    fewer.units.find((u) => u.unit === 'data-plane/round-trip/trim-horizon/read')!.exchanges.pop();
    const c = compareWithRecording(kinesalite, 'kl', asRun(fewer));
    expect(c.differences.map((d) => [d.id, d.path, d.kind])).toEqual([
      ['data-plane/round-trip/put-then-read/put', '(unit)', 'missing'],
      ['data-plane/round-trip/trim-horizon/read', 'GetRecords#1', 'missing'],
    ]);
    const unselected = { ...fewer, results: fewer.results.filter((r) => !r.id.startsWith('data-plane/round-trip/put-then-read/')) };
    fewer.units = fewer.units.filter((u) => !u.unit.startsWith('data-plane/round-trip/put-then-read/'));
    expect(compareWithRecording(kinesalite, 'kl', { ...asRun(fewer), results: unselected.results }).differences.map((d) => d.id)).toEqual(['data-plane/round-trip/trim-horizon/read']);
  });

  it('keeps only the last look of a state poll, and leaves out cases inconclusive in either run', () => {
    const recorded = structuredClone(kinesalite);
    const unit = recorded.units.find((u) => u.unit === 'data-plane/round-trip/put-then-read/put')!;
    const put = unit.exchanges[0]!;
    const look = (status: string): RecordedExchange => ({ ...put, operation: 'DescribeStreamSummary', poll: true, response: { ...put.response!, body: JSON.stringify({ StreamDescriptionSummary: { StreamStatus: status } }) } });
    const actual = structuredClone(recorded);
    unit.exchanges = [look('CREATING'), look('ACTIVE'), put];
    actual.units.find((u) => u.unit === unit.unit)!.exchanges = [look('CREATING'), look('CREATING'), look('CREATING'), look('ACTIVE'), put];
    expect(compareWithRecording(recorded, 'kl', asRun(actual)).differences).toEqual([]);
    actual.units.find((u) => u.unit === unit.unit)!.exchanges = [look('CREATING'), put];
    expect(compareWithRecording(recorded, 'kl', asRun(actual)).differences.map((d) => d.path)).toEqual(['DescribeStreamSummary#1 body.StreamDescriptionSummary.StreamStatus']);
    const inconclusive = { ...asRun(actual), results: actual.results.map((r) => (r.id === `${unit.unit}` ? { ...r, inconclusive: true as const } : r)) };
    const c = compareWithRecording(recorded, 'kl', inconclusive);
    expect(c.differences).toEqual([]);
    expect(c.inconclusive).toBeGreaterThan(0);
  });

  it('leaves out state reads of probes and set-up calls throttled then sent again, and masks each run id', () => {
    const recorded = structuredClone(kinesalite);
    const unit = recorded.units.find((u) => u.unit === 'data-plane/round-trip/put-then-read/put')!;
    const put = unit.exchanges[0]!;
    const answer = (body: unknown, status = 200) => ({ ...put.response!, status, body: JSON.stringify(body) });
    const read = (status: string): RecordedExchange => ({ ...put, operation: 'DescribeStreamSummary', stateRead: true, response: answer({ StreamDescriptionSummary: { StreamStatus: status } }) });
    const throttledPut: RecordedExchange = { ...put, response: answer({ __type: 'LimitExceededException', message: 'Rate exceeded' }, 400) };
    const tagged = (runId: string): RecordedExchange => ({ ...put, operation: 'ListTagsForStream', response: answer({ Tags: [{ Key: 'kinesis-conformance/run-id', Value: runId }], HasMoreTags: false }) });
    const actual = structuredClone(recorded);
    unit.exchanges = [read('CREATING'), put, tagged(recorded.runInfo.runId)];
    actual.units.find((u) => u.unit === unit.unit)!.exchanges = [read('ACTIVE'), throttledPut, put, tagged('zz9otherrun1')];
    const same = compareWithRecording(recorded, 'kl', { ...asRun(actual), runId: 'zz9otherrun1' });
    expect(same.differences).toEqual([]);
    expect(same.normalizations.join('\n')).toMatch(/^run-id \(2×\)/m);
    // The same answers are told apart when the throttled call is not followed by its retry, or the run id is another's.
    actual.units.find((u) => u.unit === unit.unit)!.exchanges = [throttledPut, tagged('zz9otherrun2')];
    const paths = compareWithRecording(recorded, 'kl', { ...asRun(actual), runId: 'zz9otherrun1' }).differences.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['PutRecord#1 status', 'ListTagsForStream#1 body.Tags[0].Value']));
  });

  it('lists at most a bound of differences per unit and counts the rest', () => {
    const c = compareWithRecording(kinesisMock, 'km', asRun(kinesalite), 1);
    expect(new Set(c.differences.map((d) => d.id)).size).toBe(c.differences.length);
    expect(c.unlisted).toBeGreaterThan(0);
  });
});
