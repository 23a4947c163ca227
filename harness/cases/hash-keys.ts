import { createHash } from 'node:crypto';

/** The 128-bit hash-key space of a stream: 0 … 2^128 − 1 (model PutRecord, ExplicitHashKey). */
export const MAX_HASH_KEY = 2n ** 128n - 1n;

export interface ShardRange {
  ShardId: string;
  HashKeyRange: { StartingHashKey: string; EndingHashKey: string };
  SequenceNumberRange?: { StartingSequenceNumber?: string; EndingSequenceNumber?: string | null };
  ParentShardId?: string | null;
  AdjacentParentShardId?: string | null;
}

/** "An MD5 hash function is used to map partition keys to 128-bit integer values" (model PutRecord). */
export function md5HashKey(partitionKey: string): bigint {
  return BigInt(`0x${createHash('md5').update(partitionKey, 'utf8').digest('hex')}`);
}

export function isOpen(shard: ShardRange): boolean {
  const end = shard.SequenceNumberRange?.EndingSequenceNumber;
  return end === undefined || end === null;
}

export function rangeOf(shard: ShardRange): { start: bigint; end: bigint } {
  return { start: BigInt(shard.HashKeyRange.StartingHashKey), end: BigInt(shard.HashKeyRange.EndingHashKey) };
}

/** The open shards whose hash-key range holds the key (exactly one on a well-formed stream). */
export function openShardsFor(hashKey: bigint, shards: readonly ShardRange[]): ShardRange[] {
  return shards.filter((s) => {
    if (!isOpen(s)) return false;
    const { start, end } = rangeOf(s);
    return start <= hashKey && hashKey <= end;
  });
}

/** What is wrong with how the open shards cover 0 … 2^128 − 1: gaps, overlaps, bounds. Empty when exact. */
export function coverageProblems(shards: readonly ShardRange[]): string[] {
  const open = shards.filter(isOpen).map((s) => ({ id: s.ShardId, ...rangeOf(s) }));
  if (open.length === 0) return ['no open shard'];
  open.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const problems: string[] = [];
  if (open[0]!.start !== 0n) problems.push(`the lowest open range starts at ${open[0]!.start}, not 0`);
  for (let i = 1; i < open.length; i++) {
    const prev = open[i - 1]!;
    const cur = open[i]!;
    if (cur.start <= prev.end) problems.push(`${cur.id} overlaps ${prev.id} from ${cur.start}`);
    else if (cur.start !== prev.end + 1n) problems.push(`gap between ${prev.id} (ends ${prev.end}) and ${cur.id} (starts ${cur.start})`);
  }
  const last = open[open.length - 1]!;
  if (last.end !== MAX_HASH_KEY) problems.push(`the highest open range ends at ${last.end}, not 2^128-1`);
  for (const s of open) if (s.start > s.end) problems.push(`${s.id} starts after it ends`);
  return problems;
}

/** The midpoint of a shard's range, as SplitShard's NewStartingHashKey for an even split. */
export function midpointOf(shard: ShardRange): bigint {
  const { start, end } = rangeOf(shard);
  return (start + end + 1n) / 2n;
}

/** Decimal integer comparison of any size (sequence numbers exceed 2^53). */
export function compareIntegers(a: string | number | bigint, b: string | number | bigint): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
