/* Putting one bad value into an otherwise valid request body. */

import type { MemberFact } from './spec.ts';

type Json = Record<string, unknown>;

/** A value that breaks one rule; `absent` when the member is left out. */
export interface Bad {
  value: unknown;
  absent?: boolean;
}

export function segmentsOf(path: string): string[] {
  return path.split('.');
}


export interface Placed {
  input: Json;
  index: number;
  /** JSON Pointer to the bad value (to the map, for a bad key; where it would be, for a missing member). */
  pointer: string;
  /** The list or map that holds the bad element (list-member, map-key, map-value). */
  container?: unknown;
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

const ptr = (key: string | number) => `/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;

/**
 * Sets (or removes) the member at `fact.path` inside a copy of `base`. `top` is a valid value of the
 * top-level member used when the path goes deeper; `index` picks the list entry; `partner` is the
 * valid key or value paired with a bad map value or key.
 */
export function place(base: Json, fact: MemberFact, bad: Bad, top: unknown, index: number, partner: unknown): Placed {
  const input = clone(base);
  const segments = segmentsOf(fact.path);
  const first = segments[0]!;
  let pointer = ptr(first);
  if (segments.length === 1) {
    if (bad.absent) delete input[first];
    else input[first] = bad.value;
    return { input, index: 0, pointer };
  }
  input[first] = clone(top);
  let node: unknown = input[first];
  let chosen = 0;
  for (let i = 1; i < segments.length; i++) {
    const seg = segments[i]!;
    const last = i === segments.length - 1;
    if (seg === 'member') {
      const list = node as unknown[];
      if (list.length === 0) throw new Error(`${fact.path}: empty list where an entry was needed`);
      chosen = index % list.length;
      pointer += ptr(chosen);
      if (last) {
        list[chosen] = bad.value;
        return { input, index: chosen, pointer, container: list };
      }
      node = list[chosen];
    } else if (seg === 'key' || seg === 'value') {
      const map = node as Json;
      const [k, v] = seg === 'key' ? [String(bad.value), partner] : [String(partner), bad.value];
      Object.defineProperty(map, k, { value: v, enumerable: true, writable: true, configurable: true });
      return { input, index: 0, pointer: seg === 'key' ? pointer : pointer + ptr(k), container: map };
    } else {
      pointer += ptr(seg);
      if (last) {
        const struct = node as Json;
        if (bad.absent) delete struct[seg];
        else struct[seg] = bad.value;
      } else {
        node = (node as Json)[seg];
        if (node === undefined || node === null) throw new Error(`${fact.path}: no ${seg} in the generated value`);
      }
    }
  }
  return { input, index: chosen, pointer };
}
