/** One request/response pair as captured for reports. Already redacted: safe to write anywhere. */
export interface CapturedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** UTF-8 text of the body, or base64 with bodyEncoding 'base64' when it is not valid UTF-8. */
  body: string;
  bodyEncoding: 'utf8' | 'base64';
  /** True when the harness signed it with the run's credentials (curl replays it with --aws-sigv4). */
  signed: boolean;
  signingScope?: { region: string; service: string } | undefined;
}

export interface CapturedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  bodyEncoding: 'utf8' | 'base64';
}

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
