import type { CaseContext } from '../case.ts';
import { KinesisClient } from '../transport/client.ts';
import type { Credentials } from '../transport/credentials.ts';

export interface ClientVariant {
  region?: string;
  service?: string;
  credentials?: Credentials;
}

/**
 * Runs `fn` with a second client to the same target that signs differently (another region,
 * service or secret), closed afterwards. Its exchanges are not captured in the case's report.
 */
export async function withClientVariant<T>(ctx: Pick<CaseContext, 'run' | 'kinesis'>, variant: ClientVariant, fn: (client: KinesisClient) => Promise<T>): Promise<T> {
  const client = new KinesisClient({
    endpoint: ctx.kinesis.endpoint,
    region: variant.region ?? ctx.kinesis.region,
    service: variant.service ?? ctx.kinesis.service,
    credentials: variant.credentials ?? ctx.run.credentials,
    timeoutMs: ctx.run.requestTimeoutMs,
  });
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

/** A region other than `region`, both valid AWS regions. */
export function otherRegion(region: string): string {
  return region === 'us-east-1' ? 'us-west-2' : 'us-east-1';
}
