import { activate } from '../faults/catalogue.ts';
import { RunInterrupted, type JobRunner, type RunRecord } from '../faults/engine.ts';
import { startFaultProxy, type FaultProxy } from '../faults/proxy.ts';
import { newRunId } from '../run-context.ts';
import type { RunningTarget } from '../targets/target.ts';
import { Lender } from './pool.ts';
import { throughProxy } from './reach.ts';
import { runSuites, sweepRun, type SuiteRunRequest } from './run-suites.ts';
import { SuiteSession } from './session.ts';
import type { SentLogData } from './sent-log.ts';

export interface LaneOptions {
  target: RunningTarget;
  /** Proxies, hence runs in flight at once. */
  lanes: number;
  seed: number;
  requestTimeoutMs: number;
  /** Test files in flight in a clean run, and in a fault's run. */
  workers: { clean: number; fault: number };
  signal: AbortSignal;
}

export interface Lanes {
  run: JobRunner;
  stop(): Promise<void>;
}

/** A proxy, and the vitest session that runs the faults' runs through it (opened at its first). */
interface Lane {
  proxy: FaultProxy;
  session?: SuiteSession;
}

/**
 * The self-check's runs against one started target: each through a proxy of its own (the fault is
 * the proxy's state), with a run id of its own (stream names are unique per run id, so runs side by
 * side never touch each other's streams), swept afterwards straight on the target (a fault that
 * swallows DeleteStream must not keep its streams alive). A clean run starts vitest for itself (it
 * records what files send, with more workers); faults' runs reuse their lane's vitest.
 */
export async function startLanes(options: LaneOptions): Promise<Lanes> {
  const { target } = options;
  const proxies: FaultProxy[] = [];
  try {
    for (let i = 0; i < options.lanes; i++) proxies.push(await startFaultProxy({ upstream: target.info.endpoint, timeoutMs: options.requestTimeoutMs * 3 }));
  } catch (error) {
    await Promise.all(proxies.map((p) => p.stop()));
    throw error;
  }
  const lanes: Lane[] = proxies.map((proxy) => ({ proxy }));
  const lender = new Lender(lanes);
  const run: JobRunner = (job) =>
    lender.use(async (lane): Promise<RunRecord> => {
      const { proxy } = lane;
      if (options.signal.aborted) throw new RunInterrupted();
      proxy.setFault(job.fault ? activate(job.fault) : null);
      const t0 = Date.now();
      try {
        const request: SuiteRunRequest = {
          // The JSON endpoint goes through the proxy; HTTP/2 subscriptions keep the target's own (the proxy speaks HTTP/1.1).
          target: { ...target.info, endpoint: proxy.url },
          credentials: target.credentials,
          suites: job.suites,
          files: job.files,
          cases: job.selectors,
          runId: newRunId(),
          seed: options.seed,
          requestTimeoutMs: options.requestTimeoutMs,
          optIns: { billable: false, expensive: false },
          propertyRuns: 25,
          maxWorkers: job.fault ? options.workers.fault : options.workers.clean,
          recordSent: job.recordSent,
          signal: options.signal,
        };
        if (job.fault && !lane.session) lane.session = await SuiteSession.open(request);
        const outcome = job.fault ? await lane.session!.run(request) : await runSuites(request);
        const { applied, altered } = proxy;
        proxy.setFault(null);
        const death = target.deathReason();
        if (death) throw new Error(death);
        // Interrupted or not: what the run left on the target goes.
        await sweepRun(target.info, target.credentials, outcome.context);
        if (options.signal.aborted) throw new RunInterrupted();
        const sent = new Map<string, SentLogData>();
        for (const f of outcome.files) if (f.footprint?.sent) sent.set(f.file, throughProxy(f.footprint.sent, proxy.url));
        const ms = Date.now() - t0;
        return {
          results: outcome.results.map((r) => ({ id: r.id, rule: r.rule, suite: r.suite, file: r.file, status: r.status, message: r.message, durationMs: r.durationMs })),
          shapes: outcome.shapes,
          sent,
          applied,
          altered,
          durationMs: ms,
        };
      } finally {
        proxy.setFault(null);
      }
    });
  return {
    run,
    stop: async () => {
      await Promise.all(lanes.map(async (l) => l.session?.close()));
      await Promise.all(proxies.map((p) => p.stop()));
    },
  };
}
