import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import formatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import schema from '../results/results.schema.json' with { type: 'json' };
import type { Baseline } from '../results/baseline.ts';
import type { RunResults } from '../results/model.ts';
import { BASELINES_DIR } from '../paths.ts';
import { ENDPOINT_TARGET } from '../targets/endpoint.ts';
import { REGISTRY } from '../targets/index.ts';
import { startKinesalite } from '../targets/kinesalite.ts';
import { embeddedTargets } from '../targets/registry.ts';
import { startKinesisMock } from '../targets/kinesis-mock.ts';
import { listStreamsWithPrefix } from '../fixtures/sweep.ts';
import { DEFAULT_RESOURCE_PREFIX, newRunId } from '../run-context.ts';
import { KinesisClient } from '../transport/client.ts';
import { LOCAL_CREDENTIALS } from '../transport/credentials.ts';
import { cleanEnv, runCli } from './cli-harness.ts';

const ajv = new Ajv({ allErrors: true });
// ajv-formats is CommonJS: under NodeNext its default export is the module object.
const addFormats = ((formatsModule as unknown as { default?: unknown }).default ?? formatsModule) as (ajv: Ajv) => Ajv;
addFormats(ajv);
const validateResults = ajv.compile(schema);

function reportDir(): string {
  return join(mkdtempSync(join(tmpdir(), 'kc-e2e-')), 'report');
}

function readResults(dir: string): RunResults {
  const data = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults;
  expect(validateResults(data), ajv.errorsText(validateResults.errors)).toBe(true);
  return data;
}

/** The run's streams (by prefix) that are neither DELETING nor gone, with their status. */
async function streamsNotDeleted(kinesis: KinesisClient, prefix: string): Promise<string[]> {
  const statuses = await Promise.all(
    (await listStreamsWithPrefix(kinesis, prefix)).map(async (name) => {
      const res = await kinesis.call('DescribeStreamSummary', { StreamName: name });
      return `${name}: ${(res.json as { StreamDescriptionSummary?: { StreamStatus?: string } }).StreamDescriptionSummary?.StreamStatus ?? 'gone'}`;
    }),
  );
  return statuses.filter((s) => !s.endsWith(': DELETING') && !s.endsWith(': gone'));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('the run command, end to end', () => {
  for (const { name: target } of embeddedTargets(REGISTRY)) {
    it(`runs the smoke suite against embedded ${target} and judges it by the committed baseline`, async () => {
      const dir = reportDir();
      const run = await runCli(['run', '--target', target, '--suite', 'smoke', '--report-dir', dir, '--seed', '42']);
      expect(run.code, run.stderr).toBe(0);
      const results = readResults(dir);
      expect(results.runInfo).toMatchObject({ target, seed: 42, suites: ['smoke'] });
      expect(results.runInfo.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(results.results.filter((r) => r.suite === 'smoke').map((r) => r.id)).toEqual(['smoke/describe-unknown-stream', 'smoke/stream-lifecycle']);
      // The derived output-shape results: one per operation that answered 200.
      expect(results.results.filter((r) => r.suite === 'shape').map((r) => r.id)).toContain('shape/DescribeStreamSummary/output');
      expect(results.judgement.unexpected).toEqual([]);
      const lifecycle = results.results.find((r) => r.id === 'smoke/stream-lifecycle')!;
      expect(lifecycle.timeline?.map((e) => e.state)).toContain('ACTIVE');
      expect(run.stdout.trim().split('\n')).toEqual([`report: ${join(dir, 'results.json')}`, `report: ${join(dir, 'report.html')}`]);
    });
  }

  it('runs against a separately started emulator given by --endpoint', async () => {
    const emulator = await startKinesalite();
    try {
      const dir = reportDir();
      const run = await runCli(['run', '--endpoint', emulator.info.endpoint, '--suite', 'smoke', '--report-dir', dir]);
      const results = readResults(dir);
      expect(results.runInfo).toMatchObject({ target: 'endpoint', endpoint: emulator.info.endpoint });
      expect(results.results.filter((r) => r.suite === 'smoke').length).toBe(2);
      // No baseline for an arbitrary endpoint: judged against AWS's behaviour alone.
      expect(results.judgement.baseline).toBeNull();
      expect(run.code).toBe(results.judgement.unexpected.length === 0 ? 0 : 1);
    } finally {
      await emulator.stop();
    }
  });

  it('takes the endpoint from AWS_ENDPOINT_URL_KINESIS', async () => {
    const emulator = await startKinesalite();
    try {
      const dir = reportDir();
      await runCli(['run', '--suite', 'smoke', '--report-dir', dir], { env: cleanEnv({ AWS_ENDPOINT_URL_KINESIS: emulator.info.endpoint }) });
      expect(readResults(dir).runInfo.endpoint).toBe(emulator.info.endpoint);
    } finally {
      await emulator.stop();
    }
  });

  it('a target that dies mid-run gives ERROR results, never PASS, and the run ends', async () => {
    const emulator = await startKinesalite();
    const dir = reportDir();
    let killed = false;
    const run = await runCli(['run', '--endpoint', emulator.info.endpoint, '--suite', 'smoke', '--report-dir', dir], {
      onStderr: (chunk) => {
        // The banner is printed once the target was reached and before any case starts.
        if (!killed && chunk.includes(', seed ')) {
          killed = true;
          void emulator.stop();
        }
      },
    });
    expect(killed).toBe(true);
    expect(run.code).toBe(1);
    const results = readResults(dir);
    expect(results.results.length).toBeGreaterThan(0);
    expect(results.results.every((r) => r.status === 'ERROR'), JSON.stringify(results.results.map((r) => [r.id, r.status]))).toBe(true);
    expect(results.results[0]!.message).toMatch(/connect/);
  });

  it('leaves no trace of canary credentials in any file written or anything printed', async () => {
    const secret = 'CANARYsecretKEY0000000000000000000000000';
    const token = 'CANARYsessionTOKEN000000000000000000000000000';
    const emulator = await startKinesisMock();
    try {
      const dir = reportDir();
      const run = await runCli(['run', '--endpoint', emulator.info.endpoint, '--suite', 'smoke', '--report-dir', dir], {
        env: cleanEnv({ AWS_ACCESS_KEY_ID: '000000000000', AWS_SECRET_ACCESS_KEY: secret, AWS_SESSION_TOKEN: token }),
      });
      const results = readResults(dir);
      // kinesis-mock's not-found text differs from AWS's, so a failing case with captured exchanges exists.
      const failing = results.results.filter((r) => r.exchanges && r.exchanges.length > 0);
      expect(failing.length).toBeGreaterThan(0);
      expect(JSON.stringify(failing[0]!.exchanges)).toMatch(/Signature=<redacted>/);
      const everything = [run.stdout, run.stderr, ...filesUnder(dir).map((f) => readFileSync(f, 'utf8'))].join('\n');
      expect(everything).not.toContain(secret);
      expect(everything).not.toContain(token);
      expect(everything).not.toMatch(/Signature=[0-9a-f]{64}/);
    } finally {
      await emulator.stop();
    }
  });

  it('a run interrupted with SIGINT while its streams exist leaves none behind', async () => {
    const emulator = await startKinesisMock();
    const kinesis = new KinesisClient({ endpoint: new URL(emulator.info.endpoint), region: emulator.info.region, credentials: LOCAL_CREDENTIALS });
    try {
      const dir = reportDir();
      let prefix: string | undefined;
      let sawStream = false;
      const run = runCli(['run', '--endpoint', emulator.info.endpoint, '--suite', 'smoke', '--report-dir', dir], {
        onStderr: (chunk) => {
          const m = /run ([0-9a-z]+), target/.exec(chunk);
          if (m) prefix = `kc-${m[1]}-`;
        },
        onSpawn: (child) => {
          // Interrupt as soon as the run has a stream on the target: "halfway" by construction.
          const poll = setInterval(() => {
            if (!prefix) return;
            void listStreamsWithPrefix(kinesis, prefix).then((names) => {
              if (names.length > 0 && !sawStream) {
                sawStream = true;
                clearInterval(poll);
                child.kill('SIGINT');
              }
            });
          }, 20);
          child.on('close', () => clearInterval(poll));
        },
      });
      const done = await run;
      expect(sawStream, done.stderr).toBe(true);
      expect(done.code).toBe(130);
      expect(readResults(dir).runInfo.aborted).toBe('interrupted by SIGINT');
      // A stream may still be DELETING; what matters is that every one was asked to go.
      expect(await streamsNotDeleted(kinesis, prefix!)).toEqual([]);
    } finally {
      await kinesis.close();
      await emulator.stop();
    }
  });

  it('a run interrupted with SIGINT while it has a consumer registered leaves no consumer behind', async () => {
    const emulator = await startKinesisMock();
    const kinesis = new KinesisClient({ endpoint: new URL(emulator.info.endpoint), region: emulator.info.region, credentials: LOCAL_CREDENTIALS });
    // The consumers registered on the run's streams, as listed while the run goes on.
    const consumersOf = async (prefix: string): Promise<string[]> => {
      const arns: string[] = [];
      for (const name of await listStreamsWithPrefix(kinesis, prefix)) {
        const summary = await kinesis.call('DescribeStreamSummary', { StreamName: name });
        const streamArn = (summary.json as { StreamDescriptionSummary?: { StreamARN?: string } } | undefined)?.StreamDescriptionSummary?.StreamARN;
        if (!streamArn) continue;
        const listed = await kinesis.call('ListStreamConsumers', { StreamARN: streamArn });
        for (const c of (listed.json as { Consumers?: Array<{ ConsumerARN: string }> } | undefined)?.Consumers ?? []) arns.push(c.ConsumerARN);
      }
      return arns;
    };
    try {
      const dir = reportDir();
      let prefix: string | undefined;
      const seen = new Set<string>();
      const run = runCli(['run', '--endpoint', emulator.info.endpoint, '--suite', 'fan-out', '--grep', 'fan-out/lifecycle/list-paging', '--report-dir', dir], {
        onStderr: (chunk) => {
          const m = /run ([0-9a-z]+), target/.exec(chunk);
          if (m) prefix = `kc-${m[1]}-`;
        },
        onSpawn: (child) => {
          // Interrupt as soon as a consumer of the run is registered: mid-case by construction.
          let busy = false;
          const poll = setInterval(() => {
            if (!prefix || busy || seen.size > 0) return;
            busy = true;
            void consumersOf(prefix)
              .then((arns) => {
                for (const arn of arns) seen.add(arn);
                if (seen.size > 0) {
                  clearInterval(poll);
                  child.kill('SIGINT');
                }
              })
              .finally(() => (busy = false));
          }, 20);
          child.on('close', () => clearInterval(poll));
        },
      });
      const done = await run;
      expect(seen.size, done.stderr).toBeGreaterThan(0);
      expect(done.code).toBe(130);
      expect(readResults(dir).runInfo.aborted).toBe('interrupted by SIGINT');
      // Every consumer seen is DELETING or gone (its stream deleted with EnforceConsumerDeletion).
      const left = await Promise.all(
        [...seen].map(async (arn) => {
          const res = await kinesis.call('DescribeStreamConsumer', { ConsumerARN: arn });
          const status = (res.json as { ConsumerDescription?: { ConsumerStatus?: string } } | undefined)?.ConsumerDescription?.ConsumerStatus;
          return status === undefined || status === 'DELETING' ? null : `${arn}: ${status}`;
        }),
      );
      expect(left.filter((s) => s !== null)).toEqual([]);
      // And no run stream is left undeleted, so no consumer can outlive it.
      expect(await streamsNotDeleted(kinesis, prefix!)).toEqual([]);
    } finally {
      await kinesis.close();
      await emulator.stop();
    }
  });

  it('sweep deletes only streams of runs older than the bound, and --dry-run deletes nothing', async () => {
    const emulator = await startKinesalite();
    const kinesis = new KinesisClient({ endpoint: new URL(emulator.info.endpoint), region: emulator.info.region, credentials: LOCAL_CREDENTIALS });
    try {
      const old = `kc-${(Date.now() - 2 * 3_600_000).toString(36)}abcd-case-x1`;
      const fresh = `kc-${Date.now().toString(36)}abcd-case-x2`;
      const foreign = 'kc-production-orders';
      for (const name of [old, fresh, foreign]) expect((await kinesis.call('CreateStream', { StreamName: name, ShardCount: 1 })).status).toBe(200);
      const dry = await runCli(['sweep', '--endpoint', emulator.info.endpoint, '--older-than', '1h', '--dry-run']);
      expect(dry.code, dry.stderr).toBe(0);
      expect(dry.stdout.trim()).toBe(`would delete ${old}`);
      expect((await listStreamsWithPrefix(kinesis, 'kc-')).sort()).toEqual([foreign, fresh, old].sort());
      const real = await runCli(['sweep', '--endpoint', emulator.info.endpoint, '--older-than', '1h']);
      expect(real.code, real.stderr).toBe(0);
      expect(real.stdout.trim()).toBe(`deleted ${old}`);
      const described = await kinesis.call('DescribeStreamSummary', { StreamName: old });
      const status = (described.json as { StreamDescriptionSummary?: { StreamStatus?: string } }).StreamDescriptionSummary?.StreamStatus ?? 'gone';
      expect(['DELETING', 'gone']).toContain(status);
    } finally {
      await kinesis.close();
      await emulator.stop();
    }
  });

  it('a baseline changed in one line makes the run fail, in either direction', async () => {
    const committed = JSON.parse(readFileSync(join(BASELINES_DIR, 'kinesis-mock.json'), 'utf8')) as Baseline;
    const id = 'smoke/describe-unknown-stream';
    expect(committed.expectations[id]?.status).toBe('FAIL');
    const dir = mkdtempSync(join(tmpdir(), 'kc-baseline-'));
    // 1. The deviation is no longer listed: the case is expected to PASS and FAILs.
    const without = structuredClone(committed);
    delete without.expectations[id];
    writeFileSync(join(dir, 'without.json'), JSON.stringify(without));
    // 2. A passing case is listed as failing: it now passes, which is news too.
    const extra = structuredClone(committed);
    extra.expectations['smoke/stream-lifecycle'] = { status: 'FAIL', reason: 'pretend' };
    writeFileSync(join(dir, 'extra.json'), JSON.stringify(extra));
    for (const [file, unexpected] of [
      ['without.json', { id, expected: 'PASS', actual: 'FAIL' }],
      ['extra.json', { id: 'smoke/stream-lifecycle', expected: 'FAIL', actual: 'PASS' }],
    ] as const) {
      const report = reportDir();
      const run = await runCli(['run', '--suite', 'smoke', '--baseline', join(dir, file), '--report-dir', report]);
      expect(run.code, run.stderr).toBe(1);
      expect(readResults(report).judgement.unexpected).toEqual([unexpected]);
    }
  });

  it('--dry-run sends nothing to the target and lists what the run would create and call', async () => {
    let requests = 0;
    const server = createServer((req, res) => {
      requests++;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const run = await runCli(['run', '--endpoint', `http://127.0.0.1:${port}/`, '--suite', 'smoke', '--dry-run']);
      expect(run.code, run.stderr).toBe(0);
      expect(requests).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^dry run: nothing was sent to 127\\.0\\.0\\.1:${port}`));
      expect(run.stdout).toMatch(/^streams created: 1 /m);
      expect(run.stdout).toMatch(/^ {2}CreateStream +1$/m);
      // What AWS bills or limits beyond shard-hours: smoke spends none of it; KMS keys come from smoke's case files (none).
      expect(run.stdout).toMatch(/^KMS keys: up to 0$/m);
      expect(run.stdout).toMatch(/^enhanced fan-out consumers registered: 0$/m);
      expect(run.stdout).toMatch(/^UpdateShardCount calls per stream: at most 0 /m);
    } finally {
      server.close();
    }
  });

  // The runs go at once, so the test lasts as long as the slower one: node, tsx and vitest starting
  // (2 s on the idle 2-core machine; 5 times that on a busy one), then smoke's cases, whose state waits
  // the run itself cuts off at the endpoint's state timeout (a TIMEOUT result, reported below). Past
  // that sum a run is stuck, not slow. Measured: 4 s for both runs idle, 12 s at load average 15.
  const PARALLEL_SMOKE_RUNS_MS = 5 * 2_000 + ENDPOINT_TARGET.bounds.stateTimeoutMs;

  it(
    'two runs in parallel against one target do not collide',
    async () => {
      // kinesalite in this process: one shared target with no start-up cost, on which smoke passes whole.
      const emulator = await startKinesalite();
      const kinesis = new KinesisClient({ endpoint: new URL(emulator.info.endpoint), region: emulator.info.region, credentials: LOCAL_CREDENTIALS });
      const status = async (name: string) => {
        const res = await kinesis.call('DescribeStreamSummary', { StreamName: name });
        return (res.json as { StreamDescriptionSummary?: { StreamStatus?: string } }).StreamDescriptionSummary?.StreamStatus ?? 'gone';
      };
      try {
        // A stream of a third run still going (fresh run id): present all through both runs, so a
        // clean-up that strays beyond its own run's prefix deletes it every time, not by timing.
        const bystander = `${DEFAULT_RESOURCE_PREFIX}-${newRunId()}-bystander`;
        expect((await kinesis.call('CreateStream', { StreamName: bystander, ShardCount: 1 })).status).toBe(200);
        // smoke: one case creates, waits for and deletes a stream of its run; the other names an absent one.
        const dirs = [reportDir(), reportDir()];
        const runs = await Promise.all(dirs.map((dir) => runCli(['run', '--endpoint', emulator.info.endpoint, '--suite', 'smoke', '--report-dir', dir])));
        expect(runs.map((r) => r.code), runs.map((r) => r.stderr).join('\n')).toEqual([0, 0]);
        const reports = dirs.map(readResults);
        expect(reports[0]!.runInfo.runId).not.toBe(reports[1]!.runInfo.runId);
        for (const report of reports) {
          // A stream deleted under the lifecycle case by the other run would make it FAIL or ERROR.
          const smoke = report.results.filter((r) => r.suite === 'smoke').map((r) => [r.id, r.status]);
          expect(smoke).toEqual([['smoke/describe-unknown-stream', 'PASS'], ['smoke/stream-lifecycle', 'PASS']]);
          expect(report.footprint?.streamsCreated).toBe(1);
          // Whatever a run left is at most on its way out.
          const left = await listStreamsWithPrefix(kinesis, `${DEFAULT_RESOURCE_PREFIX}-${report.runInfo.runId}-`);
          expect(await Promise.all(left.map(status))).toEqual(left.map(() => 'DELETING'));
        }
        expect(await status(bystander)).toBe('ACTIVE');
      } finally {
        await kinesis.close();
        await emulator.stop();
      }
    },
    PARALLEL_SMOKE_RUNS_MS,
  );

  it('shards of a run merge into one report with every case once', async () => {
    const dirs = [reportDir(), reportDir()];
    for (const [i, dir] of dirs.entries()) {
      const run = await runCli(['run', '--target', 'kinesalite', '--suite', 'protocol', '--shard', `${i + 1}/2`, '--report-dir', dir]);
      expect(run.code, run.stderr).toBe(0);
      expect(readResults(dir).runInfo.shard).toBe(`${i + 1}/2`);
    }
    // Case results are in one shard each; output-shape results (per operation) are combined.
    const cases = (d: string) => readResults(d).results.filter((r) => !r.id.startsWith('shape/'));
    const parts = dirs.map((d) => cases(d).length);
    expect(parts.every((n) => n > 0)).toBe(true);
    const out = reportDir();
    const merged = await runCli(['merge', ...dirs, '--out', out]);
    expect(merged.code, merged.stderr).toBe(0);
    const result = readResults(out);
    expect(result.results.filter((r) => !r.id.startsWith('shape/')).length).toBe(parts[0]! + parts[1]!);
    expect(new Set(result.results.map((r) => r.id)).size).toBe(result.results.length);
    expect(result.runInfo.shards).toEqual(['1/2', '2/2']);
    const again = await runCli(['merge', dirs[0]!, dirs[0]!, '--out', reportDir()]);
    expect([again.code, again.stderr.trim()]).toEqual([2, 'kinesis-conformance: a shard is given twice: 1/2, 1/2']);
  });
});
