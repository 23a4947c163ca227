import { createRequire } from 'node:module';
import type { Server } from 'node:http';
import { LOCAL_CREDENTIALS } from '../transport/credentials.ts';
import { embeddedTarget } from './descriptor.ts';
import { EMULATOR_BOUNDS, type RunningTarget } from './target.ts';

const require = createRequire(import.meta.url);

export const KINESALITE_TARGET = embeddedTarget({
  name: 'kinesalite',
  description: 'embedded: kinesalite in this process, on loopback',
  // Its shortest configured phase: UPDATING, 300 ms (startKinesalite's default).
  bounds: { ...EMULATOR_BOUNDS, shortestPhaseMs: 300 },
  selfCheckable: true,
  start: () => startKinesalite(),
});

export interface KinesaliteOptions {
  streamTransitionMs?: number;
  updateTransitionMs?: number;
}

type KinesaliteFactory = (options: Record<string, unknown>) => Server;

/** Starts kinesalite in this process on a free loopback port. */
export async function startKinesalite(options: KinesaliteOptions = {}): Promise<RunningTarget> {
  const kinesalite = require('kinesalite') as KinesaliteFactory;
  const version = (require('kinesalite/package.json') as { version: string }).version;
  const server = kinesalite({
    createStreamMs: options.streamTransitionMs ?? 400,
    deleteStreamMs: options.streamTransitionMs ?? 400,
    updateStreamMs: options.updateTransitionMs ?? 300,
    // Its default account limit (10 open shards) is below what the suites' parallel files hold open at
    // once; kinesis-mock's default is 50. A case about the limit reads it from DescribeLimits.
    shardLimit: 100,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  let closed: Promise<void> | undefined;
  return {
    info: {
      name: KINESALITE_TARGET.name,
      endpoint: `http://127.0.0.1:${port}/`,
      region: 'us-east-1',
      implementation: `kinesalite ${version}`,
      embedded: true,
      isAws: false,
      bounds: KINESALITE_TARGET.bounds,
    },
    credentials: LOCAL_CREDENTIALS,
    deathReason: () => (server.listening || closed ? null : 'kinesalite server is no longer listening'),
    stop() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      });
      return closed;
    },
  };
}
