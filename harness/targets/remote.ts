import { ConfigError } from '../errors.ts';
import type { Credentials } from '../transport/credentials.ts';
import type { RemoteLocation, RemoteTarget } from './descriptor.ts';
import type { RunningTarget } from './target.ts';

export function parseEndpoint(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`malformed endpoint URL: '${raw}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`endpoint must be an http:// or https:// URL, got '${raw}'`);
  }
  if (url.username || url.password) throw new ConfigError('endpoint URL must not carry credentials');
  return url;
}

/** Static credentials from the environment, or null when none are set. */
export function environmentCredentials(env: NodeJS.ProcessEnv): Credentials | null {
  const accessKeyId = env['AWS_ACCESS_KEY_ID'];
  const secretAccessKey = env['AWS_SECRET_ACCESS_KEY'];
  if (!accessKeyId || !secretAccessKey) return null;
  return { accessKeyId, secretAccessKey, sessionToken: env['AWS_SESSION_TOKEN'] || undefined };
}

/** Resolves through the standard chain (env, SSO, profile, web identity, container, instance). */
export async function resolveAwsCredentials(profile?: string): Promise<Credentials> {
  try {
    // The SDK's provider chain is large; only AWS runs load it.
    const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers');
    const provider = fromNodeProviderChain(profile ? { profile } : {});
    const creds = await provider();
    if (creds.expiration && creds.expiration.getTime() <= Date.now()) {
      throw new ConfigError(`AWS credentials expired at ${creds.expiration.toISOString()}`);
    }
    return { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey, sessionToken: creds.sessionToken };
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ConfigError(`no usable AWS credentials from the standard chain: ${message}`);
  }
}

/** Any HTTP answer at all proves the endpoint is there; nothing else is judged here. */
async function probe(url: URL): Promise<void> {
  try {
    const res = await fetch(url, { method: 'POST', body: '{}', signal: AbortSignal.timeout(5_000) });
    await res.arrayBuffer();
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new ConfigError(`endpoint ${url.origin} is unreachable (${why})`);
  }
}

/** Checks that something answers at a remote target's endpoint; the harness neither starts nor stops it. */
export async function connectRemote(target: RemoteTarget, where: RemoteLocation, credentials: Credentials): Promise<RunningTarget> {
  await probe(where.endpoint);
  return {
    info: {
      name: target.name,
      endpoint: where.endpoint.toString(),
      region: where.region,
      implementation: target.isAws ? 'aws' : null,
      embedded: false,
      isAws: target.isAws,
      bounds: target.bounds,
    },
    credentials,
    deathReason: () => null,
    stop: async () => {},
  };
}
