import type { CapturedRequest } from './exchange.ts';

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

// Headers curl computes itself when it signs with --aws-sigv4.
const RECOMPUTED_WHEN_SIGNED = new Set(['authorization', 'x-amz-date', 'x-amz-security-token', 'host', 'content-length']);

/**
 * A replayable curl line for a captured request. Signed requests are re-signed by curl from the
 * user's own AWS_* variables, so no secret or signature is ever printed.
 */
export function toCurl(req: CapturedRequest): string {
  const parts = ['curl', '-sS', '-i', '-X', req.method, shellQuote(req.url)];
  for (const [name, value] of Object.entries(req.headers)) {
    const lower = name.toLowerCase();
    if (lower === 'host' || lower === 'content-length') continue;
    if (req.signed && RECOMPUTED_WHEN_SIGNED.has(lower)) continue;
    parts.push('-H', shellQuote(`${name}: ${value}`));
  }
  if (req.signed && req.signingScope) {
    parts.push('--aws-sigv4', shellQuote(`aws:amz:${req.signingScope.region}:${req.signingScope.service}`));
    parts.push('--user', '"$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY"');
    if (req.headers['x-amz-security-token'] !== undefined || req.headers['X-Amz-Security-Token'] !== undefined)
      parts.push('-H', '"X-Amz-Security-Token: $AWS_SESSION_TOKEN"');
  }
  if (req.bodyBytes !== undefined) {
    // A cut body cannot be replayed byte for byte; say so rather than print a request that differs.
    return `${parts.join(' ')} --data-binary @body.json  # body of ${req.bodyBytes} bytes not captured in full; starts: ${shellQuote(req.body.slice(0, 200))}`;
  }
  if (req.body.length > 0) {
    parts.push(req.bodyEncoding === 'base64' ? `--data-binary @<(printf %s ${shellQuote(req.body)} | base64 -d)` : `--data-binary ${shellQuote(req.body)}`);
  }
  return parts.join(' ');
}
