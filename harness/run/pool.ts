/**
 * Runs `work` over items with at most `limit` in flight, in the order given (put the longest first:
 * the run then ends about when the longest item does). Results keep the items' order. The first
 * failure is rethrown once everything in flight has settled; nothing new starts after it.
 */
export async function inPool<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async () => {
    while (!failure && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index]!, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  if (failure) throw failure.error;
  return results;
}

/** A fixed set of resources (proxies), each lent to one job at a time. */
export class Lender<T> {
  readonly #free: T[];
  readonly #waiting: Array<(item: T) => void> = [];

  constructor(items: readonly T[]) {
    this.#free = [...items];
  }

  async use<R>(work: (item: T) => Promise<R>): Promise<R> {
    const item = this.#free.pop() ?? (await new Promise<T>((resolve) => this.#waiting.push(resolve)));
    try {
      return await work(item);
    } finally {
      const waiter = this.#waiting.shift();
      if (waiter) waiter(item);
      else this.#free.push(item);
    }
  }
}
