import { readFile } from 'node:fs/promises';
import { ConfigError } from '../errors.ts';
import type { CaseResult, Judgement, Status } from './model.ts';
import { STATUSES } from './model.ts';
import { normalizeText } from './normalize.ts';

/** A target's known deviations: every case whose status is not PASS, with what was observed. */
export interface Baseline {
  target: string;
  implementation: string | null;
  note?: string;
  /**
   * `also`: further statuses seen for the case on this target across runs, because the target itself
   * behaves nondeterministically there (wpt's intermittent expectations); the case stays strict.
   */
  expectations: Record<string, { status: Status; also?: Status[]; reason: string; link?: string }>;
}

export async function loadBaseline(path: string): Promise<Baseline> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch {
    throw new ConfigError(`cannot read baseline file ${path}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (error) {
    throw new ConfigError(`baseline ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const b = data as Partial<Baseline>;
  if (!b || typeof b !== 'object' || typeof b.target !== 'string' || !b.expectations || typeof b.expectations !== 'object') {
    throw new ConfigError(`baseline ${path} must be {"target": string, "expectations": {id: {status, reason}}}`);
  }
  for (const [id, e] of Object.entries(b.expectations)) {
    if (!e || !STATUSES.includes(e.status) || typeof e.reason !== 'string' || e.reason.trim() === '') {
      throw new ConfigError(`baseline ${path}: entry '${id}' needs a status (${STATUSES.join('|')}) and a reason`);
    }
    if (e.also !== undefined && (!Array.isArray(e.also) || !e.also.every((s) => STATUSES.includes(s)))) {
      throw new ConfigError(`baseline ${path}: entry '${id}': also must list statuses (${STATUSES.join('|')})`);
    }
  }
  return b as Baseline;
}

/**
 * Compares a run with its baseline in both directions: a case worse than expected and a case now
 * better than expected are both differences (the baseline must be updated to say so).
 */
export function judge(results: readonly CaseResult[], baseline: Baseline | null, baselinePath: string | null, complete: boolean): Judgement {
  const expectations = baseline?.expectations ?? {};
  const unexpected: Judgement['unexpected'] = [];
  const seen = new Set<string>();
  for (const r of results) {
    seen.add(r.id);
    const entry = expectations[r.id];
    const expected = entry?.status ?? 'PASS';
    // SKIP is expected of cases that need an opt-in the run did not give; everything else must match
    // (or be one of the statuses an intermittent target was recorded showing).
    if (r.status !== expected && !(entry?.also ?? []).includes(r.status)) unexpected.push({ id: r.id, expected, actual: r.status });
  }
  const missing = complete ? Object.keys(expectations).filter((id) => !seen.has(id)) : [];
  return { baseline: baselinePath, unexpected, missing };
}

/**
 * Run-specific values (stream names, accounts, ids, sequence numbers, timestamps: normalize.ts) vary
 * per run; a baseline's reason must not.
 */
export function stableReason(message: string): string {
  return normalizeText(message.split('\n')[0]!).slice(0, 300);
}

/**
 * A baseline that records what a run observed. A partial run (some suites, --grep, one shard) only
 * rewrites the entries of the cases it ran; the others are kept as they were.
 */
export function baselineFrom(
  results: readonly CaseResult[],
  target: string,
  implementation: string | null,
  previous: Baseline | null,
  complete = true,
): Baseline {
  const expectations: Baseline['expectations'] = complete ? {} : { ...(previous?.expectations ?? {}) };
  for (const r of results) {
    const before = previous?.expectations[r.id];
    // An intermittent entry keeps its statuses while the run shows one of them: it is reviewed by hand.
    if (before?.also && (before.status === r.status || before.also.includes(r.status))) {
      expectations[r.id] = before;
      continue;
    }
    if (r.status === 'PASS') {
      delete expectations[r.id];
      continue;
    }
    const reason = before && before.status === r.status ? before.reason : stableReason(r.message ?? r.status);
    expectations[r.id] = { status: r.status, reason, ...(before?.link ? { link: before.link } : {}) };
  }
  const sorted = Object.fromEntries(Object.entries(expectations).sort(([a], [b]) => a.localeCompare(b)));
  return { target, implementation, ...(previous?.note ? { note: previous.note } : {}), expectations: sorted };
}
