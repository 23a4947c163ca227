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
  /** Instances of one target (same implementation, same settings): lane i runs against instance i mod n. */
  targets: readonly RunningTarget[];
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

/** A JSON proxy and an HTTP/2 event-stream proxy: what one test file of a run talks to. */
interface ProxyPair {
  proxy: FaultProxy;
  events: EventStreamProxy;
}

/** A lane's proxy pairs (one per file of its runs, made as needed), and the vitest session that runs the faults' runs through them (opened at its first). */
interface Lane {
  pairs: ProxyPair[];
  /** The instance this lane's proxies forward to. */
  target: RunningTarget;
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
 * The self-check's runs against one started target. The clean run sends every file through one
 * proxy with no fault; a fault run sends each of its files through a proxy pair of its own, set to
 * that file's fault (the run context routes each file to its pair). Each run has a run id of its
 * own (stream names are unique per run id, so runs side by side never touch each other's streams)
 * and is swept afterwards straight on the target (a fault that swallows DeleteStream must not keep
 * its streams alive). A clean run starts vitest for itself (it records what files send, with more
 * workers); fault runs reuse their lane's vitest.
 */
export async function startLanes(options: LaneOptions): Promise<Lanes> {
  const lanes: Lane[] = Array.from({ length: options.lanes }, (_, i) => ({ pairs: [], target: options.targets[i % options.targets.length]! }));
  const allPairs: ProxyPair[] = [];
  const stopAll = () => Promise.all(allPairs.flatMap((p) => [p.proxy.stop(), p.events.stop()]));
  const newPair = async (target: RunningTarget): Promise<ProxyPair> => {
    const proxy = await startFaultProxy({ upstream: target.info.endpoint, timeoutMs: options.requestTimeoutMs * 3 });
    const events = await startEventStreamProxy({ upstream: target.info.http2Endpoint ?? target.info.endpoint, trustedCertificate: target.info.http2Certificate }).catch(async (error: unknown) => {
      await proxy.stop();
      throw error;
    });
    const pair = { proxy, events };
    allPairs.push(pair);
    return pair;
  };
  try {
    // One pair per lane up front: a target the proxies cannot start against fails before any run.
    for (const lane of lanes) lane.pairs.push(await newPair(lane.target));
  } catch (error) {
    await stopAll();
    throw error;
  }
  const lender = new Lender(lanes);
  const run: JobRunner = (job) =>
    lender.use(async (lane): Promise<RunRecord> => {
      if (options.signal.aborted) throw new RunInterrupted();
      const { target } = lane;
      const files = job.faults ? [...job.faults.keys()] : undefined;
      while (lane.pairs.length < (files?.length ?? 1)) lane.pairs.push(await newPair(target));
      const pairs = new Map((files ?? ['']).map((file, i) => [file, lane.pairs[i]!]));
      const setFaults = (on: boolean) => {
        for (const [file, { proxy, events }] of pairs) {
          const fault = on ? job.faults?.get(file) : undefined;
          proxy.setFault(fault ? activate(fault) : null);
          events.setFault(fault ? activateEventStream(fault) : null);
        }
      };
      const first = lane.pairs[0]!;
      setFaults(true);
      const t0 = Date.now();
      try {
        const request: SuiteRunRequest = {
          // JSON through a fault proxy, subscriptions through an event-stream proxy (h2c: an http:// endpoint, no certificate).
          target: { ...target.info, endpoint: first.proxy.url, http2Endpoint: first.events.url, http2Certificate: undefined },
          credentials: target.credentials,
          suites: job.suites,
          files,
          cases: job.selectors,
          runId: newRunId(),
          seed: options.seed,
          requestTimeoutMs: options.requestTimeoutMs,
          optIns: { billable: false, expensive: false },
          propertyRuns: 25,
          maxWorkers: job.faults ? options.workers.fault : options.workers.clean,
          recordSent: job.recordSent,
          signal: options.signal,
          ...(files ? { routes: Object.fromEntries([...pairs].map(([file, p]) => [file, { endpoint: p.proxy.url, http2Endpoint: p.events.url }])) } : {}),
        };
        if (job.faults && !lane.session) lane.session = await SuiteSession.open(request);
        const outcome = job.faults ? await lane.session!.run(request) : await runSuites(request);
        const applied = new Map([...pairs].map(([file, p]) => [file, p.proxy.applied + p.events.applied]));
        const altered = new Map([...pairs].map(([file, p]) => [file, p.proxy.altered + p.events.altered]));
        setFaults(false);
        const death = target.deathReason();
        if (death) throw new Error(death);
        // Interrupted or not: what the run left on the target goes.
        await sweepRun(target.info, target.credentials, outcome.context);
        if (options.signal.aborted) throw new RunInterrupted();
        const sent = new Map<string, SentLogData>();
        for (const f of outcome.files) {
          if (!f.footprint?.sent) continue;
          const through = throughProxy(f.footprint.sent, first.proxy.url);
          const subscriptions = subscriptionsSent(
            outcome.results.filter((r) => r.file === f.file),
            first.events.url,
          );
          sent.set(f.file, subscriptions ? { operations: [...through.operations, subscriptions] } : through);
        }
        const ms = Date.now() - t0;
        return {
          results: outcome.results.map((r) => ({ id: r.id, rule: r.rule, suite: r.suite, file: r.file, status: r.status, message: r.message, durationMs: r.durationMs })),
          shapes: outcome.shapes,
          sent,
          applied: job.faults ? applied : new Map(),
          altered: job.faults ? altered : new Map(),
          fileMs: new Map(outcome.files.map((f) => [f.file, f.durationMs])),
          durationMs: ms,
        };
      } finally {
        setFaults(false);
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
