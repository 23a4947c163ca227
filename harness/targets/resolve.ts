import { ConfigError } from '../errors.ts';
import type { EmbeddedTarget, RemoteLocation, RemoteTarget } from './descriptor.ts';
import { REGISTRY, type EmbeddedTargetName, type RemoteTargetName } from './index.ts';
import { defaultTarget, namedTarget, remoteTargets, type TargetRegistry } from './registry.ts';
import { parseEndpoint } from './remote.ts';
import type { RunningTarget } from './target.ts';

export interface TargetRequest {
  target: string | undefined;
  endpoint: string | undefined;
  region: string | undefined;
  profile: string | undefined;
  allowBillable: boolean;
  env: NodeJS.ProcessEnv;
}

/**
 * What would be started or reached, decided before anything is started (so errors come first).
 * `kind` is the target's name, as the run records it.
 */
export type EmbeddedPlan = { kind: EmbeddedTargetName; target: EmbeddedTarget };
export type RemotePlan = RemoteLocation & { kind: RemoteTargetName; target: RemoteTarget };
export type TargetPlan = EmbeddedPlan | RemotePlan;

export function isRemotePlan(plan: TargetPlan): plan is RemotePlan {
  return plan.target.kind === 'remote';
}

// The names are the registry's: with the default registry, exactly the name types above.
function embeddedPlan(target: EmbeddedTarget): EmbeddedPlan {
  return { kind: target.name as EmbeddedTargetName, target };
}

function remotePlan(target: RemoteTarget, where: RemoteLocation): RemotePlan {
  return { ...where, kind: target.name as RemoteTargetName, target };
}

/**
 * A named target, else an endpoint (--endpoint, AWS_ENDPOINT_URL_KINESIS, AWS_ENDPOINT_URL) as the
 * first named remote target that claims it or as a plain endpoint, else the default target.
 */
export function planTarget(req: TargetRequest, registry: TargetRegistry = REGISTRY): TargetPlan {
  const region = req.region ?? (req.env['AWS_REGION'] || req.env['AWS_DEFAULT_REGION'] || undefined);
  if (req.target !== undefined) {
    const target = namedTarget(req.target, registry);
    if (target.kind === 'embedded') return embeddedPlan(target);
    const endpoint = req.endpoint === undefined ? undefined : parseEndpoint(req.endpoint);
    return remotePlan(target, target.locate({ endpoint, region, profile: req.profile }));
  }
  const raw = req.endpoint ?? (req.env['AWS_ENDPOINT_URL_KINESIS'] || req.env['AWS_ENDPOINT_URL'] || undefined);
  if (raw === undefined) return embeddedPlan(defaultTarget(registry));
  const endpoint = parseEndpoint(raw);
  const target = remoteTargets(registry).find((t) => t.claims(endpoint)) ?? registry.endpoint;
  return remotePlan(target, target.locate({ endpoint, region, profile: req.profile }));
}

/** Refuses AWS endpoints unless the user acknowledged that the run creates billable resources. */
export function checkOptIn(plan: TargetPlan, allowBillable: boolean): void {
  if (isRemotePlan(plan) && plan.target.isAws && !allowBillable) {
    throw new ConfigError(
      `${plan.endpoint.host} is a real AWS endpoint: the run creates billable streams; pass --allow-billable to proceed`,
    );
  }
}

export async function startTarget(plan: TargetPlan, env: NodeJS.ProcessEnv): Promise<RunningTarget> {
  return isRemotePlan(plan) ? plan.target.start(plan, env) : plan.target.start();
}
