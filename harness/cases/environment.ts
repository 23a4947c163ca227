import type { CaseContext } from '../case.ts';
import { describeResponse } from '../checks/aws-error.ts';
import { fail } from '../checks/expect.ts';
import { waitForState } from '../fixtures/state-wait.ts';
import { describeSummary, type StreamHandle, type StreamSummary } from '../fixtures/streams.ts';
import { kmsClientFor } from '../kms/client.ts';
import { KmsKeys, type KeyState } from '../kms/keys.ts';
import type { KinesisClient, Response } from '../transport/client.ts';
import { CallLedger } from './ledger.ts';
import type { OperationName } from '../spec/operations.ts';

/** The Kinesis-owned key, usable by every account without creating anything (API reference, KeyId). */
export const KINESIS_OWNED_KEY = 'alias/aws/kinesis';

export type SharedNeed = 'active' | 'encrypted' | 'unencrypted';

/** `arn:<partition>:kinesis:<region>:<account>:stream/<name>` → its parts. */
export function arnParts(arn: string): { partition: string; region: string; account: string } {
  const m = /^arn:([^:]+):kinesis:([^:]*):(\d{12}):stream\//.exec(arn);
  if (!m) throw new Error(`not a stream ARN: ${arn}`);
  return { partition: m[1] ?? 'aws', region: m[2] ?? '', account: m[3] ?? '' };
}

/**
 * What the case interpreter shares within one test file: a stream for the cases (created once,
 * brought to the state each case needs), KMS keys on real AWS, and the count of calls per stream.
 */
export class CaseEnvironment {
  readonly ledger = new CallLedger();
  #shared: Promise<StreamHandle> | undefined;
  #sharedOwner: Pick<CaseContext, 'streams' | 'run' | 'kinesis'> | undefined;
  #kms: { keys: KmsKeys; client: KinesisClient } | undefined;

  /** The shared stream, created on first use (a failed creation is retried by the next case). */
  sharedStream(ctx: CaseContext): Promise<StreamHandle> {
    if (!this.#shared) {
      this.#sharedOwner = ctx;
      this.#shared = ctx.streams.create('enc-shared');
      this.#shared.catch(() => (this.#shared = undefined));
    }
    return this.#shared;
  }

  /** Account and partition as the target writes them in ARNs (from the shared stream). */
  async owner(ctx: CaseContext): Promise<{ partition: string; account: string }> {
    return arnParts((await this.sharedStream(ctx)).arn);
  }

  /** Sends a call and counts it against the stream it names (by role: 'shared', 'absent', ...). */
  async call(ctx: CaseContext, label: string, operation: OperationName, body: Record<string, unknown>): Promise<Response> {
    const res = await ctx.kinesis.call(operation, body);
    this.ledger.count(label, operation, res.status);
    return res;
  }

  async #summary(ctx: CaseContext, name: string): Promise<StreamSummary> {
    const s = await ctx.streams.summary(name);
    ctx.timeline.record(s.StreamStatus, { EncryptionType: s.EncryptionType ?? null });
    return s;
  }

  async #waitActive(ctx: CaseContext, name: string): Promise<StreamSummary> {
    const { observation } = await waitForState(
      `shared stream ${name} to be ACTIVE`,
      async () => {
        const s = await ctx.streams.summary(name);
        return { state: s.StreamStatus, detail: { EncryptionType: s.EncryptionType ?? null, summary: s } };
      },
      (o) => o.state === 'ACTIVE',
      ctx.run.target.bounds,
      ctx.timeline,
    );
    return observation.detail?.['summary'] as StreamSummary;
  }

  /** Waits until the shared stream is ACTIVE again (after a case's call changed it) and describes it. */
  async settledShared(ctx: CaseContext): Promise<StreamSummary> {
    return this.#waitActive(ctx, (await this.sharedStream(ctx)).name);
  }

  /**
   * Brings the shared stream to ACTIVE with the encryption state the case needs. Encrypting or
   * decrypting it is the operation under test: a target that cannot do it fails the case (FAIL,
   * with its answer), it does not make it unjudgeable.
   */
  async ensure(ctx: CaseContext, need: SharedNeed): Promise<StreamHandle> {
    const stream = await this.sharedStream(ctx);
    let summary = await this.#summary(ctx, stream.name);
    if (summary.StreamStatus !== 'ACTIVE') summary = await this.#waitActive(ctx, stream.name);
    const encrypted = summary.EncryptionType === 'KMS';
    if ((need === 'encrypted' && !encrypted) || (need === 'unencrypted' && encrypted)) {
      const operation = need === 'encrypted' ? 'StartStreamEncryption' : 'StopStreamEncryption';
      const keyId = need === 'encrypted' ? KINESIS_OWNED_KEY : (summary.KeyId ?? KINESIS_OWNED_KEY);
      const res = await this.call(ctx, 'shared', operation, { StreamARN: stream.arn, EncryptionType: 'KMS', KeyId: keyId });
      ctx.timeline.mark(`${operation} (fixture) ${res.status}`);
      if (res.status !== 200) fail(`fixture: ${operation} to make the shared stream ${need} answered ${describeResponse(res)}`);
      await this.#waitActive(ctx, stream.name);
    }
    return stream;
  }

  /** A KMS key in the given state (real AWS only; the loader insists on the aws-only flag). */
  async kmsKey(ctx: CaseContext, state: KeyState) {
    if (!this.#kms) {
      const client = kmsClientFor(ctx.run);
      this.#kms = { client, keys: new KmsKeys(client, ctx.run.runId, await this.owner(ctx)) };
    }
    return this.#kms.keys.key(state);
  }

  /**
   * Lets the shared stream settle (a last case may have left it UPDATING, and an UPDATING stream
   * cannot be deleted), then schedules deletion of KMS keys; returns what could not be cleaned.
   */
  async cleanup(): Promise<string[]> {
    const owner = this.#sharedOwner;
    const shared = this.#shared;
    this.#shared = undefined;
    if (owner && shared) {
      const { name } = await shared;
      await owner.streams.waitForStatus(name, 'ACTIVE').catch(() => undefined);
      // Deleted here and waited for, so no DELETING stream is left for the run's final sweep.
      await owner.streams.delete(name).catch(() => undefined);
      await waitForState(
        `shared stream ${name} to be gone`,
        async () => {
          const { res, summary } = await describeSummary(owner.kinesis, name);
          return { state: summary?.StreamStatus ?? `HTTP ${res.status}` };
        },
        (o) => o.state !== 'DELETING' && o.state !== 'ACTIVE',
        owner.run.target.bounds,
      ).catch(() => undefined);
    }
    if (!this.#kms) return [];
    const { keys, client } = this.#kms;
    this.#kms = undefined;
    try {
      return await keys.cleanup();
    } finally {
      await client.close();
    }
  }
}
