import { afterAll, inject } from 'vitest';
import { conformanceCase, type CaseContext, type CaseMeta, type CaseOptions } from '../case.ts';
import { describeResponse, errorBodyOf } from '../checks/aws-error.ts';
import { fail } from '../checks/expect.ts';
import type { RunContext } from '../run-context.ts';
import type { Response } from '../transport/client.ts';
import type { Credentials } from '../transport/credentials.ts';
import { CaseEnvironment } from './environment.ts';
import { messageMatcher } from './match.ts';
import { isErrorOutcome, isObserveOutcome, refText, subtestEvidence, type ErrorOutcome, type LoadedCase, type SubtestPart } from './model.ts';
import { noPlaceholders, sendCase, type Answer } from './send.ts';

/** Set when the user configured a restricted-credentials profile (AccessDeniedException cases). */
export type RunWithRestricted = RunContext & { restrictedCredentials?: Credentials };

/** Why a case does not run on this target / with these opt-ins; false when it runs. */
export function skipReasonFor(c: Pick<LoadedCase, 'kind' | 'flags' | 'skipReason'>, run: RunWithRestricted): string | false {
  if (c.kind === 'untestable') return `untestable: ${c.skipReason}`;
  if (c.flags.includes('aws-only') && !run.target.isAws) return c.skipReason ?? 'real AWS only';
  if (c.flags.includes('expensive') && !run.optIns.expensive) return 'expensive: runs only with --allow-expensive';
  if (c.flags.includes('billable') && run.target.isAws && !run.optIns.expensive) return 'billable: costs beyond shard-hours on AWS: runs there only with --allow-expensive';
  if (c.flags.includes('restricted-credentials') && !run.restrictedCredentials) return 'no restricted-credentials profile configured';
  if (c.flags.includes('unowned-names') && run.target.isAws) return 'names a stream the run does not own: never sent to AWS';
  return false;
}

/** The subtest's metadata: same rule and ref as its case. */
export function subtestMeta(c: LoadedCase, sub: string | null, expectation: string, rule = c.rule): CaseMeta {
  const ref = refText(c.ref);
  const part: SubtestPart = sub === 'observed' ? 'observed' : sub === 'status' ? 'status' : sub === 'message' ? 'message' : sub === 'body' ? 'values' : 'all';
  const unrecorded = part === 'message' && c.expect && isErrorOutcome(c.expect) && 'unrecorded' in c.expect.message ? c.expect.message.unrecorded : undefined;
  const observedOnly = c.kind === 'scenario' && c.rule.startsWith('observation');
  return { id: sub ? `${c.id}/${sub}` : c.id, operation: c.operation, member: c.member, rule, rules: c.rules ?? [], ref, expectation, evidence: subtestEvidence(c.evidence, observedOnly ? 'observed' : part, ref, unrecorded) };
}

const STREAM_ORDER: Record<string, number> = { none: 0, active: 0, encrypted: 1, unencrypted: 2 };

function typesOf(outcome: ErrorOutcome): string[] {
  return Array.isArray(outcome.type) ? outcome.type : [outcome.type];
}

function typeMatches(res: Response, outcome: ErrorOutcome): boolean {
  return res.status === outcome.status && typesOf(outcome).includes(errorBodyOf(res).type ?? '');
}

function expectedText(outcome: ErrorOutcome): string {
  return `HTTP ${outcome.status} ${typesOf(outcome).join(' or ')}`;
}

/** Long generated values (2049 characters) would bury the reason: the report shows a prefix. */
function clip(text: string, max = 400): string {
  return text.length > max ? `${text.slice(0, max)}…(${text.length} characters)` : text;
}

/** The answer when a target does not have the operation at all (AWS's and kinesalite's protocol answer). */
function notImplemented(res: Response): boolean {
  return errorBodyOf(res).type === 'UnknownOperationException';
}

/**
 * Turns loaded `request` and `untestable` cases into conformance results, in file order except
 * that cases needing the shared stream encrypted, then unencrypted, come last (fewest Start/Stop
 * calls). Error cases give `<id>/status` and `<id>/message`; success cases `<id>/status` and
 * `<id>/body`; undocumented cases one `<id>/observed`. Returns the environment (call ledger).
 */
export function declareCases(cases: readonly LoadedCase[], env = new CaseEnvironment()): CaseEnvironment {
  const run = inject('kinesisConformance') as RunWithRestricted;
  const ordered = cases
    .filter((c) => c.kind !== 'scenario')
    .map((c, i) => ({ c, i }))
    .sort((a, b) => (STREAM_ORDER[a.c.fixture.stream] ?? 0) - (STREAM_ORDER[b.c.fixture.stream] ?? 0) || a.i - b.i)
    .map(({ c }) => c);
  for (const c of ordered) {
    if (c.kind === 'untestable') conformanceCase(subtestMeta(c, null, c.expectation), async () => {}, { skip: skipReasonFor(c, run) || 'untestable' });
    else {
      // Every subtest of the case judges the same answer: sent once, by whichever runs first.
      let answer: Promise<Answer> | undefined;
      declareJudged(c, (ctx) => (answer ??= sendCase(c, ctx, env)), env);
    }
  }
  // Registered after the first case, so (after-hooks run in reverse) it runs before the file's
  // stream clean-up: the shared stream is ACTIVE, hence deletable, by then.
  afterAll(async () => {
    await env.cleanup();
  });
  return env;
}

/**
 * A procedural case without an outcome in its case file: one result under the case's own id,
 * skipped as its flags say.
 */
export function declareScenario(c: LoadedCase, body: (ctx: CaseContext) => Promise<void>, options: Omit<CaseOptions, 'skip'> = {}): void {
  const skip = skipReasonFor(c, inject('kinesisConformance') as RunWithRestricted);
  conformanceCase(subtestMeta(c, null, c.expectation), body, { ...options, skip });
}

/**
 * Results judged from the case file's `expect`, for an answer obtained by the interpreter (a
 * request case) or by a scenario. `obtain` must be memoized: every subtest calls it. `env` is the
 * interpreter's, when the answer may have changed its shared stream.
 */
export function declareJudged(c: LoadedCase, obtain: (ctx: CaseContext) => Promise<Answer>, env?: CaseEnvironment): void {
  const skip = skipReasonFor(c, inject('kinesisConformance') as RunWithRestricted);
  const outcome = c.expect;
  if (!outcome) throw new Error(`case ${c.id} has no expected outcome to judge`);
  const op = c.operation ?? '(no operation)';
  if (isObserveOutcome(outcome)) {
    conformanceCase(
      subtestMeta(c, 'observed', `${c.expectation} (undocumented: recorded, not judged)`),
      async (ctx) => {
        const { res, stream } = await obtain(ctx);
        if (notImplemented(res)) fail(`${op} is not implemented by the target: ${describeResponse(res)}`);
        const err = errorBodyOf(res);
        ctx.observe(`${outcome.observe}: HTTP ${res.status}${err.type ? ` ${err.type}` : ''}${err.message !== undefined ? ` ${JSON.stringify(err.message)}` : res.status === 200 ? ` body ${JSON.stringify(res.bodyText)}` : ''}`);
        if (res.status === 200 && stream && env) {
          // It changed the shared stream: record what it did once the stream settled.
          const after = await env.settledShared(ctx);
          ctx.observe(`stream afterwards: ${after.StreamStatus}, EncryptionType ${after.EncryptionType ?? '(absent)'}, KeyId ${after.KeyId ?? '(absent)'}`);
        }
      },
      { skip },
    );
    return;
  }
  if (!isErrorOutcome(outcome)) {
    conformanceCase(
      subtestMeta(c, 'status', `HTTP 200 (${c.expectation})`),
      async (ctx) => {
        const { res } = await obtain(ctx);
        if (res.status !== 200) fail(`${op}: expected HTTP 200, got ${describeResponse(res)}`, res.status, 200);
      },
      { skip },
    );
    conformanceCase(
      subtestMeta(c, 'body', 'HTTP 200 with an empty body'),
      async (ctx) => {
        const { res } = await obtain(ctx);
        if (res.status !== 200) fail(`${op}: no success answer whose body could be judged: ${describeResponse(res)}`);
        if (res.bodyBytes.length !== 0) fail(`${op}: expected an empty body, got ${describeResponse(res)}`, res.bodyText, '');
      },
      { skip },
    );
    return;
  }
  conformanceCase(
    subtestMeta(c, 'status', `${expectedText(outcome)} (${c.expectation})`),
    async (ctx) => {
      const { res } = await obtain(ctx);
      if (!typeMatches(res, outcome)) {
        fail(`${op}: expected ${expectedText(outcome)}, got ${describeResponse(res)}`, { status: res.status, type: errorBodyOf(res).type }, { status: outcome.status, type: outcome.type });
      }
    },
    { skip },
  );
  const unrecorded = 'unrecorded' in outcome.message ? outcome.message.unrecorded : null;
  conformanceCase(
    subtestMeta(
      c,
      'message',
      unrecorded ? `message unrecorded (${unrecorded}): observed, not judged` : `message as recorded from AWS`,
      unrecorded ? 'observation.message' : c.rule,
    ),
    async (ctx) => {
      const { res, resolve = noPlaceholders } = await obtain(ctx);
      if (!typeMatches(res, outcome)) fail(`${op}: no ${expectedText(outcome)} whose message could be judged: got ${describeResponse(res)}`);
      const actual = errorBodyOf(res).message;
      const matcher = messageMatcher(outcome.message, resolve);
      if (!matcher) {
        ctx.observe(`message: ${actual === undefined ? '(none)' : JSON.stringify(actual)}`);
        return;
      }
      if (actual === undefined || !matcher.test(actual)) {
        fail(`${op}: expected message ${clip(matcher.describe)}, got ${actual === undefined ? 'no message' : clip(JSON.stringify(actual))}`, actual, matcher.describe);
      }
    },
    { skip },
  );
}
