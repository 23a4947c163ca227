import type { Credentials } from '../transport/credentials.ts';

/** How long asynchronous transitions may take on a target, and how often to look. */
export interface TransitionBounds {
  /** Upper bound for any CREATING/UPDATING/DELETING phase before the case is TIMEOUT. */
  stateTimeoutMs: number;
  /** First poll interval; polling backs off from here. */
  pollIntervalMs: number;
  /** Longest poll interval. */
  maxPollIntervalMs: number;
  /**
   * The shortest CREATING/UPDATING/DELETING phase the target is set up to hold (an embedded
   * emulator's configured durations); unknown (AWS, any endpoint) when absent. A `rightAfter` probe
   * answered later than this after its step was sent may have missed the phase.
   */
  shortestPhaseMs?: number | undefined;
}

/** What a test worker needs to reach a started target. Crosses the worker boundary, so plain data. */
export interface TargetInfo {
  /** A registered target's name (targets/index.ts), recorded as the run's target. */
  name: string;
  endpoint: string;
  region: string;
  /** e.g. "kinesis-local 0.6.2"; null for an unknown endpoint. */
  implementation: string | null;
  embedded: boolean;
  /** True when requests go to a real AWS endpoint (billable, rate-limited). */
  isAws: boolean;
  bounds: TransitionBounds;
  /**
   * Where SubscribeToShard (HTTP/2) goes when not to `endpoint` (kinesis-mock: its TLS port).
   * Absent: `endpoint` itself (h2 over TLS for https, h2c for http).
   */
  http2Endpoint?: string | undefined;
  /** PEM of the one certificate trusted at `http2Endpoint` (an emulator's self-signed one); absent: the system's CAs. */
  http2Certificate?: string | undefined;
}

export interface RunningTarget {
  readonly info: TargetInfo;
  readonly credentials: Credentials;
  /** Stops what the harness started; a no-op for remote targets. Idempotent. */
  stop(): Promise<void>;
  /** Null while healthy; a one-line reason once the target is known to be gone. */
  deathReason(): string | null;
}

// Polls start at 25 ms and back off to 100 ms: a transition is noticed within one short interval (the
// bench measures it), and an embedded target is not kept busy answering polls (it is the run's CPU bottleneck).
export const EMULATOR_BOUNDS: TransitionBounds = { stateTimeoutMs: 15_000, pollIntervalMs: 25, maxPollIntervalMs: 100 };
export const AWS_BOUNDS: TransitionBounds = { stateTimeoutMs: 10 * 60_000, pollIntervalMs: 1_000, maxPollIntervalMs: 10_000 };
