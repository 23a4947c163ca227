import type { FullRunFigures } from './full-run.ts';
import type { CallFigures } from './request-overhead.ts';
import type { SelfCheckFigures } from './self-check-run.ts';
import type { TransitionFigures } from './state-transitions.ts';
import { formatMs, formatRatio, ratio } from './stats.ts';

/** The targets of issue 9. */
export const GOALS = {
  fullRunMaxMs: 60_000,
  harnessOverBareMax: 1.15,
  waitingOverConfiguredMax: 1.2,
  /** The whole self-check (every catalogue entry, two clean runs) against one plain full run, same machine, same bench. */
  selfCheckOverFullRunMax: 4,
  /** A full run with --reference (every exchange kept, normalized and compared) against a plain full run (issue 18). */
  referenceOverFullRunMax: 1.2,
} as const;

export interface GoalResult {
  goal: string;
  figure: string;
  met: boolean;
}

export interface ServerFigures {
  server: string;
  calls: CallFigures[];
}

export function harnessOverBare(c: CallFigures): number | null {
  return ratio(c.perClient.harness.medianMs, c.perClient['bare-undici'].medianMs);
}

export function harnessOverSdk(c: CallFigures): number | null {
  return ratio(c.perClient.harness.medianMs, c.perClient.sdk.medianMs);
}

/** Each goal against each figure it concerns (medians per request; Σ waited / Σ configured). */
export function judgeGoals(
  servers: readonly ServerFigures[],
  fullRun: FullRunFigures | null,
  transitions: readonly TransitionFigures[],
  selfCheck: Pick<SelfCheckFigures, 'wallMs'> | null = null,
  referenceRun: Pick<FullRunFigures, 'wallMs'> | null = null,
): GoalResult[] {
  const out: GoalResult[] = [];
  if (fullRun && referenceRun) {
    const r = ratio(referenceRun.wallMs, fullRun.wallMs);
    out.push({ goal: `reference run <= ${GOALS.referenceOverFullRunMax}x full default run`, figure: `${formatRatio(r)} (${formatMs(referenceRun.wallMs)})`, met: r !== null && r <= GOALS.referenceOverFullRunMax });
  }
  if (fullRun) out.push({ goal: `full default run <= ${GOALS.fullRunMaxMs / 1000} s`, figure: formatMs(fullRun.wallMs), met: fullRun.wallMs <= GOALS.fullRunMaxMs });
  if (fullRun && selfCheck) {
    const r = ratio(selfCheck.wallMs, fullRun.wallMs);
    out.push({ goal: `self-check <= ${GOALS.selfCheckOverFullRunMax}x full default run`, figure: `${formatRatio(r)} (${formatMs(selfCheck.wallMs)})`, met: r !== null && r <= GOALS.selfCheckOverFullRunMax });
  }
  for (const s of servers) {
    for (const c of s.calls) {
      const bare = harnessOverBare(c);
      out.push({ goal: `harness <= ${GOALS.harnessOverBareMax}x bare undici [${s.server}, ${c.call}]`, figure: formatRatio(bare), met: bare !== null && bare <= GOALS.harnessOverBareMax });
      const sdk = harnessOverSdk(c);
      out.push({ goal: `harness faster than SDK [${s.server}, ${c.call}]`, figure: formatRatio(sdk), met: sdk !== null && sdk < 1 });
    }
  }
  for (const t of transitions) {
    out.push({ goal: `waiting <= ${GOALS.waitingOverConfiguredMax}x configured [${t.transition}]`, figure: formatRatio(t.ratio), met: t.ratio <= GOALS.waitingOverConfiguredMax });
  }
  return out;
}
