import { ConfigError } from '../errors.ts';
import { LOCAL_CREDENTIALS, type Credentials } from '../transport/credentials.ts';
import { AWS_BOUNDS, EMULATOR_BOUNDS, type RunningTarget } from './target.ts';

/** True for hosts that are AWS's own (billable): any *.amazonaws.com or *.amazonaws.com.cn. */
export function isAwsHost(hostname: string): boolean {
  return /(^|\.)amazonaws\.com(\.cn)?$/i.test(hostname.replace(/\.$/, ''));
}

export function awsEndpointFor(region: string): URL {
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) throw new ConfigError(`not an AWS region name: '${region}'`);
  return new URL(`https://kinesis.${region}.${region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'}/`);
}

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

/** Static credentials from the environment, or the dummy ones a local emulator accepts. */
function environmentCredentials(env: NodeJS.ProcessEnv): Credentials | null {
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

export interface RemoteTargetOptions {
  endpoint: URL;
  region: string;
  env: NodeJS.ProcessEnv;
  /** 'aws' forces the credential chain; an endpoint falls back to dummy credentials when none are set. */
  kind: 'aws' | 'endpoint';
  profile?: string;
}

export async function connectRemote(options: RemoteTargetOptions): Promise<RunningTarget> {
  const aws = options.kind === 'aws' || isAwsHost(options.endpoint.hostname);
  const credentials = aws
    ? await resolveAwsCredentials(options.profile)
    : (environmentCredentials(options.env) ?? LOCAL_CREDENTIALS);
  await probe(options.endpoint);
  return {
    info: {
      name: options.kind,
      endpoint: options.endpoint.toString(),
      region: options.region,
      implementation: aws ? 'aws' : null,
      embedded: false,
      isAws: aws,
      bounds: aws ? AWS_BOUNDS : EMULATOR_BOUNDS,
    },
    credentials,
    deathReason: () => null,
    stop: async () => {},
  };
}
