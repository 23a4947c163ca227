// record → reference end to end, through the real command line, on both embedded targets.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import formatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import schema from '../results/results.schema.json' with { type: 'json' };
import type { RunResults } from '../results/model.ts';
import { startKinesisMock } from '../targets/kinesis-mock.ts';
import { cleanEnv, runCli } from '../cli/cli-harness.ts';
import { readRecording } from './store.ts';

const ajv = new Ajv({ allErrors: true });
const addFormats = ((formatsModule as unknown as { default?: unknown }).default ?? formatsModule) as (ajv: Ajv) => Ajv;
addFormats(ajv);
const validateResults = ajv.compile(schema);

const SELECTION = ['--suite', 'data-plane', '--grep', 'round-trip'];
const FIXTURES = join(import.meta.dirname, 'fixtures');

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'kc-reference-'));
}

function readResults(dir: string): RunResults {
  const data = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults;
  expect(validateResults(data), ajv.errorsText(validateResults.errors)).toBe(true);
  return data;
}

describe('run --record and --reference', () => {
  for (const target of ['kinesis-mock', 'kinesalite']) {
    it(`a reference run of ${target} against its own fresh recording finds no difference`, async () => {
      const dir = tmp();
      const recorded = await runCli(['run', '--target', target, ...SELECTION, '--record', join(dir, 'rec'), '--report-dir', join(dir, 'a')]);
      expect(recorded.stdout, recorded.stderr).toContain(`recording: ${join(dir, 'rec', 'recording.json')}`);
      const recording = readRecording(join(dir, 'rec'));
      expect(recording.runInfo).toMatchObject({ target, suites: ['data-plane'], grep: 'round-trip' });
      expect(recording.units.some((u) => u.kind === 'step' && u.exchanges.length > 0)).toBe(true);
      // The selection and seed come from the recording.
      const again = await runCli(['run', '--target', target, '--reference', join(dir, 'rec'), '--report-dir', join(dir, 'b')]);
      const results = readResults(join(dir, 'b'));
      expect(results.runInfo.seed).toBe(recording.runInfo.seed);
      expect(results.reference?.compared).toBeGreaterThan(5);
      expect(results.reference?.differences, again.stderr).toEqual([]);
      expect(again.stderr).toMatch(/reference: 0 of \d+ cases and steps answer differently/);
    });
  }

  it("judges kinesis-mock against kinesalite's recording: the engines' differences, in every report format, exit 1", async () => {
    const dir = tmp();
    const run = await runCli(['run', '--target', 'kinesis-mock', '--reference', join(FIXTURES, 'kinesalite'), '--report-dir', dir]);
    expect(run.code).toBe(1);
    const results = readResults(dir);
    expect(results.reference!.differing).toBeGreaterThan(0);
    expect(results.reference!.differences).toContainEqual(expect.objectContaining({ id: 'data-plane/round-trip/put-then-read/put', path: 'PutRecord#1 body.EncryptionType', kind: 'added' }));
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toMatch(/## Differences from the reference recording \(\d+\)/);
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toMatch(/<testsuite name="reference"[\s\S]*PutRecord#1 body\.EncryptionType \(added\)/);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('id="reference-differences"');
  });

  it('writes no secret key, session token or signature into a recording', async () => {
    const secret = 'CANARYsecretKEY0000000000000000000000000';
    const token = 'CANARYsessionTOKEN000000000000000000000000000';
    const emulator = await startKinesisMock();
    try {
      const dir = tmp();
      const run = await runCli(['run', '--endpoint', emulator.info.endpoint, '--suite', 'smoke', '--record', join(dir, 'rec'), '--report-dir', join(dir, 'r')], {
        env: cleanEnv({ AWS_ACCESS_KEY_ID: '000000000000', AWS_SECRET_ACCESS_KEY: secret, AWS_SESSION_TOKEN: token }),
      });
      const text = readFileSync(join(dir, 'rec', 'recording.json'), 'utf8');
      expect(text).toMatch(/Signature=<redacted>/);
      for (const written of [text, run.stdout, run.stderr]) {
        expect(written).not.toContain(secret);
        expect(written).not.toContain(token);
        expect(written).not.toMatch(/Signature=[0-9a-f]{64}/);
      }
    } finally {
      await emulator.stop();
    }
  });

  it('refuses a missing recording and a recording directory already used, in one line, writing nothing', async () => {
    const dir = tmp();
    const missing = await runCli(['run', '--target', 'kinesalite', '--reference', join(dir, 'none'), '--report-dir', join(dir, 'r')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toEqual([`kinesis-conformance: --reference ${join(dir, 'none')}: no such directory`]);
    const used = await runCli(['run', '--target', 'kinesalite', '--record', join(FIXTURES, 'kinesalite'), '--report-dir', join(dir, 'r')]);
    expect(used.code).toBe(2);
    expect(used.stderr).toMatch(/already holds a recording/);
    expect(existsSync(join(dir, 'r'))).toBe(false);
  });
});
