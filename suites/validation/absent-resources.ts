import fc from 'fast-check';
import { type CaseContext, type KinesisSpec, streamNameFor, validInput } from '../../harness/index.ts';

/**
 * Requests of this suite name resources that do not exist, so nothing real is read or changed:
 * a stream name unique to the run (never created) and ARNs built from it.
 */
export interface AbsentNames {
  stream: string;
  /**
   * The name CreateStream requests use: a target that misses a violation creates the stream, which
   * must not then turn up in the other operations' requests.
   */
  streamToCreate: string;
  streamArn: string;
  consumer: string;
  consumerArn: string;
}

type Json = Record<string, unknown>;

/**
 * The caller's account id, for ARNs of absent resources: read from the not-found answer of one
 * DescribeStreamSummary ("Stream <name> under account <acct> not found.", aws-observed A/B.5), which
 * needs no resource. Falls back to 000000000000 (the local targets' account) and says so.
 */
async function accountOf(ctx: CaseContext, absentStream: string): Promise<string | null> {
  const res = await ctx.kinesis.call('DescribeStreamSummary', { StreamName: absentStream });
  const text = res.bodyText;
  return /under account (\d{12})/.exec(text)?.[1] ?? /:(\d{12}):stream\//.exec(text)?.[1] ?? null;
}

/** Per client, i.e. per test file and run (a worker kept between runs keeps this module). */
const namesOf = new WeakMap<CaseContext['kinesis'], Promise<{ names: AbsentNames; accountFound: boolean }>>();

/**
 * One set of absent names per test file: the status and message cases of a constraint then send
 * the same requests, so their answers can be shared (see ./answers.ts).
 */
export async function absentNames(ctx: CaseContext): Promise<AbsentNames> {
  let fileNames = namesOf.get(ctx.kinesis);
  fileNames ??= (async () => {
    const stream = streamNameFor(ctx.run, 'absent');
    const streamToCreate = streamNameFor(ctx.run, 'never-created');
    const account = await accountOf(ctx, stream);
    const streamArn = `arn:aws:kinesis:${ctx.run.target.region}:${account ?? '000000000000'}:stream/${stream}`;
    const consumer = 'absent-consumer';
    return { names: { stream, streamToCreate, streamArn, consumer, consumerArn: `${streamArn}/consumer/${consumer}:1700000000` }, accountFound: account !== null };
  })();
  namesOf.set(ctx.kinesis, fileNames);
  const { names, accountFound } = await fileNames;
  if (!accountFound) ctx.observe('account id not found in a ResourceNotFoundException message: ARNs of absent resources use 000000000000');
  return names;
}

/**
 * The members that name the resource an operation acts on, set to absent names. API reference:
 * "you must use either the StreamARN or the StreamName parameter"; consumers by StreamARN +
 * ConsumerName or by ConsumerARN; resource policies and tags by ResourceARN.
 */
export function identityOf(spec: KinesisSpec, operation: string, names: AbsentNames): Json {
  const members = new Set(spec.operations[operation]?.members.map((m) => m.path));
  const identity: Json = {};
  if (members.has('StreamName')) identity['StreamName'] = operation === 'CreateStream' ? names.streamToCreate : names.stream;
  else if (members.has('StreamARN')) identity['StreamARN'] = names.streamArn;
  if (members.has('ConsumerName')) identity['ConsumerName'] = names.consumer;
  if (members.has('ResourceARN')) identity['ResourceARN'] = names.streamArn;
  if (members.has('ConsumerARN') && !members.has('ConsumerName')) identity['ConsumerARN'] = names.consumerArn;
  return identity;
}

/**
 * Values kept within documented, uncontroversial ranges where the model leaves a member open but
 * the service applies its own checks (these would answer before, or instead of, the rule under test).
 */
function pinsOf(operation: string): fc.Arbitrary<Json> | null {
  switch (operation) {
    case 'GetShardIterator':
      // AT_/AFTER_SEQUENCE_NUMBER and AT_TIMESTAMP need more members: B.5 records the absent stream with LATEST.
      return fc.record({ ShardIteratorType: fc.constantFrom('LATEST', 'TRIM_HORIZON') });
    case 'IncreaseStreamRetentionPeriod':
    case 'DecreaseStreamRetentionPeriod':
      // The model sets no range; the API reference documents 24..8760 hours (B.5 records 25 on an absent stream).
      return fc.record({ RetentionPeriodHours: fc.integer({ min: 24, max: 8760 }) });
    case 'UpdateShardCount':
      return fc.record({ TargetShardCount: fc.integer({ min: 1, max: 4 }) });
    case 'StartStreamEncryption':
    case 'StopStreamEncryption':
      // The model admits EncryptionType NONE and any KeyId text, but the API reference says "The only valid
      // value is KMS" and the encryption suite refuses NONE or leaves odd KeyIds unrecorded: a valid request
      // is the one encryption/<start|stop>/stream-name/not-found sends (KMS, the Kinesis-owned key).
      return fc.constant({ EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' });
    default:
      return null;
  }
}

/**
 * Smallest valid requests (required members, generated) acting on absent resources. The valid part
 * is context: only the member under test (or the pinned values) shrink.
 */
export function baseInputs(spec: KinesisSpec, operation: string, names: AbsentNames): fc.Arbitrary<Json> {
  const identity = identityOf(spec, operation, names);
  const pins = pinsOf(operation) ?? fc.constant({});
  return fc.tuple(fc.noShrink(validInput(operation, spec, { requiredOnly: true })), pins).map(([input, pinned]) => ({ ...input, ...identity, ...pinned }));
}

/** What a fully valid request on absent resources answers, per operation. */
export type ValidOutcome =
  | { kind: 'not-found'; ref: string }
  | { kind: 'error'; type: string; ref: string }
  | { kind: 'success'; ref: string }
  | { kind: 'skip'; reason: string };

const NOT_FOUND_REF = 'API Reference, <Operation>, Errors: ResourceNotFoundException "The requested resource could not be found"; recorded for absent streams: "Stream <name> under account <acct> not found." (aws-observed B.5)';

export function validOutcome(operation: string): ValidOutcome {
  switch (operation) {
    case 'CreateStream':
      return { kind: 'skip', reason: 'a valid CreateStream creates a stream: only invalid input is sent' };
    case 'CreateChannel':
      return { kind: 'skip', reason: 'a valid CreateChannel creates a channel: only invalid input is sent' };
    case 'RegisterStreamConsumer':
      return { kind: 'skip', reason: 'a valid RegisterStreamConsumer registers a consumer: only invalid input is sent' };
    case 'PutResourcePolicy':
      return { kind: 'skip', reason: 'a valid PutResourcePolicy attaches a policy: only invalid input is sent' };
    case 'UpdateAccountSettings':
      return { kind: 'skip', reason: 'a valid UpdateAccountSettings changes account-wide billing: only invalid input is sent' };
    case 'SubscribeToShard':
      return { kind: 'skip', reason: 'SubscribeToShard answers with an HTTP/2 event stream; what a valid request on an absent consumer answers over HTTP/1.1 is unrecorded' };
    case 'DescribeLimits':
    case 'DescribeAccountSettings':
    case 'ListStreams':
      return { kind: 'success', ref: `API Reference, ${operation}: read-only, names no resource; a request with only required members succeeds (HTTP 200)` };
    case 'ListChannels':
      // It names no resource: `{}` lists the account's channels. Its published errors (SDK ListChannelsCommand
      // @throws) are AccessDenied, ExpiredNextToken, InvalidArgument, LimitExceeded and Validation: no
      // ResourceNotFoundException.
      return { kind: 'success', ref: '@aws-sdk/client-kinesis ListChannelsCommand (not in the model): read-only, names no resource, lists no ResourceNotFoundException among its errors; a request with only required members succeeds (HTTP 200)' };
    case 'GetRecords':
      return { kind: 'error', type: 'InvalidArgumentException', ref: 'aws-observed B.5, GetRecords {"ShardIterator": "<RANDOM_NAME>"} -> InvalidArgumentException "Invalid ShardIterator."' };
    case 'GetShardIterator':
      return { kind: 'not-found', ref: `${NOT_FOUND_REF.replace('<Operation>', operation)}; ShardIteratorType LATEST or TRIM_HORIZON, as recorded` };
    case 'IncreaseStreamRetentionPeriod':
    case 'DecreaseStreamRetentionPeriod':
      return { kind: 'not-found', ref: `${NOT_FOUND_REF.replace('<Operation>', operation)}; RetentionPeriodHours within the documented 24..8760` };
    case 'UpdateShardCount':
      return { kind: 'not-found', ref: `${NOT_FOUND_REF.replace('<Operation>', operation)}; TargetShardCount 1..4, so no shard limit applies first` };
    default:
      return { kind: 'not-found', ref: NOT_FOUND_REF.replace('<Operation>', operation) };
  }
}
