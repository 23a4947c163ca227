import aws4 from 'aws4';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signRequest } from './sign.ts';

/*
 * signRequest (smithy's SignatureV4) against the independent aws4 package on random requests.
 *
 * The two signers differ in what they add or skip by default, so both are given the same header set:
 * - aws4 adds Content-Type (form-urlencoded) and Content-Length when there is a body: both signers
 *   get explicit content-type and content-length headers, so both sign them.
 * - aws4 reads the date from an X-Amz-Date header; smithy writes x-amz-date from signingDate: the
 *   same instant is given to each.
 * - both sign host (given explicitly) and x-amz-security-token when a session token is present.
 * - each has its own never-signed list (aws4: authorization, connection, expect, range, user-agent,
 *   x-amzn-trace-id, presigned-expires; smithy: also cache-control, from, keep-alive, pragma, te,
 *   proxy-*, sec-*, ...): random extra headers are all named x-kc-*, which neither skips.
 * - paths use characters the WHATWG URL parser percent-encodes or leaves alone in the same way
 *   aws4 expects; raw ^ | [ ] % \ are left out (aws4 re-escapes them with encodeURI, smithy signs
 *   the pathname as parsed: a known difference outside anything Kinesis sends, whose path is '/').
 * - header values use printable ASCII, spaces and tabs: both trim and collapse runs of those; aws4
 *   also collapses other Unicode whitespace, which HTTP header values do not carry.
 */

const PATH_CHARS = [...'abcXYZ019-._~!$&\'()*+,;=:@ ', 'é', 'ሴ', '😀'];
const QUERY_CHARS = [...'abcXYZ019-._~!$&\'()*+,;=:@/?% #', 'é', 'ሴ'];
const VALUE_CHARS = [...'abcXYZ019-._~!"#$%&\'()*+,/:;<=>?@[\\]^`{|}  \t'];

const segment = fc.string({ unit: fc.constantFrom(...PATH_CHARS), minLength: 1, maxLength: 8 }).filter((s) => s !== '.' && s !== '..');
const path = fc.array(segment, { maxLength: 4 }).chain((segs) => fc.boolean().map((slash) => `/${segs.join('/')}${slash && segs.length > 0 ? '/' : ''}`));
const queryKey = fc.string({ unit: fc.constantFrom(...QUERY_CHARS), minLength: 1, maxLength: 8 });
const queryValue = fc.string({ unit: fc.constantFrom(...QUERY_CHARS), maxLength: 8 });
const query = fc.array(fc.tuple(queryKey, queryValue), { maxLength: 5 });
const headerName = fc.stringMatching(/^[a-z0-9]{1,8}$/).map((s) => `x-kc-${s}`);
const headerValue = fc.string({ unit: fc.constantFrom(...VALUE_CHARS), maxLength: 16 });
const headers = fc.dictionary(headerName, headerValue, { maxKeys: 4 });
const region = fc.constantFrom('us-east-1', 'eu-west-3', 'ap-southeast-2', 'cn-north-1', 'us-gov-west-1', 'local');
const service = fc.constantFrom('kinesis', 'kms', 'service', 'execute-api');
const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD');
// Whole seconds: SigV4 dates have no sub-second part.
const date = fc.integer({ min: Date.UTC(2000, 0, 1) / 1000, max: Date.UTC(2099, 11, 31) / 1000 }).map((s) => new Date(s * 1000));
const body = fc.uint8Array({ maxLength: 256 });
const credentials = fc.record({
  accessKeyId: fc.stringMatching(/^[A-Z0-9]{12,20}$/),
  secretAccessKey: fc.stringMatching(/^[A-Za-z0-9/+]{20,40}$/),
  sessionToken: fc.option(fc.stringMatching(/^[A-Za-z0-9/+=]{8,64}$/), { nil: undefined }),
});

function amzDate(d: Date): string {
  return d.toISOString().replace(/[-:]|\.\d{3}/g, '');
}

describe('signRequest agrees with the aws4 package', () => {
  it('same Authorization header for random requests', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ method, path, query, headers, region, service, date, body, credentials }),
        async (r) => {
          const search = r.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
          const url = new URL(`http://127.0.0.1:4568${r.path}${search ? `?${search}` : ''}`);
          const common = { ...r.headers, 'content-type': 'application/x-amz-json-1.1', 'content-length': String(r.body.length) };

          const ours = await signRequest({ method: r.method, url, headers: common, body: r.body }, { region: r.region, service: r.service }, r.credentials, {
            signingDate: r.date,
          });

          const theirs = aws4.sign(
            {
              method: r.method,
              host: url.host,
              path: `${url.pathname}${url.search}`,
              headers: { ...common, host: url.host, 'X-Amz-Date': amzDate(r.date) },
              body: Buffer.from(r.body),
              region: r.region,
              service: r.service,
            },
            r.credentials,
          );
          const theirAuth = (theirs.headers as Record<string, string>)['Authorization'];
          expect(theirAuth).toMatch(/^AWS4-HMAC-SHA256 Credential=/);
          expect(ours['authorization']).toBe(theirAuth);
        },
      ),
      { numRuns: 300 },
    );
  });
});
