import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { ConfigError } from '../errors.ts';
import { PACKAGE_ROOT } from '../paths.ts';
import type { CaseResult } from '../results/model.ts';
import { TEXT_RULES, VARYING_MEMBERS } from '../results/normalize.ts';
import { isInconclusiveMessage } from '../results/classify.ts';
import type { FileRun } from '../run/file-reporter.ts';
import { writeAtomic } from '../report/atomic.ts';
import { HOOKS_UNIT, RECORDING_FILE, RECORDING_FORMAT, RECORDING_VERSION, type RecordedResult, type Recording, type RecordingRunInfo, type RecordedUnit, type VaryingMember } from './format.ts';
import { documentValidator } from '../spec/compiled-schemas.ts';

export const RECORDING_SCHEMA_PATH = join(PACKAGE_ROOT, 'specs', 'recording.schema.json');

/**
 * Members whose value legitimately varies beyond normalize.ts's VARYING_MEMBERS, written into every
 * new recording (which may then be edited): each says why.
 */
export const DEFAULT_VARYING: readonly VaryingMember[] = [
  { member: 'MillisBehindLatest', operation: 'GetRecords', reason: 'how far the reader is behind the newest record: depends on when the records were written and read' },
  // The account is shared by the test files running at the same time: what it lists or counts depends on them.
  { member: 'StreamNames', operation: 'ListStreams', reason: "the account's streams at that moment: other test files create and delete theirs at the same time" },
  { member: 'StreamSummaries', operation: 'ListStreams', reason: "the account's streams at that moment: other test files create and delete theirs at the same time" },
  { member: 'HasMoreStreams', operation: 'ListStreams', reason: "whether the account's streams at that moment fill a page" },
  { member: 'OpenShardCount', operation: 'DescribeLimits', reason: "the account's open shards at that moment, shared with the other test files" },
  { member: 'OnDemandStreamCount', operation: 'DescribeLimits', reason: "the account's on-demand streams at that moment, shared with the other test files" },
];

let validator: ValidateFunction | undefined;
function validateRecording(): ValidateFunction {
  validator ??= documentValidator(RECORDING_SCHEMA_PATH);
  return validator;
}

/** The problem with a recording's content, or null: the schema's first complaint, with where. */
export function recordingProblem(data: unknown): string | null {
  const validate = validateRecording();
  if (validate(data)) return null;
  const e = validate.errors?.[0];
  return e ? `${e.instancePath || '(top)'} ${e.message ?? 'is invalid'}` : 'is invalid';
}

/** Reads and validates `<dir>/recording.json`; anything wrong is one ConfigError line. */
export function readRecording(dir: string, option = '--reference'): Recording {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ConfigError(`${option} ${dir}: no such directory`);
  const path = join(dir, RECORDING_FILE);
  if (!existsSync(path)) throw new ConfigError(`${option} ${dir}: no ${RECORDING_FILE} there (make one with run --record DIR)`);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${option} ${dir}: ${RECORDING_FILE} is not valid JSON: ${(error as Error).message}`);
  }
  const problem = recordingProblem(data);
  if (problem) throw new ConfigError(`${option} ${dir}: ${RECORDING_FILE} is not a recording: ${problem}`);
  return data as Recording;
}

/** `--record DIR` must not overwrite a recording (checked before the run starts). */
export function checkRecordDir(dir: string): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new ConfigError(`--record ${dir}: exists and is not a directory`);
  if (existsSync(join(dir, RECORDING_FILE))) throw new ConfigError(`--record ${dir}: already holds a recording; choose another directory`);
}

/** The units of a run's files, hooks keyed by their file so they stay apart. */
export function unitsOf(files: readonly FileRun[]): RecordedUnit[] {
  const units: RecordedUnit[] = [];
  for (const f of files) {
    for (const u of f.footprint?.recorded?.units ?? []) {
      units.push({ ...u, unit: u.unit === HOOKS_UNIT ? `${f.file}${HOOKS_UNIT}` : u.unit, file: f.file });
    }
  }
  return units.sort((a, b) => (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0));
}

/** A run's verdicts as a recording keeps them. */
export function recordedResults(results: readonly CaseResult[]): RecordedResult[] {
  return results.map((r) => (isInconclusiveMessage(r.message) ? { id: r.id, status: r.status, inconclusive: true } : { id: r.id, status: r.status }));
}

export function buildRecording(runInfo: RecordingRunInfo, results: readonly CaseResult[], files: readonly FileRun[], varying: readonly VaryingMember[] = DEFAULT_VARYING): Recording {
  return {
    format: RECORDING_FORMAT,
    version: RECORDING_VERSION,
    runInfo,
    normalization: {
      textRules: TEXT_RULES.map((r) => ({ id: r.id, description: r.description })),
      varyingMembers: [...VARYING_MEMBERS].sort(),
      varying: varying.map((v) => ({ ...v })),
    },
    results: recordedResults(results),
    units: unitsOf(files),
  };
}

/** Writes `<dir>/recording.json` whole or not at all. */
export async function writeRecording(dir: string, recording: Recording): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, RECORDING_FILE);
  await writeAtomic(path, `${JSON.stringify(recording, null, 1)}\n`);
  return path;
}
