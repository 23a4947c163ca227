/**
 * Declarative checks of answer values (expect.output of a behaviour case). Each returns the
 * problems it found, in words a report can show; an empty list is a pass.
 */
import { isDeepStrictEqual } from 'node:util';
import { compareIntegers } from './hash-keys.ts';
import type { Comparison, PathMatcher } from './model.ts';

export interface Selected {
  pointer: string;
  found: boolean;
  value: unknown;
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The values at a JSON pointer; a `*` segment walks every element of an array (or member of an object). */
export function select(root: unknown, path: string): Selected[] {
  if (path === '' || path === '/') return [{ pointer: '', found: root !== undefined, value: root }];
  if (!path.startsWith('/')) throw new Error(`not a JSON pointer: ${path}`);
  let current: Selected[] = [{ pointer: '', found: true, value: root }];
  for (const raw of path.slice(1).split('/')) {
    const next: Selected[] = [];
    for (const c of current) {
      if (!c.found || c.value === null || typeof c.value !== 'object') {
        next.push({ pointer: `${c.pointer}/${raw}`, found: false, value: undefined });
        continue;
      }
      if (raw === '*') {
        const entries = Array.isArray(c.value) ? c.value.map((v, i) => [String(i), v] as const) : Object.entries(c.value);
        for (const [k, v] of entries) next.push({ pointer: `${c.pointer}/${k}`, found: true, value: v });
        continue;
      }
      const key = unescapePointer(raw);
      const has = Object.prototype.hasOwnProperty.call(c.value, key);
      next.push({ pointer: `${c.pointer}/${raw}`, found: has, value: has ? (c.value as Record<string, unknown>)[key] : undefined });
    }
    current = next;
  }
  return current;
}

export function show(value: unknown, max = 200): string {
  const text = value === undefined ? '(absent)' : JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max)}…(${text.length} characters)` : text;
}

function typeOf(value: unknown): string {
  return Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
}

function compare(value: unknown, cmp: Comparison): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return `is ${show(value)}, not an integer`;
  let actual: string;
  try {
    actual = BigInt(value).toString();
  } catch {
    return `is ${show(value)}, not an integer`;
  }
  const ops: Record<string, (c: number) => boolean> = { eq: (c) => c === 0, ne: (c) => c !== 0, gt: (c) => c > 0, ge: (c) => c >= 0, lt: (c) => c < 0, le: (c) => c <= 0 };
  for (const [op, expected] of Object.entries(cmp)) {
    if (expected === undefined) continue;
    let c: number;
    try {
      c = compareIntegers(actual, expected);
    } catch {
      return `cannot be compared with ${show(expected)}`;
    }
    if (!ops[op]!(c)) return `is ${actual}, expected ${op} ${expected}`;
  }
  return null;
}

function contains(haystack: unknown, needle: unknown): boolean {
  if (Array.isArray(haystack)) return haystack.some((v) => isDeepStrictEqual(v, needle));
  if (typeof haystack === 'string' && typeof needle === 'string') return haystack.includes(needle);
  return false;
}

/** Problems of one value against every check the matcher names. */
function problemsOf(m: PathMatcher, s: Selected): string[] {
  const at = s.pointer || '(answer)';
  const out: string[] = [];
  // "Absent" is judged as AWS's JSON 1.1 serializers write it: the member is missing; a JSON null
  // means no value as well (whether null may appear on the wire is the shape check's business).
  const hasValue = s.found && s.value !== null;
  if (m.absent) {
    if (hasValue) out.push(`${at}: expected absent, got ${show(s.value)}`);
    return out;
  }
  if (!hasValue) return [`${at}: expected a value, got ${s.found ? 'null' : 'nothing'}`];
  if (m.equals !== undefined && !isDeepStrictEqual(s.value, m.equals)) out.push(`${at}: expected ${show(m.equals)}, got ${show(s.value)}`);
  if (m.type !== undefined && typeOf(s.value) !== m.type) out.push(`${at}: expected a ${m.type}, got ${typeOf(s.value)} ${show(s.value)}`);
  if (m.length !== undefined) {
    const len = Array.isArray(s.value) || typeof s.value === 'string' ? s.value.length : Object.keys(s.value as object).length;
    const { min, max } = typeof m.length === 'number' ? { min: m.length, max: m.length } : m.length;
    if ((min !== undefined && len < min) || (max !== undefined && len > max)) {
      out.push(`${at}: expected length ${typeof m.length === 'number' ? m.length : `${min ?? 0}..${max ?? '∞'}`}, got ${len}`);
    }
  }
  if (m.contains !== undefined && !contains(s.value, m.contains)) out.push(`${at}: expected to contain ${show(m.contains)}, got ${show(s.value)}`);
  if (m.notContains !== undefined && contains(s.value, m.notContains)) out.push(`${at}: expected not to contain ${show(m.notContains)}, got ${show(s.value)}`);
  if (m.oneOf !== undefined && !m.oneOf.some((v) => isDeepStrictEqual(v, s.value))) out.push(`${at}: expected one of ${show(m.oneOf)}, got ${show(s.value)}`);
  if (m.matches !== undefined && !(typeof s.value === 'string' && new RegExp(m.matches, 's').test(s.value))) out.push(`${at}: expected to match /${m.matches}/, got ${show(s.value)}`);
  if (m.compare !== undefined) {
    const p = compare(s.value, m.compare);
    if (p) out.push(`${at}: ${p}`);
  }
  return out;
}

/** A path matcher against an answer. A `*` path must select at least one value. */
export function checkPath(m: PathMatcher, json: unknown): string[] {
  const selected = select(json, m.path);
  if (m.path.includes('*') && selected.every((s) => !s.found)) {
    return m.absent ? [] : [`${m.path}: selects nothing in ${show(json)}`];
  }
  return selected.flatMap((s) => problemsOf(m, s));
}

/** The value at a pointer without wildcards (captures). */
export function valueAt(json: unknown, path: string): unknown {
  const [s] = select(json, path);
  return s?.found ? s.value : undefined;
}
