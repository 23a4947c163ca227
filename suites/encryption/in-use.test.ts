// ResourceInUseException from Start/StopStreamEncryption on a stream that is not ACTIVE because it
// is still CREATING or already DELETING (UPDATING is covered by lifecycle.test.ts).
import type { CaseContext } from '../../harness/case.ts';
import { declareJudged } from '../../harness/cases/declare.ts';
import { KINESIS_OWNED_KEY } from '../../harness/cases/environment.ts';
import { describeResponse } from '../../harness/checks/aws-error.ts';
import { streamNameFor } from '../../harness/run-context.ts';
import type { Response } from '../../harness/transport/client.ts';
import { describeSummary, isType, meta, PROBE_ATTEMPTS, START, STOP, streamStatusOf } from './support.ts';

interface Probe {
  state: 'CREATING' | 'DELETING';
  start: Response;
  stop: Response;
  /** What DescribeStreamSummary said right after both calls. */
  after: string;
  attempt?: number;
}

function stateAfter(res: Response): string {
  return streamStatusOf(res) ?? (isType(res, 'ResourceNotFoundException') ? 'gone' : describeResponse(res));
}

async function sendBoth(ctx: CaseContext, name: string): Promise<{ start: Response; stop: Response; after: string }> {
  const body = { StreamName: name, EncryptionType: 'KMS', KeyId: KINESIS_OWNED_KEY };
  const [start, stop] = await Promise.all([ctx.kinesis.call(START, body), ctx.kinesis.call(STOP, body)]);
  ctx.timeline.mark(`${START} ${start.status}, ${STOP} ${stop.status}`);
  const after = stateAfter(await describeSummary(ctx, name));
  ctx.timeline.record(after);
  return { start, stop, after };
}

/**
 * Both calls, sent right after CreateStream answered (the stream is CREATING, as documented), with
 * nothing in between; the stream is deleted here once it has settled.
 */
async function probeCreating(ctx: CaseContext): Promise<Probe> {
  const name = streamNameFor(ctx.run, 'enc-creating');
  await ctx.streams.call('CreateStream', { StreamName: name, ShardCount: 1 });
  ctx.timeline.mark('CreateStream 200');
  try {
    return { state: 'CREATING', ...(await sendBoth(ctx, name)) };
  } finally {
    await ctx.streams.waitForStatus(name, 'ACTIVE', ctx.timeline);
    await ctx.streams.delete(name);
  }
}

/** Both calls, sent right after DeleteStream answered (the stream is DELETING until gone). */
async function probeDeleting(ctx: CaseContext): Promise<Probe> {
  const stream = await ctx.streams.create('enc-deleting');
  const deleted = await ctx.kinesis.call('DeleteStream', { StreamName: stream.name });
  if (deleted.status !== 200) throw new Error(`fixture DeleteStream failed: ${describeResponse(deleted)}`);
  ctx.streams.forget(stream.name);
  ctx.timeline.mark('DeleteStream 200');
  return { state: 'DELETING', ...(await sendBoth(ctx, stream.name)) };
}

/**
 * A refusal is judged as it is; an acceptance (or another error) counts only when the stream was
 * provably still in the state afterwards, else the target's transition was too quick to probe.
 */
function conclusive(p: Probe, res: Response): boolean {
  return isType(res, 'ResourceInUseException') || p.after === p.state;
}

/** Probes a fresh stream again (up to PROBE_ATTEMPTS) while the answers are inconclusive. */
async function probeUntilConclusive(ctx: CaseContext, probe: (ctx: CaseContext) => Promise<Probe>): Promise<Probe> {
  for (let attempt = 1; ; attempt++) {
    const p = await probe(ctx);
    if ((conclusive(p, p.start) && conclusive(p, p.stop)) || attempt === PROBE_ATTEMPTS) return { ...p, attempt };
  }
}

function judge(p: Probe, res: Response, op: string, ctx: CaseContext): Response {
  if ((p.attempt ?? 1) > 1) ctx.observe(`${p.state} stream probed ${p.attempt} times`);
  if (conclusive(p, res)) return res;
  throw new Error(`inconclusive: ${op} answered ${describeResponse(res)}, and in ${p.attempt ?? 1} attempts the stream was already ${p.after} right after; the ${p.state} phase was too short to probe`);
}

let creating: Promise<Probe> | undefined;
let deleting: Promise<Probe> | undefined;
const once = {
  creating: (ctx: CaseContext) => (creating ??= probeUntilConclusive(ctx, probeCreating)),
  deleting: (ctx: CaseContext) => (deleting ??= probeUntilConclusive(ctx, probeDeleting)),
};

for (const [id, state, op] of [
  ['encryption/in-use/start-creating', 'creating', START],
  ['encryption/in-use/stop-creating', 'creating', STOP],
  ['encryption/in-use/start-deleting', 'deleting', START],
  ['encryption/in-use/stop-deleting', 'deleting', STOP],
] as const) {
  declareJudged(meta(id), async (ctx) => {
    const p = await once[state](ctx);
    return { res: judge(p, op === START ? p.start : p.stop, op, ctx) };
  });
}
