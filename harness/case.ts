import { afterAll, inject, test } from 'vitest';
import { getCurrentSuite } from 'vitest/suite';
import { relative } from 'node:path';
import { PACKAGE_ROOT } from './paths.ts';
import { routedFor, type RunContext } from './run-context.ts';
import { StreamFixtures } from './fixtures/streams.ts';
import { Timeline, type TimelineEntry } from './fixtures/state-wait.ts';
import { outputShapeViolations } from './checks/output-shape.ts';
import { KinesisClient, observeAllExchanges } from './transport/client.ts';
import { Footprint, type FootprintData } from './fixtures/footprint.ts';
import type { Exchange } from './transport/exchange.ts';
import type { Evidence } from './results/evidence.ts';

/** What a case checks and where that rule is written. Carried to the report with the result. */
export interface CaseMeta {
  /** Stable, unique id: `<suite>/<case>[/<subtest>]`. Baselines key on it. */
  id: string;
  operation: string | null;
  member: string | null;
  /** The rule checked, e.g. `length.max`, `required`, `state.updating-after-start`. */
  rule: string;
  /** Where the rule is documented (API reference section, model shape, recorded AWS answer). */
  ref: string;
  /** One line: what AWS is expected to answer. */
  expectation?: string;
  /** Ids of the behaviour rules (specs/rules.json) this case checks; the report lists cases per rule. */
  rules?: string[];
  /** How sure the expectation is (recorded, analogous, documented, unrecorded); derived when absent. */
  evidence?: Evidence;
}

/** Successful JSON answers a case saw, per operation, checked against the model's output shape. */
export type ShapeChecks = Record<string, { checked: number; failed: number; violations: string[] }>;

/** Facts a case records while it runs; shown in reports. */
export interface CaseRecord extends CaseMeta {
  /** Output-shape checks of the successful answers this case received (reported per operation). */
  shape?: ShapeChecks;
  timeline?: TimelineEntry[];
  /** A fact observed where AWS behaviour is undocumented: recorded, not judged. */
  observations?: string[];
  /** Captured exchanges of a failing case (redacted). */
  exchanges?: Exchange[];
}

declare module 'vitest' {
  interface TaskMeta {
    kc?: CaseRecord;
    /** Set on a test file (module) when it ends: what its cases created and called. */
    kcFootprint?: FootprintData;
  }
}

export interface CaseContext {
  run: RunContext;
  kinesis: KinesisClient;
  streams: StreamFixtures;
  /** The states this case observed, on a clock that starts with the case (shown in reports). */
  timeline: Timeline;
  observe(note: string): void;
}

const MAX_EXCHANGES_KEPT = 25;

let shared: { runId: string; run: RunContext; kinesis: KinesisClient; streams: StreamFixtures; exchanges: Exchange[]; state: { shape: ShapeChecks | undefined }; file: string | undefined; release: () => void } | undefined;

const SHAPE_VIOLATIONS_KEPT = 5;

/** Every successful Kinesis JSON answer is checked against its operation's output shape. */
function recordShape(checks: ShapeChecks, exchange: Exchange, json: unknown): void {
  if ((exchange.service ?? 'kinesis') !== 'kinesis' || exchange.response?.status !== 200 || !exchange.operation) return;
  if (!/json/.test(exchange.response.headers['content-type'] ?? '')) return;
  const violations = outputShapeViolations(exchange.operation, json);
  if (violations === null) return;
  const entry = (checks[exchange.operation] ??= { checked: 0, failed: 0, violations: [] });
  entry.checked++;
  if (violations.length > 0) entry.failed++;
  for (const v of violations) if (entry.violations.length < SHAPE_VIOLATIONS_KEPT && !entry.violations.includes(v)) entry.violations.push(v);
}

/** One client and one fixture registry per test file (worker module), cleaned up when it ends. */
function fileScope() {
  const file = getCurrentSuite()?.file?.filepath;
  const provided = inject('kinesisConformance');
  if (!provided) throw new Error('no run context: suites run through `kinesis-conformance run`, not bare vitest');
  // The same file in a later run of a kept worker (harness/run/kept-forks.ts) is a new scope.
  if (shared && shared.file === file && shared.runId === provided.runId) return shared;
  // A file whose every case --grep filtered out runs no hooks, so its scope was never reset: it must
  // not take the next file's exchanges (footprint, recording) or the next file its hooks.
  shared?.release();
  const run = routedFor(provided, relative(PACKAGE_ROOT, file ?? '').split('\\').join('/'));
  const exchanges: Exchange[] = [];
  const kinesis = new KinesisClient({
    endpoint: new URL(run.target.endpoint),
    region: run.target.region,
    credentials: run.credentials,
    timeoutMs: run.requestTimeoutMs,
    onExchange: (e) => {
      exchanges.push(e);
      if (exchanges.length > MAX_EXCHANGES_KEPT) exchanges.shift();
    },
  });
  const streams = new StreamFixtures(kinesis, run);
  const footprint = new Footprint();
  const state = { shape: undefined as ShapeChecks | undefined };
  const unobserve = observeAllExchanges((e, json) => {
    footprint.record(e);
    if (state.shape) recordShape(state.shape, e, json);
  });
  shared = { runId: provided.runId, run, kinesis, streams, exchanges, state, file, release: () => (unobserve(), void kinesis.close()) };
  // vitest insists on a destructuring pattern for the context; only the file (2nd argument) is needed.
  // eslint-disable-next-line no-empty-pattern
  afterAll(async ({}, file) => {
    try {
      await streams.cleanup();
      await kinesis.close();
    } finally {
      unobserve();
      file.meta.kcFootprint = footprint.snapshot();
      shared = undefined;
    }
  });
  return shared;
}

export interface CaseOptions {
  /** Hard cap for the whole case, ms; default derived from the target's transition bound. */
  timeoutMs?: number;
  skip?: string | false;
}

/**
 * Declares one conformance case as a vitest test named after its id. Results map to
 * PASS/FAIL/ERROR/TIMEOUT/SKIP in the reporter by the kind of error thrown.
 */
export function conformanceCase(meta: CaseMeta, body: (ctx: CaseContext) => Promise<void>, options: CaseOptions = {}): void {
  const record: CaseRecord = { ...meta };
  const scope = fileScope();
  const timeout = options.timeoutMs ?? scope.run.target.bounds.stateTimeoutMs * 2 + scope.run.requestTimeoutMs * 2;
  const name = `${meta.id}: ${meta.rule}`;
  if (options.skip) {
    test.skip(name, { meta: { kc: { ...record, observations: [options.skip] } } }, () => {});
    return;
  }
  test(name, { meta: { kc: record }, timeout }, async ({ task, onTestFailed }) => {
    const live: CaseRecord = (task.meta.kc ??= record);
    const timeline = new Timeline();
    const firstExchange = scope.exchanges.length;
    scope.exchanges.splice(0, firstExchange);
    onTestFailed(() => {
      live.exchanges = [...scope.exchanges];
    });
    const shape: ShapeChecks = {};
    scope.state.shape = shape;
    try {
      await body({
        run: scope.run,
        kinesis: scope.kinesis,
        streams: scope.streams,
        timeline,
        observe: (note) => (live.observations ??= []).push(note),
      });
    } finally {
      scope.state.shape = undefined;
      if (Object.keys(shape).length > 0) live.shape = shape;
      if (timeline.entries.length > 0) live.timeline = timeline.entries;
    }
  });
}
