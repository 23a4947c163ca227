import { evidenceAll, type Evidence } from '../../harness/index.ts';

/** Where the protocol rules are written; quoted in every case's `ref`. */
export const B3 = 'aws-observed.md §B.3 (kinesalite v3.3.3 test/connection.js, written against production)';
export const B1 = 'aws-observed.md §B.1 (kinesalite v3.3.3 test/helpers.js envelope rules, written against production)';
export const AWS_JSON_1_1 = 'Smithy awsJson1_1 protocol: POST /, Content-Type application/x-amz-json-1.1, X-Amz-Target <service shape name>.<operation name>';
export const SIGV4 = 'AWS General Reference, Signature Version 4 signing process';

/**
 * The evidence of a protocol case, from where its ref points (the derivation, written down once):
 * kinesalite's connection and envelope tests (§B.1, §B.3, run against production) and Kinesis answers
 * quoted in client issues ("recorded publicly", §E) are `recorded`; a CBOR case rests on one recorded
 * CBOR error (§A) and the SDKs' CBOR codecs, so it is `analogous`; anything else (SigV4, the model,
 * the protocol definition) is `documented`. A case whose own request was not what was recorded says
 * so with an explicit `evidence`.
 */
export function protocolEvidence(ref: string): Evidence {
  if (ref.startsWith(B3) || ref.startsWith(B1) || /recorded publicly/.test(ref)) return evidenceAll('recorded', ref);
  if (ref.startsWith('aws-observed.md §A')) return evidenceAll('analogous', `${ref} (recorded for a DescribeStream error; other CBOR answers by the same protocol)`);
  return evidenceAll('documented', ref);
}

/** `ref` and its derived evidence, spread into a case's metadata. */
export function protocolRef(ref: string, evidence: Evidence = protocolEvidence(ref)): { ref: string; evidence: Evidence } {
  return { ref, evidence };
}
