/** One request/response pair as captured for reports. Already redacted: safe to write anywhere. */
export interface CapturedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** UTF-8 text of the body, or base64 with bodyEncoding 'base64' when it is not valid UTF-8. */
  body: string;
  bodyEncoding: 'utf8' | 'base64';
  /** Set when `body` holds only the first part: the full body's length in bytes. */
  bodyBytes?: number | undefined;
  /** True when the harness signed it with the run's credentials (curl replays it with --aws-sigv4). */
  signed: boolean;
  signingScope?: { region: string; service: string } | undefined;
}

export interface CapturedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  bodyEncoding: 'utf8' | 'base64';
  /** Set when `body` holds only the first part: the full body's length in bytes. */
  bodyBytes?: number | undefined;
}

/**
 * Captured bodies are cut to this many characters: a report keeps what a reader needs (the start
 * of a 10 MiB generated value says what it was) without growing to hundreds of megabytes.
 */
export const CAPTURED_BODY_LIMIT = 4_096;

export type TransportFailureKind = 'connect' | 'timeout' | 'protocol';

export interface Exchange {
  /** The signing service the client speaks for ('kinesis', 'kms'); absent means kinesis. */
  service?: string | undefined;
  operation: string | null;
  request: CapturedRequest;
  response?: CapturedResponse | undefined;
  /** Set when no HTTP answer came back: the exchange cannot be judged. */
  failure?: { kind: TransportFailureKind; message: string } | undefined;
  startedAt: string;
  durationMs: number;
}
