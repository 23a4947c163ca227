import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.ts';
import { PACKAGE_ROOT } from '../paths.ts';
import { cleanEnv } from './cli-harness.ts';
import { parseSelfCheckArgs, selectFaults, selfCheckCommand, SELF_CHECK_USAGE } from './self-check.ts';

const capture = () => {
  const lines: string[] = [];
  return { lines, io: { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l), progress: () => {}, env: cleanEnv(), cwd: PACKAGE_ROOT } };
};

describe('self-check arguments', () => {
  it('rejects unknown faults, unknown suites and AWS, with one line', async () => {
    expect(() => parseSelfCheckArgs(['--fault', 'no.such-fault'])).toThrow(ConfigError);
    expect(() => parseSelfCheckArgs(['--suite', 'nope'])).toThrow(/unknown suite 'nope'/);
    expect(() => parseSelfCheckArgs(['--target', 'aws'])).toThrow(/cannot re-sign/);
    expect(() => parseSelfCheckArgs(['--bogus'])).toThrow(ConfigError);
    const { lines, io } = capture();
    // Refused before anything is started or reached: no network in this test.
    const code = await selfCheckCommand(parseSelfCheckArgs(['--endpoint', 'https://kinesis.us-east-1.amazonaws.com']), io);
    expect(code).toBe(2);
    expect(lines).toEqual([
      'kinesis-conformance self-check: kinesis.us-east-1.amazonaws.com is AWS: self-check breaks answers on purpose and cannot re-sign requests for AWS',
    ]);
  });

  it('offers only the targets it can break answers of', () => {
    // Written for any registry that holds the two emulators and AWS (a new target changes the lists).
    expect(() => parseSelfCheckArgs(['--target', 'dynamo'])).toThrow(/^unknown target 'dynamo': use kinesis-mock(, | or )kinesalite[^']*, or --endpoint URL$/);
    expect(() => parseSelfCheckArgs(['--target', 'dynamo'])).not.toThrow(/aws/);
    expect(() => parseSelfCheckArgs(['--target', 'aws'])).toThrow(
      /^self-check breaks answers on purpose and cannot re-sign requests for AWS: use kinesis-mock, kinesalite.* or a non-AWS --endpoint$/,
    );
    expect(() => parseSelfCheckArgs(['--target', 'kinesalite', '--endpoint', 'http://127.0.0.1:1/'])).toThrow(/cannot be combined with --endpoint/);
    expect(parseSelfCheckArgs(['--target', 'kinesalite']).target).toBe('kinesalite');
    expect(SELF_CHECK_USAGE).toMatch(/^ {2}--target NAME {7}where to run \(default: kinesis-mock\):\n {24}kinesis-mock {2}embedded: .*\n {24}kinesalite {4}embedded: /m);
    expect(SELF_CHECK_USAGE).not.toMatch(/^ +aws /m);
  });

  it('--suite narrows each fault to that suite and drops faults judged elsewhere', () => {
    const faults = selectFaults(parseSelfCheckArgs(['--suite', 'smoke']));
    expect(faults.length).toBeGreaterThan(0);
    for (const f of faults) expect(f.suites.every((s) => s.suite === 'smoke')).toBe(true);
    expect(selectFaults(parseSelfCheckArgs(['--fault', 'protocol.request-id-dropped', '--suite', 'smoke']))).toEqual([]);
  });
});
