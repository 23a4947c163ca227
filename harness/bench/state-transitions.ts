import { StreamFixtures } from '../fixtures/streams.ts';
import { Timeline, waitForState } from '../fixtures/state-wait.ts';
import { DEFAULT_RESOURCE_PREFIX, newRunId, streamNameFor, type RunContext } from '../run-context.ts';
import type { RunningTarget, TransitionBounds } from '../targets/target.ts';
import { KinesisClient } from '../transport/client.ts';
import { summarize, waitingRatio, type Summary } from './stats.ts';

export interface TransitionKind {
  name: string;
  /** How long the target is configured to stay in the intermediate state, ms. */
  configuredMs: number;
}

export interface TransitionFigures {
  transition: string;
  configuredMs: number;
  samples: number;
  /** From the 200 to waitForState seeing the end state. */
  waited: Summary;
  /** waited − configured: how late the poller saw a state the target had (by its configuration) reached. */
  lateBy: Summary;
  /** Σ waited / Σ configured. */
  ratio: number;
  /** DescribeStreamSummary polls per transition (median). */
  polls: number;
  /** Whether every StartStreamEncryption was seen UPDATING before ACTIVE. */
  intermediateSeen?: boolean;
}

export interface TransitionOptions {
  target: RunningTarget;
  /** kinesis-mock's configured durations (harness/targets/kinesis-mock.ts). */
  streamTransitionMs: number;
  updateTransitionMs: number;
  repetitions: number;
  /** Poll with these bounds instead of the target's (to try a proposed change without making it). */
  bounds?: TransitionBounds;
}

function benchRunContext(target: RunningTarget, bounds: TransitionBounds): RunContext {
  return {
    runId: newRunId(),
    resourcePrefix: DEFAULT_RESOURCE_PREFIX,
    seed: 0,
    target: { ...target.info, bounds },
    credentials: target.credentials,
    requestTimeoutMs: 10_000,
    optIns: { billable: false, expensive: false },
    propertyRuns: 1,
  };
}

function figures(transition: string, configuredMs: number, waited: number[], polls: number[], intermediateSeen?: boolean): TransitionFigures {
  return {
    transition,
    configuredMs,
    samples: waited.length,
    waited: summarize(waited),
    lateBy: summarize(waited.map((w) => w - configuredMs)),
    ratio: waitingRatio(waited, configuredMs) ?? Number.NaN,
    polls: summarize(polls).medianMs,
    ...(intermediateSeen === undefined ? {} : { intermediateSeen }),
  };
}

/**
 * CreateStream → ACTIVE and StartStreamEncryption → UPDATING → ACTIVE, each timed from the 200 to
 * the moment waitForState (with the target's bounds, as cases use it) sees the end state. The target
 * reaching the state is taken as "configured duration after the 200": the best proxy available from
 * outside (its timer starts a little before the 200 leaves, so lateness is if anything understated).
 */
export async function measureTransitions(opts: TransitionOptions): Promise<TransitionFigures[]> {
  const bounds = opts.bounds ?? opts.target.info.bounds;
  const run = benchRunContext(opts.target, bounds);
  let polls = 0;
  const kinesis = new KinesisClient({
    endpoint: new URL(opts.target.info.endpoint),
    region: opts.target.info.region,
    credentials: opts.target.credentials,
    onExchange: (e) => {
      if (e.operation === 'DescribeStreamSummary') polls++;
    },
  });
  const streams = new StreamFixtures(kinesis, run);
  const create = { waited: [] as number[], polls: [] as number[] };
  const encrypt = { waited: [] as number[], polls: [] as number[], updatingSeen: true };
  try {
    for (let i = 0; i < opts.repetitions; i++) {
      const name = streamNameFor(run, `bench-${i}`);
      await streams.call('CreateStream', { StreamName: name, ShardCount: 1 });
      let t0 = performance.now();
      polls = 0;
      await streams.waitForStatus(name, 'ACTIVE');
      create.waited.push(performance.now() - t0);
      create.polls.push(polls);

      await streams.call('StartStreamEncryption', { StreamName: name, EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' });
      t0 = performance.now();
      polls = 0;
      const timeline = new Timeline();
      await waitForState(
        `stream ${name} to become UPDATING`,
        async () => ({ state: (await streams.summary(name)).StreamStatus }),
        (o) => o.state === 'UPDATING' || o.state === 'ACTIVE',
        bounds,
        timeline,
      );
      await streams.waitForStatus(name, 'ACTIVE', timeline);
      encrypt.waited.push(performance.now() - t0);
      encrypt.polls.push(polls);
      if (!timeline.entries.some((e) => e.state === 'UPDATING')) encrypt.updatingSeen = false;
      await streams.delete(name);
    }
  } finally {
    await streams.cleanup();
    await kinesis.close();
  }
  return [
    figures('CreateStream -> ACTIVE', opts.streamTransitionMs, create.waited, create.polls),
    figures('StartStreamEncryption -> UPDATING -> ACTIVE', opts.updateTransitionMs, encrypt.waited, encrypt.polls, encrypt.updatingSeen),
  ];
}
