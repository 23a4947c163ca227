import { evidenceAll, evidenceOf, type Evidence, type PartEvidence } from '../results/evidence.ts';

/** The case-file format (specs/cases/case.schema.json), as the harness reads it. */

export type CaseKind = 'request' | 'scenario' | 'untestable';
export type StreamNeed = 'none' | 'active' | 'encrypted' | 'unencrypted' | 'fresh' | 'creating' | 'deleting';
export type KmsKeyNeed = 'enabled' | 'disabled' | 'pending-deletion' | 'denied';
/**
 * `billable`: costs money on AWS beyond shard-hours (consumers, ON_DEMAND, retention above 24 h): runs
 * on every other target, and on AWS only with --allow-expensive. `expensive`: slow or spends a
 * rate-limited allowance on any target: runs only with --allow-expensive.
 */
export type CaseFlag = 'expensive' | 'billable' | 'aws-only' | 'undocumented' | 'restricted-credentials' | 'unowned-names';

export interface CaseRef {
  /** The document: API reference edition and page, SDK reference, model, recorded AWS answers. */
  doc: string;
  /** Section / line in it. */
  at: string;
  /** The model shape (and member) the rule comes from. */
  shape?: string;
}

export type MessageExpectation =
  | { exact: string }
  | { pattern: string }
  | { validation: Array<string | { pattern: string }> }
  | { unrecorded: string };

export interface SuccessOutcome {
  status: 200;
  body: 'empty';
}

export interface ErrorOutcome {
  status: number;
  type: string | string[];
  message: MessageExpectation;
}

export interface ObserveOutcome {
  observe: string;
}

export type Outcome = SuccessOutcome | ErrorOutcome | ObserveOutcome;

/** How sure each judged part of a case is (README "Evidence"); parts left out are derived. */
export interface CaseEvidence {
  status?: PartEvidence;
  message?: PartEvidence;
  values?: PartEvidence;
  risk?: string;
}

/** Which result of a case: its status (and error type), its message, its answer values, an observation, or all of it. */
export type SubtestPart = 'status' | 'message' | 'values' | 'observed' | 'all';

/**
 * A result's evidence from what its case declares. Derivation where it declares nothing: an
 * observation, and a message the case marks `unrecorded`, are `unrecorded`; any other judged part is
 * `documented`, citing the case's ref. Nothing is `recorded` or `analogous` without a cited source.
 */
export function subtestEvidence(declared: CaseEvidence | undefined, part: SubtestPart, ref: string, unrecordedMessage?: string): Evidence {
  const risk = declared?.risk;
  if (part === 'observed') return evidenceAll('unrecorded', ref, risk);
  if (part === 'message' && unrecordedMessage !== undefined) return evidenceAll('unrecorded', unrecordedMessage, risk);
  const of = (p: 'status' | 'message' | 'values'): PartEvidence => declared?.[p] ?? { class: 'documented', source: ref };
  if (part === 'status') return evidenceOf({ status: of('status'), type: of('status') }, risk);
  if (part === 'message') return evidenceOf({ message: of('message') }, risk);
  if (part === 'values') return evidenceOf({ values: of('values') }, risk);
  const parts = { status: of('status'), ...(declared?.message ? { message: declared.message } : {}), ...(declared?.values ? { values: declared.values } : {}) };
  return evidenceOf(parts, risk);
}

export interface CaseSpec {
  id: string;
  kind: CaseKind;
  /** Behaviour rule ids (specs/rules.json) the case checks; absent for pure input validation. */
  rules?: string[];
  operation: string | null;
  member: string | null;
  rule: string;
  ref: CaseRef;
  expectation: string;
  flags: CaseFlag[];
  skipReason?: string;
  fixture: { stream: StreamNeed; kmsKey?: KmsKeyNeed };
  request?: { body: Record<string, unknown> };
  expect?: Outcome;
  evidence?: CaseEvidence;
}

/** A case as loaded: the file it came from travels with it for messages. */
export interface LoadedCase extends CaseSpec {
  file: string;
}

export function isErrorOutcome(o: Outcome): o is ErrorOutcome {
  return 'type' in o;
}

export function isObserveOutcome(o: Outcome): o is ObserveOutcome {
  return 'observe' in o;
}

/** The one-line `ref` a result carries. */
export function refText(ref: CaseRef): string {
  return `${ref.doc}: ${ref.at}${ref.shape ? `; model ${ref.shape}` : ''}`;
}

// ---------------------------------------------------------------------------------------------
// Behaviour cases (`kind: "steps"`): a fixture described as data, then steps, each judged step its
// own result. Computation (MD5 routing, hash-key coverage, sequence order) lives in named matchers.
// ---------------------------------------------------------------------------------------------

/** A record a stream fixture writes before the case starts (Data as base64, placeholders allowed). */
export interface FixtureRecord {
  data: string;
  partitionKey: string;
  explicitHashKey?: string;
}

/** The stream a case needs, as data. Omitted members take the fresh-stream defaults. */
export interface StreamFixtureSpec {
  /** Open shards at creation (provisioned). Default 1. */
  shards?: number;
  mode?: 'PROVISIONED' | 'ON_DEMAND';
  retentionHours?: number;
  tags?: Record<string, string>;
  /** Written in order after ACTIVE (and before `split`, so they sit in the parent). */
  records?: FixtureRecord[];
  /** Split the first shard at its midpoint after writing the records: one closed parent, two children. */
  split?: boolean;
  /** Register an enhanced fan-out consumer and wait until it is ACTIVE. */
  consumer?: boolean;
  /** Encrypt with the Kinesis-owned key. */
  encryption?: boolean;
  /** `by-case`: a run-unique name is reserved (and cleaned up), but the case sends CreateStream itself. */
  create?: 'fixture' | 'by-case';
}

export interface StepsFixture {
  stream?: StreamFixtureSpec | 'none';
  /** A stream of the case's own instead of the file's shared one (for cases that change it). */
  fresh?: boolean;
}

export type Comparison = Partial<Record<'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le', string | number>>;

/** A declarative check of one value of an answer, found by JSON pointer (`*` walks every element). */
export interface PathMatcher {
  path: string;
  equals?: unknown;
  absent?: true;
  present?: true;
  length?: number | { min?: number; max?: number };
  contains?: unknown;
  notContains?: unknown;
  oneOf?: unknown[];
  matches?: string;
  /** Compared as integers of any size (sequence numbers, hash keys, counts). */
  compare?: Comparison;
  type?: 'string' | 'number' | 'boolean' | 'object' | 'array';
}

/** A registered computation (harness/cases/named-matchers.ts) with its arguments (placeholders allowed). */
export interface NamedMatcher {
  matcher: string;
  args?: Record<string, unknown>;
}

export type OutputMatcher = PathMatcher | NamedMatcher;

export interface StepExpect {
  status?: number;
  type?: string | string[];
  message?: MessageExpectation;
  /** `empty`: a success answer with no body (Unit output). */
  body?: 'empty';
  output?: OutputMatcher[];
  /** Undocumented: the answer is recorded, not judged. */
  observe?: string;
}

export interface ReadSpec {
  /** An iterator to start from, or how to get one. */
  iterator?: string;
  shard?: string;
  type?: 'TRIM_HORIZON' | 'LATEST' | 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER' | 'AT_TIMESTAMP';
  sequenceNumber?: string;
  timestamp?: string | number;
  /** Limit per GetRecords call. */
  limit?: number;
  /** Stop once this many records arrived, or at the shard's end (NextShardIterator null). */
  until: { records: number } | 'end' | 'first-page';
  /** Pages read at most (an empty page is normal: AWS may answer one while records exist). */
  maxPages?: number;
}

export interface WaitSpec {
  stream?: string;
  /** The stream to wait for when it is not the fixture's: one the case creates itself (`${name.<label>}`). */
  streamName?: string;
  /**
   * Until these streams list at most this many consumers in all (ListStreamConsumers): waits for
   * deregistrations to take effect without naming which consumer goes, so an engine removing the
   * wrong one is judged by the next steps instead of timing out here.
   */
  consumersListed?: { streamArns: string[]; atMost: number };
  consumer?: string;
  /** The consumer's ARN (placeholder); default the fixture's consumer. */
  consumerArn?: string;
}

interface StepBase {
  /** The step's own evidence, where it differs from the case's. */
  evidence?: CaseEvidence;
  id: string;
  /** Rule ids this step checks when they are a subset of the case's. */
  rules?: string[];
  /** One line: what AWS answers here (default: the case's expectation). */
  expectation?: string;
  /** Values taken from this step's answer by JSON pointer, for later steps as ${cap.<name>}. */
  capture?: Record<string, string>;
  expect?: StepExpect;
}

export interface CallStep extends StepBase {
  call: string;
  request: Record<string, unknown>;
  /**
   * The answer is judgeable only while the stream is in this state: the stream is described right
   * after the call; a refusal of the expected type counts as it is, anything else only when the
   * stream was still in the state (otherwise the case is inconclusive and retried, see attempts).
   * `"N consumers CREATING"`: at least N of the stream's consumers (StreamARN in the request) were
   * CREATING before and right after the call (ListStreamConsumers), for the limits on registrations.
   */
  while?: string;
  /**
   * A probe of a phase the step with this id started ("right after CreateStream's 200 the stream
   * is CREATING"): on a target whose shortest phase is known, an answer that misses the
   * expectation is inconclusive (retried, see attempts) unless the window from sending that step
   * to the probe's answer fits in that phase, since the phase may simply be over (a loaded machine).
   */
  rightAfter?: string;
}

export interface ReadStep extends StepBase {
  read: ReadSpec;
}

export interface WaitStep extends StepBase {
  waitFor: WaitSpec;
}

/** SubscribeToShard (HTTP/2 event stream, harness/transport/subscribe.ts) as a step. */
export interface SubscribeSpec {
  /** The consumer's ARN (placeholder); default the fixture's consumer. */
  consumerArn?: string;
  shard: string;
  /** StartingPosition as sent. */
  position: { Type: 'TRIM_HORIZON' | 'LATEST' | 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER' | 'AT_TIMESTAMP'; SequenceNumber?: string; Timestamp?: string | number };
  /**
   * Stop reading once this many records arrived, after this many SubscribeToShardEvents, after the
   * first one, or at the shard's end (an event with ChildShards, or the server ending the stream).
   */
  until: { records: number } | { events: number } | 'first-event' | 'end';
  /** Bound on reading once the subscription answered, ms (default 10 000). What arrived by then is the answer. */
  maxMs?: number;
  /** Records written (PutRecord to the fixture stream) once the subscription answered 200: they must arrive through it. */
  write?: FixtureRecord[];
  /** The step ends once the subscription answered; it reads on while later steps run and is judged when it ends. */
  background?: boolean;
  /**
   * The answer is judgeable only while the consumer is in this state: it is described right after
   * the answer; a refusal of the expected type counts as it is, anything else only when the
   * consumer was still in the state (otherwise inconclusive, see attempts).
   */
  while?: 'CREATING' | 'DELETING';
}

export interface SubscribeStep extends StepBase {
  subscribe: SubscribeSpec;
}

export type Step = CallStep | ReadStep | WaitStep | SubscribeStep;

export interface StepsCaseSpec {
  id: string;
  kind: 'steps';
  /** The behaviour rule ids (specs/rules.json) this case checks. */
  rules: string[];
  ref?: CaseRef;
  expectation: string;
  flags: CaseFlag[];
  skipReason?: string;
  fixture: StepsFixture;
  steps: Step[];
  /** Runs of the whole case (with a fresh fixture) while a `while` step is inconclusive. Default 1. */
  attempts?: number;
  evidence?: CaseEvidence;
}

export interface LoadedStepsCase extends StepsCaseSpec {
  file: string;
}

export function isCallStep(s: Step): s is CallStep {
  return 'call' in s;
}
export function isSubscribeStep(s: Step): s is SubscribeStep {
  return 'subscribe' in s;
}
export function isReadStep(s: Step): s is ReadStep {
  return 'read' in s;
}
export function isWaitStep(s: Step): s is WaitStep {
  return 'waitFor' in s;
}
export function isNamedMatcher(m: OutputMatcher): m is NamedMatcher {
  return 'matcher' in m;
}
