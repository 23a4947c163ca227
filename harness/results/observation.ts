import { maskRunSpecific } from './baseline.ts';

/** JSON with keys sorted at every level, so key order and whitespace do not count as a difference. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Every complete JSON object in the text in canonical form; clipped ones lose only their layout. */
function canonicalBodies(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf('{', i);
    if (start < 0) break;
    out += text.slice(i, start);
    let parsed: string | null = null;
    // The longest parseable object starting here (bodies are followed by other text).
    for (let end = text.lastIndexOf('}'); end > start && parsed === null; end = text.lastIndexOf('}', end - 1)) {
      try {
        parsed = canonicalJson(JSON.parse(text.slice(start, end + 1)));
        i = end + 1;
      } catch {
        /* try a shorter candidate */
      }
    }
    if (parsed === null) {
      out += text.slice(start).replace(/\s*([{}[\],:])\s*/g, '$1');
      return out;
    }
    out += parsed;
  }
  return out + text.slice(i);
}

/**
 * What a failing case observed, in a form that can be compared across runs: the "expected …, got …"
 * part of its message, with run-specific names, accounts, ids, durations and counts of answers
 * masked, and JSON bodies compared by content, not layout. The property-test trailer (shrunk body,
 * seed, path) is left out: it varies with the seed, not with the target.
 */
export function observationOf(message: string | null | undefined): string | null {
  if (!message) return null;
  const cut = message.indexOf(' | shrunk request body');
  const head = cut >= 0 ? message.slice(0, cut) : message;
  const masked = maskRunSpecific(head)
    .replace(/\b\d+(?:\.\d+)?\s?(?:ms|s)\b/g, '<duration>')
    .replace(/\b\d+ of \d+\b/g, '<n> of <m>');
  return canonicalBodies(masked).replace(/\s+/g, ' ').trim();
}

/** True when two results of the same failing status observed different things. */
export function observedDifferently(a: string | null | undefined, b: string | null | undefined): boolean {
  return observationOf(a) !== observationOf(b);
}
