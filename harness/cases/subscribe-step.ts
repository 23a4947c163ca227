/**
 * The `subscribe` step of behaviour cases: SubscribeToShard over HTTP/2 (harness/transport/
 * subscribe.ts), its answer reduced to what matchers judge, and how a refusal is judged.
 *
 * The answer a step's matchers see:
 *   { HttpStatus, InitialResponse, MessageTypes, Events, Records (of every event),
 *     ContinuationSequenceNumber, MillisBehindLatest, ChildShards (of the last event),
 *     Written (the acknowledged `write` records), Error?, Ended, ElapsedMs }
 * `Error` is { Type, Message, Via }: Via 'http' (an HTTP error answer), 'event-stream' (an exception
 * message), 'framing' (the event stream could not be decoded) or 'http2' (the stream was reset).
 *
 * A refusal (an error expectation) is the HTTP error answer of that type; when the case leaves the
 * status open, an exception message of that type in the event stream counts too: the model lists
 * ResourceInUseException and ResourceNotFoundException both as errors of the operation and as
 * members of the event stream, and does not say which way each refusal comes (the way it came is
 * recorded as an observation).
 */
import type { CaseContext } from '../case.ts';
import { describeResponse, errorBodyOf } from '../checks/aws-error.ts';
import { FixtureError } from '../errors.ts';
import type { Timeline } from '../fixtures/state-wait.ts';
import type { Response } from '../transport/client.ts';
import { subscribeToShard, type Subscription } from '../transport/subscribe.ts';
import { show } from './matchers.ts';
import { isSubscribeStep, type FixtureRecord, type OutputMatcher, type Step, type StepExpect, type SubscribeSpec, type SubscribeStep } from './model.ts';
import type { BuiltStream } from './stream-fixture.ts';
import { asStateRead } from '../record/scope.ts';

/** Default bound on one subscription, ms. */
export const DEFAULT_SUBSCRIBE_MS = 10_000;

/** What a subscribe step observed (the shape of steps.ts's StepOutcome). */
export interface SubscribeOutcome {
  res: Response | undefined;
  json: unknown;
  request: unknown;
  notes: string[];
  inconclusive?: string;
}

export interface StartedSubscription {
  /** The HTTP status once the answer's headers arrived; rejects when no answer came. */
  answered: Promise<number>;
  /** The whole observation once reading ended (until, time, the server, an error). */
  outcome: Promise<SubscribeOutcome>;
}

export interface SubscriptionError {
  Type: string;
  Message: unknown;
  Via: 'http' | 'event-stream' | 'framing' | 'http2';
}

type Json = Record<string, unknown>;

function errorOf(sub: Subscription): SubscriptionError | undefined {
  if (sub.status !== 200) {
    const body = (sub.json ?? {}) as Json;
    const raw = typeof body['__type'] === 'string' ? body['__type'] : (sub.headers['x-amzn-errortype'] ?? `HTTP ${sub.status}`);
    return { Type: raw.replace(/^.*#/, '').replace(/:.*$/, ''), Message: body['message'] ?? body['Message'], Via: 'http' };
  }
  const last = sub.messages.at(-1);
  if (last && last.messageType !== 'event') {
    const payload = (last.payload ?? {}) as Json;
    return { Type: last.type, Message: payload['message'] ?? payload['Message'] ?? last.payloadText, Via: 'event-stream' };
  }
  if (sub.frameError) return { Type: 'EventStreamFrameError', Message: `${sub.frameError.kind}: ${sub.frameError.message} (after ${sub.frameError.afterMessages} messages)`, Via: 'framing' };
  if (sub.ended === 'reset') return { Type: 'StreamReset', Message: sub.resetReason ?? 'reset', Via: 'http2' };
  return undefined;
}

/** The answer matchers judge. */
export function subscriptionAnswer(sub: Subscription, written: Json[] | undefined): Json {
  const events = sub.messages.filter((m) => m.messageType === 'event' && m.type === 'SubscribeToShardEvent').map((m) => (m.payload ?? {}) as Json);
  const first = sub.messages[0];
  const last = events.at(-1);
  const error = errorOf(sub);
  const answer: Json = {
    HttpStatus: sub.status,
    InitialResponse: first && first.messageType === 'event' && first.type === 'initial-response' ? (first.payload ?? {}) : undefined,
    MessageTypes: sub.messages.map((m) => m.type),
    Events: events,
    Records: events.flatMap((e) => (Array.isArray(e['Records']) ? e['Records'] : [])),
    ContinuationSequenceNumber: last?.['ContinuationSequenceNumber'],
    MillisBehindLatest: last?.['MillisBehindLatest'],
    ChildShards: last?.['ChildShards'],
    ...(written ? { Written: written } : {}),
    ...(error ? { Error: error } : {}),
    Ended: sub.ended,
    ElapsedMs: Math.round(sub.durationMs),
  };
  // What did not come is absent (as a JSON member would be), not a member holding undefined.
  for (const [k, v] of Object.entries(answer)) if (v === undefined) delete answer[k];
  return answer;
}

/** The subscription's HTTP answer as the engine's Response (an event stream has no JSON body). */
function responseOf(sub: Subscription): Response {
  const bytes = new TextEncoder().encode(sub.bodyText);
  return { status: sub.status, headers: sub.headers, bodyBytes: bytes, bodyText: sub.bodyText, json: sub.json, exchange: sub.exchange };
}

function summary(sub: Subscription, answer: Json): string {
  const records = (answer['Records'] as unknown[]).length;
  const error = answer['Error'] as SubscriptionError | undefined;
  const types = sub.messages.map((m) => m.type);
  const shown = types.length > 6 ? [...types.slice(0, 3), `… ${types.length - 5} more …`, ...types.slice(-2)] : types;
  return `HTTP ${sub.status}, ${types.length} messages [${shown.join(', ')}], ${records} records, ended: ${sub.ended}${error ? `, ${error.Type} (${error.Via})` : ''}`;
}

/** Whether a step's answer is the refusal its expectation names (used by `while` and judging). */
function refusedAs(expect: StepExpect | undefined, error: SubscriptionError | undefined): boolean {
  if (!expect?.type || !error || ![expect.type].flat().includes(error.Type)) return false;
  // With a status given, only an HTTP error answer is the refusal; without, an exception message is too.
  return error.Via === 'http' || (error.Via === 'event-stream' && expect.status === undefined);
}

async function writeRecords(ctx: CaseContext, streamName: string, records: readonly FixtureRecord[]): Promise<Json[]> {
  const acks: Json[] = [];
  for (const r of records) {
    const res = await ctx.kinesis.call('PutRecord', { StreamName: streamName, Data: r.data, PartitionKey: r.partitionKey, ...(r.explicitHashKey !== undefined ? { ExplicitHashKey: r.explicitHashKey } : {}) });
    const ack = (res.json ?? {}) as Json;
    if (res.status !== 200 || typeof ack['SequenceNumber'] !== 'string') throw new FixtureError(`PutRecord of a record to arrive through the subscription: ${describeResponse(res)}`);
    acks.push({ SequenceNumber: ack['SequenceNumber'], ShardId: ack['ShardId'], Data: r.data, PartitionKey: r.partitionKey });
  }
  return acks;
}

async function consumerState(ctx: CaseContext, arn: string): Promise<string> {
  // Only decides whether the answer can be judged: timing, so a recording never compares it.
  const res = await asStateRead(() => ctx.kinesis.call('DescribeStreamConsumer', { ConsumerARN: arn }));
  if (res.status === 200) return String((res.json as { ConsumerDescription?: { ConsumerStatus?: string } }).ConsumerDescription?.ConsumerStatus ?? 'unknown');
  return errorBodyOf(res).type === 'ResourceNotFoundException' ? 'gone' : `HTTP ${res.status}`;
}

/**
 * Starts the subscription a step describes (placeholders already resolved). `answered` settles
 * once the HTTP answer arrived; `outcome` once reading ended and the records to write were written.
 */
export function startSubscribe(ctx: CaseContext, step: SubscribeStep, spec: SubscribeSpec, built: BuiltStream | undefined, timeline: Timeline): StartedSubscription {
  const arn = spec.consumerArn ?? built?.consumer?.arn;
  const request = { ConsumerARN: arn, ShardId: spec.shard, StartingPosition: spec.position };
  let answeredResolve!: (status: number) => void;
  let answeredReject!: (error: unknown) => void;
  const answered = new Promise<number>((resolve, reject) => {
    answeredResolve = resolve;
    answeredReject = reject;
  });
  // Whoever waits only for the outcome must not leave this rejection unhandled.
  answered.catch(() => undefined);
  const outcome = (async (): Promise<SubscribeOutcome> => {
    if (!arn) throw new FixtureError(`step '${step.id}': no consumer to subscribe with (no consumerArn and no consumer fixture)`);
    if (spec.write && !built) throw new FixtureError(`step '${step.id}': records to write need a stream fixture`);
    const target = ctx.run.target;
    let writes: Promise<Json[]> | undefined;
    let stateAfter: Promise<string> | undefined;
    let sub: Subscription;
    try {
      sub = await subscribeToShard({
        endpoint: new URL(target.http2Endpoint ?? target.endpoint),
        region: target.region,
        credentials: ctx.run.credentials,
        trustedCertificate: target.http2Certificate,
        body: request,
        until: spec.until,
        maxMs: spec.maxMs ?? DEFAULT_SUBSCRIBE_MS,
        answerTimeoutMs: ctx.run.requestTimeoutMs,
        onAnswer: (status) => {
          // Awaited once reading ended; until then a rejection must not count as unhandled.
          if (spec.while) (stateAfter = consumerState(ctx, arn)).catch(() => undefined);
          if (status === 200 && spec.write && built) (writes = writeRecords(ctx, built.name, spec.write)).catch(() => undefined);
          answeredResolve(status);
        },
      });
    } catch (error) {
      answeredReject(error);
      throw error;
    }
    const written = writes ? await writes : undefined;
    const answer = subscriptionAnswer(sub, written);
    const line = summary(sub, answer);
    timeline.mark(`SubscribeToShard ${spec.shard} ${spec.position.Type}: ${line}`);
    const res = responseOf(sub);
    const result: SubscribeOutcome = { res, json: answer, request, notes: [`SubscribeToShard: ${line}`] };
    const error = answer['Error'] as SubscriptionError | undefined;
    if (!step.expect && (sub.status !== 200 || error)) throw new FixtureError(`set-up step '${step.id}' (SubscribeToShard): ${line}${error ? `: ${show(error.Message, 300)}` : ''}`);
    if (spec.while && stateAfter) {
      const state = await stateAfter;
      timeline.record(`consumer ${state}`);
      if (!refusedAs(step.expect, error) && state !== spec.while) {
        result.inconclusive = `SubscribeToShard answered ${line}, and the consumer was already ${state} right after it: the ${spec.while} phase was too short to probe`;
      }
    }
    return result;
  })();
  // A rejected outcome is handled by whoever awaits it; until then it must not count as unhandled.
  outcome.catch(() => undefined);
  return { answered, outcome };
}

/** The refusal a step's answer is judged as, for error expectations. */
export interface Refusal {
  /** Whether it is the refusal expected (status and type). */
  ok: boolean;
  status: number | undefined;
  type: string | undefined;
  message: unknown;
  /** How a subscription's refusal came (recorded as an observation). */
  via?: SubscriptionError['Via'];
  /** One line for a failure message. */
  shown: string;
}

export function expectedRefusal(step: Step, e: StepExpect, types: readonly string[]): string {
  if (isSubscribeStep(step) && e.status === undefined) return `${types.join(' or ')} (an HTTP error, or an exception in the event stream)`;
  return `HTTP ${e.status ?? 400} ${types.join(' or ')}`;
}

/** How a step's answer stands against an error expectation. */
export function refusalOf(step: Step, o: { res: Response | undefined; json: unknown }, e: StepExpect, types: readonly string[]): Refusal {
  const status = e.status ?? 400;
  if (isSubscribeStep(step) && o.res) {
    const answer = (o.json ?? {}) as Json;
    const error = answer['Error'] as SubscriptionError | undefined;
    const shown = error ? `HTTP ${o.res.status}, ${error.Type} via ${error.Via}: ${show(error.Message, 300)}` : `HTTP ${o.res.status}, no refusal: messages ${show(answer['MessageTypes'], 200)}, ${(answer['Records'] as unknown[] | undefined)?.length ?? 0} records, ended: ${String(answer['Ended'])}`;
    const statusOk = e.status === undefined ? o.res.status >= 400 : o.res.status === e.status;
    const ok = refusedAs(e, error) && (error?.Via !== 'http' || statusOk);
    return { ok, status: o.res.status, type: error?.Type, message: error?.Message, via: error?.Via, shown };
  }
  if (!o.res) return { ok: false, status: undefined, type: undefined, message: undefined, shown: show(o.json) };
  const body = errorBodyOf(o.res);
  return { ok: o.res.status === status && types.includes(body.type ?? ''), status: o.res.status, type: body.type, message: body.message, shown: describeResponse(o.res) };
}

/**
 * A subscription judged as a success fails when its stream ended with an error (an exception, a
 * broken frame, a reset), unless the case's matchers look at /Error themselves.
 */
export function subscriptionProblems(step: Step, json: unknown, output: readonly OutputMatcher[] | undefined): string[] {
  if (!isSubscribeStep(step)) return [];
  const error = (json as Json | undefined)?.['Error'] as SubscriptionError | undefined;
  if (!error) return [];
  if ((output ?? []).some((m) => 'path' in m && m.path.startsWith('/Error'))) return [];
  return [`the subscription ended with ${error.Type} (${error.Via}): ${show(error.Message, 300)}`];
}
