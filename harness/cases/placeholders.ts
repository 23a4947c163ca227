/**
 * Placeholders in case files: `${name}` or `${generator(args)}` inside any string of a request
 * body or an expected message. Resolved per case, so a value used twice (request and message) is
 * the same string.
 */

export const SIMPLE_PLACEHOLDERS = [
  'stream.name',
  'stream.arn',
  'absent.name',
  'absent.arn',
  'account',
  'region',
  'partition',
  'uuid',
  'kms.key.id',
  'kms.key.arn',
] as const;
export type SimplePlaceholder = (typeof SIMPLE_PLACEHOLDERS)[number];

/** Generators and their argument shapes. */
const GENERATORS: Record<string, RegExp> = {
  /** `repeat(a,129)`: the text repeated N times. */
  repeat: /^([^,]+),(\d{1,5})$/,
  /** `absentName(128)`: a name of exactly N characters that no stream has. */
  absentName: /^(\d{1,5})$/,
  /** `absentArn(2049)`: a stream ARN of exactly N characters naming no stream. */
  absentArn: /^(\d{1,5})$/,
};

const TOKEN = /\$\{([^}]*)\}/g;

export interface Placeholder {
  token: string;
  name: string;
  args: string[];
}

export function parsePlaceholder(token: string): Placeholder | string {
  if ((SIMPLE_PLACEHOLDERS as readonly string[]).includes(token)) return { token, name: token, args: [] };
  const call = /^([a-zA-Z]+)\((.*)\)$/.exec(token);
  if (call) {
    const [, name = '', rawArgs = ''] = call;
    const shape = GENERATORS[name];
    if (!shape) return `unknown placeholder generator '${name}' in \${${token}}`;
    const args = shape.exec(rawArgs);
    if (!args) return `bad arguments in \${${token}}`;
    return { token, name, args: args.slice(1) };
  }
  return `unknown placeholder \${${token}} (known: ${SIMPLE_PLACEHOLDERS.join(', ')}, ${Object.keys(GENERATORS).map((g) => `${g}(...)`).join(', ')})`;
}

/** Every placeholder token in a JSON value (strings, keys excluded). */
export function tokensIn(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') for (const m of value.matchAll(TOKEN)) into.push(m[1] ?? '');
  else if (Array.isArray(value)) for (const v of value) tokensIn(v, into);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) tokensIn(v, into);
  return into;
}

export type Resolve = (p: Placeholder) => string;

function expandString(text: string, resolve: Resolve, escape: (s: string) => string): string {
  return text.replace(TOKEN, (_, token: string) => {
    const p = parsePlaceholder(token);
    if (typeof p === 'string') throw new Error(p);
    return escape(resolve(p));
  });
}

/** The value with every placeholder replaced (deep). */
export function expand<T>(value: T, resolve: Resolve): T {
  if (typeof value === 'string') return expandString(value, resolve, (s) => s) as T;
  if (Array.isArray(value)) return value.map((v) => expand(v, resolve)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expand(v, resolve)])) as T;
  }
  return value;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A regular expression source with placeholders replaced by their literal (escaped) values. */
export function expandPattern(source: string, resolve: Resolve): string {
  return expandString(source, resolve, escapeRegExp);
}
