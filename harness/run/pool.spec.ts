import { describe, expect, it } from 'vitest';
import { inPool, Lender } from './pool.ts';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('inPool', () => {
  it('keeps at most `limit` in flight and the results in order', async () => {
    let inFlight = 0;
    let most = 0;
    const out = await inPool([30, 10, 20, 5, 1], 2, async (ms, i) => {
      most = Math.max(most, ++inFlight);
      await tick(ms);
      inFlight--;
      return i;
    });
    expect(out).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
  });

  it('starts nothing new after a failure, and rethrows it once the others settled', async () => {
    const started: number[] = [];
    await expect(
      inPool([1, 2, 3, 4], 2, async (n) => {
        started.push(n);
        await tick(5);
        if (n === 1) throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(started).toEqual([1, 2]);
  });
});

describe('Lender', () => {
  it('lends each item to one user at a time', async () => {
    const lender = new Lender(['p1', 'p2']);
    const holding = new Set<string>();
    const clash: string[] = [];
    await Promise.all(
      Array.from({ length: 6 }, () =>
        lender.use(async (p) => {
          if (holding.has(p)) clash.push(p);
          holding.add(p);
          await tick(5);
          holding.delete(p);
        }),
      ),
    );
    expect(clash).toEqual([]);
  });
});
