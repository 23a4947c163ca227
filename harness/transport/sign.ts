import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Credentials } from './credentials.ts';

/** The parts of an HTTP request that SigV4 covers. Header names as given; values as sent. */
export interface SignableRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: Uint8Array;
}

export interface SigningScope {
  region: string;
  service: string;
}

export interface SignOptions {
  /** Sign as of this instant (clock-skew cases). Default: now. */
  signingDate?: Date;
}

function toSmithyRequest(req: SignableRequest) {
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of req.url.searchParams) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return {
    method: req.method,
    protocol: req.url.protocol,
    hostname: req.url.hostname,
    port: req.url.port ? Number(req.url.port) : undefined,
    path: req.url.pathname || '/',
    query,
    // host is signed, as every AWS SDK does; it must equal what goes on the wire.
    headers: { host: req.url.host, ...req.headers },
    body: req.body,
  };
}

function signerFor(scope: SigningScope, credentials: Credentials): SignatureV4 {
  return new SignatureV4({
    service: scope.service,
    region: scope.region,
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
    },
    sha256: Sha256,
    // Kinesis does not need x-amz-content-sha256; leaving it out keeps requests identical to the SDKs'.
    applyChecksum: false,
  });
}

/**
 * Signs with SigV4 (Authorization header). Returns the full header set to send, host included.
 */
export async function signRequest(
  req: SignableRequest,
  scope: SigningScope,
  credentials: Credentials,
  options: SignOptions = {},
): Promise<Record<string, string>> {
  const signed = await signerFor(scope, credentials).sign(toSmithyRequest(req), {
    signingDate: options.signingDate ?? new Date(),
  });
  return { ...(signed.headers as Record<string, string>) };
}

/** Query-string (presigned) SigV4: returns the URL carrying X-Amz-* parameters. */
export async function presignRequest(
  req: SignableRequest,
  scope: SigningScope,
  credentials: Credentials,
  options: SignOptions & { expiresIn?: number } = {},
): Promise<URL> {
  const signed = await signerFor(scope, credentials).presign(toSmithyRequest(req), {
    signingDate: options.signingDate ?? new Date(),
    expiresIn: options.expiresIn ?? 300,
  });
  const url = new URL(req.url.toString());
  url.search = '';
  for (const [k, v] of Object.entries(signed.query ?? {})) {
    for (const one of Array.isArray(v) ? v : [v]) if (one !== null) url.searchParams.append(k, one);
  }
  return url;
}
