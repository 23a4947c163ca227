import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../errors.ts';
import { LOCAL_CREDENTIALS } from '../transport/credentials.ts';
import { embeddedTarget } from './descriptor.ts';
import { freePort } from './free-port.ts';
import { EMULATOR_BOUNDS, type RunningTarget } from './target.ts';

const require = createRequire(import.meta.url);
const PRELOAD = join(dirname(fileURLToPath(import.meta.url)), 'loopback-preload.cjs');

export const KINESIS_MOCK_TARGET = embeddedTarget({
  name: 'kinesis-mock',
  description: 'embedded: npm kinesis-local as a child process, on loopback',
  // Its shortest configured phase: CREATING/DELETING, 400 ms (startKinesisMock's default).
  bounds: { ...EMULATOR_BOUNDS, shortestPhaseMs: 400 },
  selfCheckable: true,
  // Its own Node process: a second instance takes half the self-check's requests off the first one's event loop.
  selfCheckInstances: 2,
  start: () => startKinesisMock(),
});

export interface KinesisMockOptions {
  /** CREATING/DELETING duration, ms. */
  streamTransitionMs?: number;
  /** UPDATING duration after Start/StopStreamEncryption and other updates, ms. */
  updateTransitionMs?: number;
  region?: string;
  startTimeoutMs?: number;
}

function durationEnv(opts: Required<Pick<KinesisMockOptions, 'streamTransitionMs' | 'updateTransitionMs'>>): Record<string, string> {
  const stream = `${opts.streamTransitionMs}ms`;
  const update = `${opts.updateTransitionMs}ms`;
  return {
    CREATE_STREAM_DURATION: stream,
    DELETE_STREAM_DURATION: stream,
    REGISTER_STREAM_CONSUMER_DURATION: stream,
    // kinesis-local 0.6.2 cross-wires these three (Start reads STOP_..., Stop reads DEREGISTER_...,
    // Deregister reads START_...): setting all three to one value makes every one of them right.
    START_STREAM_ENCRYPTION_DURATION: update,
    STOP_STREAM_ENCRYPTION_DURATION: update,
    DEREGISTER_STREAM_CONSUMER_DURATION: update,
    MERGE_SHARDS_DURATION: update,
    SPLIT_SHARD_DURATION: update,
    UPDATE_SHARD_COUNT_DURATION: update,
    UPDATE_STREAM_MODE_DURATION: update,
  };
}

/** The certificate kinesis-mock presents on its TLS port (server.json: { server: { key, cert } }). */
function certificateOf(serverJson: string): string | undefined {
  try {
    const cert = (JSON.parse(readFileSync(serverJson, 'utf8')) as { server?: { cert?: unknown } }).server?.cert;
    return typeof cert === 'string' ? cert : undefined;
  } catch {
    return undefined;
  }
}

async function waitHealthy(base: URL, child: ChildProcess, timeoutMs: number, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new ConfigError(`kinesis-mock exited during start-up (${child.exitCode ?? child.signalCode}): ${output().trim().split('\n').slice(-3).join(' | ')}`);
    }
    try {
      const res = await fetch(new URL('/healthcheck', base), { signal: AbortSignal.timeout(1_000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new ConfigError(`kinesis-mock did not answer /healthcheck within ${timeoutMs} ms`);
}

/** Starts kinesis-mock (npm kinesis-local) as a child process on free loopback ports. */
export async function startKinesisMock(options: KinesisMockOptions = {}): Promise<RunningTarget> {
  const mainJs = require.resolve('kinesis-local/main.js');
  const packageDir = dirname(mainJs);
  const version = (require('kinesis-local/package.json') as { version: string }).version;
  const [plainPort, tlsPort] = [await freePort(), await freePort()];
  const region = options.region ?? 'us-east-1';
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '',
    KINESIS_MOCK_CERT_PATH: join(packageDir, 'server.json'),
    KINESIS_MOCK_PLAIN_PORT: String(plainPort),
    KINESIS_MOCK_TLS_PORT: String(tlsPort),
    AWS_REGION: region,
    LOG_LEVEL: 'ERROR',
    KINESIS_CONFORMANCE_EXIT_WITH_PARENT: '1',
    ...durationEnv({ streamTransitionMs: options.streamTransitionMs ?? 400, updateTransitionMs: options.updateTransitionMs ?? 1_000 }),
  };
  // Only what we set: the user's AWS_* variables must not leak into the emulator's configuration.
  const child = spawn(process.execPath, ['-r', PRELOAD, mainJs], { cwd: packageDir, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  // Detached keeps Ctrl-C away from it; the parent must not wait for it either.
  child.unref();
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-8_192);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let death: string | null = null;
  let stopping = false;
  child.on('exit', (code, signal) => {
    if (!stopping) death = `kinesis-mock exited unexpectedly (${code ?? signal})`;
  });
  const endpoint = new URL(`http://127.0.0.1:${plainPort}/`);
  try {
    await waitHealthy(endpoint, child, options.startTimeoutMs ?? 30_000, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  let stopped: Promise<void> | undefined;
  return {
    info: {
      name: KINESIS_MOCK_TARGET.name,
      endpoint: endpoint.toString(),
      region,
      implementation: `kinesis-local ${version}`,
      embedded: true,
      isAws: false,
      bounds: KINESIS_MOCK_TARGET.bounds,
      // SubscribeToShard needs HTTP/2, which kinesis-mock serves only on its TLS port, with the
      // self-signed certificate of server.json: trusted there, and nowhere else.
      http2Endpoint: `https://127.0.0.1:${tlsPort}/`,
      http2Certificate: certificateOf(join(packageDir, 'server.json')),
    },
    credentials: LOCAL_CREDENTIALS,
    deathReason: () => death,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        stopping = true;
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      });
      return stopped;
    },
  };
}
