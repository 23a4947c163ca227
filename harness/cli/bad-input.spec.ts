import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../targets/free-port.ts';
import { cleanEnv, runCli } from './cli-harness.ts';

/** One clear line on stderr, exit 2, and no report directory left behind. */
async function expectConfigError(args: string[], pattern: RegExp, env = cleanEnv()) {
  const dir = join(mkdtempSync(join(tmpdir(), 'kc-bad-')), 'report');
  const run = await runCli([...args, '--report-dir', dir], { env });
  expect(run.code, run.stderr).toBe(2);
  const lines = run.stderr.trim().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^kinesis-conformance: /);
  expect(lines[0]).toMatch(pattern);
  expect(existsSync(dir)).toBe(false);
}

describe('bad input to the CLI', () => {
  it('unknown target', () => expectConfigError(['run', '--target', 'dynamo'], /unknown target 'dynamo'/));
  it('unknown option', () => expectConfigError(['run', '--frobnicate'], /Unknown option '--frobnicate'/));
  it('unknown command', () => runCli(['walk']).then((r) => expect([r.code, r.stderr.trim()]).toEqual([2, "kinesis-conformance: unknown command 'walk' (try --help)"])));
  it('malformed endpoint URL', () => expectConfigError(['run', '--endpoint', 'not a url'], /malformed endpoint URL/));
  it('endpoint with an unsupported scheme', () => expectConfigError(['run', '--endpoint', 'ftp://127.0.0.1:21/'], /http:\/\/ or https:\/\//));
  it('unreachable endpoint', async () => {
    const port = await freePort();
    await expectConfigError(['run', '--endpoint', `http://127.0.0.1:${port}/`], /unreachable \(ECONNREFUSED\)/);
  });
  it('malformed AWS_ENDPOINT_URL_KINESIS', () => expectConfigError(['run'], /malformed endpoint URL/, cleanEnv({ AWS_ENDPOINT_URL_KINESIS: '::nope' })));
  it('unknown suite', () => expectConfigError(['run', '--suite', 'nope'], /unknown suite 'nope': available: .*smoke/));
  it('bad seed', () => expectConfigError(['run', '--seed=-4'], /--seed takes a whole number/));
  it('bad budget', () => expectConfigError(['run', '--budget', 'huge'], /--budget takes quick or deep/));
  it('emulator target combined with an endpoint', () => expectConfigError(['run', '--target', 'kinesalite', '--endpoint', 'http://127.0.0.1:1/'], /cannot be combined/));
  it('aws without a region', () => expectConfigError(['run', '--target', 'aws', '--allow-billable'], /needs a region/));
  it('aws without the billable opt-in', () => expectConfigError(['run', '--target', 'aws', '--region', 'eu-west-1'], /real AWS endpoint.*--allow-billable/));
  it('an amazonaws.com endpoint without the billable opt-in', () =>
    expectConfigError(['run', '--endpoint', 'https://kinesis.us-east-2.amazonaws.com'], /real AWS endpoint/));
  it('aws without credentials', () => {
    // An empty HOME (no profile files) and no instance metadata: the chain has nothing to find.
    const home = mkdtempSync(join(tmpdir(), 'kc-home-'));
    return expectConfigError(
      ['run', '--target', 'aws', '--region', 'eu-west-1', '--allow-billable'],
      /no usable AWS credentials/,
      cleanEnv({ HOME: home, AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: join(home, 'none'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'none') }),
    );
  });
  it('expired session credentials', () => {
    const home = mkdtempSync(join(tmpdir(), 'kc-home-'));
    return expectConfigError(
      ['run', '--target', 'aws', '--region', 'eu-west-1', '--allow-billable'],
      /expired/,
      cleanEnv({
        HOME: home,
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_ACCESS_KEY_ID: 'AKIAEXPIREDEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'expired-secret-example',
        AWS_SESSION_TOKEN: 'expired-token',
        AWS_CREDENTIAL_EXPIRATION: '2020-01-01T00:00:00Z',
      }),
    );
  });
  it('a malformed baseline file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kc-base-'));
    const file = join(dir, 'b.json');
    await import('node:fs/promises').then((fs) => fs.writeFile(file, '{"target": "x", "expectations": {"a": {"status": "MAYBE"}}}'));
    await expectConfigError(['run', '--target', 'kinesalite', '--baseline', file], /entry 'a' needs a status/);
  });
  it('--help prints usage and exits 0', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: kinesis-conformance/);
    expect(run.stdout).toMatch(/--target NAME/);
  });
  it('writes nothing under reports/runs for a rejected run', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'kc-cwd-'));
    const run = await runCli(['run', '--target', 'nope'], { cwd });
    expect(run.code).toBe(2);
    expect(readdirSync(cwd)).toEqual([]);
  });
});
