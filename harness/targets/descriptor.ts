import { join } from 'node:path';
import { BASELINES_DIR } from '../paths.ts';
import type { RunningTarget, TransitionBounds } from './target.ts';

/** What the command line and the environment say about where a remote target is. */
export interface RemoteRequest {
  /** --endpoint (or, when no target is named, AWS_ENDPOINT_URL_KINESIS / AWS_ENDPOINT_URL), parsed. */
  endpoint: URL | undefined;
  /** --region, else AWS_REGION / AWS_DEFAULT_REGION. */
  region: string | undefined;
  profile: string | undefined;
}

/** Where a remote target is: decided before anything is reached, so errors come first. */
export interface RemoteLocation {
  endpoint: URL;
  region: string;
  profile: string | undefined;
}

interface DescriptorFields<N extends string> {
  readonly name: N;
  /** One line for the usage text. */
  readonly description: string;
  /** How long its transitions may take, and how often to look. */
  readonly bounds: TransitionBounds;
  /** Whether self-check may break its answers on purpose: its proxy cannot re-sign requests for real credentials. */
  readonly selfCheckable: boolean;
}

interface EmbeddedFields<N extends string> extends DescriptorFields<N> {
  /** Starts a fresh, empty instance on loopback for one run. */
  start(): Promise<RunningTarget>;
  /**
   * Instances the self-check starts and spreads its runs over (default 1): an emulator in a process
   * of its own answers on one event loop, which many runs at once keep busy.
   */
  readonly selfCheckInstances?: number;
}

interface RemoteFields<N extends string> extends DescriptorFields<N> {
  /** AWS itself: billable (--allow-billable), rate-limited, reached with the credential chain. */
  readonly isAws: boolean;
  /** Whether an --endpoint URL given without --target is this target. */
  claims(endpoint: URL): boolean;
  /** Where it is; a ConfigError when the request does not say enough. */
  locate(request: RemoteRequest): RemoteLocation;
  start(where: RemoteLocation, env: NodeJS.ProcessEnv): Promise<RunningTarget>;
}

/** Started by the harness for each run (so it starts empty), judged by its committed baseline. */
export interface EmbeddedTarget<N extends string = string> extends EmbeddedFields<N> {
  readonly kind: 'embedded';
  /** reports/baselines/<name>.json: the known deviations a run is judged by when no --baseline is given. */
  readonly baseline: string;
}

/** Reached over the network: it may hold other people's streams, so it has no baseline of ours. */
export interface RemoteTarget<N extends string = string> extends RemoteFields<N> {
  readonly kind: 'remote';
  readonly baseline: null;
}

export type TargetDescriptor = EmbeddedTarget | RemoteTarget;

export function embeddedTarget<const N extends string>(fields: EmbeddedFields<N>): EmbeddedTarget<N> {
  return { ...fields, kind: 'embedded', baseline: join(BASELINES_DIR, `${fields.name}.json`) };
}

export function remoteTarget<const N extends string>(fields: RemoteFields<N>): RemoteTarget<N> {
  return { ...fields, kind: 'remote', baseline: null };
}
