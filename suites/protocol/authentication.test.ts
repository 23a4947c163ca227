import { type CaseContext, conformanceCase, errorBodyOf, expectError, expectErrorType, expectJsonAnswer, expectSuccess, fail, otherRegion, presignRequest, type Response, withClientVariant } from '../../harness/index.ts';
import { B3, SIGV4, protocolRef } from './refs.ts';

const MISSING = { __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' };
const HEADER_INCOMPLETE_ALL =
  "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
const QUERY_INCOMPLETE_ALL =
  "AWS query-string parameters must include 'X-Amz-Algorithm'. AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters must include 'X-Amz-Signature'. AWS query-string parameters must include 'X-Amz-SignedHeaders'. AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters.";
const BOTH = "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.";

/**
 * The error message, recorded for the report whatever the answer was. Redacted: AWS's
 * signature-mismatch text quotes the canonical request, which holds any signed session token.
 */
function noteMessage(res: Response, ctx: Pick<CaseContext, 'observe' | 'kinesis'>): void {
  const err = errorBodyOf(res);
  ctx.observe(ctx.kinesis.redactor.text(`answer: HTTP ${res.status} ${err.type ?? '(no type)'} ${err.message === undefined ? '(no message)' : JSON.stringify(err.message)}`));
}

/** The message of an answer, redacted, for a failure text. */
function shownMessage(res: Response, ctx: Pick<CaseContext, 'kinesis'>): string {
  return ctx.kinesis.redactor.text(JSON.stringify(errorBodyOf(res).message ?? null));
}

function amzDate(d: Date): string {
  return d.toISOString().replace(/[-:]|\.\d{3}/g, '');
}

// --- Missing and malformed credentials: exact answers recorded in B.3 ---

conformanceCase(
  {
    id: 'protocol/auth/missing',
    operation: 'ListStreams',
    member: 'Authorization',
    rule: 'auth.missing',
    ...protocolRef(`${B3}: "POST, JSON content-type, valid target, {} body, unsigned → 400 {"__type":"MissingAuthenticationTokenException","message":"Missing Authentication Token"}"`),
    expectation: 'unsigned ListStreams {}: HTTP 400, body exactly {"__type":"MissingAuthenticationTokenException","message":"Missing Authentication Token"}',
  },
  async ({ kinesis }) => {
    expectJsonAnswer(await kinesis.send({ operation: 'ListStreams', body: {}, sign: false }), 400, MISSING);
  },
);

conformanceCase(
  {
    id: 'protocol/auth/missing/content-type-with-parameters',
    operation: 'ListStreams',
    member: 'Authorization',
    rule: 'auth.missing',
    ...protocolRef(`${B3}: kinesalite "should return MissingAuthenticationTokenException if no auth and content type with spaces" (Content-Type '   application/x-amz-json-1.1   ;whatever')`),
    expectation: 'unsigned ListStreams {} with Content-Type "   application/x-amz-json-1.1   ;whatever": HTTP 400, body exactly the MissingAuthenticationTokenException answer',
  },
  async ({ kinesis }) => {
    const res = await kinesis.send({ operation: 'ListStreams', body: {}, sign: false, headers: { 'Content-Type': '   application/x-amz-json-1.1   ;whatever' } });
    expectJsonAnswer(res, 400, MISSING);
  },
);

const MALFORMED: { id: string; authorization: string; date?: string; path?: string; message: string; recorded: string }[] = [
  {
    id: 'bare-value',
    authorization: 'X',
    message: `${HEADER_INCOMPLETE_ALL}Authorization=X`,
    recorded: '"Authorization: X → 400 IncompleteSignatureException ..."',
  },
  {
    id: 'no-signed-headers/space-separated',
    authorization: 'AWS4- Signature=b Credential=a',
    date: 'a',
    message: "Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4- Signature=b Credential=a",
    recorded: '"Authorization: AWS4- Signature=b Credential=a + Date → ..."',
  },
  {
    id: 'no-signed-headers/comma-separated',
    authorization: 'AWS4- Signature=b,Credential=a',
    date: 'a',
    message: "Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4- Signature=b,Credential=a",
    recorded: 'kinesalite "should return IncompleteSignatureException if header is \\"AWS4- Signature=b,Credential=a\\""',
  },
  {
    id: 'no-signed-headers/comma-space-separated',
    authorization: 'AWS4- Signature=b, Credential=a',
    date: 'a',
    message: "Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4- Signature=b, Credential=a",
    recorded: 'kinesalite "should return IncompleteSignatureException if header is \\"AWS4- Signature=b, Credential=a\\""',
  },
  {
    id: 'bare-value/with-unrelated-query',
    authorization: 'X',
    path: '/?X-Amz-Algorith',
    message: `${HEADER_INCOMPLETE_ALL}Authorization=X`,
    recorded: 'kinesalite "should return IncompleteSignatureException if incomplete auth header and query" (path /?X-Amz-Algorith)',
  },
];

for (const m of MALFORMED) {
  conformanceCase(
    {
      id: `protocol/auth/malformed-header/${m.id}`,
      operation: 'ListStreams',
      member: 'Authorization',
      rule: 'auth.header.incomplete',
      ...protocolRef(`${B3}: ${m.recorded}`),
      expectation: `ListStreams {} with Authorization ${JSON.stringify(m.authorization)}${m.date ? `, Date ${JSON.stringify(m.date)}` : ', no date header'}${m.path ? `, path ${m.path}` : ''}: HTTP 400, body exactly {"__type":"IncompleteSignatureException","message":${JSON.stringify(m.message)}}`,
    },
    async ({ kinesis }) => {
      const res = await kinesis.send({
        operation: 'ListStreams',
        body: {},
        sign: false,
        path: m.path,
        headers: { Authorization: m.authorization, ...(m.date ? { Date: m.date } : {}) },
      });
      expectJsonAnswer(res, 400, { __type: 'IncompleteSignatureException', message: m.message });
    },
  );
}

// --- Query-string authentication ---

const QUERY: { id: string; path: string; answer: unknown; recorded: string }[] = [
  {
    id: 'empty-algorithm',
    path: '/?X-Amz-Algorithm',
    answer: { __type: 'IncompleteSignatureException', message: QUERY_INCOMPLETE_ALL },
    recorded: '"/?X-Amz-Algorithm (empty) → IncompleteSignatureException ..."',
  },
  {
    id: 'missing-signed-headers',
    path: '/?X-Amz-Algorithm=a&X-Amz-Credential=b&X-Amz-Signature=c&X-Amz-Date=d',
    answer: { __type: 'IncompleteSignatureException', message: "AWS query-string parameters must include 'X-Amz-SignedHeaders'. Re-examine the query-string parameters." },
    recorded: 'kinesalite "should return IncompleteSignatureException if missing X-Amz-SignedHeaders query"',
  },
  {
    id: 'no-algorithm',
    path: '/?X-Amz-Credential=a&X-Amz-Signature=b&X-Amz-SignedHeaders=c&X-Amz-Date=d',
    answer: MISSING,
    recorded: 'kinesalite "should return MissingAuthenticationTokenException if all query params except X-Amz-Algorithm"',
  },
];

for (const q of QUERY) {
  conformanceCase(
    {
      id: `protocol/auth/query/${q.id}`,
      operation: 'ListStreams',
      member: 'X-Amz-Algorithm',
      rule: 'auth.query.incomplete',
      ...protocolRef(`${B3}: ${q.recorded}`),
      expectation: `unsigned ListStreams {} to ${q.path}: HTTP 400, body exactly ${JSON.stringify(q.answer)}`,
    },
    async ({ kinesis }) => {
      expectJsonAnswer(await kinesis.send({ operation: 'ListStreams', body: {}, sign: false, path: q.path }), 400, q.answer);
    },
  );
}

conformanceCase(
  {
    id: 'protocol/auth/query-and-header',
    operation: 'ListStreams',
    member: 'Authorization',
    rule: 'auth.query-and-header',
    ...protocolRef(`${B3}: "both query and header auth → 400 InvalidSignatureException 'Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.'" (path /?X-Amz-Algorithm, Authorization: X)`),
    expectation: `ListStreams {} to /?X-Amz-Algorithm with Authorization X: HTTP 400, body exactly {"__type":"InvalidSignatureException","message":${JSON.stringify(BOTH)}}`,
  },
  async ({ kinesis }) => {
    const res = await kinesis.send({ operation: 'ListStreams', body: {}, sign: false, path: '/?X-Amz-Algorithm', headers: { Authorization: 'X' } });
    expectJsonAnswer(res, 400, { __type: 'InvalidSignatureException', message: BOTH });
  },
);

/** A presigned ListStreams URL path (X-Amz-* in the query) for this target. */
async function presignedListStreams(ctx: { kinesis: { endpoint: URL; region: string; service: string; targetPrefix: string } }, credentials: Parameters<typeof presignRequest>[2]): Promise<string> {
  const url = await presignRequest(
    {
      method: 'POST',
      url: new URL('/', ctx.kinesis.endpoint),
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${ctx.kinesis.targetPrefix}.ListStreams` },
      body: new TextEncoder().encode('{}'),
    },
    { region: ctx.kinesis.region, service: ctx.kinesis.service },
    credentials,
    { expiresIn: 300 },
  );
  return `${url.pathname}${url.search}`;
}

conformanceCase(
  {
    id: 'protocol/auth/query-and-header/both-valid',
    operation: 'ListStreams',
    member: 'Authorization',
    rule: 'auth.query-and-header',
    ...protocolRef(`${B3}: "both query and header auth → 400 InvalidSignatureException 'Found both ...'"; ${SIGV4} (query-string or header authentication, not both)`),
    expectation: `ListStreams {} carrying a valid presigned query and a valid Authorization header: HTTP 400, body exactly {"__type":"InvalidSignatureException","message":${JSON.stringify(BOTH)}}`,
  },
  async (ctx) => {
    const path = await presignedListStreams(ctx, ctx.run.credentials);
    const res = await ctx.kinesis.send({ operation: 'ListStreams', body: '{}', path });
    expectJsonAnswer(res, 400, { __type: 'InvalidSignatureException', message: BOTH });
  },
);

conformanceCase(
  {
    id: 'protocol/auth/presigned/valid',
    operation: 'ListStreams',
    member: 'X-Amz-Signature',
    rule: 'auth.query.accepted',
    ...protocolRef(`${SIGV4}: authentication information may be sent in query-string parameters (X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date, X-Amz-Expires, X-Amz-SignedHeaders, X-Amz-Signature); ${B3} (AWS parses X-Amz-* query authentication on Kinesis)`),
    expectation: 'ListStreams {} authenticated only by a presigned query (x-amz-target hoisted into the signed query, also sent as header): HTTP 200 with a ListStreams output',
  },
  async (ctx) => {
    const path = await presignedListStreams(ctx, ctx.run.credentials);
    const res = await ctx.kinesis.send({ operation: 'ListStreams', body: '{}', sign: false, path });
    expectSuccess(res, 'presigned ListStreams');
    if (!Array.isArray((res.json as { StreamNames?: unknown } | undefined)?.StreamNames)) fail(`expected a ListStreams output, got ${res.bodyText.slice(0, 300)}`);
  },
);

conformanceCase(
  {
    id: 'protocol/auth/presigned/wrong-secret',
    operation: 'ListStreams',
    member: 'X-Amz-Signature',
    rule: 'auth.query.signature-mismatch',
    ...protocolRef(`${SIGV4}: the service recomputes the signature and rejects a mismatch; error type InvalidSignatureException as Kinesis names it (${B3}); exact text for a presigned mismatch unrecorded: observed`),
    expectation: 'ListStreams {} presigned with a wrong secret key: HTTP 400, __type InvalidSignatureException (message recorded as an observation)',
  },
  async (ctx) => {
    const path = await presignedListStreams(ctx, { ...ctx.run.credentials, secretAccessKey: `${ctx.run.credentials.secretAccessKey}x` });
    const res = await ctx.kinesis.send({ operation: 'ListStreams', body: '{}', sign: false, path });
    noteMessage(res, ctx);
    expectErrorType(res, { type: 'InvalidSignatureException', status: 400 });
  },
);

// --- Signature verification (header authentication) ---

const MISMATCH_PREFIX =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const MISMATCH_REF =
  'Kinesis answer recorded publicly: {"__type":"InvalidSignatureException","message":"The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for detail[s.] ..."} (samcday/logstash-output-kinesis#8, 2016; full sentence as in aws/aws-sdk-js#168)';

conformanceCase(
  {
    id: 'protocol/auth/wrong-secret',
    operation: 'ListStreams',
    member: 'Authorization',
    rule: 'auth.signature-mismatch',
    ...protocolRef(`${SIGV4}: a signature computed with another secret does not verify; ${MISMATCH_REF}`),
    expectation: 'ListStreams {} signed with the right access key id and a wrong secret key: HTTP 400, __type InvalidSignatureException',
  },
  async (ctx) => {
    const res = await withClientVariant(ctx, { credentials: { ...ctx.run.credentials, secretAccessKey: `${ctx.run.credentials.secretAccessKey}x` } }, (c) => c.call('ListStreams', {}));
    noteMessage(res, ctx);
    expectErrorType(res, { type: 'InvalidSignatureException', status: 400 });
  },
);

conformanceCase(
  {
    id: 'protocol/auth/wrong-secret/message',
    operation: 'ListStreams',
    member: 'Authorization',
    rule: 'auth.signature-mismatch.message',
    ...protocolRef(MISMATCH_REF),
    expectation: `ListStreams {} signed with a wrong secret key: message starts with ${JSON.stringify(MISMATCH_PREFIX)} (AWS may append the expected canonical request)`,
  },
  async (ctx) => {
    const res = await withClientVariant(ctx, { credentials: { ...ctx.run.credentials, secretAccessKey: `${ctx.run.credentials.secretAccessKey}x` } }, (c) => c.call('ListStreams', {}));
    expectErrorType(res, { type: 'InvalidSignatureException', status: 400 });
    const message = errorBodyOf(res).message ?? '';
    if (!message.startsWith(MISMATCH_PREFIX)) fail(`expected a message starting with ${JSON.stringify(MISMATCH_PREFIX)}, got ${shownMessage(res, ctx)}`);
  },
);

conformanceCase(
  {
    id: 'protocol/auth/signed-header-altered',
    operation: 'ListStreams',
    member: 'Authorization',
    rule: 'auth.signature-mismatch',
    ...protocolRef(`${SIGV4}: every header named in SignedHeaders is covered by the signature; ${MISMATCH_REF}`),
    expectation: 'ListStreams {} whose signed header X-Kc-Probe is changed after signing: HTTP 400, __type InvalidSignatureException',
  },
  async (ctx) => {
    const res = await ctx.kinesis.send({ operation: 'ListStreams', body: {}, headers: { 'X-Kc-Probe': 'signed' }, headersAfterSigning: { 'X-Kc-Probe': 'altered' } });
    noteMessage(res, ctx);
    expectErrorType(res, { type: 'InvalidSignatureException', status: 400 });
  },
);

// --- Clock skew: AWS tolerates 5 minutes either way ---

const SKEW_REF = `${SIGV4}: a request whose X-Amz-Date is more than 5 minutes from the service's clock is rejected`;
const EXPIRED_REF =
  'Kinesis answers recorded publicly: {"__type":"InvalidSignatureException","message":"Signature expired: 20160204T133419Z is now earlier than 20160204T133420Z (20160204T133920Z - 5 min.)"} (awslabs/amazon-kinesis-producer#41), HTTP 400 (remind101/logspout-kinesis#21)';
const NOT_YET_REF =
  'Kinesis answer recorded publicly: "InvalidSignatureException: Signature not yet current: 20181017T093750Z is still later than 20181017T093639Z (20181017T093139Z + 5 min.)" (s12v/awsbeats#48), status code 400 (aws/aws-sdk-go#2194)';

for (const skew of [
  { id: 'past', minutes: -10, ref: EXPIRED_REF, message: (d: string) => new RegExp(`^Signature expired: ${d} is now earlier than \\d{8}T\\d{6}Z \\(\\d{8}T\\d{6}Z - 5 min\\.\\)$`) },
  { id: 'future', minutes: 10, ref: NOT_YET_REF, message: (d: string) => new RegExp(`^Signature not yet current: ${d} is still later than \\d{8}T\\d{6}Z \\(\\d{8}T\\d{6}Z \\+ 5 min\\.\\)$`) },
]) {
  conformanceCase(
    {
      id: `protocol/auth/clock-skew/${skew.id}`,
      operation: 'ListStreams',
      member: 'X-Amz-Date',
      rule: 'auth.clock-skew',
      ...protocolRef(`${SKEW_REF}; ${skew.ref}`),
      expectation: `ListStreams {} signed ${Math.abs(skew.minutes)} minutes in the ${skew.id}: HTTP 400, __type InvalidSignatureException`,
    },
    async (ctx) => {
      const res = await ctx.kinesis.call('ListStreams', {}, { signOptions: { signingDate: new Date(Date.now() + skew.minutes * 60_000) } });
      noteMessage(res, ctx);
      expectErrorType(res, { type: 'InvalidSignatureException', status: 400 });
    },
  );
  conformanceCase(
    {
      id: `protocol/auth/clock-skew/${skew.id}/message`,
      operation: 'ListStreams',
      member: 'X-Amz-Date',
      rule: 'auth.clock-skew.message',
      ...protocolRef(skew.ref),
      expectation: `ListStreams {} signed ${Math.abs(skew.minutes)} minutes in the ${skew.id}: message ${String(skew.message('<X-Amz-Date sent>'))}`,
    },
    async ({ kinesis }) => {
      const date = new Date(Date.now() + skew.minutes * 60_000);
      const res = await kinesis.call('ListStreams', {}, { signOptions: { signingDate: date } });
      expectError(res, { type: 'InvalidSignatureException', status: 400, message: skew.message(amzDate(date)) });
    },
  );
}

conformanceCase(
  {
    id: 'protocol/auth/clock-skew/within-tolerance',
    operation: 'ListStreams',
    member: 'X-Amz-Date',
    rule: 'auth.clock-skew.tolerated',
    ...protocolRef(`${SKEW_REF} (so less than that is accepted); the messages above quote the 5-minute window`),
    expectation: 'ListStreams {} signed 3 minutes in the past: HTTP 200',
  },
  async ({ kinesis }) => {
    expectSuccess(await kinesis.call('ListStreams', {}, { signOptions: { signingDate: new Date(Date.now() - 3 * 60_000) } }), 'ListStreams');
  },
);

// --- Credential scope ---

conformanceCase(
  {
    id: 'protocol/auth/scope/wrong-service',
    operation: 'ListStreams',
    member: 'Authorization',
    rule: 'auth.scope.service',
    ...protocolRef(`${SIGV4}: the credential scope names the service (model: aws.auth#sigv4 name "kinesis"); Kinesis answer recorded publicly: "<InvalidSignatureException message>Credential should be scoped to correct service: 'kinesis'" (twitchscience/kinsumer#57, 2020)`),
    expectation: 'ListStreams {} signed for service "dynamodb": HTTP 400, __type InvalidSignatureException, message starting "Credential should be scoped to correct service: \'kinesis\'"',
  },
  async (ctx) => {
    const res = await withClientVariant(ctx, { service: 'dynamodb' }, (c) => c.call('ListStreams', {}));
    noteMessage(res, ctx);
    expectErrorType(res, { type: 'InvalidSignatureException', status: 400 });
    const message = errorBodyOf(res).message ?? '';
    if (!message.startsWith("Credential should be scoped to correct service: 'kinesis'")) fail(`expected a message naming the correct service 'kinesis', got ${shownMessage(res, ctx)}`);
  },
);

conformanceCase(
  {
    id: 'protocol/auth/scope/wrong-region',
    operation: 'ListStreams',
    member: 'Authorization',
    rule: 'auth.scope.region',
    ...protocolRef(`${SIGV4}: the credential scope names the region of the endpoint; error type InvalidSignatureException as for other scope errors; Kinesis's exact text for a wrong region is unrecorded: observed`),
    expectation: 'ListStreams {} signed for another valid region than the target\'s: HTTP 400, __type InvalidSignatureException (message recorded as an observation)',
  },
  async (ctx) => {
    const res = await withClientVariant(ctx, { region: otherRegion(ctx.kinesis.region) }, (c) => c.call('ListStreams', {}));
    noteMessage(res, ctx);
    expectErrorType(res, { type: 'InvalidSignatureException', status: 400 });
  },
);
