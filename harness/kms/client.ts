import type { RunContext } from '../run-context.ts';
import { KinesisClient } from '../transport/client.ts';
import type { Credentials } from '../transport/credentials.ts';

/** KMS speaks AWS JSON 1.1 too: X-Amz-Target `TrentService.<Operation>`, SigV4 service `kms`. */
export const KMS_TARGET_PREFIX = 'TrentService';

/**
 * The KMS endpoint beside a Kinesis endpoint: `kinesis.<region>.<domain>` becomes
 * `kms.<region>.<domain>` (FIPS and dual-stack names keep their shape); any other host falls back
 * to the public regional endpoint.
 */
export function kmsEndpointFor(kinesisEndpoint: string, region: string): URL {
  const url = new URL(kinesisEndpoint);
  const m = /^kinesis(-fips)?\.(.+)$/.exec(url.hostname);
  if (m && /(^|\.)amazonaws\.com(\.cn)?$/.test(m[2] ?? '')) return new URL(`https://kms${m[1] ?? ''}.${m[2]}/`);
  return new URL(`https://kms.${region}.${region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'}/`);
}

/** The project's signed transport speaking KMS, whose operations are not in the Kinesis spec. */
export type KmsClient = KinesisClient<string>;

/** A KMS client through the project's own signed transport (no SDK in the path). */
export function kmsClientFor(run: Pick<RunContext, 'target' | 'credentials' | 'requestTimeoutMs'>, credentials: Credentials = run.credentials): KmsClient {
  return new KinesisClient<string>({
    endpoint: kmsEndpointFor(run.target.endpoint, run.target.region),
    region: run.target.region,
    credentials,
    service: 'kms',
    targetPrefix: KMS_TARGET_PREFIX,
    timeoutMs: run.requestTimeoutMs,
  });
}
