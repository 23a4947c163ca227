import type { Response } from '../transport/client.ts';

/**
 * DescribeStreamSummary's StreamDescriptionSummary, as far as the harness reads it. The model
 * requires these members; a target that drops one is caught by the output-shape check, so only
 * StreamStatus (what every wait reads) is checked here.
 */
export interface StreamSummary {
  StreamName: string;
  StreamARN: string;
  StreamStatus: string;
  EncryptionType?: string | null;
  KeyId?: string | null;
  [member: string]: unknown;
}

/** The summary of a DescribeStreamSummary answer: undefined unless it is a 200 with a StreamStatus. */
export function summaryOf(res: Pick<Response, 'status' | 'json'> | undefined): StreamSummary | undefined {
  if (res?.status !== 200 || typeof res.json !== 'object' || res.json === null) return undefined;
  const s = (res.json as Record<string, unknown>)['StreamDescriptionSummary'];
  if (typeof s !== 'object' || s === null || Array.isArray(s)) return undefined;
  return typeof (s as Record<string, unknown>)['StreamStatus'] === 'string' ? (s as StreamSummary) : undefined;
}

/**
 * DescribeStream's StreamDescription read as a summary, for targets without DescribeStreamSummary
 * (added in 2017; kinesalite before 3.2.0 lacks it). OpenShardCount only when the answer lists
 * every shard (HasMoreShards false): one page cannot count them. Undefined unless a 200 with a
 * StreamStatus.
 */
export function summaryFromDescription(res: Pick<Response, 'status' | 'json'> | undefined): StreamSummary | undefined {
  if (res?.status !== 200 || typeof res.json !== 'object' || res.json === null) return undefined;
  const d = (res.json as Record<string, unknown>)['StreamDescription'];
  if (typeof d !== 'object' || d === null || Array.isArray(d)) return undefined;
  const { Shards: shards, HasMoreShards: more, ...rest } = d as Record<string, unknown>;
  if (typeof rest['StreamStatus'] !== 'string') return undefined;
  const open = Array.isArray(shards) && more === false
    ? shards.filter((s) => !((s as { SequenceNumberRange?: { EndingSequenceNumber?: unknown } } | null)?.SequenceNumberRange?.EndingSequenceNumber)).length
    : undefined;
  return { ...(rest as StreamSummary), ...(open !== undefined ? { OpenShardCount: open } : {}) };
}
