import type { CaseResult, RunResults, Status } from '../results/model.ts';
import { loadRules, untestableReason, type Rule, type RuleCatalogue } from '../spec/rules.ts';
import { emptyCounts } from './tally.ts';

/** A rule of the catalogue on one run: cited by cases, cited by none, or not testable on this target. */
export type RuleState = 'covered' | 'not-covered' | 'not-testable-here';
export const RULE_STATES: readonly RuleState[] = ['covered', 'not-covered', 'not-testable-here'];
export const RULE_STATE_LABEL: Record<RuleState, string> = { covered: 'covered', 'not-covered': 'not covered', 'not-testable-here': 'not testable here' };

export interface RuleCoverage {
  rule: Rule;
  /** The run's results citing the rule, in the run's order. */
  cases: CaseResult[];
  counts: Record<Status, number>;
  state: RuleState;
  /** Why this target cannot test the rule (shown even when a case cites it: such cases usually SKIP). */
  untestable: string | null;
}

export interface RulesCoverage {
  rules: RuleCoverage[];
  counts: Record<RuleState, number>;
  /** Ids cited by results that the catalogue does not have (a typo, or a rule since renamed). */
  unknown: Array<{ id: string; cases: string[] }>;
  targetIsAws: boolean;
}

/** An older results.json may lack `target`; its runInfo still names it. */
function isAwsRun(run: RunResults): boolean {
  return run.target?.isAws ?? run.runInfo.target === 'aws';
}

/**
 * Every rule of the catalogue with the results citing it. The catalogue is the package's (the rules this
 * version of the suite knows), not the run's: a report always lists every rule.
 */
export function rulesCoverage(run: RunResults, catalogue: RuleCatalogue = loadRules()): RulesCoverage {
  const targetIsAws = isAwsRun(run);
  const citing = new Map<string, CaseResult[]>();
  for (const r of run.results) {
    for (const id of new Set(r.rules ?? [])) {
      let list = citing.get(id);
      if (!list) citing.set(id, (list = []));
      list.push(r);
    }
  }
  const counts = Object.fromEntries(RULE_STATES.map((s) => [s, 0])) as Record<RuleState, number>;
  const rules = catalogue.rules.map((rule): RuleCoverage => {
    const cases = citing.get(rule.id) ?? [];
    const tally = emptyCounts();
    for (const c of cases) tally[c.status]++;
    const untestable = untestableReason(rule, targetIsAws);
    const state: RuleState = cases.length > 0 ? 'covered' : untestable ? 'not-testable-here' : 'not-covered';
    counts[state]++;
    return { rule, cases, counts: tally, state, untestable };
  });
  const unknown = [...citing.entries()]
    .filter(([id]) => !catalogue.byId.has(id))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, cases]) => ({ id, cases: cases.map((c) => c.id) }));
  return { rules, counts, unknown, targetIsAws };
}

/** A rule with a case that did not pass (SKIP included: the rule was not shown to hold here). */
export function hasNonPass(c: RuleCoverage): boolean {
  return c.cases.some((r) => r.status !== 'PASS');
}
