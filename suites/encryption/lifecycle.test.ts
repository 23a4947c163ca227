// The asynchronous state machine of Start/StopStreamEncryption on one dedicated stream:
// Start -> UPDATING (probes while UPDATING) -> ACTIVE -> records encrypted -> key change -> Stop ->
// UPDATING -> ACTIVE -> records not encrypted. 2 successful Starts and 1 Stop on the stream (up to
// 4 more Starts when a target's UPDATING phase is too short to probe at once).
import { expect } from 'vitest';
import { arnParts, CallLedger, type CaseContext, declareJudged, declareScenario, describeResponse, expectSuccess, fail, InconclusiveError, KINESIS_OWNED_KEY, type Response, type StreamHandle, type StreamSummary, summaryOf, Timeline, waitForState } from '../../harness/index.ts';
import { declareBudget, describeSummary, ENCRYPTION_GRACE_MS, expectSummary, meta, PROBE_ATTEMPTS, sleep, START, Steps, STOP, type EncryptionOperation } from './support.ts';

interface Life {
  stream: StreamHandle;
  /** First key (alias name form) and the key of the change (alias ARN form of the same alias). */
  k1: string;
  k2: string;
  iterator: string;
  timeline: Timeline;
  start?: Response;
  afterStart?: Response;
  /** Start and Stop sent while UPDATING after the first Start, and the summary after them. */
  refusals?: { startAgain: Response; stop: Response; after: Response; attempt: number };
  /** Reads and writes sent while UPDATING after the key change, and the summary after them. */
  readsWrites?: { putRecord: Response; putRecords: Response; getRecords: Response; describeStream: Response; after: Response; attempt: number };
  activeAt?: number;
  summaryAfterStart?: Response;
  describeAfterStart?: Response;
  putRecordAfterStart?: Response;
  putRecordsAfterStart?: Response;
  keyChange?: Response;
  summaryAfterKeyChange?: Response;
  stop?: Response;
  afterStop?: Response;
  summaryAfterStop?: Response;
  describeAfterStop?: Response;
  putRecordAfterStop?: Response;
  putRecordsAfterStop?: Response;
}

const ledger = new CallLedger();
let life: Life | undefined;
const steps = new Steps();

function current(): Life {
  if (!life) throw new Error('lifecycle stream not set up');
  return life;
}

async function encryptionCall(ctx: CaseContext, operation: EncryptionOperation, keyId: string, by: 'name' | 'arn'): Promise<Response> {
  const l = current();
  const res = await ctx.kinesis.call(operation, { ...(by === 'name' ? { StreamName: l.stream.name } : { StreamARN: l.stream.arn }), EncryptionType: 'KMS', KeyId: keyId });
  ledger.count('lifecycle', operation, res.status);
  l.timeline.mark(`${operation} ${res.status}`);
  return res;
}

async function recordSummary(ctx: CaseContext): Promise<Response> {
  const l = current();
  const res = await describeSummary(ctx, l.stream.name);
  const s = summaryOf(res);
  l.timeline.record(s?.StreamStatus ?? `HTTP ${res.status}`, s ? { EncryptionType: s.EncryptionType ?? null, KeyId: s.KeyId ?? null } : undefined);
  return res;
}

async function waitActive(ctx: CaseContext, what: string): Promise<void> {
  const l = current();
  await waitForState(
    `${what}: stream ${l.stream.name} to be ACTIVE`,
    async () => {
      const s = expectSummary(await describeSummary(ctx, l.stream.name), what);
      return { state: s.StreamStatus, detail: { EncryptionType: s.EncryptionType ?? null, KeyId: s.KeyId ?? null } };
    },
    (o) => o.state === 'ACTIVE',
    ctx.run.target.bounds,
    l.timeline,
  );
}

function putRecord(ctx: CaseContext): Promise<Response> {
  return ctx.kinesis.call('PutRecord', { StreamARN: current().stream.arn, PartitionKey: 'pk', Data: Buffer.from('lifecycle').toString('base64') });
}

function putRecords(ctx: CaseContext): Promise<Response> {
  const data = Buffer.from('lifecycle').toString('base64');
  return ctx.kinesis.call('PutRecords', { StreamARN: current().stream.arn, Records: [{ PartitionKey: 'a', Data: data }, { PartitionKey: 'b', Data: data }] });
}

async function shardIterator(ctx: CaseContext): Promise<string> {
  const res = await ctx.streams.call('GetShardIterator', { StreamName: current().stream.name, ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' });
  return (res.json as { ShardIterator?: string }).ShardIterator ?? '';
}

/** A step that needs an earlier call to have succeeded fails with that call's answer. */
function requireOk(res: Response | undefined, what: string): Response {
  if (!res) throw new Error(`${what} was not sent`);
  if (res.status !== 200) fail(`${what} answered ${describeResponse(res)}`);
  return res;
}

function provedUpdating(r: { startAgain: Response; stop: Response; after: Response }): boolean {
  return r.startAgain.status !== 200 && r.stop.status !== 200 && summaryOf(r.after)?.StreamStatus === 'UPDATING';
}

/**
 * Calls sent while UPDATING are judged only when the stream was provably UPDATING throughout: the
 * 200 that started the phase came before them and a summary after them still says UPDATING.
 */
function requireUpdatingThroughout(probe: { after: Response; attempt: number; startAgain?: Response; stop?: Response } | undefined, what: string, ctx: CaseContext): void {
  const l = current();
  if (!probe) throw new Error(`${what} were not sent`);
  if (probe.attempt > 1) ctx.observe(`${what}: UPDATING phase probed ${probe.attempt} times`);
  if (probe.startAgain?.status === 200 || probe.stop?.status === 200) {
    throw new InconclusiveError(`a Start or Stop sent while UPDATING was accepted, so the UPDATING after it may be its own (${l.timeline})`);
  }
  const status = summaryOf(probe.after)?.StreamStatus;
  if (status !== 'UPDATING') {
    throw new InconclusiveError(`in ${probe.attempt} attempts the stream was ${status ?? 'not described'} again before ${what} ended (${l.timeline}); the target's UPDATING phase is too short to probe`);
  }
}

steps
  .add('setup', async (ctx) => {
    const stream = await ctx.streams.create('enc-life');
    const { partition, account } = arnParts(stream.arn);
    life = { stream, k1: KINESIS_OWNED_KEY, k2: `arn:${partition}:kms:${ctx.run.target.region}:${account}:${KINESIS_OWNED_KEY}`, iterator: '', timeline: new Timeline() };
    const iterator = await shardIterator(ctx);
    // The same reads and writes once before Start, so the probes while UPDATING are not slowed by
    // a target's first-call costs (kinesis-mock on loopback stays UPDATING for 300 ms only).
    await ctx.streams.call('PutRecord', { StreamName: stream.name, PartitionKey: 'warm-up', Data: Buffer.from('warm-up').toString('base64') });
    await ctx.streams.call('PutRecords', { StreamName: stream.name, Records: [{ PartitionKey: 'warm-up', Data: Buffer.from('warm-up').toString('base64') }] });
    await ctx.streams.call('GetRecords', { ShardIterator: iterator });
    await ctx.streams.call('DescribeStream', { StreamName: stream.name });
  })
  .add('start', async (ctx) => {
    const l = current();
    l.start = await encryptionCall(ctx, START, l.k1, 'name');
    if (l.start.status !== 200) return;
    // Right after the 200, at once: the summary that must say UPDATING, and the Start and Stop
    // that must be refused while UPDATING. The summary after them proves the stream was UPDATING
    // throughout (it cannot return to UPDATING unless one of them was accepted). A target whose
    // phase ended too soon gets the same Start again, up to PROBE_ATTEMPTS times.
    for (let attempt = 1; ; attempt++) {
      const [afterStart, startAgain, stop] = await Promise.all([
        recordSummary(ctx),
        encryptionCall(ctx, START, l.k1, 'name'),
        encryptionCall(ctx, STOP, l.k1, 'name'),
      ]);
      l.afterStart ??= afterStart;
      l.refusals = { startAgain, stop, after: await recordSummary(ctx), attempt };
      if (provedUpdating(l.refusals) || attempt === PROBE_ATTEMPTS) break;
      await waitActive(ctx, 'before probing UPDATING again');
      // Re-applies the key (or restores encryption if the Stop was wrongly accepted).
      if ((await encryptionCall(ctx, START, l.k1, 'name')).status !== 200) break;
    }
  })
  .add('active-after-start', async (ctx) => {
    const l = current();
    requireOk(l.start, 'StartStreamEncryption');
    await waitActive(ctx, 'after StartStreamEncryption');
    l.activeAt = performance.now();
    l.summaryAfterStart = await recordSummary(ctx);
    l.describeAfterStart = await ctx.kinesis.call('DescribeStream', { StreamName: l.stream.name });
  })
  .add('grace-after-start', async (ctx) => {
    const l = current();
    // Documented: up to 5 s after ACTIVE before every record is encrypted. Waited, not timed.
    await sleep((l.activeAt ?? 0) + ENCRYPTION_GRACE_MS - performance.now());
    l.timeline.mark('5 s after ACTIVE');
    l.putRecordAfterStart = await putRecord(ctx);
    l.putRecordsAfterStart = await putRecords(ctx);
  })
  .add('key-change', async (ctx) => {
    const l = current();
    // A fresh iterator: on AWS the first UPDATING phase may outlast an iterator's 5 minutes.
    l.iterator = await shardIterator(ctx);
    l.keyChange = await encryptionCall(ctx, START, l.k2, 'arn');
    requireOk(l.keyChange, `StartStreamEncryption with a new KeyId (${l.k2})`);
    // This UPDATING phase is used for the reads and writes documented to keep working (a target
    // with a short phase, like kinesis-mock's 300 ms, cannot fit every probe into one).
    for (let attempt = 1; ; attempt++) {
      const [pr, prs, gr, ds] = await Promise.all([
        putRecord(ctx),
        putRecords(ctx),
        ctx.kinesis.call('GetRecords', { ShardIterator: l.iterator, StreamARN: l.stream.arn }),
        ctx.kinesis.call('DescribeStream', { StreamName: l.stream.name }),
      ]);
      l.readsWrites = { putRecord: pr, putRecords: prs, getRecords: gr, describeStream: ds, after: await recordSummary(ctx), attempt };
      if (summaryOf(l.readsWrites.after)?.StreamStatus === 'UPDATING' || attempt === PROBE_ATTEMPTS) break;
      await waitActive(ctx, 'before probing UPDATING again');
      if ((await encryptionCall(ctx, START, l.k2, 'arn')).status !== 200) break;
    }
    await waitActive(ctx, 'after the key change');
    l.summaryAfterKeyChange = await recordSummary(ctx);
  })
  .add('stop', async (ctx) => {
    const l = current();
    l.stop = await encryptionCall(ctx, STOP, l.k2, 'arn');
    if (l.stop.status === 200) l.afterStop = await recordSummary(ctx);
  })
  .add('active-after-stop', async (ctx) => {
    const l = current();
    requireOk(l.stop, 'StopStreamEncryption');
    await waitActive(ctx, 'after StopStreamEncryption');
    l.activeAt = performance.now();
    l.summaryAfterStop = await recordSummary(ctx);
    l.describeAfterStop = await ctx.kinesis.call('DescribeStream', { StreamName: l.stream.name });
  })
  .add('grace-after-stop', async (ctx) => {
    const l = current();
    await sleep((l.activeAt ?? 0) + ENCRYPTION_GRACE_MS - performance.now());
    l.timeline.mark('5 s after ACTIVE');
    l.putRecordAfterStop = await putRecord(ctx);
    l.putRecordsAfterStop = await putRecords(ctx);
  });

/** Runs the steps up to `step`, then shows the scenario's timeline in this case's report. */
async function reach(step: string, ctx: CaseContext): Promise<Life> {
  try {
    await steps.reach(step, ctx);
  } finally {
    if (life) ctx.timeline.entries.push(...life.timeline.entries);
  }
  return current();
}

function judged(id: string, step: string, pick: (l: Life) => Response | undefined, before?: (l: Life, ctx: CaseContext) => void): void {
  let answer: Promise<{ res: Response }> | undefined;
  declareJudged(meta(id), (ctx) => {
    answer ??= reach(step, ctx).then((l) => {
      before?.(l, ctx);
      const res = pick(l);
      if (!res) throw new Error(`${id}: nothing was sent`);
      return { res };
    });
    return answer;
  });
}

function scenario(id: string, step: string, check: (l: Life, ctx: CaseContext) => void | Promise<void>): void {
  declareScenario(meta(id), async (ctx) => check(await reach(step, ctx), ctx));
}

function summary(res: Response | undefined, what: string): StreamSummary {
  if (!res) throw new Error(`${what}: not described`);
  return expectSummary(res, what);
}

function description(res: Response | undefined, what: string): Record<string, unknown> {
  const d = (res?.json as { StreamDescription?: Record<string, unknown> } | undefined)?.StreamDescription;
  if (!res || res.status !== 200 || !d) fail(`${what}: DescribeStream answered ${res ? describeResponse(res) : 'nothing'}`);
  return d;
}

function encryptionTypeOf(res: Response | undefined, what: string): unknown {
  if (!res) throw new Error(`${what}: not sent`);
  expectSuccess(res, what);
  return (res.json as Record<string, unknown>)['EncryptionType'];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// --- Start
judged('encryption/lifecycle/start', 'start', (l) => l.start);
scenario('encryption/lifecycle/start-headers', 'start', (l) => {
  const res = requireOk(l.start, 'StartStreamEncryption');
  const requestId = res.headers['x-amzn-requestid'];
  if (!requestId || !UUID.test(requestId)) fail(`x-amzn-RequestId should be a UUID, got ${JSON.stringify(requestId ?? null)}`);
  const id2 = res.headers['x-amz-id-2'];
  if (!id2) fail('x-amz-id-2 is missing');
  const id2Bytes = Buffer.from(id2, 'base64');
  if (id2Bytes.toString('base64').replace(/=+$/, '') !== id2.replace(/=+$/, '') || id2Bytes.length < 64 || id2Bytes.length > 80) {
    fail(`x-amz-id-2 should be base64 of 64-80 bytes (aws-observed B.1), got ${JSON.stringify(id2)} (${id2Bytes.length} bytes)`);
  }
  const length = res.headers['content-length'];
  if (length !== undefined && Number(length) !== res.bodyBytes.length) fail(`content-length ${length} does not match the ${res.bodyBytes.length}-byte body`);
});
scenario('encryption/lifecycle/updating-after-start', 'start', (l) => {
  requireOk(l.start, 'StartStreamEncryption');
  const s = summary(l.afterStart, 'right after StartStreamEncryption');
  if (s.StreamStatus !== 'UPDATING') fail(`right after StartStreamEncryption answered 200 the stream is ${s.StreamStatus}, not UPDATING (seen: ${l.timeline})`, s.StreamStatus, 'UPDATING');
  // What the summary says about encryption while UPDATING is not documented: recorded.
});
for (const [id, op] of [
  ['encryption/lifecycle/start-while-updating', 'startAgain'],
  ['encryption/lifecycle/stop-while-updating', 'stop'],
] as const) {
  judged(id, 'start', (l) => l.refusals?.[op], (l, ctx) => {
    requireOk(l.start, 'StartStreamEncryption');
    requireUpdatingThroughout(l.refusals, 'the Start and Stop sent while UPDATING', ctx);
  });
}
for (const [id, pick, what] of [
  ['encryption/lifecycle/put-record-while-updating', (l: Life) => l.readsWrites?.putRecord, 'PutRecord'],
  ['encryption/lifecycle/put-records-while-updating', (l: Life) => l.readsWrites?.putRecords, 'PutRecords'],
  ['encryption/lifecycle/get-records-while-updating', (l: Life) => l.readsWrites?.getRecords, 'GetRecords'],
  ['encryption/lifecycle/describe-stream-while-updating', (l: Life) => l.readsWrites?.describeStream, 'DescribeStream'],
] as const) {
  scenario(id, 'key-change', (l, ctx) => {
    requireUpdatingThroughout(l.readsWrites, 'the reads and writes sent while UPDATING', ctx);
    const res = pick(l);
    if (!res) throw new Error(`${what} was not sent`);
    expectSuccess(res, `${what} while UPDATING`);
    if (what === 'PutRecords') expect((res.json as { FailedRecordCount?: number }).FailedRecordCount, 'FailedRecordCount').toBe(0);
    if (what === 'DescribeStream') expect(description(res, what)['StreamStatus'], 'StreamStatus in DescribeStream').toBe('UPDATING');
    if (what === 'PutRecord' || what === 'PutRecords') ctx.observe(`EncryptionType in the ${what} answer while UPDATING: ${JSON.stringify((res.json as Record<string, unknown>)['EncryptionType'] ?? null)}`);
  });
}
scenario('encryption/lifecycle/active-after-start', 'active-after-start', (l) => {
  expect(summary(l.summaryAfterStart, 'after StartStreamEncryption').StreamStatus).toBe('ACTIVE');
});
scenario('encryption/lifecycle/describe-summary-after-start', 'active-after-start', (l) => {
  const s = summary(l.summaryAfterStart, 'after StartStreamEncryption');
  expect({ EncryptionType: s.EncryptionType, KeyId: s.KeyId }).toEqual({ EncryptionType: 'KMS', KeyId: l.k1 });
});
scenario('encryption/lifecycle/describe-stream-after-start', 'active-after-start', (l) => {
  const d = description(l.describeAfterStart, 'after StartStreamEncryption');
  expect({ EncryptionType: d['EncryptionType'], KeyId: d['KeyId'] }).toEqual({ EncryptionType: 'KMS', KeyId: l.k1 });
});
scenario('encryption/lifecycle/put-record-after-start', 'grace-after-start', (l) => {
  expect(encryptionTypeOf(l.putRecordAfterStart, 'PutRecord 5 s after ACTIVE'), 'EncryptionType in the PutRecord answer').toBe('KMS');
});
scenario('encryption/lifecycle/put-records-after-start', 'grace-after-start', (l) => {
  expect(encryptionTypeOf(l.putRecordsAfterStart, 'PutRecords 5 s after ACTIVE'), 'EncryptionType in the PutRecords answer').toBe('KMS');
});
scenario('encryption/lifecycle/key-change', 'key-change', (l) => {
  const s = summary(l.summaryAfterKeyChange, 'after the key change');
  expect({ StreamStatus: s.StreamStatus, EncryptionType: s.EncryptionType, KeyId: s.KeyId }).toEqual({ StreamStatus: 'ACTIVE', EncryptionType: 'KMS', KeyId: l.k2 });
});

// --- Stop
judged('encryption/lifecycle/stop', 'stop', (l) => l.stop);
scenario('encryption/lifecycle/updating-after-stop', 'stop', (l) => {
  requireOk(l.stop, 'StopStreamEncryption');
  const s = summary(l.afterStop, 'right after StopStreamEncryption');
  if (s.StreamStatus !== 'UPDATING') fail(`right after StopStreamEncryption answered 200 the stream is ${s.StreamStatus}, not UPDATING (seen: ${l.timeline})`, s.StreamStatus, 'UPDATING');
});
scenario('encryption/lifecycle/active-after-stop', 'active-after-stop', (l) => {
  expect(summary(l.summaryAfterStop, 'after StopStreamEncryption').StreamStatus).toBe('ACTIVE');
});
scenario('encryption/lifecycle/describe-summary-after-stop', 'active-after-stop', (l, ctx) => {
  const s = summary(l.summaryAfterStop, 'after StopStreamEncryption');
  ctx.observe(`KeyId after StopStreamEncryption: ${JSON.stringify(s.KeyId ?? null)}`);
  expect(s.EncryptionType, 'EncryptionType after StopStreamEncryption').toBe('NONE');
});
scenario('encryption/lifecycle/describe-stream-after-stop', 'active-after-stop', (l, ctx) => {
  const d = description(l.describeAfterStop, 'after StopStreamEncryption');
  ctx.observe(`KeyId after StopStreamEncryption: ${JSON.stringify(d['KeyId'] ?? null)}`);
  expect(d['EncryptionType'], 'EncryptionType after StopStreamEncryption').toBe('NONE');
});
for (const [id, pick, what] of [
  ['encryption/lifecycle/put-record-after-stop', (l: Life) => l.putRecordAfterStop, 'PutRecord'],
  ['encryption/lifecycle/put-records-after-stop', (l: Life) => l.putRecordsAfterStop, 'PutRecords'],
] as const) {
  scenario(id, 'grace-after-stop', (l, ctx) => {
    const type = encryptionTypeOf(pick(l), `${what} 5 s after ACTIVE`);
    ctx.observe(`EncryptionType in the ${what} answer: ${type === undefined ? '(absent)' : JSON.stringify(type)}`);
    // AWS leaves EncryptionType out for an unencrypted stream; a JSON null is "absent" in awsJson.
    if (type !== undefined && type !== null && type !== 'NONE') fail(`${what} answered EncryptionType ${JSON.stringify(type)} after StopStreamEncryption, expected NONE or none`, type, 'NONE');
  });
}

declareBudget('encryption/budget/lifecycle', ledger);
