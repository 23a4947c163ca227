/**
 * One normalization of run-specific values, shared by `compare`, the self-check's observation
 * matching and reference recordings, so the three agree on what "the same answer" is. A value that
 * legitimately varies between runs (a run's stream names, an account, a request id, a sequence
 * number, a shard iterator, a timestamp) becomes a placeholder naming what it was; everything else
 * is kept as it is. Each replacement is counted by rule id so a report can say what was applied.
 */

export interface TextRule {
  id: string;
  /** What the rule stands for, for reports ("stream names of this run"). */
  description: string;
  pattern: RegExp;
  replacement: string;
}

/**
 * Order matters: a run's stream name and ARNs before the account inside them, sequence numbers
 * (56 digits) before anything numeric. Hash keys (at most 39 digits) are derived from shard counts
 * and explicit keys, not from the run, so they are kept.
 */
export const TEXT_RULES: readonly TextRule[] = [
  { id: 'run-stream', description: 'stream and consumer names of this run (kc-<runId>-…)', pattern: /\bkc-[0-9a-z]{12}-[A-Za-z0-9_.-]*/g, replacement: '<run-stream>' },
  { id: 'uuid', description: 'UUIDs (request ids, key ids)', pattern: /\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b/g, replacement: '<uuid>' },
  { id: 'sequence-number', description: 'sequence numbers (40 digits or more)', pattern: /\b\d{40,}\b/g, replacement: '<sequence-number>' },
  { id: 'account', description: 'account ids (12 digits)', pattern: /(?<![\d.])\d{12}(?![\d.])/g, replacement: '<account>' },
  { id: 'iso-timestamp', description: 'ISO 8601 timestamps', pattern: /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?/g, replacement: '<timestamp>' },
  { id: 'epoch-timestamp', description: 'epoch-second timestamps with a fraction', pattern: /\b1[5-9]\d{8}\.\d{1,6}\b/g, replacement: '<timestamp>' },
  { id: 'long-base64', description: 'long opaque tokens (shard iterators, next tokens: 64+ base64 characters)', pattern: /[A-Za-z0-9+/_-]{64,}={0,2}/g, replacement: '<token>' },
];

/** Members whose value varies per run whatever it holds; replaced wholesale by `<MemberName>`. */
export const VARYING_MEMBERS: ReadonlySet<string> = new Set([
  'SequenceNumber',
  'StartingSequenceNumber',
  'EndingSequenceNumber',
  'ContinuationSequenceNumber',
  'ShardIterator',
  'NextShardIterator',
  'NextToken',
  'StreamCreationTimestamp',
  'ConsumerCreationTimestamp',
  'ApproximateArrivalTimestamp',
  'StreamId',
  'x-amzn-RequestId',
  'x-amz-id-2',
  'x-amzn-requestid',
  'date',
]);

/** Counts of replacements by rule id (text rules) or `member:<Name>` (varying members). */
export type Applied = Map<string, number>;

function note(applied: Applied | undefined, id: string, n = 1): void {
  if (applied && n > 0) applied.set(id, (applied.get(id) ?? 0) + n);
}

/** Replaces run-specific values in a text; `applied` (when given) counts what each rule replaced. */
export function normalizeText(text: string, applied?: Applied): string {
  let out = text;
  for (const rule of TEXT_RULES) {
    out = out.replace(rule.pattern, () => {
      note(applied, rule.id);
      return rule.replacement;
    });
  }
  return out;
}

/**
 * A JSON value with run-specific values replaced: members in VARYING_MEMBERS by `<Name>` (present
 * vs absent still counts), every string by normalizeText. Key order is kept; compare canonically.
 */
export function normalizeValue(value: unknown, applied?: Applied): unknown {
  if (typeof value === 'string') return normalizeText(value, applied);
  if (Array.isArray(value)) return value.map((v) => normalizeValue(v, applied));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (VARYING_MEMBERS.has(k) && v !== null && v !== undefined) {
        note(applied, `member:${k}`);
        out[k] = `<${k}>`;
      } else out[k] = normalizeValue(v, applied);
    }
    return out;
  }
  return value;
}

/** JSON with keys sorted at every level, so key order and whitespace do not count as a difference. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What each applied rule stands for, for a report's "normalizations applied" line. */
export function describeApplied(applied: Applied): string[] {
  return [...applied.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, n]) => {
      const rule = TEXT_RULES.find((r) => r.id === id);
      return `${id} (${n}×): ${rule ? rule.description : `the member ${id.slice('member:'.length)} varies per run`}`;
    });
}
