import { conformanceCase, describeResponse, errorBodyOf, expectContentType, expectError, expectJsonAnswer, fail, streamNameFor } from '../../harness/index.ts';
import { B1, protocolRef } from './refs.ts';

conformanceCase(
  {
    id: 'protocol/envelope/bare-type-lowercase-message',
    operation: 'DescribeStreamSummary',
    member: null,
    rule: 'envelope.error.type-and-message',
    ...protocolRef(`${B1}: "ResourceNotFoundException / ResourceInUseException / LimitExceededException / InvalidArgumentException: body {__type, message} (lowercase message), status 400"; awsJson1_1: __type carries the shape name (AWS sends it bare)`),
    expectation: 'DescribeStreamSummary of an absent stream: HTTP 400, Content-Type application/x-amz-json-1.1, body with exactly the members __type = "ResourceNotFoundException" (no namespace, no ":" suffix) and message (a string)',
  },
  async ({ run, kinesis }) => {
    const res = await kinesis.call('DescribeStreamSummary', { StreamName: streamNameFor(run, 'absent') });
    expectError(res, { type: 'ResourceNotFoundException', status: 400 });
    expectContentType(res, 'application/x-amz-json-1.1');
    const body = res.json as Record<string, unknown>;
    if (body['__type'] !== 'ResourceNotFoundException') fail(`expected __type exactly "ResourceNotFoundException", got ${JSON.stringify(body['__type'])}`);
    if (typeof body['message'] !== 'string') fail(`expected a lower-case "message" string member, got ${describeResponse(res)}`);
    const members = Object.keys(body).sort();
    if (members.join(',') !== '__type,message') fail(`expected exactly the members __type and message, got ${members.join(', ')}`);
  },
);

conformanceCase(
  {
    id: 'protocol/envelope/serialization-capital-message',
    operation: 'ListStreams',
    member: 'Limit',
    rule: 'envelope.serialization.capital-message',
    ...protocolRef(`${B1}: "SerializationException from type mismatches: body {__type: 'SerializationException', Message: msg} — capital Message, status 400"; aws-observed.md §B.2: Integer field given '23' → "class java.lang.String can not be converted to an Integer"; model: ListStreamsInput.Limit targets ListStreamsInputLimit (integer)`),
    expectation: 'ListStreams {"Limit":"23"}: HTTP 400, body exactly {"__type":"SerializationException","Message":"class java.lang.String can not be converted to an Integer"}',
  },
  async ({ kinesis }) => {
    const res = await kinesis.call('ListStreams', { Limit: '23' });
    expectJsonAnswer(res, 400, { __type: 'SerializationException', Message: 'class java.lang.String can not be converted to an Integer' });
  },
);

conformanceCase(
  {
    id: 'protocol/envelope/validation-message-format',
    operation: 'ListStreams',
    member: 'Limit',
    rule: 'envelope.validation.message-format',
    ...protocolRef(`${B1}: "ValidationException: message = '<N> validation error(s) detected: ' + items.join('; '), status 400"; §B.5 [ListStreams] item "Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"; model: ListStreamsInputLimit range min 1`),
    expectation: 'ListStreams {"Limit":0}: HTTP 400, __type ValidationException, message exactly "1 validation error detected: Value \'0\' at \'limit\' failed to satisfy constraint: Member must have value greater than or equal to 1"',
  },
  async ({ kinesis }) => {
    const res = await kinesis.call('ListStreams', { Limit: 0 });
    expectError(res, {
      type: 'ValidationException',
      status: 400,
      message: "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    });
    expectContentType(res, 'application/x-amz-json-1.1');
  },
);

conformanceCase(
  {
    id: 'protocol/envelope/internal-failure',
    operation: 'GetShardIterator',
    member: 'StartingSequenceNumber',
    rule: 'envelope.internal-failure',
    ...protocolRef(`${B1}: "InternalFailure: body exactly {__type: 'InternalFailure'}, status 500"; §B.5 [GetShardIterator] InternalFailure (500): input {"StreamName": "<TEST_STREAM>", "ShardId": "shardId-0", "ShardIteratorType": "AT_SEQUENCE_NUMBER", "StartingSequenceNumber": "0"}`),
    expectation: 'GetShardIterator AT_SEQUENCE_NUMBER "0" on shardId-0 of an ACTIVE stream: HTTP 500, body exactly {"__type":"InternalFailure"}',
  },
  async ({ kinesis, streams, observe }) => {
    const stream = await streams.create('protocol');
    const res = await kinesis.call('GetShardIterator', { StreamName: stream.name, ShardId: 'shardId-0', ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: '0' });
    if (res.status !== 500) observe(`answer: HTTP ${res.status} ${errorBodyOf(res).type ?? ''} ${res.bodyText.slice(0, 300)}`);
    expectJsonAnswer(res, 500, { __type: 'InternalFailure' });
  },
);
