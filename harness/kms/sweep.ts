import { RUN_TAG_KEY } from '../run-context.ts';
import type { KmsClient } from './client.ts';
import { PENDING_WINDOW_DAYS } from './keys.ts';

/** When a run started, from its id (base36 start time in ms, then 4 random characters). */
export function runStartOfId(runId: string): number | null {
  if (!/^[0-9a-z]{12}$/.test(runId)) return null;
  const ms = parseInt(runId.slice(0, 8), 36);
  return ms > Date.UTC(2020, 0, 1) ? ms : null;
}

export interface KmsSweepResult {
  /** Keys of earlier runs scheduled for deletion now. */
  scheduled: string[];
  /** Keys of earlier runs already pending deletion. */
  pending: string[];
  /** Keys that should go but could not be scheduled. */
  left: string[];
}

async function kms<T>(client: KmsClient, operation: string, body: Record<string, unknown>): Promise<T> {
  const res = await client.call(operation, body);
  if (res.status !== 200) throw new Error(`KMS ${operation} answered HTTP ${res.status}: ${res.bodyText.slice(0, 200)}`);
  return res.json as T;
}

/**
 * Finds the KMS keys earlier runs left behind (tagged with the run id, older than the bound) and
 * schedules their deletion, as the run itself would have. Keys of other owners are never touched:
 * only a key carrying the suite's tag is considered.
 */
export async function sweepKmsKeys(client: KmsClient, olderThanMs: number, dryRun: boolean, now = Date.now()): Promise<KmsSweepResult> {
  const result: KmsSweepResult = { scheduled: [], pending: [], left: [] };
  let marker: string | undefined;
  for (let page = 0; page < 1_000; page++) {
    const list = await kms<{ Keys?: Array<{ KeyId: string }>; Truncated?: boolean; NextMarker?: string }>(client, 'ListKeys', { Limit: 100, ...(marker ? { Marker: marker } : {}) });
    for (const { KeyId } of list.Keys ?? []) {
      let tags: Array<{ TagKey: string; TagValue: string }>;
      try {
        tags = (await kms<{ Tags?: Array<{ TagKey: string; TagValue: string }> }>(client, 'ListResourceTags', { KeyId })).Tags ?? [];
      } catch {
        continue; // AWS-managed keys and keys we may not read are not ours
      }
      const runId = tags.find((t) => t.TagKey === RUN_TAG_KEY)?.TagValue;
      const started = runId ? runStartOfId(runId) : null;
      if (started === null || now - started < olderThanMs) continue;
      const state = (await kms<{ KeyMetadata?: { KeyState?: string } }>(client, 'DescribeKey', { KeyId })).KeyMetadata?.KeyState;
      if (state === 'PendingDeletion' || state === 'PendingReplicaDeletion') {
        result.pending.push(KeyId);
        continue;
      }
      if (dryRun) {
        result.scheduled.push(KeyId);
        continue;
      }
      const res = await client.call('ScheduleKeyDeletion', { KeyId, PendingWindowInDays: PENDING_WINDOW_DAYS });
      (res.status === 200 ? result.scheduled : result.left).push(KeyId);
    }
    if (!list.Truncated || !list.NextMarker) break;
    marker = list.NextMarker;
  }
  return result;
}
