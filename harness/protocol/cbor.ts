import { decode, encode, type ITag, type TagDecoderMap, type TaggedValue, type ToCBOR } from 'cbor2';

/** The content type of Kinesis's CBOR protocol variant (what the AWS SDKs for Java and the KPL send). */
export const CBOR_CONTENT_TYPE = 'application/x-amz-cbor-1.1';

/**
 * A CBOR tag 1 (epoch-based date/time) kept as the number it carries. RFC 8949 says seconds, but
 * AWS's CBOR protocol puts epoch milliseconds in timestamps, so the value is never converted here.
 */
export class CborEpochTag implements ToCBOR {
  constructor(readonly value: number | bigint) {}

  toCBOR(): TaggedValue {
    return [1, this.value];
  }
}

// Per call, not in cbor2's global registry: tag 1 stays a number instead of becoming a Date.
const TAGS: TagDecoderMap = new Map([[1, (tag: ITag) => new CborEpochTag(tag.contents as number | bigint)]]);

/** Encodes a request body; Uint8Array values become byte strings (major type 2), as blobs travel in CBOR. */
export function encodeCbor(value: unknown): Uint8Array {
  return encode(value);
}

/** Decodes a whole CBOR body; throws when it is not exactly one well-formed CBOR item. */
export function decodeCbor(bytes: Uint8Array): unknown {
  return decode(bytes, { tags: TAGS });
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
