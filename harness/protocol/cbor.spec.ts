import { describe, expect, it } from 'vitest';
import { CborEpochTag, cborTimestampMillis, decodeCbor, encodeCbor, showCbor, tryDecodeCbor } from './cbor.ts';

describe('CBOR codec wrapper', () => {
  it('encodes maps, text and byte strings as RFC 8949 items', () => {
    // {"a": h'0102', "s": "x"}: map(2), text(1) "a", bytes(2), text(1) "s", text(1) "x"
    expect(Buffer.from(encodeCbor({ a: new Uint8Array([1, 2]), s: 'x' })).toString('hex')).toBe('a2616142010261736178');
  });

  it('decodes byte strings to bytes and keeps tag 1 as its raw number', () => {
    // {"t": 1(1700000000123)}
    const bytes = Buffer.from('a16174c11b0000018bcfe5687b', 'hex');
    const decoded = decodeCbor(bytes) as { t: unknown };
    expect(decoded.t).toBeInstanceOf(CborEpochTag);
    expect(cborTimestampMillis(decoded.t)).toBe(1700000000123);
    expect(decodeCbor(encodeCbor({ b: new Uint8Array([0xff, 0]) }))).toEqual({ b: new Uint8Array([0xff, 0]) });
  });

  it('reads bare numbers as epoch milliseconds and rejects other values', () => {
    expect(cborTimestampMillis(1700000000123)).toBe(1700000000123);
    expect(cborTimestampMillis('1700000000123')).toBeUndefined();
  });

  it('tryDecodeCbor gives undefined for empty or malformed input', () => {
    expect(tryDecodeCbor(new Uint8Array())).toBeUndefined();
    expect(tryDecodeCbor(new Uint8Array([0xff]))).toBeUndefined();
  });

  it('showCbor prints bytes, tags and big integers', () => {
    expect(showCbor({ b: new Uint8Array([1, 255]), t: new CborEpochTag(5n), n: 2n ** 64n })).toBe(`{"b":"h'01ff'","t":"1(5)","n":"18446744073709551616n"}`);
  });
});
