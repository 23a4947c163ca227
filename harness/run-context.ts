import type { TargetInfo } from './targets/target.ts';
import type { Credentials } from './transport/credentials.ts';

/**
 * Everything a test worker needs about the run. Handed from the CLI to workers through vitest's
 * `provide` (in memory, never written to disk), so credentials travel with it.
 */
export interface RunContext {
  runId: string;
  /** Prefix of every resource this run creates: `<prefix>-<runId>-`. */
  resourcePrefix: string;
  seed: number;
  target: TargetInfo;
  credentials: Credentials;
  /** Per-request timeout, ms. */
  requestTimeoutMs: number;
  /**
   * What the user allowed. `expensive` gates cases that are slow or spend rate-limited allowances
   * (the 25-per-24h encryption limit, KMS key creation): they SKIP, with the reason, without it.
   */
  optIns: { billable: boolean; expensive: boolean };
  /** fast-check runs per property: small by default, large with --budget deep. */
  propertyRuns: number;
  /** Credentials without Kinesis permissions (--restricted-profile), for AccessDeniedException cases. */
  restrictedCredentials?: Credentials | undefined;
  /**
   * Per test file (path from the package root), where its requests go instead of the target's
   * endpoints: the self-check runs files under different faults in one run, each through a proxy of
   * its own. A run with routes has one for every file it runs.
   */
  routes?: Readonly<Record<string, FileRoute>> | undefined;
}

/** The endpoints one test file talks to (JSON, and HTTP/2 subscriptions). */
export interface FileRoute {
  endpoint: string;
  http2Endpoint: string;
}

/** The run as one test file sees it: its route, if the run has routes, in place of the target's endpoints. */
export function routedFor(run: RunContext, file: string): RunContext {
  if (!run.routes) return run;
  const route = run.routes[file];
  if (!route) throw new Error(`no route for ${file} in a routed run (the self-check routes every file it runs)`);
  // Plain HTTP/2 (h2c) to the proxy: no certificate to trust.
  return { ...run, target: { ...run.target, endpoint: route.endpoint, http2Endpoint: route.http2Endpoint, http2Certificate: undefined } };
}

declare module 'vitest' {
  export interface ProvidedContext {
    kinesisConformance: RunContext;
  }
}

/** Tag put on every stream the suite creates, so leftovers can be found and attributed. */
// Kinesis tag keys allow letters, digits, space and _ . / = + - % @ (no ':', per the recorded AWS text).
export const RUN_TAG_KEY = 'kinesis-conformance/run-id';
export const DEFAULT_RESOURCE_PREFIX = 'kc';

/** A short, sortable, collision-resistant run id: base36 time + 4 random chars. */
export function newRunId(now = Date.now()): string {
  const random = Math.floor(Math.random() * 36 ** 4).toString(36).padStart(4, '0');
  return `${now.toString(36)}${random}`;
}

/** Stream names allow [a-zA-Z0-9_.-]{1,128}: the run's prefix plus a case-chosen suffix. */
export function streamNameFor(ctx: Pick<RunContext, 'resourcePrefix' | 'runId'>, suffix: string): string {
  const unique = Math.floor(Math.random() * 36 ** 5).toString(36);
  const name = `${ctx.resourcePrefix}-${ctx.runId}-${suffix}-${unique}`.replace(/[^a-zA-Z0-9_.-]/g, '-');
  return name.slice(0, 128);
}

export function runPrefix(ctx: Pick<RunContext, 'resourcePrefix' | 'runId'>): string {
  return `${ctx.resourcePrefix}-${ctx.runId}-`;
}
