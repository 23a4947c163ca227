import { type CaseContext, conformanceCase, describeResponse, expectContentLengthMatches, expectContentType, expectErrorType, expectRequestId, expectSuccess, fail, JSON_1_1, type Response, streamNameFor } from '../../harness/index.ts';
import { B1, B3, protocolRef } from './refs.ts';

// One request per kind of answer; each header is its own case so a baseline can tell them apart.
// `type` is the __type AWS answers (aws-observed.md B.3); none for the success.
const ANSWERS: { kind: string; what: string; status: number; type?: string; send: (ctx: CaseContext) => Promise<Response> }[] = [
  { kind: 'success', what: 'ListStreams {"Limit":1} (HTTP 200)', status: 200, send: ({ kinesis }) => kinesis.call('ListStreams', { Limit: 1 }) },
  {
    kind: 'resource-not-found',
    what: 'DescribeStreamSummary of an absent stream (HTTP 400 ResourceNotFoundException)',
    status: 400,
    type: 'ResourceNotFoundException',
    send: ({ kinesis, run }) => kinesis.call('DescribeStreamSummary', { StreamName: streamNameFor(run, 'absent') }),
  },
  { kind: 'unknown-operation', what: 'X-Amz-Target Kinesis_20131202.Whatever (HTTP 400 UnknownOperationException)', status: 400, type: 'UnknownOperationException', send: ({ kinesis }) => kinesis.send({ operation: 'Whatever', body: {} }) },
  { kind: 'serialization', what: 'ListStreams with body "hello" (HTTP 400 SerializationException)', status: 400, type: 'SerializationException', send: ({ kinesis }) => kinesis.send({ operation: 'ListStreams', body: 'hello' }) },
  { kind: 'missing-auth', what: 'unsigned ListStreams {} (HTTP 400 MissingAuthenticationTokenException)', status: 400, type: 'MissingAuthenticationTokenException', send: ({ kinesis }) => kinesis.send({ operation: 'ListStreams', body: {}, sign: false }) },
];

for (const a of ANSWERS) {
  // The status and type beside the header checks of the same answer, so a status fault is seen here too.
  conformanceCase(
    {
      id: `protocol/response/status/${a.kind}`,
      operation: null,
      member: null,
      rule: 'response.status',
      ...protocolRef(`${B3}; awsJson1_1 protocol: client errors are HTTP 400, success HTTP 200`),
      expectation: `${a.what}: HTTP ${a.status}${a.type ? ` and __type ${a.type}` : ''}`,
    },
    async (ctx) => {
      const res = await a.send(ctx);
      if (a.type) expectErrorType(res, { type: a.type, status: a.status });
      else expectSuccess(res, a.what);
    },
  );
  conformanceCase(
    {
      id: `protocol/response/request-id/${a.kind}`,
      operation: null,
      member: 'x-amzn-RequestId',
      rule: 'response.request-id.uuid',
      ...protocolRef(`${B1}: "Every response: x-amzn-requestid is a UUID"; ${B3}`),
      expectation: `${a.what}: x-amzn-RequestId header present, a lower-case UUID`,
    },
    async (ctx) => expectRequestId(await a.send(ctx)),
  );
  conformanceCase(
    {
      id: `protocol/response/content-type/${a.kind}`,
      operation: null,
      member: 'Content-Type',
      rule: 'response.content-type.json',
      ...protocolRef(`${B3}: JSON answers carry "content-type: application/x-amz-json-1.1"; awsJson1_1 protocol`),
      expectation: `${a.what}: Content-Type exactly application/x-amz-json-1.1`,
    },
    async (ctx) => expectContentType(await a.send(ctx), JSON_1_1),
  );
  conformanceCase(
    {
      id: `protocol/response/content-length/${a.kind}`,
      operation: null,
      member: 'Content-Length',
      rule: 'response.content-length.matches-body',
      ...protocolRef(`${B1}: "Every response: ... content-length matches body"`),
      expectation: `${a.what}: Content-Length present and equal to the body's byte length`,
    },
    async (ctx) => expectContentLengthMatches(await a.send(ctx)),
  );
}

conformanceCase(
  {
    id: 'protocol/response/x-amz-id-2',
    operation: 'ListStreams',
    member: 'x-amz-id-2',
    rule: 'response.x-amz-id-2',
    ...protocolRef(`${B1}: "Every response: ... x-amz-id-2 base64 of 64–80 bytes"`),
    expectation: 'ListStreams {"Limit":1}: x-amz-id-2 header present, base64 of 64 to 80 bytes',
  },
  async ({ kinesis }) => {
    const res = await kinesis.call('ListStreams', { Limit: 1 });
    expectSuccess(res, 'ListStreams');
    const id2 = res.headers['x-amz-id-2'];
    if (id2 === undefined) fail('expected an x-amz-id-2 header, got none');
    const bytes = /^[A-Za-z0-9+/]+={0,2}$/.test(id2) ? Buffer.from(id2, 'base64').length : -1;
    if (bytes < 64 || bytes > 80) fail(`expected x-amz-id-2 to be base64 of 64–80 bytes, got ${JSON.stringify(id2)}`);
  },
);

// Operations whose output is smithy.api#Unit answer 200 with nothing in the body.
for (const operation of ['AddTagsToStream', 'RemoveTagsFromStream'] as const) {
  conformanceCase(
    {
      id: `protocol/response/empty-output/${operation}`,
      operation,
      member: null,
      rule: 'response.unit-output.empty-body',
      ...protocolRef(`model: ${operation} output is smithy.api#Unit; awsJson1_1: an operation with no output answers HTTP 200 with an empty body; ${B1} (content-length matches body)`),
      expectation: `${operation} on an ACTIVE stream: HTTP 200, empty body, Content-Length 0, x-amzn-RequestId a UUID (the Content-Type of an empty answer is recorded as an observation)`,
    },
    async ({ kinesis, streams, observe }) => {
      const stream = await streams.create('protocol');
      const res =
        operation === 'AddTagsToStream'
          ? await kinesis.call('AddTagsToStream', { StreamName: stream.name, Tags: { 'kc-protocol': 'empty-output' } })
          : await kinesis.call('RemoveTagsFromStream', { StreamName: stream.name, TagKeys: ['kc-protocol'] });
      expectSuccess(res, operation);
      if (res.bodyBytes.length !== 0) fail(`expected an empty body, got ${describeResponse(res)}`);
      expectContentLengthMatches(res);
      expectRequestId(res);
      observe(`Content-Type of the empty answer: ${res.headers['content-type'] ?? '(none)'}`);
    },
  );
}
