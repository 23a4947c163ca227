import { describe, expect, it } from 'vitest';
import { loadRules } from '../spec/rules.ts';
import { SUMMARY_LIST_LIMIT, toSummaryMarkdown } from './summary.ts';
import { makeRun, result, sampleRun } from './test-fixtures.ts';

/** The rows of the Markdown table that follows a heading, as arrays of cells. */
function tableAfter(md: string, heading: string): string[][] {
  const lines = md.split('\n');
  const start = lines.indexOf(heading);
  expect(start, `heading ${heading}`).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('#')) break;
    if (!line.startsWith('|')) continue;
    // Cells split on unescaped pipes only: an escaped \| belongs to the text.
    rows.push(line.slice(2, -2).split(/(?<!\\) \| /));
  }
  return rows.slice(2);
}

describe('summary.md', () => {
  const md = toSummaryMarkdown(sampleRun());

  it('opens with the totals', () => {
    const totals = md.split('\n').filter((l) => l.startsWith('|')).slice(0, 3);
    expect(totals[0]).toBe('| PASS | FAIL | ERROR | TIMEOUT | SKIP | total | pass rate |');
    expect(totals[2]).toBe('| 3 | 2 | 1 | 1 | 1 | 8 | 37.5 % |');
  });

  it('states the footprint of the run on the target', () => {
    expect(md).toContain('Footprint on the target: 3 streams created, 12 shard-seconds, 0 KMS keys created, 12 calls.');
  });

  it('gives the pass rate per suite and per operation', () => {
    expect(tableAfter(md, '## Pass rate per suite')).toEqual([
      ['errors', '4', '1', '2', '1', '0', '0', '25.0 %'],
      ['smoke', '4', '2', '0', '0', '1', '1', '50.0 %'],
    ]);
    expect(tableAfter(md, '## Pass rate per operation')).toEqual([
      ['CreateStream', '3', '1', '0', '1', '1', '0', '33.3 %'],
      ['DescribeStreamSummary', '5', '2', '2', '0', '0', '1', '40.0 %'],
    ]);
  });

  it('lists the unexpected results before the failures, each failure with rule, ref and message', () => {
    const unexpectedAt = md.indexOf('## Unexpected results (4)');
    const failuresAt = md.indexOf('## Failures (4)');
    expect(unexpectedAt).toBeGreaterThan(0);
    expect(failuresAt).toBeGreaterThan(unexpectedAt);
    expect(tableAfter(md, '## Unexpected results (4)').map((r) => r[0])).toEqual(['errors/d-fail', 'errors/e-hostile', 'errors/f-error', 'smoke/g-timeout']);
    const entry = md.slice(md.indexOf('### errors/d-fail — FAIL'));
    expect(entry).toContain('- rule: rule.for.d-fail');
    expect(entry).toContain('- ref: Kinesis API Reference, errors/d-fail');
    expect(entry).toContain('- actual: fail message of errors/d-fail');
    expect(md).not.toContain('h-skip — SKIP');
  });

  it('counts the rules covered, not covered and not testable here, and tables the rules with a case not passing', () => {
    const rules = loadRules().rules;
    const untestable = rules.filter((r) => ['aws-only', 'aws-with-cost', 'not-provokable'].includes(r.testable.where)).length - 1;
    expect(md).toContain(`## Rules (${rules.length})`);
    expect(md).toContain(
      `Of the ${rules.length} behaviour rules of the catalogue (specs/rules.json): 3 covered by cases of this run, ${rules.length - 3 - untestable} not covered, ${untestable} not testable on this target (not AWS).`,
    );
    // A rule with a failing case shows FAIL; a SKIP is not a pass either. CS-01 (all PASS) is not listed.
    expect(tableAfter(md, 'Rules with a case not passing (2):')).toEqual([
      ['CS-03', 'Name already used in the account/region → ResourceInUseException', 'core', '1', '1', '0', '0', '0', 'errors/d-fail (FAIL)'],
      ['EN-10', 'KMS key not found / disabled / pending deletion / access denied → KMS\\* errors', 'secondary', '0', '0', '0', '0', '1', 'smoke/h-skip (SKIP)'],
    ]);
    // An uncited rule is listed as not covered; one this target cannot test, as such.
    expect(md).toMatch(/\nNot covered \(\d+\): CS-02, CS-04, /);
    expect(md).toMatch(/\nNot testable on this target \(\d+\): CS-12, CS-13, /);
    expect(md).not.toMatch(/Not covered[^\n]*\bCS-03\b/);
    expect(md.slice(md.indexOf('### errors/d-fail — FAIL'))).toContain('- rules: CS-03');
    // The hostile id no rule has is named, escaped.
    expect(md).toContain('Cases cite rule ids the catalogue does not have: \\</script\\>');
  });

  it('says so when everything is as expected', () => {
    const ok = toSummaryMarkdown(makeRun([result('s/a', 'PASS')]));
    expect(ok).toContain('## Unexpected results (0)\n\nEvery result is as expected by AWS behaviour (no baseline).');
    expect(ok).toContain('## Failures (0)\n\nNone.');
  });

  it('leaves no markup, link or table break from hostile text', () => {
    const hostile = md.slice(md.indexOf('### errors/e-hostile'));
    expect(md).not.toMatch(/(?<!\\)<(img|script|\/script)/i);
    // eslint-disable-next-line no-control-regex
    expect(md).not.toMatch(/[\u0000-\u0008\u001b]/);
    expect(hostile).toContain('\\</script\\>\\<img src=x onerror="window.\\_\\_pwned=1"\\>');
    expect(hostile).toContain('\\[l\\](javascript:x)');
    expect(hostile).toContain('\\| \\*b\\*');
    // A message with a newline stays in its list item.
    const multi = toSummaryMarkdown(makeRun([result('s/m', 'FAIL', { message: 'line one\n# not a heading\n| not | a row |' })]));
    expect(multi).toContain('- actual: line one # not a heading \\| not \\| a row \\|');
    expect(multi.split('\n').filter((l) => l.startsWith('#'))).not.toContain('# not a heading');
  });

  it('stops long lists and says how many more there are', () => {
    const many = Array.from({ length: SUMMARY_LIST_LIMIT + 5 }, (_, i) => result(`s/case-${String(i).padStart(4, '0')}`, 'FAIL'));
    const long = toSummaryMarkdown(makeRun(many));
    expect(long.match(/^### /gm)).toHaveLength(SUMMARY_LIST_LIMIT);
    expect(long).toContain('… and 5 more (see report.html).');
    expect(long).toContain('… and 5 more (see results.json).');
  });
});
