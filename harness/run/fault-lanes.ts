import { activate, activateEventStream } from '../faults/catalogue.ts';
import { RunInterrupted, type JobRunner, type RunRecord } from '../faults/engine.ts';
import { startEventStreamProxy, type EventStreamProxy } from '../faults/event-stream-proxy.ts';
import { startFaultProxy, type FaultProxy } from '../faults/proxy.ts';
import { newRunId } from '../run-context.ts';
import type { RunningTarget } from '../targets/target.ts';
import { Lender } from './pool.ts';
import { throughProxy } from './reach.ts';
import { runSuites, sweepRun, type SuiteRunRequest } from './run-suites.ts';
import { SuiteSession } from './session.ts';
import type { SentLogData, SentOperation } from './sent-log.ts';

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

/** A lane's proxies (JSON, and HTTP/2 event streams), and the vitest session that runs the faults' runs through them (opened at its first). */
interface Lane {
  proxy: FaultProxy;
  events: EventStreamProxy;
  session?: SuiteSession;
}

/**
 * The subscriptions a file's cases made, as a sent-log entry of the event-stream proxy. The harness
 * records what its JSON client sends; a subscription is seen through the cases judged on one
 * (a file whose only subscriptions are set-up steps is not seen: none in the fan-out suite today).
 */
export function subscriptionsSent(results: ReadonlyArray<{ id: string; operation: string | null }>, eventsUrl: string): SentOperation | null {
  const cases = results.filter((r) => r.operation === 'SubscribeToShard').map((r) => r.id);
  if (cases.length === 0) return null;
  return { origin: new URL(eventsUrl).origin, operation: 'SubscribeToShard', requests: cases.length, cases, samples: [], dropped: 0 };
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
  const lanes: Lane[] = [];
  const stopAll = () => Promise.all(lanes.flatMap((l) => [l.proxy.stop(), l.events.stop()]));
  try {
    for (let i = 0; i < options.lanes; i++) {
      const proxy = await startFaultProxy({ upstream: target.info.endpoint, timeoutMs: options.requestTimeoutMs * 3 });
      const events = await startEventStreamProxy({ upstream: target.info.http2Endpoint ?? target.info.endpoint, trustedCertificate: target.info.http2Certificate }).catch(async (error: unknown) => {
        await proxy.stop();
        throw error;
      });
      lanes.push({ proxy, events });
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  const lender = new Lender(lanes);
  const run: JobRunner = (job) =>
    lender.use(async (lane): Promise<RunRecord> => {
      const { proxy, events } = lane;
      if (options.signal.aborted) throw new RunInterrupted();
      proxy.setFault(job.fault ? activate(job.fault) : null);
      events.setFault(job.fault ? activateEventStream(job.fault) : null);
      const t0 = Date.now();
      try {
        const request: SuiteRunRequest = {
          // JSON through the fault proxy, subscriptions through the event-stream proxy (h2c: an http:// endpoint, no certificate).
          target: { ...target.info, endpoint: proxy.url, http2Endpoint: events.url, http2Certificate: undefined },
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
        const applied = proxy.applied + events.applied;
        const altered = proxy.altered + events.altered;
        proxy.setFault(null);
        events.setFault(null);
        const death = target.deathReason();
        if (death) throw new Error(death);
        // Interrupted or not: what the run left on the target goes.
        await sweepRun(target.info, target.credentials, outcome.context);
        if (options.signal.aborted) throw new RunInterrupted();
        const sent = new Map<string, SentLogData>();
        for (const f of outcome.files) {
          if (!f.footprint?.sent) continue;
          const through = throughProxy(f.footprint.sent, proxy.url);
          const subscriptions = subscriptionsSent(
            outcome.results.filter((r) => r.file === f.file),
            events.url,
          );
          sent.set(f.file, subscriptions ? { operations: [...through.operations, subscriptions] } : through);
        }
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
        events.setFault(null);
      }
    });
  return {
    run,
    stop: async () => {
      await Promise.all(lanes.map(async (l) => l.session?.close()));
      await stopAll();
    },
  };
}
