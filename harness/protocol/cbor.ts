import { addExtension, Decoder, Encoder } from 'cbor-x';

/** The content type of Kinesis's CBOR protocol variant (what the AWS SDKs for Java and the KPL send). */
export const CBOR_CONTENT_TYPE = 'application/x-amz-cbor-1.1';

/**
 * A CBOR tag 1 (epoch-based date/time) kept as the number it carries. RFC 8949 says seconds, but
 * AWS's CBOR protocol puts epoch milliseconds in timestamps, so the value is never converted here.
 */
export class CborEpochTag {
  constructor(readonly value: number | bigint) {}
}

// Replaces cbor-x's built-in tag-1-to-Date conversion (for this process, which only this module uses).
addExtension<CborEpochTag, number | bigint>({
  Class: CborEpochTag,
  tag: 1,
  encode: (tag, encode) => encode(tag.value),
  decode: (value) => new CborEpochTag(value),
});

// Plain maps as objects, no cbor-x record extension (tag 105) or structured cloning: only the
// RFC 8949 subset an AWS service speaks.
const encoder = new Encoder({ useRecords: false, mapsAsObjects: true, structuredClone: false, tagUint8Array: false, variableMapSize: true });
const decoder = new Decoder({ useRecords: false, mapsAsObjects: true });

/** Encodes a request body; Uint8Array values become byte strings (major type 2), as blobs travel in CBOR. */
export function encodeCbor(value: unknown): Uint8Array {
  return new Uint8Array(encoder.encode(value));
}

/** Decodes a whole CBOR body; throws when it is not exactly one well-formed CBOR item. */
export function decodeCbor(bytes: Uint8Array): unknown {
  return decoder.decode(bytes);
}

/** The decoded body, or undefined when it is empty or not CBOR (for assertion messages). */
export function tryDecodeCbor(bytes: Uint8Array): unknown {
  if (bytes.length === 0) return undefined;
  try {
    return decodeCbor(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Epoch milliseconds of a CBOR timestamp as AWS's CBOR protocol writes it: a number of epoch
 * milliseconds, bare or under tag 1 (aws-sdk-java-v2 AwsCborProtocolFactory: "CBOR uses epoch millis
 * for timestamps rather than epoch seconds"). Undefined for anything else.
 */
export function cborTimestampMillis(value: unknown): number | undefined {
  const n = value instanceof CborEpochTag ? value.value : value;
  if (typeof n === 'number') return n;
  if (typeof n === 'bigint') return Number(n);
  return undefined;
}

/** A decoded CBOR value as one line of text: bytes as h'hex', tag 1 as 1(n), 64-bit integers as "<digits>n". */
export function showCbor(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return `${v.toString()}n`;
    if (v instanceof Uint8Array) return `h'${Buffer.from(v).toString('hex')}'`;
    if (v instanceof CborEpochTag) return `1(${String(v.value)})`;
    return v;
  });
}
