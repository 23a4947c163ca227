import { conformanceCase, errorBodyOf, expectContentType, expectErrorType, expectJsonAnswer } from '../../harness/index.ts';
import { B3, protocolRef } from './refs.ts';

/*
 * A body that is not a JSON object is rejected before authentication, with a bare
 * SerializationException. Where the exact body was recorded (empty, "hello", and the check-order
 * matrix's "true" and "null") it is asserted whole; elsewhere the type is asserted and the
 * message is recorded as an observation.
 */
interface BodyCase {
  id: string;
  body: string;
  exact: boolean;
  recorded: string;
}

const BODIES: BodyCase[] = [
  { id: 'empty', body: '', exact: true, recorded: 'kinesalite "should return SerializationException if no body" / "... if no body and no auth"' },
  { id: 'not-json', body: 'hello', exact: true, recorded: 'kinesalite "should return SerializationException if non-JSON body"' },
  { id: 'top-level-true', body: 'true', exact: true, recorded: "kinesalite's check-order matrix (bodies 'hello', 'true', 'null' → SerializationException JSON)" },
  { id: 'top-level-null', body: 'null', exact: true, recorded: "kinesalite's check-order matrix (bodies 'hello', 'true', 'null' → SerializationException JSON)" },
  { id: 'truncated', body: '{"Limit": 1', exact: false, recorded: 'not recorded: truncated JSON is non-JSON (B.3); exact text unrecorded' },
  { id: 'top-level-array', body: '[]', exact: false, recorded: 'a list where the input structure is expected: aws-observed.md §B.2 records SerializationException for a list in place of a scalar ("Start of list found where not expected"); exact text at top level unrecorded' },
  { id: 'top-level-number', body: '42', exact: false, recorded: 'not recorded: a top-level number is not the operation input structure; exact text unrecorded' },
  { id: 'top-level-string', body: '"ListStreams"', exact: false, recorded: 'not recorded: a top-level string is not the operation input structure; exact text unrecorded' },
];

for (const b of BODIES) {
  for (const signed of [true, false]) {
    conformanceCase(
      {
        id: `protocol/serialization/${b.id}${signed ? '' : '-unsigned'}`,
        operation: 'ListStreams',
        member: null,
        rule: signed ? 'body.not-a-json-object' : 'body.not-a-json-object.before-auth',
        ...protocolRef(`${B3}: "valid target + empty or non-JSON body → 400 {"__type":"SerializationException"} — returned even when unsigned (serialization is checked before auth)"; ${b.recorded}`),
        expectation: `ListStreams with body ${JSON.stringify(b.body)}, ${signed ? 'signed' : 'unsigned'}: HTTP 400, Content-Type application/x-amz-json-1.1, ${
          b.exact ? 'body exactly {"__type":"SerializationException"}' : '__type SerializationException (message recorded as an observation)'
        }`,
      },
      async ({ kinesis, observe }) => {
        const res = await kinesis.send({ operation: 'ListStreams', body: b.body, sign: signed });
        if (b.exact) {
          expectJsonAnswer(res, 400, { __type: 'SerializationException' });
          return;
        }
        expectErrorType(res, { type: 'SerializationException', status: 400 });
        expectContentType(res, 'application/x-amz-json-1.1');
        const message = errorBodyOf(res).message;
        observe(`answer to body ${JSON.stringify(b.body)}: ${message === undefined ? 'no message' : `message ${JSON.stringify(message)}`}; body ${res.bodyText}`);
      },
    );
  }
}
