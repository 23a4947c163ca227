/**
 * Stream fixtures described as data (StreamFixtureSpec): built on first use, shared across the
 * cases of a test file that do not change them, or built per case (`fresh`). Before a case runs on
 * a shared fixture, the properties it relies on are checked again: a target that wrongly accepted
 * an earlier case's change makes later cases ERROR naming the property, never a misleading FAIL.
 */
import type { CaseContext } from '../case.ts';
import { describeResponse, errorBodyOf } from '../checks/aws-error.ts';
import { waitForState } from '../fixtures/state-wait.ts';
import { describeSummary } from '../fixtures/streams.ts';
import { FixtureError } from '../errors.ts';
import { RUN_TAG_KEY, streamNameFor } from '../run-context.ts';
import type { Response } from '../transport/client.ts';
import { KINESIS_OWNED_KEY } from './environment.ts';
import { isOpen, md5HashKey, midpointOf, type ShardRange } from './hash-keys.ts';
import type { StreamFixtureSpec } from './model.ts';
import type { WrittenRecord } from './named-matchers.ts';
import { expandTokens, type ResolveToken } from './tokens.ts';


export interface BuiltStream {
  spec: StreamFixtureSpec;
  name: string;
  /** Unknown until the case itself creates a `by-case` stream. */
  arn: string | undefined;
  shards: ShardRange[];
  records: WrittenRecord[];
  writeWindow: { from: number; to: number } | undefined;
  consumer: { name: string; arn: string } | undefined;
}

const DEFAULT_RETENTION_HOURS = 24;

function json<T>(res: Response): T {
  return (res.json ?? {}) as T;
}

/** All shards (ListShards, every page), sorted by id: the fixture's shard map. */
export async function listAllShards(ctx: CaseContext, name: string): Promise<ShardRange[]> {
  const shards: ShardRange[] = [];
  let token: string | undefined;
  for (let page = 0; page < 100; page++) {
    const res = await ctx.streams.call('ListShards', token ? { NextToken: token } : { StreamName: name });
    const body = json<{ Shards?: ShardRange[]; NextToken?: string | null }>(res);
    shards.push(...(body.Shards ?? []));
    token = body.NextToken ?? undefined;
    if (!token) break;
  }
  return shards.sort((a, b) => a.ShardId.localeCompare(b.ShardId));
}

async function statusOf(ctx: CaseContext, name: string): Promise<string> {
  const { res, summary } = await describeSummary(ctx.kinesis, name);
  if (res.status === 200) return summary?.StreamStatus ?? 'unknown';
  return errorBodyOf(res).type === 'ResourceNotFoundException' ? 'gone' : `HTTP ${res.status}`;
}

export async function waitStream(ctx: CaseContext, name: string, wanted: string, what = `stream ${name} to be ${wanted}`): Promise<void> {
  // A stream that is gone never becomes anything else: stop there instead of polling to the bound.
  const { observation } = await waitForState(what, async () => ({ state: await statusOf(ctx, name) }), (o) => o.state === wanted || o.state === 'gone', ctx.run.target.bounds, ctx.timeline);
  if (observation.state !== wanted) throw new FixtureError(`waiting for ${what}: the stream is gone`);
}

export async function waitConsumer(ctx: CaseContext, arn: string, wanted: string): Promise<void> {
  await waitForState(
    `consumer ${arn} to be ${wanted}`,
    async () => {
      const res = await ctx.kinesis.call('DescribeStreamConsumer', { ConsumerARN: arn });
      const status = (res.json as { ConsumerDescription?: { ConsumerStatus?: string } } | undefined)?.ConsumerDescription?.ConsumerStatus;
      return { state: status ?? (errorBodyOf(res).type === 'ResourceNotFoundException' ? 'gone' : `HTTP ${res.status}`) };
    },
    (o) => o.state === wanted,
    ctx.run.target.bounds,
    ctx.timeline,
  );
}

/** Builds the stream a spec describes; every call is a fixture call (ERROR when refused). */
/** A fixture stream not created yet: its run-unique name is known (and cleaned up) from here on. */
export function newStream(ctx: CaseContext, spec: StreamFixtureSpec): BuiltStream {
  return { spec, name: streamNameFor(ctx.run, 'bh'), arn: undefined, shards: [], records: [], writeWindow: undefined, consumer: undefined };
}

/** Creates the stream `built` names and brings it to what its spec describes; fills in `built`. */
export async function buildStream(ctx: CaseContext, built: BuiltStream, resolve: ResolveToken): Promise<BuiltStream> {
  const { spec, name } = built;
  if (spec.create === 'by-case') return built;
  const mode = spec.mode ?? 'PROVISIONED';
  await ctx.streams.call('CreateStream', {
    StreamName: name,
    ...(mode === 'ON_DEMAND' ? { StreamModeDetails: { StreamMode: 'ON_DEMAND' } } : { ShardCount: spec.shards ?? 1 }),
  });
  await waitStream(ctx, name, 'ACTIVE');
  await ctx.streams.call('AddTagsToStream', { StreamName: name, Tags: { ...(spec.tags ?? {}), [RUN_TAG_KEY]: ctx.run.runId } });
  const summary = await ctx.streams.summary(name);
  built.arn = summary.StreamARN;
  if (spec.retentionHours !== undefined && spec.retentionHours !== DEFAULT_RETENTION_HOURS) {
    const op = spec.retentionHours > DEFAULT_RETENTION_HOURS ? 'IncreaseStreamRetentionPeriod' : 'DecreaseStreamRetentionPeriod';
    await ctx.streams.call(op, { StreamName: name, RetentionPeriodHours: spec.retentionHours });
    await waitStream(ctx, name, 'ACTIVE');
  }
  if (spec.encryption) {
    await ctx.streams.call('StartStreamEncryption', { StreamName: name, EncryptionType: 'KMS', KeyId: KINESIS_OWNED_KEY });
    await waitStream(ctx, name, 'ACTIVE');
  }
  built.shards = await listAllShards(ctx, name);
  if (spec.records && spec.records.length > 0) {
    const from = Date.now();
    for (const r of spec.records) {
      const record = expandTokens(r, resolve);
      const res = await ctx.streams.call('PutRecord', {
        StreamName: name,
        Data: record.data,
        PartitionKey: record.partitionKey,
        ...(record.explicitHashKey !== undefined ? { ExplicitHashKey: record.explicitHashKey } : {}),
      });
      const ack = json<{ ShardId?: string; SequenceNumber?: string }>(res);
      if (!ack.ShardId || !ack.SequenceNumber) throw new FixtureError(`fixture PutRecord: no ShardId/SequenceNumber in ${describeResponse(res)}`);
      built.records.push({
        data: record.data,
        partitionKey: record.partitionKey,
        explicitHashKey: record.explicitHashKey,
        sequenceNumber: ack.SequenceNumber,
        shardId: ack.ShardId,
        hashKey: (record.explicitHashKey !== undefined ? BigInt(record.explicitHashKey) : md5HashKey(record.partitionKey)).toString(),
      });
    }
    built.writeWindow = { from, to: Date.now() };
  }
  if (spec.split) {
    const parent = built.shards.find(isOpen);
    if (!parent) throw new FixtureError(`fixture split: stream ${name} has no open shard`);
    await ctx.streams.call('SplitShard', { StreamName: name, ShardToSplit: parent.ShardId, NewStartingHashKey: midpointOf(parent).toString() });
    await waitStream(ctx, name, 'ACTIVE');
    built.shards = await listAllShards(ctx, name);
  }
  if (spec.consumer) {
    const consumerName = streamNameFor(ctx.run, 'consumer');
    const res = await ctx.streams.call('RegisterStreamConsumer', { StreamARN: built.arn, ConsumerName: consumerName });
    const arn = json<{ Consumer?: { ConsumerARN?: string } }>(res).Consumer?.ConsumerARN;
    if (!arn) throw new FixtureError(`fixture RegisterStreamConsumer: no ConsumerARN in ${describeResponse(res)}`);
    built.consumer = { name: consumerName, arn };
    await waitConsumer(ctx, arn, 'ACTIVE');
  }
  return built;
}

/**
 * What no longer holds of a shared fixture (null when intact): status ACTIVE, open shards,
 * retention, encryption. One DescribeStreamSummary (or DescribeStream) per case.
 */
export async function fixtureDrift(ctx: CaseContext, built: BuiltStream): Promise<string | null> {
  const s = await ctx.streams.summary(built.name);
  const spec = built.spec;
  if (s.StreamStatus !== 'ACTIVE') return `StreamStatus is ${s.StreamStatus}, the case needs ACTIVE`;
  const open = built.shards.filter(isOpen).length;
  if (spec.mode !== 'ON_DEMAND' && s['OpenShardCount'] !== undefined && s['OpenShardCount'] !== open) return `OpenShardCount is ${String(s['OpenShardCount'])}, the case needs ${open}`;
  const retention = spec.retentionHours ?? DEFAULT_RETENTION_HOURS;
  if (s['RetentionPeriodHours'] !== undefined && s['RetentionPeriodHours'] !== retention) return `RetentionPeriodHours is ${String(s['RetentionPeriodHours'])}, the case needs ${retention}`;
  const encrypted = s.EncryptionType === 'KMS';
  if (encrypted !== Boolean(spec.encryption)) return `EncryptionType is ${s.EncryptionType ?? '(absent)'}, the case needs ${spec.encryption ? 'KMS' : 'NONE'}`;
  return null;
}

/** Deletes a fixture stream (consumers first), waiting out CREATING/UPDATING; gone is fine. */
export async function removeStream(ctx: CaseContext, built: BuiltStream): Promise<void> {
  let status = await statusOf(ctx, built.name);
  if (status === 'gone') return;
  if (status === 'CREATING' || status === 'UPDATING') {
    await waitStream(ctx, built.name, 'ACTIVE').catch(() => undefined);
    status = await statusOf(ctx, built.name);
  }
  if (status === 'DELETING' || status === 'gone') return;
  const res = await ctx.kinesis.call('DeleteStream', { StreamName: built.name, EnforceConsumerDeletion: true });
  if (res.status !== 200 && errorBodyOf(res).type !== 'ResourceNotFoundException') throw new FixtureError(`fixture clean-up DeleteStream ${built.name}: ${describeResponse(res)}`);
  await waitStream(ctx, built.name, 'gone').catch(() => undefined);
}

