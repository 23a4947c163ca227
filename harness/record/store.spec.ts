import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.ts';
import type { FileRun } from '../run/file-reporter.ts';
import type { CaseResult } from '../results/model.ts';
import { buildRecording, checkRecordDir, readRecording, recordingProblem, writeRecording } from './store.ts';

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'kc-recording-'));
}

const RUN_INFO = {
  target: 'kinesis-mock',
  endpoint: 'http://127.0.0.1:1/',
  region: 'us-east-1',
  implementation: null,
  suiteVersion: '0.1.0',
  recordedAt: '2026-12-01T00:00:00.000Z',
  runId: 'abc',
  resourcePrefix: 'kc',
  seed: 1,
  suites: ['smoke'],
  grep: null,
  nodeVersion: 'v20',
};

describe('recordings on disk', () => {
  it('refuses a missing directory, a directory without a recording, bad JSON and a wrong shape, each in one line', () => {
    const missing = join(dir(), 'nope');
    expect(() => readRecording(missing)).toThrow(new ConfigError(`--reference ${missing}: no such directory`));
    const empty = dir();
    expect(() => readRecording(empty)).toThrow(/no recording.json there/);
    writeFileSync(join(empty, 'recording.json'), '{');
    expect(() => readRecording(empty)).toThrow(/is not valid JSON/);
    writeFileSync(join(empty, 'recording.json'), JSON.stringify({ format: 'kinesis-conformance/recording' }));
    expect(() => readRecording(empty)).toThrow(/is not a recording: \(top\) must have required property/);
    for (const f of [() => readRecording(missing), () => readRecording(empty)]) expect(() => f()).toThrow(/^[^\n]+$/);
  });

  it('will not record over a recording', async () => {
    const d = dir();
    checkRecordDir(d);
    const results: CaseResult[] = [{ id: 'smoke/x', operation: null, member: null, rule: 'r', status: 'ERROR', message: 'inconclusive: too short', durationMs: 1, suite: 'smoke', ref: null, rules: [] }];
    const files: FileRun[] = [
      {
        file: 'suites/smoke/x.test.ts',
        durationMs: 5,
        footprint: {
          streamsCreated: 0,
          shardSeconds: 0,
          callsPerOperation: {},
          encryptionCallsPerStream: {},
          kmsKeysCreated: 0,
          recorded: { units: [{ unit: '#hooks', kind: 'hooks', exchanges: [] }, { unit: 'smoke/x', kind: 'case', exchanges: [] }] },
        },
      },
    ];
    const recording = buildRecording(RUN_INFO, results, files);
    expect(recordingProblem(recording)).toBeNull();
    expect(recording.units.map((u) => u.unit)).toEqual(['smoke/x', 'suites/smoke/x.test.ts#hooks']);
    expect(recording.results).toEqual([{ id: 'smoke/x', status: 'ERROR', inconclusive: true }]);
    await writeRecording(d, recording);
    expect(readRecording(d)).toEqual(recording);
    expect(() => checkRecordDir(d)).toThrow(/already holds a recording/);
    const file = join(dir(), 'f');
    writeFileSync(file, '');
    expect(() => checkRecordDir(file)).toThrow(/is not a directory/);
  });
});
