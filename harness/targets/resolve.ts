import { ConfigError } from '../errors.ts';
import { startKinesalite } from './kinesalite.ts';
import { startKinesisMock } from './kinesis-mock.ts';
import { awsEndpointFor, connectRemote, isAwsHost, parseEndpoint } from './remote.ts';
import type { RunningTarget, TargetName } from './target.ts';

export interface TargetRequest {
  target: TargetName | undefined;
  endpoint: string | undefined;
  region: string | undefined;
  profile: string | undefined;
  allowBillable: boolean;
  env: NodeJS.ProcessEnv;
}

/** What would be started or reached, decided before anything is started (so errors come first). */
export type TargetPlan =
  | { kind: 'kinesis-mock' | 'kinesalite' }
  | { kind: 'aws' | 'endpoint'; endpoint: URL; region: string; profile: string | undefined };

export function planTarget(req: TargetRequest): TargetPlan {
  const envRegion = req.env['AWS_REGION'] || req.env['AWS_DEFAULT_REGION'] || undefined;
  if (req.target === 'kinesis-mock' || req.target === 'kinesalite') return { kind: req.target };
  if (req.target === 'aws') {
    const region = req.region ?? envRegion;
    if (!region) throw new ConfigError('--target aws needs a region: --region R or AWS_REGION');
    const endpoint = req.endpoint ? parseEndpoint(req.endpoint) : awsEndpointFor(region);
    return { kind: 'aws', endpoint, region, profile: req.profile };
  }
  const raw = req.endpoint ?? (req.env['AWS_ENDPOINT_URL_KINESIS'] || req.env['AWS_ENDPOINT_URL'] || undefined);
  if (raw === undefined) return { kind: 'kinesis-mock' };
  const endpoint = parseEndpoint(raw);
  const aws = isAwsHost(endpoint.hostname);
  const region = req.region ?? envRegion ?? (aws ? endpoint.hostname.split('.')[1] : undefined) ?? 'us-east-1';
  return { kind: aws ? 'aws' : 'endpoint', endpoint, region, profile: req.profile };
}

/** Refuses AWS endpoints unless the user acknowledged that the run creates billable resources. */
export function checkOptIn(plan: TargetPlan, allowBillable: boolean): void {
  if (plan.kind === 'aws' && !allowBillable) {
    throw new ConfigError(
      `${plan.endpoint.host} is a real AWS endpoint: the run creates billable streams; pass --allow-billable to proceed`,
    );
  }
}

export async function startTarget(plan: TargetPlan, env: NodeJS.ProcessEnv): Promise<RunningTarget> {
  switch (plan.kind) {
    case 'kinesis-mock':
      return startKinesisMock();
    case 'kinesalite':
      return startKinesalite();
    case 'aws':
    case 'endpoint':
      return connectRemote({ endpoint: plan.endpoint, region: plan.region, env, kind: plan.kind, ...(plan.profile ? { profile: plan.profile } : {}) });
  }
}
