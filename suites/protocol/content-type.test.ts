import { isDeepStrictEqual } from 'node:util';
import { CBOR_CONTENT_TYPE, conformanceCase, describeResponse, evidenceAll, expectCborAnswer, expectContentType, expectStatus, expectSuccess, expectXmlAnswer, fail } from '../../harness/index.ts';
import { B3, protocolRef } from './refs.ts';

// Content-Type parameters and surrounding whitespace are tolerated.
for (const [id, contentType] of [
  ['whitespace-and-parameter', '   application/x-amz-json-1.1   ;whatever'],
  ['charset-parameter', 'application/x-amz-json-1.1; charset=utf-8'],
] as const) {
  conformanceCase(
    {
      id: `protocol/content-type/${id}`,
      operation: 'ListStreams',
      member: 'Content-Type',
      rule: 'content-type.parameters-tolerated',
      ...protocolRef(`${B3}: "Content-Type parameters / whitespace are tolerated ('   application/x-amz-json-1.1   ;whatever')"`),
      expectation: `Content-Type ${JSON.stringify(contentType)}, signed ListStreams {"Limit":1}: HTTP 200 with a ListStreams output (StreamNames array, HasMoreStreams boolean)`,
    },
    async ({ kinesis }) => {
      const res = await kinesis.send({ operation: 'ListStreams', body: { Limit: 1 }, headers: { 'Content-Type': contentType } });
      expectSuccess(res, 'ListStreams');
      const out = res.json as { StreamNames?: unknown; HasMoreStreams?: unknown } | undefined;
      if (!Array.isArray(out?.StreamNames) || typeof out?.HasMoreStreams !== 'boolean') fail(`expected a ListStreams output, got ${describeResponse(res)}`);
    },
  );
}

// With an empty body and a content type that is not awsJson1_1, AWS answers in CBOR.
const CBOR_EMPTY_BODY: { id: string; contentType: string | null; target: string | null; type: string; recorded: string; signed?: boolean }[] = [
  {
    id: 'missing/no-target/empty-body-unsigned',
    contentType: null,
    target: null,
    type: 'UnknownOperationException',
    signed: false,
    recorded: 'kinesalite "should return CBOR UnknownOperationException if POST with no auth"',
  },
  {
    id: 'missing/no-target/empty-body',
    contentType: null,
    target: null,
    type: 'UnknownOperationException',
    recorded: 'kinesalite "should return CBOR UnknownOperationException if POST with no body"',
  },
  {
    id: 'missing/valid-target/empty-body',
    contentType: null,
    target: 'Kinesis_20131202.ListStreams',
    type: 'SerializationException',
    recorded: 'kinesalite "should return CBOR SerializationException if no Content-Type"',
  },
  {
    id: 'json-1.0/no-target/empty-body',
    contentType: 'application/x-amz-json-1.0',
    target: null,
    type: 'UnknownOperationException',
    recorded: 'kinesalite "should return CBOR UnknownOperationException if x-amz-json-1.0 Content-Type"',
  },
  {
    id: 'suffixed/no-target/empty-body',
    contentType: 'application/x-amz-json-1.1asdf',
    target: null,
    type: 'UnknownOperationException',
    recorded: 'kinesalite "should return CBOR UnknownOperationException if random Content-Type"',
  },
  {
    id: 'application-json/no-target/empty-body',
    contentType: 'application/json',
    target: null,
    type: 'UnknownOperationException',
    recorded: 'kinesalite "should return CBOR UnknownOperationException if no target and application/json"',
  },
];

for (const c of CBOR_EMPTY_BODY) {
  conformanceCase(
    {
      id: `protocol/content-type/${c.id}`,
      operation: null,
      member: 'Content-Type',
      rule: 'content-type.not-json.answered-in-cbor',
      ...protocolRef(`${B3}: "no content-type / x-amz-json-1.0 / application/x-amz-json-1.1asdf → same UnknownOperationException but CBOR (application/x-amz-cbor-1.1)"; ${c.recorded}`),
      expectation: `Content-Type ${c.contentType ?? '(absent)'}, X-Amz-Target ${c.target ?? '(absent)'}, empty body, ${c.signed === false ? 'unsigned' : 'signed'}: HTTP 400, Content-Type ${CBOR_CONTENT_TYPE}, CBOR body exactly {"__type":"${c.type}"}`,
    },
    async ({ kinesis }) => {
      const res = await kinesis.send({
        body: '',
        sign: c.signed ?? true,
        headers: { 'Content-Type': c.contentType, ...(c.target === null ? {} : { 'X-Amz-Target': c.target }) },
      });
      expectCborAnswer(res, 400, { __type: c.type });
    },
  );
}

// kinesalite's "should return AccessDeniedException if body and no Content-Type" did not send a request
// without a Content-Type: its signer (aws4) adds `application/x-www-form-urlencoded; charset=utf-8` to any
// request with a body and none (aws-observed.md §E). The recorded 403 answers that request, sent as recorded.
const FORM_URLENCODED = 'application/x-www-form-urlencoded; charset=utf-8';
conformanceCase(
  {
    id: 'protocol/content-type/form-urlencoded/no-target/json-body',
    operation: null,
    member: 'Content-Type',
    rule: 'content-type.form-urlencoded.access-denied',
    ...protocolRef(
      `${B3}, as corrected by §E: kinesalite "should return AccessDeniedException if body and no Content-Type" sent Content-Type ${FORM_URLENCODED} (added by aws4) → 403 XML <AccessDeniedException> "Unable to determine service/operation name to be authorized", no Content-Type header`,
    ),
    expectation: `Content-Type ${FORM_URLENCODED} (what the recording sent), no X-Amz-Target, body {}, signed: HTTP 403, no Content-Type, body exactly "<AccessDeniedException>\\n  <Message>Unable to determine service/operation name to be authorized</Message>\\n</AccessDeniedException>\\n"`,
  },
  async ({ kinesis }) => {
    const res = await kinesis.send({ body: '{}', headers: { 'Content-Type': FORM_URLENCODED } });
    expectXmlAnswer(res, 403, 'AccessDeniedException', 'Unable to determine service/operation name to be authorized');
  },
);

// A truly absent Content-Type with a body and no target: no recording exists (aws-observed.md §E; the
// recordings without a Content-Type all had empty bodies and got 400 CBOR answers). Observed, not judged.
conformanceCase(
  {
    id: 'protocol/content-type/missing/no-target/json-body',
    operation: null,
    member: 'Content-Type',
    rule: 'observation.content-type.missing.json-body',
    ...protocolRef(
      `${B3} and §E: no recording of exactly "no Content-Type, no X-Amz-Target, body {}"; the nearest (no Content-Type, empty body) were 400 CBOR UnknownOperationException`,
      evidenceAll('unrecorded', 'aws-observed.md §E: "No recording exists for exactly no Content-Type, no target, body {}"'),
    ),
    expectation: 'no Content-Type, no X-Amz-Target, body {}, signed: the answer is recorded (undocumented: recorded, not judged)',
  },
  async ({ kinesis, observe }) => {
    const res = await kinesis.send({ body: '{}', headers: { 'Content-Type': null } });
    observe(`no Content-Type, no target, body {}: ${describeResponse(res)}`);
  },
);

// application/json is the legacy Coral envelope: never a Kinesis answer.
conformanceCase(
  {
    id: 'protocol/content-type/application-json/valid-target',
    operation: 'ListStreams',
    member: 'Content-Type',
    rule: 'content-type.application-json.legacy-envelope',
    ...protocolRef(`${B3}: "application/json → legacy envelope 404 {"Output":{"__type":"com.amazon.coral.service#UnknownOperationException"},"Version":"1.0"}"; kinesalite "should return UnknownOperationException if valid target and body and application/json"`),
    expectation: 'Content-Type application/json, X-Amz-Target Kinesis_20131202.ListStreams, body {}, unsigned: HTTP 404, Content-Type application/json, body exactly {"Output":{"__type":"com.amazon.coral.service#UnknownOperationException"},"Version":"1.0"}',
  },
  async ({ kinesis }) => {
    const res = await kinesis.send({ operation: 'ListStreams', body: '{}', sign: false, headers: { 'Content-Type': 'application/json' } });
    expectStatus(res, 404);
    expectContentType(res, 'application/json');
    const expected = { Output: { __type: 'com.amazon.coral.service#UnknownOperationException' }, Version: '1.0' };
    if (!isDeepStrictEqual(res.json, expected)) fail(`expected the legacy envelope ${JSON.stringify(expected)}, got ${describeResponse(res)}`);
  },
);

conformanceCase(
  {
    id: 'protocol/content-type/application-json/non-json-body',
    operation: 'ListStreams',
    member: 'Content-Type',
    rule: 'content-type.application-json.legacy-envelope',
    ...protocolRef(`${B3}: "application/json → legacy envelope ... (or SerializationException equivalent, 400)"; kinesalite "should return SerializationException if non-JSON body and application/json"`),
    expectation: 'Content-Type application/json, X-Amz-Target Kinesis_20131202.ListStreams, body "hello", unsigned: HTTP 400, Content-Type application/json, body exactly {"Output":{"__type":"com.amazon.coral.service#SerializationException"},"Version":"1.0"}',
  },
  async ({ kinesis }) => {
    const res = await kinesis.send({ operation: 'ListStreams', body: 'hello', sign: false, headers: { 'Content-Type': 'application/json' } });
    expectStatus(res, 400);
    expectContentType(res, 'application/json');
    const expected = { Output: { __type: 'com.amazon.coral.service#SerializationException' }, Version: '1.0' };
    if (!isDeepStrictEqual(res.json, expected)) fail(`expected the legacy envelope ${JSON.stringify(expected)}, got ${describeResponse(res)}`);
  },
);
