import type { Status } from '../results/model.ts';
import type { Exchange } from '../transport/exchange.ts';

/**
 * A recording: every exchange of one run, redacted, grouped per case and step, with the run's
 * information and the values that legitimately vary. Written as `<dir>/recording.json`, validated
 * by specs/recording.schema.json; documented in specs/recording.md.
 */
export const RECORDING_FILE = 'recording.json';
export const RECORDING_FORMAT = 'kinesis-conformance/recording';
export const RECORDING_VERSION = 1;

/** One exchange as recorded: the captured exchange, and whether it was one look of a state poll. */
export interface RecordedExchange extends Exchange {
  /** One look of a wait for a state: a comparison keeps only the last look of consecutive polls. */
  poll?: true | undefined;
  /** A read of a transient state deciding whether a probe can be judged: recorded, never compared. */
  stateRead?: true | undefined;
}

/**
 * A unit of comparison: the exchanges of one case (`<case id>`), of one step of a behaviour case
 * (`<case id>/<step id>`), of a case's set-up (`<case id>/(fixture)`) or of a file's hooks
 * (`<file>#hooks`). Set-up and hooks are recorded, not compared.
 */
export type UnitKind = 'case' | 'step' | 'fixture' | 'hooks';

/** The unit of a file's hooks as a worker names it; the main process prefixes the file. */
export const HOOKS_UNIT = '#hooks';

export interface RecordedUnit {
  unit: string;
  kind: UnitKind;
  file: string;
  exchanges: RecordedExchange[];
}

/** What a worker hands back per test file (the file is known to the main process). */
export interface FileRecording {
  units: Array<Omit<RecordedUnit, 'file'>>;
}

/**
 * A member whose value legitimately varies: compared for presence only, not value. `operation`
 * narrows it to one operation's answers; absent, it holds wherever the member appears.
 */
export interface VaryingMember {
  member: string;
  operation?: string | undefined;
  reason: string;
}

export interface RecordingRunInfo {
  target: string;
  endpoint: string;
  region: string;
  implementation: string | null;
  suiteVersion: string;
  /** When the recorded run started (ISO 8601). */
  recordedAt: string;
  runId: string;
  /** Prefix of every stream the run created: `<resourcePrefix>-<runId>-`. */
  resourcePrefix: string;
  seed: number;
  suites: string[];
  grep: string | null;
  nodeVersion: string;
}

export interface RecordedResult {
  id: string;
  status: Status;
  inconclusive?: true | undefined;
}

export interface Recording {
  format: typeof RECORDING_FORMAT;
  version: typeof RECORDING_VERSION;
  runInfo: RecordingRunInfo;
  normalization: {
    /** The text rules in force when recorded (harness/results/normalize.ts), for a reader. */
    textRules: Array<{ id: string; description: string }>;
    /** Members replaced wholesale by `<Name>` when recorded (normalize.ts VARYING_MEMBERS). */
    varyingMembers: string[];
    /** Further members whose value varies, compared for presence only; may be edited by hand. */
    varying: VaryingMember[];
  };
  /** The verdict of every result of the recorded run; `inconclusive`: an ERROR because a transient state ended too soon to probe. */
  results: RecordedResult[];
  units: RecordedUnit[];
}

export type DifferenceKind = 'changed' | 'added' | 'removed' | 'missing' | 'extra';

/** One way this run's answer differs from the recorded one, after normalization. */
export interface ReferenceDifference {
  /** The unit: a case id, `<case>/<step>` for a step of a behaviour case. */
  id: string;
  /** Which exchange and which part of its answer: `PutRecord#1 status`, `DescribeStream#1 body.StreamDescription.Shards[0]`. */
  path: string;
  /** added: only in this run's answer; removed: only in the recorded one; missing/extra: a whole exchange or unit. */
  kind: DifferenceKind;
  recorded?: unknown;
  actual?: unknown;
}

/** `reference` of results.json: this run judged against a recording. */
export interface ReferenceComparison {
  /** The recording's directory. */
  recording: string;
  recorded: Pick<RecordingRunInfo, 'target' | 'endpoint' | 'region' | 'implementation' | 'suiteVersion' | 'recordedAt' | 'runId'>;
  /** Units compared (present in both runs), and how many of them differ. */
  compared: number;
  differing: number;
  /** Units not compared because their case was inconclusive in either run (its answers depend on timing then). */
  inconclusive: number;
  /** Differences beyond the per-unit bound, counted, not listed. */
  unlisted: number;
  /** What normalization replaced, rule by rule, on both sides (describeApplied). */
  normalizations: string[];
  /** The recording's varying members, as applied (`Operation.Member` or `Member`). */
  varying: string[];
  differences: ReferenceDifference[];
}
