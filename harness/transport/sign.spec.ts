import { describe, expect, it } from 'vitest';
import { signRequest } from './sign.ts';

/*
 * Expected values from the published AWS SigV4 test suite
 * (https://docs.aws.amazon.com/general/latest/gr/signature-v4-test-suite.html, files <name>/<name>.authz),
 * as reproduced verbatim by many independent implementations (e.g. the suite fixture of
 * smithy-lang/smithy-typescript packages/signature-v4, and language ports in Go, Rust, Lean, Haskell).
 * They are written out here on purpose: the test must not recompute them with the code under test.
 */
const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const SCOPE = { region: 'us-east-1', service: 'service' };
const SIGNING_DATE = new Date('2015-08-30T12:36:00Z');
const CREDENTIAL = 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request';

interface Vector {
  name: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  authorization: string;
}

const VECTORS: Vector[] = [
  {
    name: 'get-vanilla',
    method: 'GET',
    url: 'https://example.amazonaws.com/',
    headers: {},
    body: '',
    authorization: `${CREDENTIAL}, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31`,
  },
  {
    name: 'post-vanilla',
    method: 'POST',
    url: 'https://example.amazonaws.com/',
    headers: {},
    body: '',
    authorization: `${CREDENTIAL}, SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b`,
  },
  {
    name: 'post-vanilla-query',
    method: 'POST',
    url: 'https://example.amazonaws.com/?Param1=value1',
    headers: {},
    body: '',
    authorization: `${CREDENTIAL}, SignedHeaders=host;x-amz-date, Signature=28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11`,
  },
  {
    name: 'post-x-www-form-urlencoded',
    method: 'POST',
    url: 'https://example.amazonaws.com/',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'Param1=value1',
    authorization: `${CREDENTIAL}, SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a`,
  },
  {
    name: 'get-vanilla-query-order-key-case',
    method: 'GET',
    url: 'https://example.amazonaws.com/?Param2=value2&Param1=value1',
    headers: {},
    body: '',
    authorization: `${CREDENTIAL}, SignedHeaders=host;x-amz-date, Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500`,
  },
  {
    name: 'post-header-key-sort',
    method: 'POST',
    url: 'https://example.amazonaws.com/',
    headers: { 'My-Header1': 'value1' },
    body: '',
    authorization: `${CREDENTIAL}, SignedHeaders=host;my-header1;x-amz-date, Signature=c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c`,
  },
];

function headerNamed(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

describe('signRequest against the published AWS SigV4 test suite', () => {
  for (const v of VECTORS) {
    it(v.name, async () => {
      const signed = await signRequest(
        { method: v.method, url: new URL(v.url), headers: v.headers, body: new TextEncoder().encode(v.body) },
        SCOPE,
        CREDENTIALS,
        { signingDate: SIGNING_DATE },
      );
      expect(headerNamed(signed, 'authorization')).toBe(v.authorization);
      expect(headerNamed(signed, 'x-amz-date')).toBe('20150830T123600Z');
      expect(headerNamed(signed, 'host')).toBe('example.amazonaws.com');
    });
  }

  it('a session token is sent and signed (X-Amz-Security-Token)', async () => {
    const signed = await signRequest(
      { method: 'POST', url: new URL('https://example.amazonaws.com/'), headers: {}, body: new Uint8Array() },
      SCOPE,
      { ...CREDENTIALS, sessionToken: 'a-session-token' },
      { signingDate: SIGNING_DATE },
    );
    expect(headerNamed(signed, 'x-amz-security-token')).toBe('a-session-token');
    expect(headerNamed(signed, 'authorization')).toContain('SignedHeaders=host;x-amz-date;x-amz-security-token,');
  });

  it('a non-default port is part of the signed host header', async () => {
    const signed = await signRequest(
      { method: 'POST', url: new URL('http://127.0.0.1:4568/'), headers: {}, body: new Uint8Array() },
      SCOPE,
      CREDENTIALS,
      { signingDate: SIGNING_DATE },
    );
    expect(headerNamed(signed, 'host')).toBe('127.0.0.1:4568');
  });
});
