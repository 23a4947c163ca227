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
  /** A match this says to keep is left as it is (and not counted). */
  keep?: (match: string) => boolean;
}

/**
 * Random tokens mix digits and both cases; a run of one letter (a generated long name) is kept, and
 * so is a JSON pointer into an answer (/StreamDescription/Shards/0/SequenceNumberRange/...).
 */
function notRandom(match: string): boolean {
  return !(/\d/.test(match) && /[A-Z]/.test(match) && /[a-z]/.test(match)) || /^(?:\/(?:[A-Za-z]+|\d+))+$/.test(match);
}

/**
 * Order matters: a run's stream name and ARNs before the account inside them, sequence numbers
 * (56 digits) before anything numeric, timestamps before accounts. Hash keys (at most 39 digits)
 * are derived from shard counts and explicit keys, not from the run, so they are kept; so are
 * shard ids (`shardId-000000000000`: 12 digits, but not an account).
 */
export const TEXT_RULES: readonly TextRule[] = [
  { id: 'run-stream', description: 'stream and consumer names of this run (kc-<runId>-…)', pattern: /\bkc-[0-9a-z]{12}-[A-Za-z0-9_.-]*/g, replacement: '<run-stream>' },
  {
    id: 'run-id',
    description: 'the run id in the tag every fixture stream carries (kinesis-conformance/run-id)',
    pattern: /(?<=kinesis-conformance\/run-id"\s*[,:]\s*(?:"Value"\s*:\s*)?")[0-9a-z]{12}(?=")/g,
    replacement: '<run-id>',
  },
  {
    id: 'run-stream-list',
    description: "lists of this run's streams (ListStreams): how many exist at that moment depends on the test files running beside",
    pattern: /"<run-stream>"(?:\s*,\s*"<run-stream>")+/g,
    replacement: '"<run-stream>"',
  },
  { id: 'uuid', description: 'UUIDs (request ids, key ids)', pattern: /\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b/g, replacement: '<uuid>' },
  { id: 'sequence-number', description: 'sequence numbers (40 digits or more, or 20 or more cut by a clip)', pattern: /\b\d{40,}\b|\b\d{20,}(?=…)/g, replacement: '<sequence-number>' },
  { id: 'consumer-arn-timestamp', description: 'the creation time a consumer ARN ends with (…/consumer/<name>:<time>)', pattern: /(?<=\/consumer\/[A-Za-z0-9_.<>-]+:)\d+/g, replacement: '<timestamp>' },
  { id: 'iso-timestamp', description: 'ISO 8601 timestamps', pattern: /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?/g, replacement: '<timestamp>' },
  { id: 'amz-date', description: 'X-Amz-Date timestamps (20261201T213700Z)', pattern: /\b\d{8}T\d{6}Z\b/g, replacement: '<timestamp>' },
  {
    id: 'http-date',
    description: 'HTTP dates (Date headers)',
    pattern: /\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT\b/g,
    replacement: '<timestamp>',
  },
  { id: 'epoch-ms-timestamp', description: 'epoch-millisecond timestamps (13 digits, 2017 to 2033)', pattern: /(?<![\d.])1[5-9]\d{11}(?![\d.])/g, replacement: '<timestamp>' },
  { id: 'epoch-timestamp', description: 'epoch-second timestamps (10 digits, 2017 to 2033, a fraction or not)', pattern: /(?<![\d.])1[5-9]\d{8}(?:\.\d{0,6})?(?!\d)/g, replacement: '<timestamp>' },
  { id: 'account', description: 'account ids (12 digits)', pattern: /(?<![\d.]|shardId-)\d{12}(?![\d.])/g, replacement: '<account>' },
  {
    id: 'long-base64',
    description: 'long opaque tokens and random payloads (shard iterators, next tokens, base64 data: 64+ base64 characters mixing digits and both cases)',
    pattern: /[A-Za-z0-9+/_-]{64,}={0,2}/g,
    replacement: '<token>',
    keep: notRandom,
  },
  {
    id: 'byte-list',
    description: 'random payloads written out as byte lists (16+ numbers, or 8+ cut by a clip; e.g. a serialized Node Buffer)',
    pattern: /(?<![\d.])(?:(?:\d{1,3}\s*,\s*){15,}(?:\d{1,3}(?![\d.]))?|(?:\d{1,3}\s*,\s*){7,}\d{0,3}(?=…|$))/g,
    replacement: '<bytes>',
  },
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
  // The harness's own measurement in observations of a wait ({"state":"ACTIVE","waitedMs":22}).
  'waitedMs',
]);

/** Counts of replacements by rule id (text rules) or `member:<Name>` (varying members). */
export type Applied = Map<string, number>;

function note(applied: Applied | undefined, id: string, n = 1): void {
  if (applied && n > 0) applied.set(id, (applied.get(id) ?? 0) + n);
}

/**
 * What the harness's own messages say that varies per run whatever the target does: how long
 * something took, how many answers a check looked at.
 */
export const MESSAGE_RULES: readonly TextRule[] = [
  { id: 'duration', description: 'durations in messages (12 ms, 1.5 s)', pattern: /\b\d+(?:\.\d+)?\s?(?:ms|s)\b/g, replacement: '<duration>' },
  { id: 'count-of', description: 'counts of answers in messages (3 of 18)', pattern: /\b\d+ of \d+\b/g, replacement: '<n> of <m>' },
  { id: 'answers-checked', description: 'how many answers a derived check saw (917 successful answers): polling makes it vary', pattern: /\b\d+ successful answers\b/g, replacement: '<n> successful answers' },
  {
    id: 'clipped-value',
    description: 'the value a clip cut (where a clip falls moves with the length of run-specific values before it): kept up to the last complete member',
    pattern: /[^,[{…]*…(?=\(\d+ characters\)|$)/g,
    replacement: '…',
  },
  { id: 'clipped-length', description: 'lengths of clipped texts (…(1160 characters))', pattern: /…\(\d+ characters\)/g, replacement: '…(<n> characters)' },
];

function applyRules(text: string, rules: readonly TextRule[], applied: Applied | undefined): string {
  let out = text;
  for (const rule of rules) {
    out = out.replace(rule.pattern, (match) => {
      if (rule.keep?.(match)) return match;
      note(applied, rule.id);
      return rule.replacement;
    });
  }
  return out;
}

/** Replaces run-specific values in a text; `applied` (when given) counts what each rule replaced. */
export function normalizeText(text: string, applied?: Applied): string {
  return applyRules(text, TEXT_RULES, applied);
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
      const rule = [...TEXT_RULES, ...MESSAGE_RULES].find((r) => r.id === id);
      return `${id} (${n}×): ${rule ? rule.description : `the member ${id.slice('member:'.length)} varies per run`}`;
    });
}

/** Text around JSON bodies: run-specific values and message counts masked. */
function normalizeProse(text: string, applied: Applied | undefined): string {
  return applyRules(normalizeText(text, applied), MESSAGE_RULES, applied);
}

/**
 * A harness message (a failure, an observation) as it compares across runs: run-specific values
 * replaced, every complete JSON body in it normalized (normalizeValue) and written canonically, so
 * key order and layout do not count; a clipped body loses only its layout. Whitespace collapsed.
 */
export function normalizeMessage(text: string, applied?: Applied): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf('{', i);
    if (start < 0) break;
    out += normalizeProse(text.slice(i, start), applied);
    let body: string | null = null;
    // The longest parseable object starting here (bodies are followed by other text).
    for (let end = text.lastIndexOf('}'); end > start && body === null; end = text.lastIndexOf('}', end - 1)) {
      try {
        // Text rules again on the canonical form: they also see across values (a list of names).
        body = normalizeText(canonicalJson(normalizeValue(JSON.parse(text.slice(start, end + 1)), applied)), applied);
        i = end + 1;
      } catch {
        /* try a shorter candidate */
      }
    }
    if (body === null) {
      out += normalizeProse(text.slice(start).replace(/\s*([{}[\],:])\s*/g, '$1'), applied);
      i = text.length;
      break;
    }
    out += body;
  }
  return (out + normalizeProse(text.slice(i), applied)).replace(/\s+/g, ' ').trim();
}
