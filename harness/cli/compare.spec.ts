// `compare` on committed runs: compare-fixtures/same-a and same-b are a handful of results cut from
// two full runs of embedded kinesalite with the same seed (run ids mx57wzlrcd5c, mx57xgc3p7y7): the
// same behaviour, but other stream names, sequence numbers, timestamps, random payloads, stream
// lists and waits. Before the shared normalization, every one of them was listed as changed.
import { mkdtempSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResults } from '../results/model.ts';
import type { Io } from './io.ts';
import { main } from './main.ts';

const FIXTURES = join(import.meta.dirname, 'compare-fixtures');
const SAME_A = join(FIXTURES, 'same-a');
const SAME_B = join(FIXTURES, 'same-b');

function captureIo(cwd: string): Io & { stdout: string[] } {
  const stdout: string[] = [];
  return { stdout, out: (l) => stdout.push(l), err: (l) => stdout.push(`stderr: ${l}`), progress: () => {}, env: {}, cwd };
}

function runB(): RunResults {
  return JSON.parse(readFileSync(join(SAME_B, 'results.json'), 'utf8')) as RunResults;
}

/** Run B with `plant` applied, written to a fresh directory. */
async function planted(plant: (run: RunResults, byId: (id: string) => RunResults['results'][number]) => void): Promise<string> {
  const run = runB();
  plant(run, (id) => {
    const r = run.results.find((x) => x.id === id);
    if (!r) throw new Error(`no ${id} in the committed run`);
    return r;
  });
  const dir = join(mkdtempSync(join(tmpdir(), 'kc-compare-')), 'planted');
  await mkdir(dir);
  await writeFile(join(dir, 'results.json'), JSON.stringify(run));
  return dir;
}

const PUT_OVER_MAX = 'data-plane/round-trip/max-record-size/put-over-max';
const EMPTY_OUTPUT = 'protocol/response/empty-output/AddTagsToStream';
const LIFECYCLE = 'smoke/stream-lifecycle';

describe('kinesis-conformance compare on two runs of the same behaviour', () => {
  it('lists no entry at all, and exits 0', async () => {
    const a = JSON.parse(readFileSync(join(SAME_A, 'results.json'), 'utf8')) as RunResults;
    // The runs do differ in their raw text: run ids, and so names in messages.
    expect(a.runInfo.runId).not.toBe(runB().runInfo.runId);
    expect(a.results.map((r) => r.message)).not.toEqual(runB().results.map((r) => r.message));
    const io = captureIo(FIXTURES);
    expect(await main(['compare', 'same-a', 'same-b'], io)).toBe(0);
    expect(io.stdout.slice(2)).toEqual(['', '0 new failures, 0 fixed, 0 other changes, 0 added, 0 removed, 0 failing differently']);
  });
});

describe('kinesis-conformance compare with a planted change of each kind', () => {
  it('shows a status change, a changed failure and a changed observation, each in its section; exit 1 for the new failure', async () => {
    const dir = await planted((_, byId) => {
      Object.assign(byId(LIFECYCLE), { status: 'FAIL', message: 'DescribeStreamSummary: expected HTTP 200, got HTTP 400 {"__type":"UnknownOperationException"}' });
      byId(PUT_OVER_MAX).message = byId(PUT_OVER_MAX).message!.replace('got HTTP 200', 'got HTTP 413');
      byId(EMPTY_OUTPUT).observations = ['Content-Type of the empty answer: application/json'];
    });
    const io = captureIo(FIXTURES);
    expect(await main(['compare', SAME_A, dir], io)).toBe(1);
    const text = io.stdout.join('\n');
    expect(text).toContain(`new failures (1):\n  FAIL    ${LIFECYCLE} (was PASS): DescribeStreamSummary: expected HTTP 200, got HTTP 400`);
    expect(text).toContain(`failing differently (same status, the failure observed something else) (1):\n  FAIL    ${PUT_OVER_MAX}: PutRecord: expected HTTP 400, got HTTP 413`);
    expect(text).toContain(
      `observations changed (1; - only in A, + only in B):\n  PASS    ${EMPTY_OUTPUT}\n` +
        '      - Content-Type of the empty answer: application/x-amz-json-1.1\n' +
        '      + Content-Type of the empty answer: application/json',
    );
    expect(io.stdout.at(-1)).toBe('1 new failures, 0 fixed, 0 other changes, 0 added, 0 removed, 1 failing differently, 1 observations changed');
  });

  it('exits 0 when only what cases observed changed (the exit status follows statuses only)', async () => {
    const dir = await planted((_, byId) => {
      byId(PUT_OVER_MAX).message = byId(PUT_OVER_MAX).message!.replace('got HTTP 200', 'got HTTP 413');
      byId(EMPTY_OUTPUT).observations = [];
    });
    const io = captureIo(FIXTURES);
    expect(await main(['compare', SAME_A, dir], io)).toBe(0);
    expect(io.stdout.at(-1)).toBe('0 new failures, 0 fixed, 0 other changes, 0 added, 0 removed, 1 failing differently, 1 observations changed');
  });

  it('compares generated cases of runs with different seeds by status only, and says so', async () => {
    const dir = await planted((run, byId) => {
      run.runInfo.seed = 7;
      const v = byId('validation/ListStreams/NextToken/length.min/status');
      // Another seed sends other values, so gets other answers: here another page of streams.
      v.message = v.message!.replace('"HasMoreStreams":false', '"HasMoreStreams":true');
    });
    const io = captureIo(FIXTURES);
    expect(await main(['compare', SAME_A, dir], io)).toBe(0);
    expect(io.stdout).toContain('1 generated cases observed other values, not compared: the runs used different seeds (A 42, B 7); run B again with --seed 42 to compare them');
    expect(io.stdout.at(-1)).toBe('0 new failures, 0 fixed, 0 other changes, 0 added, 0 removed, 0 failing differently');
  });
});
