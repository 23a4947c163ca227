import { STATUSES, totalsOf, type CaseResult, type RunResults } from '../results/model.ts';
import { evidenceLines } from './evidence-view.ts';
import { mdTable, mdText } from './markdown.ts';
import type { RuleCatalogue } from '../spec/rules.ts';
import { hasNonPass, rulesCoverage } from './rules-view.ts';
import { formatRate, isBad, operationOf, passRate, tallyBy, type Tally } from './tally.ts';
import { referenceMarkdown } from './reference-view.ts';

/** Long lists stop here: summary.md is read in CI step summaries, which have size limits. */
export const SUMMARY_LIST_LIMIT = 200;

function tallyRows(tallies: readonly Tally[]): string[][] {
  return tallies.map((t) => [mdText(t.key), String(t.total), ...STATUSES.map((s) => String(t.counts[s])), formatRate(passRate(t))]);
}

function tallyTable(heading: string, tallies: readonly Tally[]): string {
  return mdTable([heading, 'total', ...STATUSES, 'pass rate'], tallyRows(tallies), ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r']);
}

function more(shown: number, total: number, where: string): string[] {
  return total > shown ? ['', `… and ${total - shown} more (see ${where}).`] : [];
}

function failureEntry(r: CaseResult): string[] {
  const lines = ['', `### ${mdText(r.id)} — ${r.status}`, '', `- rule: ${mdText(r.rule)}`];
  if (r.rules.length > 0) lines.push(`- rules: ${r.rules.map((id) => mdText(id)).join(', ')}`);
  if (r.operation) lines.push(`- operation: ${mdText(r.operation)}${r.member ? `, member ${mdText(r.member)}` : ''}`);
  lines.push(`- ref: ${r.ref ? mdText(r.ref) : '(none recorded)'}`);
  if (r.evidence) lines.push(`- evidence: ${r.evidence.class}${r.evidence.risk ? ` (risk: ${mdText(r.evidence.risk)})` : ''}`);
  if (r.expectation) lines.push(`- expected: ${mdText(r.expectation)}`);
  lines.push(`- actual: ${mdText(r.message ?? '(no message)')}`);
  return lines;
}

/** Case ids shown per rule in the table of rules not passing. */
const RULE_CASES_LISTED = 5;

/** The behaviour rules in brief: how many this run covers, and each rule with a case not passing. */
function rulesSummary(run: RunResults, catalogue: RuleCatalogue | undefined): string[] {
  const coverage = rulesCoverage(run, catalogue);
  const { counts, unknown } = coverage;
  const out = [
    '',
    `## Rules (${coverage.rules.length})`,
    '',
    `Of the ${coverage.rules.length} behaviour rules of the catalogue (specs/rules.json): ${counts.covered} covered by cases of this run, ` +
      `${counts['not-covered']} not covered, ${counts['not-testable-here']} not testable on this target${coverage.targetIsAws ? '' : ' (not AWS)'}.`,
  ];
  if (unknown.length > 0) out.push('', `Cases cite rule ids the catalogue does not have: ${unknown.map((u) => `${mdText(u.id)} (${u.cases.length})`).join(', ')}.`);
  for (const state of ['not-covered', 'not-testable-here'] as const) {
    const ids = coverage.rules.filter((c) => c.state === state).map((c) => mdText(c.rule.id));
    if (ids.length > 0) out.push('', `${state === 'not-covered' ? 'Not covered' : 'Not testable on this target'} (${ids.length}): ${ids.join(', ')}.`);
  }
  const notPassing = coverage.rules.filter(hasNonPass);
  out.push('', `Rules with a case not passing (${notPassing.length}):`, '');
  if (notPassing.length === 0) return [...out, 'None.'];
  const shown = notPassing.slice(0, SUMMARY_LIST_LIMIT);
  const rows = shown.map((c) => {
    const bad = c.cases.filter((r) => r.status !== 'PASS');
    const listed = bad.slice(0, RULE_CASES_LISTED).map((r) => `${mdText(r.id)} (${r.status})`);
    if (bad.length > listed.length) listed.push(`… ${bad.length - listed.length} more`);
    return [mdText(c.rule.id), mdText(c.rule.rule, 160), c.rule.priority, ...STATUSES.map((s) => String(c.counts[s])), listed.join(', ')];
  });
  out.push(mdTable(['rule', 'text', 'priority', ...STATUSES, 'cases not passing'], rows, ['l', 'l', 'l', 'r', 'r', 'r', 'r', 'r', 'l']), ...more(shown.length, notPassing.length, 'report.html'));
  return out;
}

/** summary.md: the run at a glance, the verdict against the baseline first, then each failure. */
export function toSummaryMarkdown(run: RunResults, catalogue?: RuleCatalogue): string {
  const info = run.runInfo;
  const totals = totalsOf(run.results);
  const all = { total: run.results.length, counts: totals };
  const out: string[] = [
    `# Kinesis conformance: ${mdText(info.target)}${info.implementation ? ` (${mdText(info.implementation)})` : ''}`,
    '',
    `Run ${mdText(info.runId)}, started ${mdText(info.startedAt)}, ${(info.durationMs / 1000).toFixed(1)} s, seed ${info.seed}, ` +
      `suites: ${mdText(info.suites.join(', ') || '(none)')}${info.grep ? `, grep ${mdText(info.grep)}` : ''}; endpoint ${mdText(info.endpoint)}; ` +
      `kinesis-conformance ${mdText(info.suiteVersion)}.`,
  ];
  if (info.aborted) out.push('', `**The run ended early: ${mdText(info.aborted)}.** Its results are incomplete.`);
  out.push('', mdTable([...STATUSES, 'total', 'pass rate'], [[...STATUSES.map((s) => String(totals[s])), String(all.total), formatRate(passRate(all))]], [...STATUSES, 'total', 'rate'].map(() => 'r' as const)));

  // Whether a FAIL is the target's bug or the suite's inference: verdicts split by the evidence behind them.
  out.push('', '## Verdicts by evidence', '', ...evidenceLines(run.results).map((l) => `- ${mdText(l)}`));
  out.push('', 'recorded: an AWS answer to this kind of request is publicly recorded; analogous: recorded for another operation or member under the same rule; documented: the API reference or model states it; unrecorded: observed, not judged. `kinesis-conformance evidence RUN_DIR` lists what only a real-AWS recording can settle.');

  const f = run.footprint;
  if (f) {
    const calls = Object.values(f.callsPerOperation).reduce((sum, n) => sum + n, 0);
    out.push('', `Footprint on the target: ${f.streamsCreated} streams created, ${Math.round(f.shardSeconds)} shard-seconds, ${f.kmsKeysCreated} KMS keys created, ${calls} calls.`);
  }

  const { unexpected, missing, baseline } = run.judgement;
  const against = baseline ? `the baseline ${mdText(baseline)}` : 'AWS behaviour (no baseline)';
  out.push('', `## Unexpected results (${unexpected.length})`, '');
  if (unexpected.length === 0 && missing.length === 0) out.push(`Every result is as expected by ${against}.`);
  else {
    out.push(`Judged against ${against}.`);
    if (unexpected.length > 0) {
      const shown = unexpected.slice(0, SUMMARY_LIST_LIMIT);
      out.push('', mdTable(['case', 'expected', 'actual'], shown.map((u) => [mdText(u.id), u.expected, `**${u.actual}**`])), ...more(shown.length, unexpected.length, 'results.json'));
    }
    if (missing.length > 0) {
      out.push('', `Listed in the baseline but not run (${missing.length}):`, '');
      out.push(...missing.slice(0, SUMMARY_LIST_LIMIT).map((m) => `- ${mdText(m)}`), ...more(Math.min(missing.length, SUMMARY_LIST_LIMIT), missing.length, 'results.json'));
    }
  }

  out.push(...referenceMarkdown(run.reference, SUMMARY_LIST_LIMIT));
  out.push('', '## Pass rate per suite', '', tallyTable('suite', tallyBy(run.results, (r) => r.suite)));
  out.push('', '## Pass rate per operation', '', tallyTable('operation', tallyBy(run.results, operationOf)));
  out.push('', 'Pass rate = PASS / all results of the group, skips included.');
  out.push(...rulesSummary(run, catalogue));

  const failures = run.results.filter((r) => isBad(r.status));
  out.push('', `## Failures (${failures.length})`);
  if (failures.length === 0) out.push('', 'None.');
  const shown = failures.slice(0, SUMMARY_LIST_LIMIT);
  for (const r of shown) out.push(...failureEntry(r));
  out.push(...more(shown.length, failures.length, 'report.html'));
  return `${out.join('\n')}\n`;
}
