import { join } from 'node:path';
import { type CallLedger, caseById, type CaseContext, CASES_DIR, declareScenario, describeResponse, errorBodyOf, fail, loadCases, type LoadedCase, type Response, type StreamSummary, summaryOf } from '../../harness/index.ts';

/** The suite's case files (validated at load: a malformed file stops the suite with one line). */
export const CASES: readonly LoadedCase[] = loadCases(join(CASES_DIR, 'encryption'));

export function meta(id: string): LoadedCase {
  return caseById(CASES, id);
}

/** AWS: 25 successful Starts and 25 successful Stops per stream in a rolling 24 hours. */
export const SUCCESSES_PER_DAY = 25;
export const START = 'StartStreamEncryption';
export const STOP = 'StopStreamEncryption';
export type EncryptionOperation = typeof START | typeof STOP;
/** A transition a target ends too soon to probe is tried again this many times. */
export const PROBE_ATTEMPTS = 3;
/** Documented: records may take up to 5 s after ACTIVE to follow the new encryption state. */
export const ENCRYPTION_GRACE_MS = 5_000;

/**
 * The budget case of a test file: records the Start/Stop calls sent per stream and fails when a
 * stream got more successful ones than AWS allows in 24 h (the suite must stay under the limit).
 */
export function declareBudget(id: string, ledger: CallLedger): void {
  declareScenario(meta(id), async (ctx) => {
    const lines = ledger.lines();
    if (lines.length === 0) ctx.observe('no call was counted (cases filtered or skipped)');
    for (const line of lines) ctx.observe(line);
    for (const stream of ledger.streams()) {
      for (const op of [START, STOP]) {
        const n = ledger.ok(stream, op);
        if (n > SUCCESSES_PER_DAY) fail(`${stream}: ${n} successful ${op} calls, over the ${SUCCESSES_PER_DAY} a stream allows per 24 h`);
      }
    }
  });
}

/** A stream's summary from a raw DescribeStreamSummary answer; FAIL when there is none. */
export function expectSummary(res: Response, what: string): StreamSummary {
  const s = summaryOf(res);
  if (!s) fail(`${what}: DescribeStreamSummary answered ${describeResponse(res)}`);
  return s;
}

export function isType(res: Response, type: string): boolean {
  return errorBodyOf(res).type === type;
}

export async function describeSummary(ctx: CaseContext, name: string): Promise<Response> {
  return ctx.kinesis.call('DescribeStreamSummary', { StreamName: name });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.max(0, ms)));
}

/**
 * Steps of a scenario run once each, in order, when a case first needs them. A failed step fails
 * every case that needs it or a later one, with the same error (so a FAIL stays a FAIL).
 */
export class Steps {
  readonly #steps: Array<{ name: string; run: (ctx: CaseContext) => Promise<void>; done?: Promise<void> }> = [];

  add(name: string, run: (ctx: CaseContext) => Promise<void>): this {
    this.#steps.push({ name, run });
    return this;
  }

  async reach(name: string, ctx: CaseContext): Promise<void> {
    if (!this.#steps.some((s) => s.name === name)) throw new Error(`no step '${name}'`);
    for (const step of this.#steps) {
      step.done ??= step.run(ctx);
      await step.done;
      if (step.name === name) return;
    }
  }
}
