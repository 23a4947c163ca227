// The 25-per-24-hour limit (opt-in: it spends a stream's daily allowance) and AccessDeniedException
// (with an optional restricted-credentials profile).
import { afterAll } from 'vitest';
import { CallLedger, type CaseContext, declareJudged, declareScenario, describeResponse, errorBodyOf, fail, KINESIS_OWNED_KEY, KinesisClient, type Response, type RunWithRestricted, streamNameFor } from '../../harness/index.ts';
import { meta, START, STOP, SUCCESSES_PER_DAY, type EncryptionOperation } from './support.ts';

// --- LimitExceededException: Start/Stop pairs on a dedicated stream until the 26th Start.
const limitCase = meta('encryption/limit/start-25-per-24h');
declareScenario(
  limitCase,
  async (ctx) => {
    const ledger = new CallLedger();
    const stream = await ctx.streams.create('enc-limit');
    const body = { StreamARN: stream.arn, EncryptionType: 'KMS', KeyId: KINESIS_OWNED_KEY };
    const call = async (op: EncryptionOperation): Promise<Response> => {
      const res = await ctx.kinesis.call(op, body);
      ledger.count('limit', op, res.status);
      ctx.timeline.mark(`${op} #${ledger.ok('limit', op) + (res.status === 200 ? 0 : 1)} ${res.status}`);
      return res;
    };
    try {
      for (let n = 1; n <= SUCCESSES_PER_DAY + 1; n++) {
        const start = await call(START);
        if (errorBodyOf(start).type === 'LimitExceededException') {
          if (n <= SUCCESSES_PER_DAY) fail(`Start #${n} was refused with LimitExceededException, before the documented ${SUCCESSES_PER_DAY}: ${describeResponse(start)}`);
          ctx.observe(`Start #${n}: ${describeResponse(start)}`);
          return;
        }
        if (start.status !== 200) fail(`Start #${n} answered ${describeResponse(start)}`);
        if (n > SUCCESSES_PER_DAY) fail(`Start #${n} within 24 h on one stream answered 200; the documented limit is ${SUCCESSES_PER_DAY}`);
        await ctx.streams.waitForStatus(stream.name, 'ACTIVE', ctx.timeline);
        const stop = await call(STOP);
        if (stop.status !== 200) fail(`Stop #${n} answered ${describeResponse(stop)}`);
        await ctx.streams.waitForStatus(stream.name, 'ACTIVE', ctx.timeline);
      }
    } finally {
      for (const line of ledger.lines()) ctx.observe(line);
    }
  },
  // 26 Starts and 25 Stops, each followed by a transition.
  { timeoutMs: 60 * 60_000 },
);

// --- AccessDeniedException with credentials that may not call the operations.
let restricted: KinesisClient | undefined;
afterAll(async () => {
  await restricted?.close();
});

function restrictedClient(ctx: CaseContext): KinesisClient {
  const credentials = (ctx.run as RunWithRestricted).restrictedCredentials;
  if (!credentials) throw new Error('no restricted credentials');
  restricted ??= new KinesisClient({ endpoint: new URL(ctx.run.target.endpoint), region: ctx.run.target.region, credentials, timeoutMs: ctx.run.requestTimeoutMs });
  return restricted;
}

for (const [id, op] of [
  ['encryption/access-denied/start', START],
  ['encryption/access-denied/stop', STOP],
] as const) {
  let answer: Promise<{ res: Response }> | undefined;
  declareJudged(meta(id), (ctx) => {
    // An absent stream: the call must be refused for who makes it, before any lookup.
    answer ??= restrictedClient(ctx)
      .call(op, { StreamName: streamNameFor(ctx.run, 'denied'), EncryptionType: 'KMS', KeyId: KINESIS_OWNED_KEY })
      .then((res) => ({ res }));
    return answer;
  });
}
