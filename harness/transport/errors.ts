import type { Exchange, TransportFailureKind } from './exchange.ts';

/**
 * No HTTP answer (refused, reset, DNS, TLS): the case cannot be judged, so the result is ERROR,
 * never PASS or FAIL. The reporter maps by error name, which survives vitest's worker boundary.
 */
export class TransportError extends Error {
  override readonly name: string;
  constructor(
    readonly kind: TransportFailureKind,
    message: string,
    readonly exchange: Exchange,
  ) {
    super(message);
    this.name = kind === 'timeout' ? 'RequestTimeoutError' : 'TransportError';
  }
}
