import type { Response } from '../transport/client.ts';

/** An error answer decoded the way awsJson1_1 clients decode it. */
export interface AwsErrorBody {
  /** `__type` exactly as sent (AWS sends the bare shape name). */
  rawType: string | undefined;
  /** Resolved name: the part after the last '#' and before the first ':' (awsJson1_1 rule). */
  type: string | undefined;
  /** `message`, or `Message` as AWS spells it on SerializationException. */
  message: string | undefined;
}

export function resolveErrorType(raw: string): string {
  const noUri = raw.includes('#') ? raw.slice(raw.lastIndexOf('#') + 1) : raw;
  return noUri.includes(':') ? noUri.slice(0, noUri.indexOf(':')) : noUri;
}

export function errorBodyOf(res: Pick<Response, 'json' | 'headers'>): AwsErrorBody {
  const body = (res.json && typeof res.json === 'object' ? res.json : {}) as Record<string, unknown>;
  const rawType = typeof body['__type'] === 'string' ? body['__type'] : res.headers['x-amzn-errortype'];
  const message = typeof body['message'] === 'string' ? body['message'] : typeof body['Message'] === 'string' ? body['Message'] : undefined;
  return { rawType, type: rawType === undefined ? undefined : resolveErrorType(rawType), message };
}

/** Error types of throttling (control-plane rates, 5 streams CREATING, shard throughput): a set-up call waits them out. */
export const THROTTLING_TYPES: ReadonlySet<string> = new Set(['LimitExceededException', 'ThrottlingException', 'ProvisionedThroughputExceededException']);

/** A compact, secret-free description of an answer, for assertion messages. */
export function describeResponse(res: Pick<Response, 'status' | 'bodyText'>): string {
  // One line: failure messages are shown (and compared across runs) by their first line, and a
  // pretty-printed body would otherwise vanish from them.
  const flat = res.bodyText.replace(/\s*[\r\n]+\s*/g, ' ');
  const body = flat.length > 400 ? `${flat.slice(0, 400)}…` : flat;
  return `HTTP ${res.status} ${body || '(empty body)'}`;
}
