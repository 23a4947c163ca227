// Faults and AWS-faithful variations of the fan-out behaviour suites (see catalogue.ts for the format).
//
// The consumer operations are JSON and go through the fault proxy (proxy.ts). SubscribeToShard is an
// HTTP/2 event stream: its entries carry an `eventStream` edit, applied by event-stream-proxy.ts
// message by message (records lost or duplicated, a ContinuationSequenceNumber that stays behind, a
// frame with a bad CRC or cut short; events split differently, a slower first event).
import type { FaultSpec, Selection } from './catalogue.ts';
import { editBody, madeUpAnswer, requestBodyOf, withBody, withRequestBody, type FaultHooks, type FaultMemory, type ProxyAnswer, type ProxyRequest } from './proxy.ts';
import { descriptionOf, editSuccess, rewriteError } from './transforms.ts';
import { continuationStuckAtFirstRecord, corruptFirstEventCrc, dropFirstRecord, duplicateFirstRecord, slowerFirstEvent, splitEvents, truncateFirstEvent } from './event-stream-edits.ts';

const LIFECYCLE: Selection = { suite: 'fan-out', grep: 'fan-out/lifecycle/' };
const IDENTIFIERS: Selection = { suite: 'fan-out', grep: 'fan-out/identifiers/' };
const DELETE_STREAM: Selection = { suite: 'fan-out', grep: 'fan-out/delete-stream/' };
const LIMITS: Selection = { suite: 'fan-out', grep: 'fan-out/limits/' };
const SUB_POSITIONS: Selection = { suite: 'fan-out', grep: 'fan-out/subscribe-positions/' };
const SUB_CONTINUATION: Selection = { suite: 'fan-out', grep: 'fan-out/subscribe-continuation/' };
const SUB_SHARD_END: Selection = { suite: 'fan-out', grep: 'fan-out/subscribe-shard-end/' };
const SUB_REFUSALS: Selection = { suite: 'fan-out', grep: 'fan-out/subscribe-refusals/' };
const SUBSCRIBE = ['SubscribeToShard'] as const;
/**
 * The cases whose subscriptions deliver events. subscribe-not-active is left out of the variations:
 * a refused subscription has no event stream to vary, so only timing could change there (on
 * kinesis-mock its CREATING probe flipped to inconclusive under both variations, which altered nothing in it).
 */
const SUBSCRIBED: readonly Selection[] = [SUB_POSITIONS, SUB_CONTINUATION, SUB_SHARD_END, SUB_REFUSALS];

const CONSUMER_OPS = ['RegisterStreamConsumer', 'DescribeStreamConsumer', 'ListStreamConsumers'] as const;

type Body = Record<string, unknown>;

/** The stream a consumer-related request names: by StreamName, StreamARN, or the stream part of a ConsumerARN. */
function streamOf(req: ProxyRequest): string | undefined {
  const body = requestBodyOf(req);
  if (typeof body?.['StreamName'] === 'string') return body['StreamName'];
  for (const key of ['StreamARN', 'ConsumerARN']) {
    const m = typeof body?.[key] === 'string' ? /:stream\/([^/]+)/.exec(body[key]) : null;
    if (m) return m[1];
  }
  return undefined;
}

/** Every consumer object of a consumer answer (Consumer, ConsumerDescription, Consumers[]). */
function consumersIn(body: Body): Body[] {
  const out: Body[] = [];
  for (const key of ['Consumer', 'ConsumerDescription']) if (body[key] && typeof body[key] === 'object') out.push(body[key] as Body);
  if (Array.isArray(body['Consumers'])) for (const c of body['Consumers']) if (c && typeof c === 'object') out.push(c as Body);
  return out;
}

/** Consumers registered through the proxy and not deregistered since, per stream (what a fault may rely on). */
function trackConsumers(answer: ProxyAnswer, req: ProxyRequest, memory: FaultMemory): void {
  if (answer.status !== 200) return;
  const stream = streamOf(req);
  if (!stream) return;
  const key = `consumers:${stream}`;
  const count = typeof memory.notes.get(key) === 'number' ? (memory.notes.get(key) as number) : 0;
  if (req.operation === 'RegisterStreamConsumer') memory.notes.set(key, count + 1);
  if (req.operation === 'DeregisterStreamConsumer') memory.notes.set(key, Math.max(0, count - 1));
}

/**
 * A consumer that stays CREATING `extraMs` longer than the target's own phase, the way AWS's
 * (seconds to minutes) does: once the target first says ACTIVE for a consumer registered through
 * the proxy, the proxy still says CREATING until the time is up.
 */
export function slowerCreating(extraMs: number): FaultHooks {
  // Shown CREATING: until extraMs after the target first said ACTIVE in an answer; not yet seen ACTIVE,
  // until extraMs after its registration (then its next answer starts the stretch anyway).
  const shownCreating = (arn: string, memory: FaultMemory, now: number): boolean => {
    const registered = memory.notes.get(`registered:${arn}`);
    if (typeof registered !== 'number' || memory.notes.get(`deregistered:${arn}`) === true) return false;
    const since = memory.notes.get(`active:${arn}`);
    return typeof since === 'number' ? now - since < extraMs : now - registered < extraMs;
  };
  return {
    // As AWS does with its longer phase: a registration while five consumers of the stream are (shown)
    // CREATING is refused (RSC-06), since the target, whose own phase ended, would accept it.
    request: (req, memory) => {
      const input = requestBodyOf(req) ?? {};
      const arn = typeof input['ConsumerARN'] === 'string' ? input['ConsumerARN'] : undefined;
      if (req.operation === 'DeregisterStreamConsumer' && arn) memory.notes.set(`deregistered:${arn}`, true);
      if (req.operation !== 'RegisterStreamConsumer' || typeof input['StreamARN'] !== 'string') return req;
      const prefix = `registered:${input['StreamARN']}/consumer/`;
      const now = Date.now();
      const creating = [...memory.notes.keys()].filter((k) => k.startsWith(prefix) && shownCreating(k.slice('registered:'.length), memory, now)).length;
      if (creating < 5) return req;
      return madeUpAnswer(req, 400, { __type: 'LimitExceededException', message: `Stream ${input['StreamARN']} has ${creating} consumers in CREATING state; at most 5 may be CREATING at once.` });
    },
    response: (answer, req, memory) => {
      if (answer.status !== 200) return answer;
      if (req.operation === 'RegisterStreamConsumer') {
        return editBody(answer, (body) => {
          for (const c of consumersIn(body)) if (typeof c['ConsumerARN'] === 'string') memory.notes.set(`registered:${c['ConsumerARN']}`, Date.now());
        });
      }
      return editBody(answer, (body) => {
        for (const c of consumersIn(body)) {
          const arn = c['ConsumerARN'];
          if (typeof arn !== 'string' || typeof memory.notes.get(`registered:${arn}`) !== 'number' || c['ConsumerStatus'] !== 'ACTIVE') continue;
          if (typeof memory.notes.get(`active:${arn}`) !== 'number') memory.notes.set(`active:${arn}`, Date.now());
          if (shownCreating(arn, memory, Date.now())) c['ConsumerStatus'] = 'CREATING';
        }
      });
    },
  };
}

/** A refused RegisterStreamConsumer answered as accepted: the consumer it asked for, CREATING. */
function acceptedRegistration(answer: ProxyAnswer, _body: unknown, req: ProxyRequest): ProxyAnswer {
  const input = requestBodyOf(req) ?? {};
  const name = String(input['ConsumerName'] ?? '');
  const arn = `${String(input['StreamARN'] ?? '')}/consumer/${name}:${Math.floor(Date.now() / 1000)}`;
  return withBody({ ...answer, status: 200 }, { Consumer: { ConsumerName: name, ConsumerARN: arn, ConsumerStatus: 'CREATING', ConsumerCreationTimestamp: Date.now() / 1000 } });
}

export const FAN_OUT_FAULTS: readonly FaultSpec[] = [
  {
    id: 'fan-out.consumer-never-creating',
    description: 'RegisterStreamConsumer answers the new consumer ACTIVE, and no answer ever shows it CREATING',
    kind: 'fault',
    area: 'fan-out',
    appliesTo: CONSUMER_OPS,
    suites: [LIFECYCLE],
    transform: {
      response: editSuccess((body) => {
        for (const c of consumersIn(body)) if (c['ConsumerStatus'] === 'CREATING') c['ConsumerStatus'] = 'ACTIVE';
      }),
    },
  },
  {
    id: 'fan-out.deregister-swallowed',
    description: 'DeregisterStreamConsumer answers 200 with an empty body but does nothing (never forwarded)',
    kind: 'fault',
    area: 'fan-out',
    appliesTo: ['DeregisterStreamConsumer'],
    suites: [LIFECYCLE, IDENTIFIERS],
    transform: { request: (req) => ({ ...madeUpAnswer(req, 200, {}), body: Buffer.alloc(0) }) },
  },
  {
    id: 'fan-out.consumer-list-empty',
    description: 'ListStreamConsumers answers an empty Consumers list whatever is registered',
    kind: 'fault',
    area: 'fan-out',
    appliesTo: ['ListStreamConsumers'],
    suites: [LIFECYCLE, IDENTIFIERS],
    transform: {
      response: editSuccess((body) => {
        if (Array.isArray(body['Consumers']) && body['Consumers'].length > 0) body['Consumers'] = [];
      }),
    },
  },
  {
    id: 'fan-out.delete-stream-with-consumers-deletes',
    description:
      'DeleteStream without EnforceConsumerDeletion of a stream with consumers answers ResourceInUseException, but deletes the stream and its consumers anyway (forwarded with EnforceConsumerDeletion true)',
    kind: 'fault',
    area: 'fan-out',
    appliesTo: ['DeleteStream', 'RegisterStreamConsumer', 'DeregisterStreamConsumer'],
    suites: [DELETE_STREAM],
    transform: {
      request: (req, memory) => {
        if (req.operation !== 'DeleteStream') return req;
        const body = requestBodyOf(req);
        const stream = streamOf(req);
        const consumers = stream ? memory.notes.get(`consumers:${stream}`) : undefined;
        if (!body || body['EnforceConsumerDeletion'] === true || typeof consumers !== 'number' || consumers === 0) return req;
        memory.notes.set(`forced:${stream}`, true);
        return withRequestBody(req, { ...body, EnforceConsumerDeletion: true });
      },
      response: (answer, req, memory) => {
        trackConsumers(answer, req, memory);
        const stream = streamOf(req);
        if (req.operation !== 'DeleteStream' || !stream || memory.notes.get(`forced:${stream}`) !== true || answer.status !== 200) return answer;
        memory.notes.delete(`forced:${stream}`);
        return madeUpAnswer(req, 400, { __type: 'ResourceInUseException', message: `Stream ${stream} has registered consumers and EnforceConsumerDeletion is not set.` });
      },
    },
  },
  {
    id: 'fan-out.consumer-count-zero',
    description: 'DescribeStreamSummary reports ConsumerCount 0 whatever consumers are registered',
    kind: 'fault',
    area: 'fan-out',
    appliesTo: ['DescribeStreamSummary'],
    suites: [LIFECYCLE],
    transform: {
      response: editSuccess((body) => {
        const d = descriptionOf(body);
        if (d && d['ConsumerCount'] !== 0) d['ConsumerCount'] = 0;
      }),
    },
  },
  {
    id: 'fan-out.duplicate-name-accepted',
    description: 'RegisterStreamConsumer with a name already registered on the stream is accepted: a second consumer of that name, CREATING',
    kind: 'fault',
    area: 'fan-out',
    appliesTo: ['RegisterStreamConsumer'],
    suites: [IDENTIFIERS],
    transform: {
      response: rewriteError(['ResourceInUseException'], acceptedRegistration),
    },
  },
  {
    id: 'fan-out.consumer-limits-unchecked',
    description: 'RegisterStreamConsumer beyond the limits (a 21st consumer, a 6th while 5 are CREATING) is accepted: a consumer CREATING instead of LimitExceededException',
    kind: 'fault',
    area: 'fan-out',
    appliesTo: ['RegisterStreamConsumer'],
    suites: [LIMITS],
    transform: {
      response: rewriteError(['LimitExceededException'], acceptedRegistration),
    },
  },
  {
    id: 'fan-out.describe-consumer-stream-arn-dropped',
    description: 'DescribeStreamConsumer omits the StreamARN of the consumer description',
    kind: 'fault',
    area: 'fan-out',
    appliesTo: ['DescribeStreamConsumer'],
    suites: [LIFECYCLE],
    transform: {
      response: editSuccess((body) => {
        const d = body['ConsumerDescription'] as Body | undefined;
        if (d && 'StreamARN' in d) delete d['StreamARN'];
      }),
    },
  },
  {
    id: 'fan-out.deregister-unknown-accepted',
    description: 'DeregisterStreamConsumer of a consumer that does not exist answers 200 instead of ResourceNotFoundException',
    kind: 'fault',
    area: 'fan-out',
    appliesTo: ['DeregisterStreamConsumer'],
    suites: [IDENTIFIERS],
    // A Unit output: the success the target would have given is 200 with an empty body.
    transform: { response: rewriteError(['ResourceNotFoundException'], (answer) => ({ ...answer, status: 200, body: Buffer.alloc(0), headers: answer.headers.filter(([n]) => n.toLowerCase() !== 'x-amzn-errortype') })) },
  },
  {
    id: 'fan-out.list-max-results-ignored',
    description: 'ListStreamConsumers ignores MaxResults (forwarded without it): every consumer on one page',
    kind: 'fault',
    area: 'fan-out',
    appliesTo: ['ListStreamConsumers'],
    suites: [LIFECYCLE],
    transform: {
      request: (req) => {
        const body = requestBodyOf(req);
        if (!body || body['MaxResults'] === undefined) return req;
        const { MaxResults: _dropped, ...rest } = body;
        return withRequestBody(req, rest);
      },
    },
  },

  {
    id: 'fan-out.subscribe-record-dropped',
    description: 'SubscribeToShard loses the first record it would deliver (the event carries the others; every later event is intact)',
    kind: 'fault',
    area: 'fan-out',
    appliesTo: SUBSCRIBE,
    suites: [SUB_POSITIONS, SUB_CONTINUATION, SUB_SHARD_END],
    transform: {},
    eventStream: dropFirstRecord,
  },
  {
    id: 'fan-out.subscribe-record-duplicated',
    description: 'SubscribeToShard delivers its first record twice, back to back in the same event',
    kind: 'fault',
    area: 'fan-out',
    appliesTo: SUBSCRIBE,
    suites: [SUB_POSITIONS, SUB_CONTINUATION, SUB_SHARD_END],
    transform: {},
    eventStream: duplicateFirstRecord,
  },
  {
    id: 'fan-out.subscribe-continuation-behind',
    description: "Every SubscribeToShardEvent's ContinuationSequenceNumber stays at the subscription's first record: resuming after it reads records again",
    kind: 'fault',
    area: 'fan-out',
    appliesTo: SUBSCRIBE,
    suites: [SUB_CONTINUATION, SUB_POSITIONS],
    transform: {},
    eventStream: continuationStuckAtFirstRecord,
  },
  {
    id: 'fan-out.subscribe-frame-bad-crc',
    description: "The first SubscribeToShardEvent's message CRC is wrong (one bit flipped): the event stream cannot be decoded from there",
    kind: 'fault',
    area: 'fan-out',
    appliesTo: SUBSCRIBE,
    suites: [SUB_POSITIONS, SUB_CONTINUATION],
    transform: {},
    eventStream: corruptFirstEventCrc,
  },
  {
    id: 'fan-out.subscribe-frame-truncated',
    description: 'The first SubscribeToShardEvent is cut after half its bytes and the HTTP/2 stream ends there',
    kind: 'fault',
    area: 'fan-out',
    appliesTo: SUBSCRIBE,
    suites: [SUB_POSITIONS, SUB_CONTINUATION],
    transform: {},
    eventStream: truncateFirstEvent,
  },

  {
    id: 'benign.fan-out-subscribe-events-split',
    description:
      'An event with several records arrives as two SubscribeToShardEvents, records in order; the first with the ContinuationSequenceNumber of its last record and the same MillisBehindLatest (AWS batches records into events as it likes)',
    kind: 'benign',
    area: 'fan-out',
    appliesTo: SUBSCRIBE,
    suites: SUBSCRIBED,
    transform: {},
    eventStream: splitEvents,
  },
  {
    id: 'benign.fan-out-subscribe-slower-first-event',
    description: 'The first SubscribeToShardEvent of a subscription comes 1 s later, unchanged (AWS pushes events as it has them; no first-event latency is promised)',
    kind: 'benign',
    area: 'fan-out',
    appliesTo: SUBSCRIBE,
    suites: SUBSCRIBED,
    transform: {},
    eventStream: slowerFirstEvent(1_000),
  },
  {
    id: 'benign.fan-out-slower-creating',
    description: 'A new consumer stays CREATING 1.5 s longer (AWS takes seconds; well within the bound) before the answers say ACTIVE, and meanwhile counts towards the five CREATING at once (a 6th registration is refused with LimitExceededException)',
    kind: 'benign',
    area: 'fan-out',
    appliesTo: [...CONSUMER_OPS, 'DeregisterStreamConsumer'],
    suites: [LIFECYCLE, IDENTIFIERS, DELETE_STREAM, LIMITS],
    transform: slowerCreating(1_500),
  },
  {
    id: 'benign.fan-out-consumer-list-order',
    description: 'ListStreamConsumers lists the consumers in another order (the order is not documented)',
    kind: 'benign',
    area: 'fan-out',
    appliesTo: ['ListStreamConsumers'],
    suites: [LIFECYCLE, IDENTIFIERS, LIMITS],
    transform: {
      response: editSuccess((body) => {
        if (Array.isArray(body['Consumers']) && body['Consumers'].length > 1) body['Consumers'] = [...body['Consumers']].reverse();
      }),
    },
  },
];
