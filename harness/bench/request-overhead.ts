import { Agent as HttpAgent } from 'node:http';
import { DescribeStreamSummaryCommand, KinesisClient as SdkKinesisClient, ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { Agent, request } from 'undici';
import { errorBodyOf } from '../checks/aws-error.ts';
import { expectErrorType, expectSuccess } from '../checks/expect.ts';
import { Footprint } from '../fixtures/footprint.ts';
import { JSON_CONTENT_TYPE, KINESIS_TARGET_PREFIX, KinesisClient, observeAllExchanges } from '../transport/client.ts';
import type { Credentials } from '../transport/credentials.ts';
import type { Exchange } from '../transport/exchange.ts';
import { signRequest } from '../transport/sign.ts';
import { summarize, type Summary } from './stats.ts';

export const CLIENTS = ['bare-undici', 'harness', 'sdk'] as const;
export type ClientName = (typeof CLIENTS)[number];

/** One call sent the same way by every client, with the answer each must check. */
export interface BenchCall {
  label: string;
  operation: 'ListStreams' | 'DescribeStreamSummary';
  body: Record<string, unknown>;
  /** Undefined: HTTP 200. Otherwise the error type of an HTTP 400. */
  errorType?: string;
}

export const ABSENT_STREAM = 'kc-bench-absent-stream';

export const BENCH_CALLS: readonly BenchCall[] = [
  { label: 'ListStreams {"Limit":1}', operation: 'ListStreams', body: { Limit: 1 } },
  { label: 'DescribeStreamSummary (absent)', operation: 'DescribeStreamSummary', body: { StreamName: ABSENT_STREAM }, errorType: 'ResourceNotFoundException' },
];

export interface OverheadOptions {
  endpoint: URL;
  region: string;
  credentials: Credentials;
  /** Measured requests per client and call. */
  requests: number;
  warmup: number;
  /** The measured requests are spread over this many rounds, the clients taking turns, so drift on a shared machine hits all alike. */
  rounds: number;
}

export interface CallFigures {
  call: string;
  perClient: Record<ClientName, Summary>;
}

type Sender = () => Promise<void>;

// The harness's own pool settings (harness/transport/client.ts), so the comparison is of everything but the pool.
const agentSettings = { keepAliveTimeout: 10_000, connections: 16, allowH2: false } as const;

/** (a) The same bytes and headers, signed once, posted with undici: the floor for any undici client. */
async function bareSender(opts: OverheadOptions, call: BenchCall, agent: Agent): Promise<Sender> {
  const body = new TextEncoder().encode(JSON.stringify(call.body));
  const url = new URL('/', opts.endpoint);
  const headers = await signRequest(
    { method: 'POST', url, headers: { 'content-type': JSON_CONTENT_TYPE, 'x-amz-target': `${KINESIS_TARGET_PREFIX}.${call.operation}` }, body },
    { region: opts.region, service: 'kinesis' },
    opts.credentials,
  );
  const status = call.errorType ? 400 : 200;
  return async () => {
    const res = await request(url, { method: 'POST', headers, body, dispatcher: agent });
    await res.body.arrayBuffer();
    if (res.statusCode !== status) throw new Error(`bare undici ${call.operation}: HTTP ${res.statusCode}, expected ${status}`);
  };
}

/** (b) What a case does: KinesisClient.call (sign, capture, redact, notify) and the standard checks. */
function harnessSender(kinesis: KinesisClient, call: BenchCall): Sender {
  return async () => {
    const res = await kinesis.call(call.operation, call.body);
    errorBodyOf(res);
    if (call.errorType) expectErrorType(res, { type: call.errorType, status: 400 });
    else expectSuccess(res, call.operation);
  };
}

/** (c) @aws-sdk/client-kinesis over HTTP/1.1 (NodeHttpHandler), keep-alive, same pool size. */
function sdkSender(sdk: SdkKinesisClient, call: BenchCall): Sender {
  if (!call.errorType) {
    return async () => {
      await sdk.send(new ListStreamsCommand({ Limit: call.body['Limit'] as number }));
    };
  }
  return async () => {
    try {
      await sdk.send(new DescribeStreamSummaryCommand({ StreamName: call.body['StreamName'] as string }));
    } catch (error) {
      if ((error as Error).name === call.errorType) return;
      throw error;
    }
    throw new Error(`SDK ${call.operation}: succeeded, expected ${call.errorType}`);
  };
}

async function timeEach(send: Sender, count: number, into: number[] | null): Promise<void> {
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await send();
    const ms = performance.now() - t0;
    into?.push(ms);
  }
}

/**
 * N sequential requests per client and call, after a warm-up. The harness client is set up as in a
 * run (a bounded exchange buffer per file, a footprint counting every exchange).
 */
export async function measureOverhead(opts: OverheadOptions): Promise<CallFigures[]> {
  const agent = new Agent(agentSettings);
  const kept: Exchange[] = [];
  const kinesis = new KinesisClient({
    endpoint: opts.endpoint,
    region: opts.region,
    credentials: opts.credentials,
    onExchange: (e) => {
      kept.push(e);
      if (kept.length > 25) kept.shift();
    },
  });
  const footprint = new Footprint();
  const unobserve = observeAllExchanges((e) => footprint.record(e));
  const sdk = new SdkKinesisClient({
    endpoint: opts.endpoint.toString(),
    region: opts.region,
    credentials: { ...opts.credentials },
    requestHandler: new NodeHttpHandler({ httpAgent: new HttpAgent({ keepAlive: true, maxSockets: agentSettings.connections }) }),
  });
  try {
    const figures: CallFigures[] = [];
    for (const call of BENCH_CALLS) {
      const senders: Record<ClientName, Sender> = {
        'bare-undici': await bareSender(opts, call, agent),
        harness: harnessSender(kinesis, call),
        sdk: sdkSender(sdk, call),
      };
      const samples: Record<ClientName, number[]> = { 'bare-undici': [], harness: [], sdk: [] };
      for (const name of CLIENTS) await timeEach(senders[name], opts.warmup, null);
      const perRound = Math.ceil(opts.requests / opts.rounds);
      for (let round = 0; round < opts.rounds; round++) {
        // Rotate who goes first, so no client always follows the same one.
        const order = CLIENTS.map((_, i) => CLIENTS[(i + round) % CLIENTS.length]!);
        for (const name of order) await timeEach(senders[name], Math.min(perRound, opts.requests - samples[name].length), samples[name]);
      }
      figures.push({
        call: call.label,
        perClient: { 'bare-undici': summarize(samples['bare-undici']), harness: summarize(samples.harness), sdk: summarize(samples.sdk) },
      });
    }
    return figures;
  } finally {
    // Pools first: kinesis-mock takes ~30 s to stop while a keep-alive socket is open.
    unobserve();
    sdk.destroy();
    await Promise.all([agent.close(), kinesis.close()]);
  }
}
