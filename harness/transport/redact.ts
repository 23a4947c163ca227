/**
 * Scrubs secrets from anything the harness writes or prints: the secret key and session token
 * wherever they appear, the Signature= part of an Authorization header, X-Amz-Signature in URLs,
 * and the X-Amz-Security-Token header/parameter.
 */
export const REDACTED = '<redacted>';

const SIGNATURE_IN_AUTH = /(Signature=)[^,\s]*/gi;
const SIGNATURE_IN_QUERY = /((?:X-Amz-Signature|X-Amz-Security-Token)=)[^&\s'"]*/gi;

export class Redactor {
  readonly #secrets: string[];

  constructor(secrets: readonly string[]) {
    // Longest first so a secret that contains another is scrubbed whole.
    this.#secrets = [...new Set(secrets.filter((s) => s.length >= 4))].sort((a, b) => b.length - a.length);
  }

  text(value: string): string {
    let out = value;
    for (const secret of this.#secrets) out = out.split(secret).join(REDACTED);
    return out.replace(SIGNATURE_IN_AUTH, `$1${REDACTED}`).replace(SIGNATURE_IN_QUERY, `$1${REDACTED}`);
  }

  headers(headers: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      out[name] = name.toLowerCase() === 'x-amz-security-token' ? REDACTED : this.text(value);
    }
    return out;
  }
}

/** Redacts every string inside a JSON-like value (keys kept), for whole reports. */
export function redactDeep<T>(value: T, redactor: Redactor): T {
  if (typeof value === 'string') return redactor.text(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redactor)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, redactor);
    return out as T;
  }
  return value;
}
