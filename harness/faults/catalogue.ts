// The faults the self-check injects, as data. Each entry: what a deviating target would do, which
// requests it touches, where the suites should notice it, and the wire-level edit that does it.
// `benign` entries are AWS-faithful variations: a case that changes under one of them is a false alarm.
import { bodyOf, isCborAnswer, madeUpAnswer, requestBodyOf, withBody, withRequestBody, type ActiveFault, type FaultHooks, type ProxyRequest } from './proxy.ts';
import {
  cborAsJson,
  DESCRIBE_OPS,
  holdAnswer,
  descriptionOf,
  dropHeader,
  editDescription,
  editSuccess,
  ENCRYPTION_OPS,
  errorStatus,
  errorToSuccess,
  recaseHeaders,
  slowerUpdating,
  reformatJson,
  renameError,
  rewordMessage,
  rewriteError,
  setHeader,
  START,
  STOP,
  trackUpdates,
  updatedAt,
  walk,
} from './transforms.ts';
import { CborEpochTag } from '../protocol/cbor.ts';
import type { ActiveEventStreamFault, EventStreamHooks } from './event-stream-proxy.ts';
import { DATA_PLANE_FAULTS } from './catalogue-data-plane.ts';
import { CONTROL_PLANE_FAULTS } from './catalogue-control-plane.ts';
import { FAN_OUT_FAULTS } from './catalogue-fan-out.ts';

/** A slice of the suites a fault is judged on: one suite, optionally narrowed like `run --grep`. */
export interface Selection {
  suite: string;
  grep?: string;
}

export type FaultArea = 'encryption' | 'state' | 'protocol' | 'validation' | 'data-plane' | 'control-plane' | 'fan-out';

export interface FaultSpec {
  /** Stable id, `<area>.<what>`; `--fault ID` selects it. */
  id: string;
  description: string;
  /** 'benign': AWS-faithful; any case whose result changes under it is a false alarm. */
  kind: 'fault' | 'benign';
  area: FaultArea;
  /** The operations touched ('*' for every request), or a predicate on the request. */
  appliesTo: '*' | readonly string[] | ((req: ProxyRequest) => boolean);
  /**
   * With a predicate: the only operations it can match. Optional; the self-check then looks for
   * requests it matches among those operations only (else among all a clean run recorded).
   */
  operations?: readonly string[];
  /**
   * Where the suites should notice it (each must select some case: checked by the self-check). Under
   * the fault, only the files of these selections that sent a request it applies to run again.
   */
  suites: readonly Selection[];
  transform: FaultHooks;
  /**
   * Edits inside SubscribeToShard event streams (event-stream-proxy.ts), for the subscriptions
   * `appliesTo` matches; `transform` is then usually empty.
   */
  eventStream?: EventStreamHooks;
}

const SMOKE: Selection = { suite: 'smoke' };
const LIFECYCLE: Selection = { suite: 'encryption', grep: 'encryption/lifecycle/' };
const ENC_START: Selection = { suite: 'encryption', grep: 'encryption/start/' };
const ENC_STOP: Selection = { suite: 'encryption', grep: 'encryption/stop/' };
const IN_USE: Selection = { suite: 'encryption', grep: 'encryption/in-use/' };
const RESPONSE: Selection = { suite: 'protocol', grep: 'protocol/response/' };
const CBOR: Selection = { suite: 'protocol', grep: 'protocol/cbor/' };
const TARGET: Selection = { suite: 'protocol', grep: 'protocol/target/' };
const AUTH: Selection = { suite: 'protocol', grep: 'protocol/auth/' };
const ENVELOPE: Selection = { suite: 'protocol', grep: 'protocol/envelope/' };
const SERIALIZATION: Selection = { suite: 'protocol', grep: 'protocol/serialization/' };
const V_SUMMARY: Selection = { suite: 'validation', grep: 'validation/DescribeStreamSummary/' };
const V_START: Selection = { suite: 'validation', grep: 'validation/StartStreamEncryption/' };
const V_LIST: Selection = { suite: 'validation', grep: 'validation/ListStreams/' };

/** Every stream-describing and encryption request: what the state faults need to see. */
const STATE_OPS = [...DESCRIBE_OPS, ...ENCRYPTION_OPS];
const EMPTY_200 = (req: ProxyRequest) => ({ ...madeUpAnswer(req, 200, {}), body: Buffer.alloc(0) });
/** Every error type. */
const ALL_ERRORS: readonly string[] = [];

const CORE: readonly FaultSpec[] = [
  // --- encryption operations ---
  {
    id: 'encryption.start-swallowed',
    description: 'StartStreamEncryption answers 200 with an empty body but does nothing (never forwarded)',
    kind: 'fault',
    area: 'encryption',
    appliesTo: [START],
    suites: [LIFECYCLE],
    transform: { request: (req) => EMPTY_200(req) },
  },
  {
    id: 'encryption.stop-swallowed',
    description: 'StopStreamEncryption answers 200 with an empty body but does nothing (never forwarded)',
    kind: 'fault',
    area: 'encryption',
    appliesTo: [STOP],
    suites: [LIFECYCLE],
    transform: { request: (req) => EMPTY_200(req) },
  },
  {
    id: 'encryption.start-key-arn-normalised',
    description: 'StartStreamEncryption with a KeyId in ARN form is applied with the alias name instead (the key is not the one asked for)',
    kind: 'fault',
    area: 'encryption',
    appliesTo: [START],
    suites: [LIFECYCLE],
    transform: {
      request: (req) => {
        const body = requestBodyOf(req);
        const key = body?.['KeyId'];
        if (typeof key !== 'string' || !key.startsWith('arn:') || !key.includes(':alias/')) return req;
        return withRequestBody(req, { ...body, KeyId: key.slice(key.indexOf('alias/')) });
      },
    },
  },
  {
    id: 'encryption.summary-keyid-changed',
    description: 'DescribeStreamSummary reports another KeyId than the stream was encrypted with',
    kind: 'fault',
    area: 'encryption',
    appliesTo: ['DescribeStreamSummary', ...ENCRYPTION_OPS],
    suites: [LIFECYCLE],
    transform: { response: editDescription((d) => (typeof d['KeyId'] === 'string' ? (d['KeyId'] = 'alias/some-other-key') : undefined)) },
  },
  {
    id: 'encryption.summary-keyid-dropped',
    description: 'DescribeStreamSummary of a KMS-encrypted stream omits KeyId',
    kind: 'fault',
    area: 'encryption',
    appliesTo: ['DescribeStreamSummary'],
    suites: [LIFECYCLE],
    transform: { response: editDescription((d) => (d['EncryptionType'] === 'KMS' ? delete d['KeyId'] : undefined)) },
  },
  {
    id: 'encryption.summary-type-dropped',
    description: 'DescribeStreamSummary omits EncryptionType',
    kind: 'fault',
    area: 'encryption',
    appliesTo: ['DescribeStreamSummary'],
    suites: [LIFECYCLE],
    transform: { response: editDescription((d) => delete d['EncryptionType']) },
  },
  {
    id: 'encryption.summary-type-none',
    description: 'DescribeStreamSummary says EncryptionType NONE for a KMS-encrypted stream',
    kind: 'fault',
    area: 'encryption',
    appliesTo: ['DescribeStreamSummary'],
    suites: [LIFECYCLE],
    transform: { response: editDescription((d) => (d['EncryptionType'] === 'KMS' ? (d['EncryptionType'] = 'NONE') : undefined)) },
  },
  {
    id: 'encryption.describe-stream-type-dropped',
    description: 'DescribeStream omits EncryptionType (DescribeStreamSummary is right)',
    kind: 'fault',
    area: 'encryption',
    appliesTo: ['DescribeStream'],
    suites: [LIFECYCLE],
    transform: { response: editDescription((d) => delete d['EncryptionType']) },
  },
  {
    id: 'encryption.describe-stream-keyid-changed',
    description: 'DescribeStream reports another KeyId (DescribeStreamSummary is right)',
    kind: 'fault',
    area: 'encryption',
    appliesTo: ['DescribeStream'],
    suites: [LIFECYCLE],
    transform: { response: editDescription((d) => (typeof d['KeyId'] === 'string' ? (d['KeyId'] = 'alias/some-other-key') : undefined)) },
  },
  {
    id: 'encryption.put-record-type-dropped',
    description: 'PutRecord on an encrypted stream omits EncryptionType from its answer',
    kind: 'fault',
    area: 'encryption',
    appliesTo: ['PutRecord'],
    suites: [LIFECYCLE],
    transform: { response: editSuccess((b) => delete b['EncryptionType']) },
  },
  {
    id: 'encryption.put-records-type-none',
    description: 'PutRecords on an encrypted stream answers EncryptionType NONE',
    kind: 'fault',
    area: 'encryption',
    appliesTo: ['PutRecords'],
    suites: [LIFECYCLE],
    transform: { response: editSuccess((b) => (b['EncryptionType'] === 'KMS' ? (b['EncryptionType'] = 'NONE') : undefined)) },
  },
  {
    id: 'encryption.in-use-accepted',
    description: 'Start/StopStreamEncryption on a stream that is not ACTIVE answers 200 instead of ResourceInUseException',
    kind: 'fault',
    area: 'encryption',
    appliesTo: ENCRYPTION_OPS,
    suites: [LIFECYCLE, IN_USE],
    transform: { response: errorToSuccess(['ResourceInUseException']) },
  },
  {
    id: 'encryption.not-found-as-in-use',
    description: 'Start/StopStreamEncryption of an absent stream answers ResourceInUseException instead of ResourceNotFoundException',
    kind: 'fault',
    area: 'encryption',
    appliesTo: ENCRYPTION_OPS,
    suites: [ENC_START],
    transform: { response: renameError(['ResourceNotFoundException'], 'ResourceInUseException') },
  },
  {
    id: 'encryption.error-status-500',
    description: 'Start/StopStreamEncryption errors come with HTTP 500 instead of 400',
    kind: 'fault',
    area: 'encryption',
    appliesTo: ENCRYPTION_OPS,
    suites: [ENC_START],
    transform: { response: errorStatus(ALL_ERRORS, 500) },
  },
  {
    id: 'encryption.invalid-argument-accepted',
    description: 'StartStreamEncryption refused with InvalidArgumentException (e.g. EncryptionType NONE) answers 200 instead',
    kind: 'fault',
    area: 'encryption',
    appliesTo: [START],
    suites: [ENC_START],
    transform: { response: errorToSuccess(['InvalidArgumentException']) },
  },
  {
    id: 'encryption.request-id-dropped',
    description: 'Start/StopStreamEncryption answers carry no x-amzn-RequestId header',
    kind: 'fault',
    area: 'encryption',
    appliesTo: ENCRYPTION_OPS,
    suites: [LIFECYCLE],
    transform: { response: dropHeader('x-amzn-RequestId') },
  },
  {
    id: 'encryption.summary-arn-dropped',
    description: 'DescribeStreamSummary omits StreamARN',
    kind: 'fault',
    area: 'encryption',
    appliesTo: ['DescribeStreamSummary'],
    suites: [SMOKE],
    transform: { response: editDescription((d) => delete d['StreamARN']) },
  },

  // --- state transitions ---
  {
    id: 'state.updating-skipped',
    description: 'After an accepted Start/StopStreamEncryption the stream is described ACTIVE at once: UPDATING never appears',
    kind: 'fault',
    area: 'state',
    appliesTo: STATE_OPS,
    suites: [LIFECYCLE],
    transform: { response: editDescription((d, req, memory) => (d['StreamStatus'] === 'UPDATING' && updatedAt(d, req, memory) !== undefined ? (d['StreamStatus'] = 'ACTIVE') : undefined)) },
  },
  {
    id: 'state.updating-forever',
    description: 'After an accepted Start/StopStreamEncryption the stream stays UPDATING for ever (must end as TIMEOUT, not a hang)',
    kind: 'fault',
    area: 'state',
    appliesTo: STATE_OPS,
    suites: [LIFECYCLE],
    transform: {
      response: editDescription((d, req, memory) => (d['StreamStatus'] === 'ACTIVE' && updatedAt(d, req, memory) !== undefined ? (d['StreamStatus'] = 'UPDATING') : undefined)),
    },
  },
  {
    id: 'state.creating-skipped',
    description: 'A new stream is described ACTIVE at once: CREATING never appears',
    kind: 'fault',
    area: 'state',
    appliesTo: DESCRIBE_OPS,
    suites: [SMOKE, IN_USE],
    transform: { response: editDescription((d) => (d['StreamStatus'] === 'CREATING' ? (d['StreamStatus'] = 'ACTIVE') : undefined)) },
  },
  {
    id: 'state.creating-forever',
    description: 'A new stream stays CREATING for ever (must end as TIMEOUT, not a hang)',
    kind: 'fault',
    area: 'state',
    appliesTo: DESCRIBE_OPS,
    suites: [SMOKE],
    transform: { response: editDescription((d) => (d['StreamStatus'] === 'ACTIVE' ? (d['StreamStatus'] = 'CREATING') : undefined)) },
  },
  {
    id: 'state.delete-swallowed',
    description: 'DeleteStream answers 200 but the stream stays (never forwarded)',
    kind: 'fault',
    area: 'state',
    appliesTo: ['DeleteStream'],
    suites: [SMOKE],
    transform: { request: (req) => EMPTY_200(req) },
  },
  {
    id: 'state.status-lower-case',
    description: 'StreamStatus is spelled in lower case (active, creating)',
    kind: 'fault',
    area: 'state',
    appliesTo: DESCRIBE_OPS,
    suites: [SMOKE],
    transform: { response: editDescription((d) => (typeof d['StreamStatus'] === 'string' ? (d['StreamStatus'] = d['StreamStatus'].toLowerCase()) : undefined)) },
  },

  // --- protocol layer ---
  {
    id: 'protocol.request-id-dropped',
    description: 'No answer carries x-amzn-RequestId',
    kind: 'fault',
    area: 'protocol',
    appliesTo: '*',
    suites: [RESPONSE],
    transform: { response: dropHeader('x-amzn-RequestId') },
  },
  {
    id: 'protocol.request-id-not-uuid',
    description: 'x-amzn-RequestId is not a UUID',
    kind: 'fault',
    area: 'protocol',
    appliesTo: '*',
    suites: [RESPONSE],
    transform: { response: setHeader('x-amzn-RequestId', (v) => (v ?? '').replace(/-/g, '').slice(0, 20)) },
  },
  {
    id: 'protocol.x-amz-id-2-dropped',
    description: 'No answer carries x-amz-id-2',
    kind: 'fault',
    area: 'protocol',
    appliesTo: '*',
    suites: [RESPONSE],
    transform: { response: dropHeader('x-amz-id-2') },
  },
  {
    id: 'protocol.content-type-application-json',
    description: 'JSON answers say Content-Type application/json instead of application/x-amz-json-1.1',
    kind: 'fault',
    area: 'protocol',
    appliesTo: '*',
    suites: [RESPONSE],
    transform: { response: setHeader('Content-Type', (v) => (v === 'application/x-amz-json-1.1' ? 'application/json' : (v ?? null))) },
  },
  {
    id: 'protocol.content-type-dropped',
    description: 'Answers carry no Content-Type',
    kind: 'fault',
    area: 'protocol',
    appliesTo: '*',
    suites: [RESPONSE],
    transform: { response: dropHeader('Content-Type') },
  },
  {
    id: 'protocol.cbor-as-json',
    description: 'A CBOR request gets its answer in JSON (application/x-amz-json-1.1)',
    kind: 'fault',
    area: 'protocol',
    appliesTo: (req) => req.protocol === 'cbor',
    suites: [CBOR],
    transform: { response: (answer) => (answer.status === 200 ? cborAsJson(answer) : answer) },
  },
  {
    id: 'protocol.cbor-error-as-json',
    description: 'A CBOR request refused gets its error body in JSON',
    kind: 'fault',
    area: 'protocol',
    appliesTo: (req) => req.protocol === 'cbor',
    suites: [CBOR],
    transform: { response: (answer) => (answer.status >= 400 ? cborAsJson(answer) : answer) },
  },
  {
    id: 'protocol.cbor-blob-as-text',
    description: 'CBOR answers carry blobs as base64 text strings instead of byte strings',
    kind: 'fault',
    area: 'protocol',
    appliesTo: (req) => req.protocol === 'cbor',
    suites: [CBOR],
    transform: {
      response: (answer) => {
        if (!isCborAnswer(answer)) return answer;
        const body = bodyOf(answer);
        let changed = false;
        walk(body, (o) => {
          for (const [k, v] of Object.entries(o)) {
            if (!(v instanceof Uint8Array)) continue;
            o[k] = Buffer.from(v).toString('base64');
            changed = true;
          }
        });
        return changed ? withBody(answer, body) : answer;
      },
    },
  },
  {
    id: 'protocol.cbor-timestamp-seconds',
    description: 'CBOR answers carry timestamps in epoch seconds instead of milliseconds',
    kind: 'fault',
    area: 'protocol',
    appliesTo: (req) => req.protocol === 'cbor',
    suites: [CBOR],
    transform: {
      response: (answer) => {
        if (!isCborAnswer(answer)) return answer;
        const body = bodyOf(answer);
        let changed = false;
        walk(body, (o) => {
          for (const [k, v] of Object.entries(o)) {
            // Tagged (AWS) or a bare number in a *Timestamp member (how some targets send it).
            if (v instanceof CborEpochTag) o[k] = new CborEpochTag(Math.floor(Number(v.value) / 1000));
            else if (k.endsWith('Timestamp') && typeof v === 'number' && v > 1e11) o[k] = Math.floor(v / 1000);
            else continue;
            changed = true;
          }
        });
        return changed ? withBody(answer, body) : answer;
      },
    },
  },
  {
    id: 'protocol.unknown-operation-accepted',
    description: 'An unknown X-Amz-Target answers 200 {} instead of UnknownOperationException',
    kind: 'fault',
    area: 'protocol',
    appliesTo: '*',
    suites: [RESPONSE, TARGET],
    transform: { response: errorToSuccess(['UnknownOperationException']) },
  },
  {
    id: 'protocol.missing-auth-accepted',
    description: 'An unsigned request is served (200 {}) instead of MissingAuthenticationTokenException',
    kind: 'fault',
    area: 'protocol',
    appliesTo: (req) => req.headers['authorization'] === undefined,
    suites: [AUTH, RESPONSE],
    transform: { response: errorToSuccess(['MissingAuthenticationTokenException']) },
  },
  {
    id: 'protocol.serialization-accepted',
    description: 'A body that is not JSON answers 200 {} instead of SerializationException',
    kind: 'fault',
    area: 'protocol',
    appliesTo: '*',
    suites: [SERIALIZATION, RESPONSE],
    transform: { response: errorToSuccess(['SerializationException']) },
  },
  {
    id: 'protocol.error-status-500',
    description: 'Every client error (4xx) comes with HTTP 500',
    kind: 'fault',
    area: 'protocol',
    appliesTo: '*',
    suites: [RESPONSE, ENVELOPE],
    transform: { response: rewriteError(ALL_ERRORS, (a) => (a.status < 500 ? { ...a, status: 500 } : a)) },
  },
  {
    id: 'protocol.error-as-200',
    description: 'Every error answer comes with HTTP 200 (body unchanged)',
    kind: 'fault',
    area: 'protocol',
    appliesTo: '*',
    suites: [RESPONSE, ENVELOPE],
    transform: { response: rewriteError(ALL_ERRORS, (a) => ({ ...a, status: 200 })) },
  },
  {
    id: 'protocol.error-message-capitalised',
    description: 'Error bodies spell `Message` where AWS writes `message` (all but SerializationException)',
    kind: 'fault',
    area: 'protocol',
    appliesTo: '*',
    suites: [ENVELOPE],
    transform: {
      response: rewriteError(ALL_ERRORS, (a, body) => {
        if (typeof body['message'] !== 'string') return a;
        const { message, ...rest } = body;
        return withBody(a, { ...rest, Message: message });
      }),
    },
  },
  {
    id: 'protocol.error-type-namespaced',
    description: 'Error __type carries the shape namespace (com.amazonaws.kinesis.v20131202#...) where AWS sends the bare name',
    kind: 'fault',
    area: 'protocol',
    appliesTo: '*',
    suites: [ENVELOPE],
    transform: {
      response: rewriteError(ALL_ERRORS, (a, body) => (typeof body['__type'] === 'string' && !body['__type'].includes('#') ? withBody(a, { ...body, __type: `com.amazonaws.kinesis.v20131202#${body['__type']}` }) : a)),
    },
  },
  {
    id: 'protocol.answer-stalls',
    description: 'ListStreams {"Limit":1} answers only after 11 s (longer than the default 10 s request timeout)',
    kind: 'fault',
    area: 'protocol',
    // Only the protocol cases' own request: the run's fixtures and clean-up sweep are not held up.
    appliesTo: (req) => req.operation === 'ListStreams' && requestBodyOf(req)?.['Limit'] === 1,
    suites: [RESPONSE],
    transform: { response: (answer) => holdAnswer(11_000, answer) },
  },
  {
    id: 'protocol.not-found-message-reworded',
    description: 'ResourceNotFoundException says "Stream not found" instead of "Stream <name> under account <acct> not found."',
    kind: 'fault',
    area: 'protocol',
    appliesTo: '*',
    suites: [SMOKE, ENC_START],
    transform: { response: rewordMessage(['ResourceNotFoundException'], () => 'Stream not found') },
  },

  // --- validation ---
  {
    id: 'validation.type-check-skipped',
    description: 'A member of the wrong JSON type is accepted: SerializationException becomes 200 {}',
    kind: 'fault',
    area: 'validation',
    appliesTo: '*',
    suites: [V_SUMMARY, V_START],
    transform: { response: errorToSuccess(['SerializationException']) },
  },
  {
    id: 'validation.type-error-as-validation',
    description: 'A member of the wrong JSON type answers ValidationException instead of SerializationException',
    kind: 'fault',
    area: 'validation',
    appliesTo: '*',
    suites: [V_SUMMARY],
    transform: { response: renameError(['SerializationException'], 'ValidationException') },
  },
  {
    id: 'validation.status-500',
    description: 'Serialization and validation errors come with HTTP 500',
    kind: 'fault',
    area: 'validation',
    appliesTo: '*',
    suites: [V_SUMMARY],
    transform: { response: errorStatus(['SerializationException', 'ValidationException'], 500) },
  },
  {
    id: 'validation.valid-input-refused',
    description: 'A valid request naming an absent stream answers ValidationException (a target stricter than AWS)',
    kind: 'fault',
    area: 'validation',
    appliesTo: '*',
    suites: [V_SUMMARY],
    transform: {
      response: rewriteError(['ResourceNotFoundException'], (a, body) =>
        withBody(a, { ...body, __type: 'ValidationException', message: "1 validation error detected: Value at 'streamName' failed to satisfy constraint: Member must exist" }),
      ),
    },
  },
  {
    id: 'validation.validation-accepted',
    description: 'A request breaking a model constraint is accepted: ValidationException becomes 200 {}',
    kind: 'fault',
    area: 'validation',
    appliesTo: '*',
    suites: [V_SUMMARY, V_START],
    transform: { response: errorToSuccess(['ValidationException']) },
  },
  {
    id: 'validation.limit-unchecked',
    description: 'An out-of-range Limit is not checked: the request is forwarded with Limit clamped into 1..10000',
    kind: 'fault',
    area: 'validation',
    appliesTo: (req) => typeof requestBodyOf(req)?.['Limit'] === 'number',
    suites: [V_LIST],
    transform: {
      request: (req) => {
        const body = requestBodyOf(req)!;
        const limit = body['Limit'] as number;
        const clamped = Math.min(10_000, Math.max(1, Math.trunc(limit)));
        return clamped === limit ? req : withRequestBody(req, { ...body, Limit: clamped });
      },
    },
  },
  {
    id: 'validation.stream-name-length-unchecked',
    description: 'A StreamName over 128 characters is not checked: the request is forwarded with the name cut to 128',
    kind: 'fault',
    area: 'validation',
    appliesTo: (req) => {
      const name = requestBodyOf(req)?.['StreamName'];
      return typeof name === 'string' && name.length > 128;
    },
    suites: [V_SUMMARY, ENC_START],
    transform: {
      request: (req) => {
        const body = requestBodyOf(req)!;
        return withRequestBody(req, { ...body, StreamName: (body['StreamName'] as string).slice(0, 128) });
      },
    },
  },
  {
    id: 'validation.message-reworded',
    description: 'ValidationException messages are the target\'s own ("Invalid request") instead of AWS\'s "N validation error(s) detected: ..."',
    kind: 'fault',
    area: 'validation',
    appliesTo: '*',
    suites: [V_SUMMARY, ENC_START],
    transform: { response: rewordMessage(['ValidationException'], () => 'Invalid request') },
  },
  {
    id: 'validation.serialization-message-dropped',
    description: 'SerializationException for a wrong member type carries no Message',
    kind: 'fault',
    area: 'validation',
    appliesTo: '*',
    suites: [V_SUMMARY, ENVELOPE],
    transform: {
      response: rewriteError(['SerializationException'], (a, body) => {
        const { Message: _m, message: _l, ...rest } = body;
        return 'Message' in body || 'message' in body ? withBody(a, rest) : a;
      }),
    },
  },

  // --- AWS-faithful variations: nothing may change under these ---
  {
    id: 'benign.null-members-omitted',
    description: 'Output members that are null are omitted (AWS omits them; e.g. "KeyId": null)',
    kind: 'benign',
    area: 'protocol',
    appliesTo: '*',
    suites: [SMOKE, LIFECYCLE, ENC_START, RESPONSE, CBOR, ENVELOPE, V_SUMMARY],
    transform: {
      response: (answer) => {
        const body = bodyOf(answer);
        let changed = false;
        walk(body, (o) => {
          for (const [k, v] of Object.entries(o)) {
            if (v !== null) continue;
            delete o[k];
            changed = true;
          }
        });
        return changed ? withBody(answer, body) : answer;
      },
    },
  },
  {
    id: 'benign.slower-updating',
    description: 'UPDATING after Start/StopStreamEncryption lasts 1.5 s longer (well within the bound); Start/Stop meanwhile are refused with ResourceInUseException',
    kind: 'benign',
    area: 'state',
    appliesTo: STATE_OPS,
    suites: [LIFECYCLE, ENC_START, ENC_STOP],
    transform: slowerUpdating(1_500),
  },
  {
    id: 'benign.extra-members',
    description: 'Successful answers carry output members the model does not know yet (AWS adds members over time)',
    kind: 'benign',
    area: 'protocol',
    appliesTo: '*',
    suites: [SMOKE, LIFECYCLE, RESPONSE, CBOR],
    transform: {
      response: (answer, req, memory) => {
        trackUpdates(answer, req, memory);
        return editSuccess((b) => {
          b['ConformanceFutureMember'] = 'x';
          const d = descriptionOf(b);
          if (d) d['ConformanceFutureMember'] = 'x';
        })(answer, req);
      },
    },
  },
  {
    id: 'benign.header-case',
    description: 'Answer header names spelled in another case (X-AmZn-ReQuEsTiD): HTTP header names are case-insensitive',
    kind: 'benign',
    area: 'protocol',
    appliesTo: '*',
    suites: [SMOKE, LIFECYCLE, RESPONSE, CBOR, V_SUMMARY],
    transform: { response: recaseHeaders },
  },
  {
    id: 'benign.json-reformat',
    description: 'JSON answers with members in another order and with whitespace (same JSON value)',
    kind: 'benign',
    area: 'protocol',
    appliesTo: '*',
    suites: [SMOKE, LIFECYCLE, RESPONSE, ENVELOPE, V_SUMMARY],
    transform: { response: reformatJson },
  },
  {
    id: 'benign.latency',
    description: 'Every answer 100 ms later (a distant region)',
    kind: 'benign',
    area: 'protocol',
    appliesTo: '*',
    suites: [SMOKE, LIFECYCLE],
    transform: { response: (answer) => holdAnswer(100, answer) },
  },
];

/** Every fault and benign variation, per area (behaviour areas in their own files). */
export const CATALOGUE: readonly FaultSpec[] = [...CORE, ...DATA_PLANE_FAULTS, ...CONTROL_PLANE_FAULTS, ...FAN_OUT_FAULTS];

/** The proxy's view of a catalogue entry. */
export function activate(spec: FaultSpec): ActiveFault {
  const applies =
    spec.appliesTo === '*'
      ? () => true
      : typeof spec.appliesTo === 'function'
        ? spec.appliesTo
        : (req: ProxyRequest) => (spec.appliesTo as readonly string[]).includes(req.operation ?? '');
  return { id: spec.id, applies, ...spec.transform };
}

/** The event-stream proxy's view of a catalogue entry; null when it edits no event stream. */
export function activateEventStream(spec: FaultSpec): ActiveEventStreamFault | null {
  if (!spec.eventStream) return null;
  const { applies, id } = activate(spec);
  return { id, applies, ...spec.eventStream };
}

export function faultById(id: string): FaultSpec | undefined {
  return CATALOGUE.find((f) => f.id === id);
}

export function selectionKey(s: Selection): string {
  return s.grep ? `${s.suite}~${s.grep}` : s.suite;
}
