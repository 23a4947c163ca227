/**
 * Counts the calls a suite sends per stream and operation (all attempts, and those answered 200),
 * so the Start/Stop budget per stream (AWS: 25 successful each per rolling 24 h) can be reported.
 */
export class CallLedger {
  readonly #counts = new Map<string, Map<string, { sent: number; ok: number }>>();

  count(stream: string, operation: string, status: number): void {
    const perStream = this.#counts.get(stream) ?? new Map<string, { sent: number; ok: number }>();
    this.#counts.set(stream, perStream);
    const entry = perStream.get(operation) ?? { sent: 0, ok: 0 };
    entry.sent++;
    if (status === 200) entry.ok++;
    perStream.set(operation, entry);
  }

  /** Successful calls of an operation on a stream. */
  ok(stream: string, operation: string): number {
    return this.#counts.get(stream)?.get(operation)?.ok ?? 0;
  }

  streams(): string[] {
    return [...this.#counts.keys()];
  }

  /** One line per stream: `<role>: StartStreamEncryption 3 sent, 2 answered 200; ...`. */
  lines(): string[] {
    return [...this.#counts].map(
      ([stream, ops]) =>
        `${stream}: ${[...ops].map(([op, c]) => `${op} ${c.sent} sent, ${c.ok} answered 200`).join('; ')}`,
    );
  }
}
