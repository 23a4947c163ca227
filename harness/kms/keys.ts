import { describeResponse } from '../checks/aws-error.ts';
import { FixtureError } from '../errors.ts';
import { RUN_TAG_KEY } from '../run-context.ts';
import type { Response } from '../transport/client.ts';
import type { KmsClient } from './client.ts';

export type KeyState = 'enabled' | 'disabled' | 'pending-deletion' | 'denied';

export interface KmsKey {
  id: string;
  arn: string;
  state: KeyState;
}

/** KMS's shortest deletion window: keys the suite creates are gone a week after the run. */
export const PENDING_WINDOW_DAYS = 7;

/**
 * A key policy that keeps the account's full administration of the key (so the suite can still
 * schedule its deletion, and KMS's lockout check passes) but denies every use of it for data, so
 * Kinesis cannot generate data keys with it: the way to provoke KMSAccessDeniedException.
 */
export function denyingKeyPolicy(partition: string, account: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AccountAdministers', Effect: 'Allow', Principal: { AWS: `arn:${partition}:iam::${account}:root` }, Action: 'kms:*', Resource: '*' },
      {
        Sid: 'NoDataUse',
        Effect: 'Deny',
        Principal: '*',
        Action: ['kms:GenerateDataKey*', 'kms:Decrypt', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:CreateGrant', 'kms:DescribeKey'],
        Resource: '*',
      },
    ],
  });
}

/**
 * KMS keys created for cases on real AWS, one per state a case needs (created lazily, reused),
 * tagged with the run id and scheduled for deletion when the file ends.
 */
export class KmsKeys {
  readonly #keys = new Map<KeyState, Promise<KmsKey>>();
  readonly #scheduled = new Set<string>();

  constructor(
    private readonly kms: KmsClient,
    private readonly runId: string,
    private readonly owner: { partition: string; account: string },
  ) {}

  async #call(operation: string, body: Record<string, unknown>): Promise<Response> {
    const res = await this.kms.call(operation, body);
    if (res.status !== 200) throw new FixtureError(`KMS fixture ${operation} failed: ${describeResponse(res)}`);
    return res;
  }

  /** A key in the given state; the same one for every case of the file. */
  key(state: KeyState): Promise<KmsKey> {
    let key = this.#keys.get(state);
    if (!key) {
      key = this.#create(state);
      this.#keys.set(state, key);
      // A failed creation is not cached: the next case tries again.
      key.catch(() => this.#keys.delete(state));
    }
    return key;
  }

  async #create(state: KeyState): Promise<KmsKey> {
    const res = await this.#call('CreateKey', {
      Description: `kinesis-conformance run ${this.runId}: ${state} key for encryption cases`,
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeySpec: 'SYMMETRIC_DEFAULT',
      Tags: [{ TagKey: RUN_TAG_KEY, TagValue: this.runId }],
      ...(state === 'denied' ? { Policy: denyingKeyPolicy(this.owner.partition, this.owner.account) } : {}),
    });
    const meta = (res.json as { KeyMetadata?: { KeyId?: string; Arn?: string } } | undefined)?.KeyMetadata;
    if (!meta?.KeyId || !meta.Arn) throw new FixtureError(`KMS fixture CreateKey: no KeyMetadata in ${describeResponse(res)}`);
    const key: KmsKey = { id: meta.KeyId, arn: meta.Arn, state };
    if (state === 'disabled') await this.#call('DisableKey', { KeyId: key.id });
    if (state === 'pending-deletion') await this.#scheduleDeletion(key.id);
    return key;
  }

  async #scheduleDeletion(keyId: string): Promise<void> {
    await this.#call('ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: PENDING_WINDOW_DAYS });
    this.#scheduled.add(keyId);
  }

  /** Schedules deletion of every key created; returns the ids it could not schedule. */
  async cleanup(): Promise<string[]> {
    const left: string[] = [];
    for (const pending of this.#keys.values()) {
      let key: KmsKey;
      try {
        key = await pending;
      } catch {
        continue;
      }
      if (this.#scheduled.has(key.id)) continue;
      try {
        await this.#scheduleDeletion(key.id);
      } catch {
        left.push(key.id);
      }
    }
    this.#keys.clear();
    return left;
  }
}
