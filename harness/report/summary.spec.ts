import { describe, expect, it } from 'vitest';
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
