/**
 * Runs behaviour cases (`kind: "steps"`): the fixture is acquired, the steps run once, in order,
 * when the case's first result runs; every judged step is its own result, judged from what its
 * step observed:
 * - an error expectation: `<case>/<step>/status` (status and type) and `<case>/<step>/message`;
 * - a success expectation: `<case>/<step>` (status, empty body, output matchers);
 * - an observation: `<case>/<step>/observed` (recorded, not judged).
 * A step that could not run (a set-up call refused, a capture missing, a transport failure) makes
 * its own result and every later one ERROR (TIMEOUT for a bound that ran out), never FAIL.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, inject } from 'vitest';
import { conformanceCase, type CaseContext, type CaseMeta } from '../case.ts';
import { describeResponse, errorBodyOf } from '../checks/aws-error.ts';
import { fail } from '../checks/expect.ts';
import { FixtureError, InconclusiveError } from '../errors.ts';
import { isThrottled, sendPaced } from '../fixtures/paced.ts';
import { waitForState, type Timeline } from '../fixtures/state-wait.ts';
import { describeSummary, isMissingOperation } from '../fixtures/streams.ts';
import { streamNameFor } from '../run-context.ts';
import type { Response } from '../transport/client.ts';
import { skipReasonFor, type RunWithRestricted } from './declare.ts';
import { CASES_DIR, loadStepsCases } from './load.ts';
import { messageMatcher } from './match.ts';
import { checkPath, show, valueAt } from './matchers.ts';
import { isCallStep, isNamedMatcher, isReadStep, isSubscribeStep, refText, subtestEvidence, type CallStep, type LoadedStepsCase, type ReadStep, type MessageExpectation, type Step, type StreamFixtureSpec, type StepExpect, type WaitStep, type WaitSpec } from './model.ts';
import { expectedRefusal, refusalOf, startSubscribe, subscriptionProblems } from './subscribe-step.ts';
import { namedMatcher, type MatcherContext } from './named-matchers.ts';
import { buildStream, fixtureDrift, newStream, removeStream, waitConsumer, waitStream, type BuiltStream } from './stream-fixture.ts';
import type { OperationName } from '../spec/operations.ts';
import { blobBase64, expandText, expandTokens, type ResolveToken, type Token, type TokenValue } from './tokens.ts';
import { md5HashKey, midpointOf } from './hash-keys.ts';
import { escapeRegExp } from './placeholders.ts';
import { noPlaceholders } from './send.ts';
import { factValue, ruleRefText } from './rules-link.ts';
import { asStateRead, enterExchangeUnit, leaveExchangeUnit } from '../record/scope.ts';

/** What one step observed. */
interface StepOutcome {
  /** The answer to judge: the call's, the first failing page's or the last page's of a read. */
  res: Response | undefined;
  /** The JSON judged by output matchers (a read: all records of all pages). */
  json: unknown;
  request: unknown;
  /** Set when the answer cannot be judged (a transient state ended too soon). */
  inconclusive?: string;
  /** performance.now() when a call was sent and when its answer arrived (for `rightAfter` probes). */
  sentAt?: number;
  answeredAt?: number;
  notes: string[];
  /** A background subscription that could not run: its own result is ERROR (later steps did run). */
  broken?: unknown;
}

interface CaseRun {
  outcomes: Map<string, StepOutcome>;
  /** The first step that could not run, and why: it and every later step are unjudgeable. */
  /** `judged`: the step itself ran and is judged; only later steps are not reached. */
  broken?: { step: string; error: unknown; judged?: boolean };
  timeline: Timeline;
  attempts: number;
  built: BuiltStream | undefined;
  /** Placeholders as this run resolved them (captures included), for judging. */
  resolve: ResolveToken;
}

/** A step that could not run: the case cannot be judged from there on (ERROR, never FAIL). */
class StepBroken extends FixtureError {}

const MAX_PAGES = 20;
const ARN_ACCOUNT = /^arn:([^:]+):kinesis:[^:]*:(\d{12}):/;

/** The file's shared fixtures, keyed by spec; built on first use, removed when the file ends. */
class FixtureRegistry {
  readonly #shared = new Map<string, Promise<BuiltStream>>();
  readonly #all: BuiltStream[] = [];
  #owner: CaseContext | undefined;

  async acquire(ctx: CaseContext, c: LoadedStepsCase, resolve: (built: BuiltStream) => ResolveToken): Promise<BuiltStream | undefined> {
    const spec = c.fixture.stream;
    if (!spec || spec === 'none') return undefined;
    this.#owner ??= ctx;
    if (c.fixture.fresh || spec.create === 'by-case') return this.#build(ctx, spec, resolve);
    const key = JSON.stringify(spec);
    let shared = this.#shared.get(key);
    if (!shared) {
      // A failed shared build is kept: every case of the file that needs it is ERROR with the same
      // reason, instead of building (and paying for) it again per case.
      shared = this.#build(ctx, spec, resolve);
      this.#shared.set(key, shared);
      return shared;
    }
    const built = await shared;
    const drift = await fixtureDrift(ctx, built);
    if (drift) throw new FixtureError(`shared fixture stream ${built.name} changed: ${drift} (an earlier case's request changed it)`);
    return built;
  }

  /** Builds a fixture; one that fails half-way is removed at once (nothing leaks until the final sweep). */
  async #build(ctx: CaseContext, spec: StreamFixtureSpec, resolve: (built: BuiltStream) => ResolveToken): Promise<BuiltStream> {
    const built = newStream(ctx, spec);
    this.#all.push(built);
    try {
      await buildStream(ctx, built, resolve(built));
      return built;
    } catch (error) {
      this.#all.splice(this.#all.indexOf(built), 1);
      await removeStream(ctx, built).catch(() => undefined);
      throw error;
    }
  }

  async release(ctx: CaseContext, built: BuiltStream | undefined, c: LoadedStepsCase): Promise<void> {
    if (!built || !(c.fixture.fresh || built.spec.create === 'by-case')) return;
    await removeStream(ctx, built);
    this.#all.splice(this.#all.indexOf(built), 1);
  }

  async cleanup(): Promise<void> {
    const owner = this.#owner;
    if (!owner) return;
    for (const built of this.#all.splice(0)) await removeStream(owner, built).catch(() => undefined);
  }
}

/** Values fixed for one run of a case's steps: the absent stream's name, a UUID, the names `${name.<label>}` gave. */
interface CaseRunValues {
  absent: string;
  uuid: string;
  names: Map<string, string>;
}

function tokenValue(t: Token, raw: string, ctx: CaseContext, built: BuiltStream | undefined, captures: Map<string, unknown>, values: CaseRunValues): TokenValue {
  const { absent, uuid } = values;
  const owner = built?.arn ? ARN_ACCOUNT.exec(built.arn) : null;
  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new StepBroken(`placeholder \${${raw}}: ${what}`);
    return v;
  };
  switch (t.kind) {
    case 'simple':
      switch (t.name) {
        case 'stream.name':
          return need(built?.name, 'no stream fixture');
        case 'stream.arn':
          return need(built?.arn, 'the stream has no known ARN');
        case 'absent.name':
          return absent;
        case 'absent.arn':
          return `arn:${need(owner?.[1], 'no ARN to take the partition from')}:kinesis:${ctx.run.target.region}:${owner?.[2]}:stream/${absent}`;
        case 'account':
          return need(owner?.[2], 'no ARN to take the account from');
        case 'partition':
          return need(owner?.[1], 'no ARN to take the partition from');
        case 'region':
          return ctx.run.target.region;
        case 'uuid':
          return uuid;
        case 'run.id':
          return ctx.run.runId;
      }
      break;
    case 'consumer':
      return need(built?.consumer?.[t.prop], 'no consumer fixture');
    case 'name': {
      // Run-unique (kc-<runId>-<label>-<random>) and the same everywhere in this run of the case.
      let name = values.names.get(t.label);
      if (name === undefined) values.names.set(t.label, (name = streamNameFor(ctx.run, t.label)));
      return name;
    }
    case 'shard': {
      const s = need(built?.shards[t.index], `the fixture has ${built?.shards.length ?? 0} shard(s)`);
      switch (t.prop) {
        case 'id':
          return s.ShardId;
        case 'hashStart':
          return s.HashKeyRange.StartingHashKey;
        case 'hashEnd':
          return s.HashKeyRange.EndingHashKey;
        case 'hashMid':
          return midpointOf(s).toString();
        case 'seqStart':
          return need(s.SequenceNumberRange?.StartingSequenceNumber, 'no StartingSequenceNumber');
        case 'seqEnd':
          return need(s.SequenceNumberRange?.EndingSequenceNumber ?? undefined, 'the shard is open');
        case 'parent':
          return need(s.ParentShardId ?? undefined, 'the shard has no parent');
      }
      break;
    }
    case 'record': {
      const r = need(built?.records[t.index], 'no such fixture record');
      return { seq: r.sequenceNumber, shard: r.shardId, data: r.data, key: r.partitionKey, hashKey: r.hashKey }[t.prop];
    }
    case 'capture': {
      const v = need(captures.get(t.name), `capture '${t.name}' has no value`);
      return typeof v === 'object' ? JSON.stringify(v) : (v as TokenValue);
    }
    case 'fact':
      return factValue(t.id);
    case 'now':
      return Math.round(Date.now() / 10) / 100 + t.offsetSeconds;
    case 'blob':
      return blobBase64(t.bytes);
    case 'repeat':
      return t.text.repeat(t.times);
    case 'md5':
      return md5HashKey(t.key).toString();
    case 'sum': {
      const base = tokenValue(t.of, raw, ctx, built, captures, values);
      return (BigInt(String(base)) + t.add).toString();
    }
  }
  throw new StepBroken(`placeholder \${${raw}} has no value`);
}


async function runCall(ctx: CaseContext, step: CallStep, request: Record<string, unknown>, run: CaseRun): Promise<StepOutcome> {
  // A set-up step is paced and retried on throttling like a fixture call; a judged one is sent once,
  // unless it is expected to succeed and the account's limits refused it (other test files' streams
  // CREATING at once, throttling): then it is paced and sent again, as AWS asks of throttled callers,
  // and the last answer is judged.
  if (!step.expect) {
    const sentAt = performance.now();
    const res = await ctx.streams.call(step.call as OperationName, request, (r) => !isThrottled(r));
    run.timeline.mark(`${step.call} ${res.status}`);
    return { res, json: res.json, request, notes: [], sentAt, answeredAt: performance.now() };
  }
  const expectsSuccess = step.expect.type === undefined && (step.expect.status ?? 200) === 200;
  const notes: string[] = [];
  let sentAt = 0;
  const res = await sendPaced(
    async () => {
      sentAt = performance.now();
      const answer = await ctx.kinesis.call(step.call as OperationName, request);
      run.timeline.mark(`${step.call} ${answer.status}`);
      return answer;
    },
    () => expectsSuccess,
    (refused, delay) => notes.push(`${step.call} answered ${errorBodyOf(refused).type ?? ''} (${describeResponse(refused)}): sent again after ${delay} ms`),
  );
  return { res, json: res.json, request, notes, sentAt, answeredAt: performance.now() };
}

/**
 * A `rightAfter` probe that missed its expectation, unless the whole window from sending the step
 * it probes to the probe's answer fits in the target's shortest phase: the phase starts no earlier
 * than that send and the probe is answered no later than its answer, so only then was the phase
 * surely still on when the probe was read. Otherwise the phase may be over: the answer proves nothing.
 */
function lateProbe(ctx: CaseContext, step: CallStep, outcome: StepOutcome, run: CaseRun): string | undefined {
  const shortest = ctx.run.target.bounds.shortestPhaseMs;
  const probedSentAt = step.rightAfter === undefined ? undefined : run.outcomes.get(step.rightAfter)?.sentAt;
  if (shortest === undefined || probedSentAt === undefined || outcome.answeredAt === undefined || !step.expect) return undefined;
  const window = Math.round(outcome.answeredAt - probedSentAt);
  if (window <= shortest) return undefined;
  try {
    judgeSuccess(step, outcome, step.expect, run);
    return undefined;
  } catch {
    return `${window} ms passed from sending '${step.rightAfter}' to ${step.call}'s answer, more than the target's shortest phase (${shortest} ms): the phase may have ended before it was read`;
  }
}

/** The stream a request names (by name, or the name at the end of its ARN). */
function streamNamed(request: unknown): string | undefined {
  const r = request as Record<string, unknown>;
  if (typeof r['StreamName'] === 'string') return r['StreamName'];
  return typeof r['StreamARN'] === 'string' ? r['StreamARN'].replace(/^.*:stream\//, '') : undefined;
}

/**
 * After a run of consecutive `while` steps (probed back to back, so the window is short): the
 * stream is described once; an answer that is the expected refusal counts as it is, any other
 * only if the stream was still in the state (else it is inconclusive).
 */
async function stateOf(ctx: CaseContext, name: string): Promise<string> {
  const { res, summary } = await describeSummary(ctx.kinesis, name);
  return res.status === 200 ? (summary?.StreamStatus ?? 'unknown') : errorBodyOf(res).type === 'ResourceNotFoundException' ? 'gone' : `HTTP ${res.status}`;
}

/** `while: "N consumers CREATING"`: the count asked for, or undefined for a stream state. */
function consumersCreating(phase: string): number | undefined {
  const m = /^(\d+) consumers CREATING$/.exec(phase);
  return m ? Number(m[1]) : undefined;
}

/** The phase a `while` step names as it is now: the stream's state, or how many of its consumers are CREATING. */
async function phaseOf(ctx: CaseContext, phase: string, request: unknown): Promise<string | undefined> {
  if (consumersCreating(phase) === undefined) {
    const name = streamNamed(request);
    return name ? stateOf(ctx, name) : undefined;
  }
  const arn = (request as Record<string, unknown>)['StreamARN'];
  if (typeof arn !== 'string') return undefined;
  // Every page: a consumer CREATING on a later page counts too.
  let creating = 0;
  let token: string | undefined;
  do {
    const res = await ctx.kinesis.call('ListStreamConsumers', token ? { StreamARN: arn, NextToken: token } : { StreamARN: arn });
    if (res.status !== 200) return `ListStreamConsumers HTTP ${res.status}`;
    const body = res.json as { Consumers?: Array<{ ConsumerStatus?: string }>; NextToken?: string } | undefined;
    creating += (body?.Consumers ?? []).filter((c) => c.ConsumerStatus === 'CREATING').length;
    token = body?.NextToken;
  } while (token);
  return `${creating} consumers CREATING`;
}

/** What was read, for an inconclusive note: "the stream was already ACTIVE", "the stream had 4 consumers CREATING". */
function seenText(seen: string): string {
  return consumersCreating(seen) === undefined ? `the stream was already ${seen}` : `the stream had ${seen}`;
}

/** True when the phase read (phaseOf) is the one the step needs: the state itself, or at least N consumers CREATING. */
function inPhase(phase: string, seen: string | undefined): boolean {
  const wanted = consumersCreating(phase);
  if (wanted === undefined) return seen === phase;
  const n = seen === undefined ? undefined : consumersCreating(seen);
  return n !== undefined && n >= wanted;
}

async function settleWhile(ctx: CaseContext, probes: Array<{ step: CallStep; outcome: StepOutcome }>, run: CaseRun): Promise<void> {
  const first = probes[0];
  if (!first) return;
  const state = await asStateRead(() => phaseOf(ctx, first.step.while!, first.outcome.request));
  if (state === undefined) throw new StepBroken(`step '${first.step.id}': 'while' needs ${consumersCreating(first.step.while!) === undefined ? 'StreamName or' : ''} StreamARN in the request`);
  run.timeline.record(state);
  for (const { step, outcome } of probes) {
    if (outcome.inconclusive) continue;
    const type = (outcome.res && errorBodyOf(outcome.res).type) ?? '';
    const refusedAsExpected = step.expect?.type !== undefined && [step.expect.type].flat().includes(type);
    // A target without the operation answers so in any state: that answer is judged as it is.
    if (!refusedAsExpected && type !== 'UnknownOperationException' && !inPhase(step.while!, state)) {
      outcome.inconclusive = `${step.call} answered ${outcome.res ? describeResponse(outcome.res) : '(nothing)'}, and ${seenText(state)} right after it: the ${step.while} phase was too short to probe`;
    }
  }
}

/** Reads like a correct consumer: follows NextShardIterator until the records arrived, the shard ended, or the page bound. */
async function runRead(ctx: CaseContext, step: ReadStep, spec: ReadStep['read'], run: CaseRun, streamName: string | undefined): Promise<StepOutcome> {
  let iterator = spec.iterator;
  let request: Record<string, unknown> = {};
  if (iterator === undefined) {
    request = {
      StreamName: streamName,
      ShardId: spec.shard,
      ShardIteratorType: spec.type ?? 'TRIM_HORIZON',
      ...(spec.sequenceNumber !== undefined ? { StartingSequenceNumber: spec.sequenceNumber } : {}),
      ...(spec.timestamp !== undefined ? { Timestamp: spec.timestamp } : {}),
    };
    const res = await ctx.kinesis.call('GetShardIterator', request);
    if (res.status !== 200) return { res, json: res.json, request, notes: [] };
    iterator = (res.json as { ShardIterator?: string }).ShardIterator;
    if (!iterator) throw new StepBroken(`step '${step.id}': GetShardIterator answered no ShardIterator: ${describeResponse(res)}`);
  }
  const records: unknown[] = [];
  const pages: number[] = [];
  let last: Response | undefined;
  let body: Record<string, unknown> = {};
  const maxPages = spec.maxPages ?? MAX_PAGES;
  for (let page = 0; page < maxPages; page++) {
    last = await ctx.kinesis.call('GetRecords', { ShardIterator: iterator, ...(spec.limit !== undefined ? { Limit: spec.limit } : {}) });
    if (last.status !== 200) return { res: last, json: last.json, request, notes: [`failed on page ${page + 1}`] };
    body = (last.json ?? {}) as Record<string, unknown>;
    const batch = Array.isArray(body['Records']) ? body['Records'] : [];
    records.push(...batch);
    pages.push(batch.length);
    const next = body['NextShardIterator'];
    const done = spec.until === 'first-page' || (spec.until === 'end' ? next === undefined || next === null : records.length >= spec.until.records);
    if (done || typeof next !== 'string') break;
    iterator = next;
  }
  run.timeline.mark(`GetRecords ×${pages.length}: ${pages.join('+')} records`);
  const { Records: _ignored, ...rest } = body;
  return { res: last, json: { ...rest, Records: records, Pages: pages.length, RecordsPerPage: pages }, request, notes: [`${pages.length} GetRecords pages (${pages.join(', ')} records)`] };
}

/** Polls ListStreamConsumers on each stream until they list at most `atMost` consumers in all. */
async function waitConsumersListed(ctx: CaseContext, spec: NonNullable<WaitSpec['consumersListed']>): Promise<void> {
  await waitForState(
    `at most ${spec.atMost} consumers listed on ${spec.streamArns.length} stream(s)`,
    async () => {
      let listed = 0;
      for (const arn of spec.streamArns) {
        const res = await ctx.kinesis.call('ListStreamConsumers', { StreamARN: arn });
        if (res.status !== 200) return { state: `ListStreamConsumers HTTP ${res.status}` };
        listed += ((res.json as { Consumers?: unknown[] } | undefined)?.Consumers ?? []).length;
      }
      return { state: `${listed} consumers listed` };
    },
    (o) => /^\d+ consumers listed$/.test(o.state) && Number.parseInt(o.state, 10) <= spec.atMost,
    ctx.run.target.bounds,
    ctx.timeline,
  );
}

async function runWait(ctx: CaseContext, step: WaitStep, spec: WaitStep['waitFor'], built: BuiltStream | undefined): Promise<StepOutcome> {
  const t0 = performance.now();
  // The executing result's timeline is the case's (CaseRun.timeline), so the states seen land there.
  if (spec.stream) await waitStream(ctx, spec.streamName ?? built?.name ?? '', spec.stream);
  if (spec.consumer) {
    const arn = spec.consumerArn ?? built?.consumer?.arn;
    if (!arn) throw new StepBroken(`step '${step.id}': no consumer to wait for`);
    await waitConsumer(ctx, arn, spec.consumer);
  }
  if (spec.consumersListed) await waitConsumersListed(ctx, spec.consumersListed);
  const state = spec.stream ?? spec.consumer ?? (spec.consumersListed ? `at most ${spec.consumersListed.atMost} consumers listed` : '');
  return { res: undefined, json: { state, waitedMs: Math.round(performance.now() - t0) }, request: spec, notes: [] };
}

/** Runs every step once; a step that cannot run ends the run there (recorded, not thrown). */
async function runSteps(ctx: CaseContext, c: LoadedStepsCase, registry: FixtureRegistry, run: CaseRun): Promise<BuiltStream | undefined> {
  const captures = new Map<string, unknown>();
  const absent = streamNameFor(ctx.run, 'absent');
  const values: CaseRunValues = { absent, uuid: randomUUID(), names: new Map() };
  let built: BuiltStream | undefined;
  const resolve: ResolveToken = (t, raw) => tokenValue(t, raw, ctx, built, captures, values);
  run.resolve = resolve;
  try {
    // Recordings keep a case's set-up apart from its steps (compared step by step).
    enterExchangeUnit(c.id, null, run.attempts);
    // Fixture records may name the fixture's own shards: they resolve against the stream being built.
    built = await registry.acquire(ctx, c, (building) => (t, raw) => tokenValue(t, raw, ctx, building, captures, values));
    run.built = built;
  } catch (error) {
    run.broken = { step: '(fixture)', error };
    return undefined;
  }
  let probes: Array<{ step: CallStep; outcome: StepOutcome }> = [];
  let before: string | undefined;
  const background: Array<{ step: Step; outcome: Promise<StepOutcome> }> = [];
  for (const [index, step] of c.steps.entries()) {
    enterExchangeUnit(c.id, step.id, run.attempts);
    try {
      let outcome: StepOutcome;
      if (isCallStep(step) && step.while) {
        // The state is read before a run of probes too: a probe sent after the phase ended could
        // start a phase of its own and look as if it had been accepted during the one it probes.
        const request = expandTokens(step.request, resolve);
        const previous = c.steps[index - 1];
        if (!(previous && isCallStep(previous) && previous.while === step.while)) {
          before = await asStateRead(() => phaseOf(ctx, step.while!, request));
          if (before) run.timeline.record(before);
        }
        outcome =
          before === undefined || inPhase(step.while, before)
            ? await runCall(ctx, step, request, run)
            : { res: undefined, json: undefined, request, notes: [], inconclusive: `${seenText(before)} before ${step.call} was sent: the ${step.while} phase was too short to probe` };
      } else if (isCallStep(step)) {
        outcome = await runCall(ctx, step, expandTokens(step.request, resolve), run);
        const late = step.rightAfter === undefined ? undefined : lateProbe(ctx, step, outcome, run);
        if (late) outcome.inconclusive = late;
      }
      else if (isReadStep(step)) outcome = await runRead(ctx, step, expandTokens(step.read, resolve), run, built?.name);
      else if (isSubscribeStep(step)) {
        const started = startSubscribe(ctx, step, expandTokens(step.subscribe, resolve), built, run.timeline);
        if (step.subscribe.background) {
          // Judged once it ends (awaited below); the next steps run while it reads.
          const status = await started.answered;
          if (!step.expect && status !== 200) await started.outcome;
          background.push({ step, outcome: started.outcome });
          continue;
        }
        outcome = await started.outcome;
      } else outcome = await runWait(ctx, step, expandTokens((step as WaitStep).waitFor, resolve), built);
      // A judged step may fail its expectation and the case goes on; an unjudged one is set-up.
      // A target without the operation is named as such: the case needs what it lacks.
      const lacks = isCallStep(step) && outcome.res && isMissingOperation(outcome.res) ? `: the target does not have ${step.call}` : '';
      if (!step.expect && outcome.res && outcome.res.status !== 200) throw new StepBroken(`set-up step '${step.id}' (${describeStep(step)}) answered ${describeResponse(outcome.res)}${lacks}`);
      // Recorded before its captures: a judged step is judged on its own answer even when a
      // capture finds nothing there (its expectation says what is wrong); later steps are not reached.
      run.outcomes.set(step.id, outcome);
      for (const [name, pointer] of Object.entries(step.capture ?? {})) {
        const value = valueAt(outcome.json, pointer);
        if (value === undefined || value === null) {
          const missing = new StepBroken(`step '${step.id}': nothing at ${pointer} to capture as '${name}' in ${outcome.res ? describeResponse(outcome.res) : show(outcome.json)}${lacks}`);
          if (!step.expect) throw missing;
          run.broken = { step: step.id, error: missing, judged: true };
          break;
        }
        captures.set(name, value);
      }
      if (run.broken) break;
      if (isCallStep(step) && step.while) {
        probes.push({ step, outcome });
        const next = c.steps[index + 1];
        if (!(next && isCallStep(next) && next.while === step.while)) {
          await settleWhile(ctx, probes, run);
          probes = [];
        }
      }
    } catch (error) {
      run.broken = { step: step.id, error };
      break;
    }
  }
  // Background subscriptions end before the fixture goes; one that failed is its own ERROR.
  for (const { step, outcome } of background) {
    run.outcomes.set(step.id, await outcome.catch((error: unknown): StepOutcome => ({ res: undefined, json: undefined, request: undefined, notes: [], broken: error })));
  }
  return built;
}

function describeStep(step: Step): string {
  if (isCallStep(step)) return step.call;
  if (isReadStep(step)) return 'read';
  if (isSubscribeStep(step)) return 'SubscribeToShard';
  return 'waitFor';
}

function execute(ctx: CaseContext, c: LoadedStepsCase, registry: FixtureRegistry): Promise<CaseRun> {
  return (async () => {
    const attempts = c.attempts ?? 1;
    let run: CaseRun | undefined;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      run = { outcomes: new Map(), timeline: ctx.timeline, attempts: attempt, built: undefined, resolve: () => null };
      const built = await runSteps(ctx, c, registry, run);
      enterExchangeUnit(c.id, null, attempt);
      await registry.release(ctx, built, c).catch(() => undefined);
      leaveExchangeUnit();
      const inconclusive = [...run.outcomes.values()].some((o) => o.inconclusive);
      if (!inconclusive) break;
    }
    return run!;
  })();
}

function typesOf(e: StepExpect): string[] {
  return e.type === undefined ? [] : [e.type].flat();
}

/** The outcome of a step, or the reason it cannot be judged (thrown with its own class). */
function outcomeOf(run: CaseRun, c: LoadedStepsCase, step: Step): StepOutcome {
  const index = c.steps.indexOf(step);
  const brokenAt = run.broken ? (run.broken.step === '(fixture)' ? -1 : c.steps.findIndex((s) => s.id === run.broken!.step)) : Infinity;
  if (index === brokenAt && !run.broken!.judged) throw run.broken!.error;
  if (index > brokenAt) {
    const e = run.broken!.error as Error;
    throw new StepBroken(`not reached: ${run.broken!.step === '(fixture)' ? 'the fixture' : `step '${run.broken!.step}'`} failed: ${e?.message ?? String(e)}`);
  }
  const o = run.outcomes.get(step.id);
  if (!o) throw new StepBroken(`step '${step.id}' did not run`);
  if (o.broken) throw o.broken;
  if (o.inconclusive) throw new InconclusiveError(`${o.inconclusive} (${run.attempts} attempt${run.attempts === 1 ? '' : 's'})`);
  return o;
}

function judgeSuccess(step: Step, o: StepOutcome, raw: StepExpect, run: CaseRun): void {
  const e = expandTokens(raw, run.resolve);
  const view: MatcherContext = {
    json: o.json,
    request: o.request,
    shards: run.built?.shards ?? [],
    records: run.built?.records ?? [],
    writeWindow: run.built?.writeWindow,
    answerOf: (id) => run.outcomes.get(id)?.json,
  };
  const what = describeStep(step);
  const status = e.status ?? 200;
  if (o.res && o.res.status !== status) fail(`${what}: expected HTTP ${status}, got ${describeResponse(o.res)}`, o.res.status, status);
  if (e.body === 'empty' && o.res && o.res.bodyBytes.length !== 0) fail(`${what}: expected an empty body, got ${describeResponse(o.res)}`, o.res.bodyText, '');
  const problems: string[] = [];
  for (const m of e.output ?? []) {
    if (isNamedMatcher(m)) {
      const def = namedMatcher(m.matcher)!;
      try {
        problems.push(...def.check(m.args ?? {}, view).map((p) => `${m.matcher}: ${p}`));
      } catch (error) {
        problems.push(`${m.matcher}: ${(error as Error).message}`);
      }
    } else problems.push(...checkPath(m, o.json));
  }
  problems.push(...subscriptionProblems(step, o.json, e.output));
  if (problems.length > 0) fail(`${what}: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}`);
}

/** An expected message with its placeholders filled in (escaped inside patterns). */
function expandMessage(m: MessageExpectation, resolve: ResolveToken): MessageExpectation {
  const inPattern: ResolveToken = (t, raw) => escapeRegExp(String(resolve(t, raw)));
  const pattern = (source: string) => expandText(source, inPattern);
  if ('exact' in m) return { exact: expandText(m.exact, resolve) };
  if ('pattern' in m) return { pattern: pattern(m.pattern) };
  if ('validation' in m) return { validation: m.validation.map((i) => (typeof i === 'string' ? expandText(i, resolve) : { pattern: pattern(i.pattern) })) };
  return m;
}

/** The text of a message a step marks unrecorded (observed, not judged). */
function messageUnrecorded(e: StepExpect): string | undefined {
  return e.message && 'unrecorded' in e.message ? e.message.unrecorded : undefined;
}

/** Declares every result of a file's behaviour cases, and removes their fixtures when the file ends. */
export function declareStepsCases(cases: readonly LoadedStepsCase[]): void {
  const runCtx = inject('kinesisConformance') as RunWithRestricted;
  const registry = new FixtureRegistry();
  for (const c of cases) {
    const skip = skipReasonFor({ kind: 'request', flags: c.flags, skipReason: c.skipReason }, runCtx);
    let execution: Promise<CaseRun> | undefined;
    const obtain = (ctx: CaseContext) => (execution ??= execute(ctx, c, registry));
    for (const step of c.steps) {
      const e = step.expect;
      if (!e) continue;
      const meta = (suffix: string | null, expectation: string, rule?: string): CaseMeta => ({
        id: [c.id, step.id, suffix].filter(Boolean).join('/'),
        operation: isCallStep(step) ? step.call : isReadStep(step) ? 'GetRecords' : isSubscribeStep(step) ? 'SubscribeToShard' : null,
        member: null,
        rule: rule ?? (step.rules ?? c.rules).join(' '),
        rules: step.rules ?? c.rules,
        ref: c.ref ? refText(c.ref) : ruleRefText(step.rules ?? c.rules),
        expectation,
        evidence: subtestEvidence(step.evidence ?? c.evidence, suffix === 'observed' ? 'observed' : suffix === 'status' ? 'status' : suffix === 'message' ? 'message' : 'values', c.ref ? refText(c.ref) : ruleRefText(step.rules ?? c.rules), messageUnrecorded(e)),
      });
      const stepExpectation = step.expectation ?? c.expectation;
      const withRun = (body: (run: CaseRun, ctx: CaseContext) => void) => async (ctx: CaseContext) => {
        const run = await obtain(ctx);
        for (const entry of run.timeline.entries) if (ctx.timeline !== run.timeline) ctx.timeline.entries.push(entry);
        if (run.attempts > 1) ctx.observe(`case run ${run.attempts} times: a transient state ended too soon to probe`);
        body(run, ctx);
      };
      if (e.observe !== undefined) {
        conformanceCase(
          meta('observed', `${stepExpectation} (undocumented: recorded, not judged)`, 'observation'),
          withRun((run, ctx) => {
            const o = outcomeOf(run, c, step);
            const err = o.res ? errorBodyOf(o.res) : undefined;
            ctx.observe(`${e.observe}: ${o.res ? `HTTP ${o.res.status}${err?.type ? ` ${err.type}` : ''}${err?.message !== undefined ? ` ${JSON.stringify(err.message)}` : ` ${show(o.json, 300)}`}` : show(o.json, 300)}`);
          }),
          { skip },
        );
        continue;
      }
      const types = typesOf(e);
      if (types.length > 0) {
        const status = e.status ?? 400;
        const expected = expectedRefusal(step, e, types);
        conformanceCase(
          meta('status', `${expected} (${stepExpectation})`),
          withRun((run, ctx) => {
            const o = outcomeOf(run, c, step);
            const got = refusalOf(step, o, e, types);
            if (got.via) ctx.observe(`refusal delivered via ${got.via === 'http' ? `an HTTP ${got.status} answer` : `an ${got.type} exception message in the event stream (HTTP ${got.status})`}`);
            if (!got.ok) fail(`${describeStep(step)}: expected ${expected}, got ${got.shown}`, { status: got.status, type: got.type }, { status, type: e.type });
          }),
          { skip },
        );
        if (e.message) {
          const unrecorded = 'unrecorded' in e.message ? e.message.unrecorded : null;
          conformanceCase(
            meta('message', unrecorded ? `message unrecorded (${unrecorded}): observed, not judged` : 'message as recorded from AWS', unrecorded ? 'observation.message' : undefined),
            withRun((run, ctx) => {
              const o = outcomeOf(run, c, step);
              const got = refusalOf(step, o, e, types);
              if (!got.ok) fail(`${describeStep(step)}: no ${expected} whose message could be judged: got ${got.shown}`);
              const body = { message: typeof got.message === 'string' ? got.message : undefined };
              const matcher = messageMatcher(expandMessage(e.message!, run.resolve), noPlaceholders);
              if (!matcher) {
                ctx.observe(`message: ${body?.message === undefined ? '(none)' : JSON.stringify(body.message)}`);
                return;
              }
              if (body?.message === undefined || !matcher.test(body.message)) fail(`${describeStep(step)}: expected message ${matcher.describe.slice(0, 400)}, got ${body?.message === undefined ? 'no message' : JSON.stringify(body.message).slice(0, 400)}`, body?.message, matcher.describe);
            }),
            { skip },
          );
        }
        continue;
      }
      conformanceCase(
        meta(null, stepExpectation),
        withRun((run) => judgeSuccess(step, outcomeOf(run, c, step), e, run)),
        { skip },
      );
    }
  }
  afterAll(async () => {
    await registry.cleanup();
  });
}

/** A suite's test file in one line: the behaviour cases of specs/cases/<relative path>. */
export function declareCaseFile(relative: string): void {
  declareStepsCases(loadStepsCases(join(CASES_DIR, relative)));
}
