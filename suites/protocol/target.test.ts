import { conformanceCase, expectJsonAnswer } from '../../harness/index.ts';
import { AWS_JSON_1_1, B3, protocolRef } from './refs.ts';

// A target that names no Kinesis operation is answered before anything else is looked at.
const UNKNOWN = { __type: 'UnknownOperationException' };
const EXPECTATION = 'HTTP 400, Content-Type application/x-amz-json-1.1, body exactly {"__type":"UnknownOperationException"} (no message)';

interface TargetCase {
  id: string;
  /** null: no X-Amz-Target header at all. */
  target: string | null;
  rule: string;
  /** Where this exact target was recorded, or why the recorded rule covers it. */
  recorded: string;
  signed?: boolean;
}

const CASES: TargetCase[] = [
  { id: 'missing', target: null, rule: 'target.missing', recorded: `${B3}: "JSON content-type, no/unknown X-Amz-Target ... → 400 {"__type":"UnknownOperationException"} (no message)"` },
  {
    id: 'missing-unsigned',
    target: null,
    signed: false,
    rule: 'target.missing.before-auth',
    recorded: `${B3}: no X-Amz-Target and no auth → 400 {"__type":"UnknownOperationException"} (kinesalite "should return UnknownOperationException if no target and no auth"): the target is checked before authentication`,
  },
  { id: 'empty-operation', target: 'Kinesis_20131202.', rule: 'target.empty-operation', recorded: `${B3}: X-Amz-Target "Kinesis_20131202." → UnknownOperationException` },
  { id: 'unknown-operation', target: 'Kinesis_20131202.Whatever', rule: 'target.unknown-operation', recorded: `${B3}: X-Amz-Target "Kinesis_20131202.Whatever" → UnknownOperationException` },
  { id: 'incomplete-operation', target: 'Kinesis_20131202.ListStream', rule: 'target.unknown-operation', recorded: `${B3}: X-Amz-Target "Kinesis_20131202.ListStream" → UnknownOperationException` },
  { id: 'unknown-service', target: 'Whatever.Whatever', rule: 'target.wrong-prefix', recorded: `${B3}: X-Amz-Target "Whatever.Whatever" → UnknownOperationException` },
  {
    id: 'wrong-prefix',
    target: 'Whatever.ListStreams',
    rule: 'target.wrong-prefix',
    recorded: `${B3}; kinesalite's check-order matrix (test/connection.js) answers "whatever.ListStreams" with a JSON content type and body {} with UnknownOperationException`,
  },
  { id: 'wrong-version', target: 'Kinesis_20131203.ListStreams', rule: 'target.wrong-prefix', recorded: `${AWS_JSON_1_1}; the service shape is Kinesis_20131202 (model); ${B3} for any other prefix` },
  { id: 'no-separator', target: 'Kinesis_20131202ListStreams', rule: 'target.malformed', recorded: `${AWS_JSON_1_1}; ${B3} (X-Amz-Target "Whatever", no '.', is UnknownOperationException)` },
  {
    id: 'wrong-case-operation',
    target: 'Kinesis_20131202.liststreams',
    rule: 'target.case-sensitive',
    recorded: `${AWS_JSON_1_1}; shape ids are case-sensitive (Smithy spec, shape ID); kinesalite's check-order matrix answers "Kinesis_20131202.whatever" with UnknownOperationException (${B3})`,
  },
  { id: 'wrong-case-service', target: 'kinesis_20131202.ListStreams', rule: 'target.case-sensitive', recorded: `${AWS_JSON_1_1}; shape ids are case-sensitive (Smithy spec, shape ID); ${B3}` },
];

for (const c of CASES) {
  conformanceCase(
    {
      id: `protocol/target/${c.id}`,
      operation: null,
      member: 'X-Amz-Target',
      rule: c.rule,
      ...protocolRef(c.recorded),
      expectation: `X-Amz-Target ${c.target === null ? '(absent)' : JSON.stringify(c.target)}, body {}${c.signed === false ? ', unsigned' : ''}: ${EXPECTATION}`,
    },
    async ({ kinesis }) => {
      const res = await kinesis.send({
        body: {},
        sign: c.signed ?? true,
        ...(c.target === null ? {} : { headers: { 'X-Amz-Target': c.target } }),
      });
      expectJsonAnswer(res, 400, UNKNOWN);
    },
  );
}
