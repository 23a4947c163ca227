import { ConfigError } from '../errors.ts';
import { listStreamsWithPrefix } from '../fixtures/sweep.ts';
import { DEFAULT_RESOURCE_PREFIX } from '../run-context.ts';
import { checkOptIn, planTarget, startTarget } from '../targets/resolve.ts';
import { REGISTRY, type TargetName } from '../targets/index.ts';
import { orList, remoteTargets } from '../targets/registry.ts';
import { kmsClientFor } from '../kms/client.ts';
import { sweepKmsKeys } from '../kms/sweep.ts';
import { KinesisClient } from '../transport/client.ts';
import type { Io } from './io.ts';

export interface SweepArgs {
  command: 'sweep';
  target: TargetName | undefined;
  endpoint: string | undefined;
  region: string | undefined;
  profile: string | undefined;
  allowBillable: boolean;
  olderThanMs: number;
  prefix: string;
  dryRun: boolean;
}

/** `1h`, `30m`, `45s`, `2d` → ms. */
export function parseAge(raw: string): number {
  const m = /^(\d+)(s|m|h|d)$/.exec(raw.trim());
  if (!m) throw new ConfigError(`--older-than takes a duration like 30m, 1h or 2d, got '${raw}'`);
  return Number(m[1]) * { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

/**
 * When a run started, read back from a stream name `<prefix>-<runId>-...`: a run id starts with
 * the run's start time in base36 ms (8 characters until the year 2059). Null for foreign names.
 */
export function runStartOf(name: string, prefix: string): number | null {
  const m = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-([0-9a-z]{8})[0-9a-z]{4}-`).exec(name);
  if (!m) return null;
  const ms = parseInt(m[1]!, 36);
  return Number.isFinite(ms) && ms > Date.UTC(2020, 0, 1) ? ms : null;
}

/** Finds and deletes leftovers of earlier runs: streams named by the suite's prefix, older than a bound. */
export async function sweepCommand(args: SweepArgs, io: Io): Promise<number> {
  const plan = planTarget({ ...args, env: io.env });
  if (plan.target.kind === 'embedded') {
    const remote = remoteTargets(REGISTRY).map((t) => t.name);
    throw new ConfigError(`embedded targets start empty on every run: sweep needs --endpoint URL or --target ${orList(remote)}`);
  }
  checkOptIn(plan, args.allowBillable);
  const target = await startTarget(plan, io.env);
  const kinesis = new KinesisClient({ endpoint: new URL(target.info.endpoint), region: target.info.region, credentials: target.credentials });
  const now = Date.now();
  let failures = 0;
  try {
    const names = await listStreamsWithPrefix(kinesis, `${args.prefix}-`);
    const stale = names.filter((n) => {
      const started = runStartOf(n, args.prefix);
      return started !== null && now - started >= args.olderThanMs;
    });
    io.err(`kinesis-conformance: ${names.length} stream(s) with prefix '${args.prefix}-', ${stale.length} from runs older than the bound`);
    for (const name of stale) {
      if (args.dryRun) {
        io.out(`would delete ${name}`);
        continue;
      }
      const res = await kinesis.call('DeleteStream', { StreamName: name });
      if (res.status === 200) io.out(`deleted ${name}`);
      else {
        failures++;
        io.err(`could not delete ${name}: HTTP ${res.status} ${res.bodyText.slice(0, 200)}`);
      }
    }
    if (target.info.isAws) {
      // Real AWS runs may also leave KMS keys (encryption cases with --allow-expensive).
      const kms = kmsClientFor({ target: target.info, credentials: target.credentials, requestTimeoutMs: 10_000 });
      try {
        const keys = await sweepKmsKeys(kms, args.olderThanMs, args.dryRun);
        for (const id of keys.scheduled) io.out(`${args.dryRun ? 'would schedule deletion of' : 'scheduled deletion of'} KMS key ${id}`);
        for (const id of keys.left) io.err(`could not schedule deletion of KMS key ${id}`);
        io.err(`kinesis-conformance: KMS keys of earlier runs: ${keys.scheduled.length} ${args.dryRun ? 'to schedule' : 'scheduled'}, ${keys.pending.length} already pending deletion`);
        failures += keys.left.length;
      } finally {
        await kms.close();
      }
    }
  } finally {
    await kinesis.close();
    await target.stop();
  }
  return failures === 0 ? 0 : 1;
}

export const SWEEP_DEFAULTS = { prefix: DEFAULT_RESOURCE_PREFIX, olderThanMs: 3_600_000 };
