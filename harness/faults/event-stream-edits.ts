// Building blocks for faults inside a SubscribeToShard event stream (event-stream-proxy.ts applies
// them one upstream message at a time). Each edit keeps per-subscription state in the memory, so
// "the first record" means the first this subscription delivered.
import type { Message } from '@smithy/eventstream-codec';
import { eventStreamCodec, type EventStreamHooks, type Relay, type SubscriptionMemory } from './event-stream-proxy.ts';

type Body = Record<string, unknown>;

const decoder = new TextDecoder();

function headerText(m: Message, name: string): string | undefined {
  const h = m.headers[name];
  return h && h.type === 'string' ? h.value : undefined;
}

/** Whether the message is a SubscribeToShardEvent (not the initial-response, not an exception). */
export function isShardEvent(m: Message): boolean {
  return headerText(m, ':message-type') === 'event' && headerText(m, ':event-type') === 'SubscribeToShardEvent';
}

/** The event's JSON payload, or undefined. */
export function payloadOf(m: Message): Body | undefined {
  try {
    const value = JSON.parse(decoder.decode(m.body)) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Body) : undefined;
  } catch {
    return undefined;
  }
}

/** The same message (headers kept) with another JSON payload. */
export function withPayload(m: Message, payload: Body): Message {
  return { headers: m.headers, body: new TextEncoder().encode(JSON.stringify(payload)) };
}

const pass = (m: Message): Relay => ({ send: [m] });

function recordsOf(event: Body): Body[] {
  return Array.isArray(event['Records']) ? (event['Records'] as Body[]) : [];
}

/**
 * Edits the payload of each SubscribeToShardEvent: `edit` gets a copy and returns the payloads to
 * send in its place (one or more events), or undefined to pass the event as it came.
 */
export function editEvents(edit: (event: Body, memory: SubscriptionMemory) => Body[] | undefined): EventStreamHooks {
  return {
    message: (m, memory) => {
      const event = isShardEvent(m) ? payloadOf(m) : undefined;
      if (!event) return pass(m);
      const out = edit(structuredClone(event), memory);
      return out ? { send: out.map((p) => withPayload(m, p)) } : pass(m);
    },
  };
}

/** The subscription's first delivered record is lost (every later one arrives). */
export const dropFirstRecord = editEvents((event, memory) => {
  const records = recordsOf(event);
  if (records.length === 0 || memory.notes.has('dropped')) return undefined;
  memory.notes.set('dropped', true);
  return [{ ...event, Records: records.slice(1) }];
});

/** The subscription's first delivered record arrives twice, back to back in its event. */
export const duplicateFirstRecord = editEvents((event, memory) => {
  const records = recordsOf(event);
  if (records.length === 0 || memory.notes.has('duplicated')) return undefined;
  memory.notes.set('duplicated', true);
  return [{ ...event, Records: [records[0]!, ...records] }];
});

/**
 * Every ContinuationSequenceNumber stays at the subscription's first delivered record: a consumer
 * checkpointing on it resumes behind what it already read (records arrive again).
 */
export const continuationStuckAtFirstRecord = editEvents((event, memory) => {
  const first = recordsOf(event)[0]?.['SequenceNumber'];
  if (!memory.notes.has('first') && typeof first === 'string') memory.notes.set('first', first);
  const stuck = memory.notes.get('first');
  if (typeof stuck !== 'string' || event['ContinuationSequenceNumber'] === stuck) return undefined;
  return [{ ...event, ContinuationSequenceNumber: stuck }];
});

/** The first SubscribeToShardEvent of the subscription, re-encoded by `broken`; later messages pass. */
function breakFirstEvent(broken: (frame: Uint8Array) => Relay): EventStreamHooks {
  return {
    message: (m, memory) => {
      if (!isShardEvent(m) || memory.notes.has('broken')) return pass(m);
      memory.notes.set('broken', true);
      return broken(eventStreamCodec.encode(m));
    },
  };
}

/** The first SubscribeToShardEvent's message CRC (its last 4 bytes) has one bit flipped. */
export const corruptFirstEventCrc = breakFirstEvent((frame) => {
  const bytes = Uint8Array.from(frame);
  bytes[bytes.length - 1]! ^= 0x01;
  return { send: [bytes] };
});

/** The first SubscribeToShardEvent is cut after half its bytes, and the stream ends there. */
export const truncateFirstEvent = breakFirstEvent((frame) => ({ send: [frame.subarray(0, Math.floor(frame.length / 2))], end: true }));

/**
 * AWS-faithful: an event with two records or more arrives as two events, the records split between
 * them in order. The first carries a ContinuationSequenceNumber coherent with what it delivered (its
 * last record's: resuming AFTER it reads the second part's records) and the MillisBehindLatest of the
 * original; the second is the original event with the remaining records (ChildShards, if any, stay
 * on it: they come only at the shard's end).
 */
export const splitEvents = editEvents((event) => {
  const records = recordsOf(event);
  if (records.length < 2) return undefined;
  const cut = Math.ceil(records.length / 2);
  const head = records.slice(0, cut);
  const { ChildShards: _atTheEnd, ...rest } = event;
  return [
    { ...rest, Records: head, ContinuationSequenceNumber: head.at(-1)!['SequenceNumber'] },
    { ...event, Records: records.slice(cut) },
  ];
});

/** AWS-faithful: the subscription's first SubscribeToShardEvent comes `ms` later (unchanged). */
export function slowerFirstEvent(ms: number): EventStreamHooks {
  return {
    message: (m, memory) => {
      if (!isShardEvent(m) || memory.notes.has('held')) return pass(m);
      memory.notes.set('held', true);
      return { send: [m], holdMs: ms };
    },
  };
}
