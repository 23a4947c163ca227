import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../spec/rules.ts';
import { BODY_DISPLAY_LIMIT, RULE_CASES_SHOWN, toReportHtml } from './run-html.ts';
import { HOSTILE, makeRun, result, sampleRun } from './test-fixtures.ts';

const count = (text: string, re: RegExp) => (text.match(re) ?? []).length;

describe('report.html', () => {
  const page = toReportHtml(sampleRun());

  it('is one self-contained page: no external asset, no network, only its own script', () => {
    expect(count(page, /<script\b/gi)).toBe(1);
    expect(count(page, /<\/script/gi)).toBe(1);
    expect(page).not.toMatch(/<(link|iframe|object|embed|img|base)\b/i);
    expect(page).not.toMatch(/\b(src|href|action)\s*=\s*["']?(https?:|\/\/|data:|javascript:)/i);
    expect(page).not.toMatch(/@import|url\(/i);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)?.[1];
    expect(csp).toContain("default-src 'none'");
    const script = /<script>([\s\S]*)<\/script>/.exec(page)![1]!;
    const hash = createHash('sha256').update(script, 'utf8').digest('base64');
    expect(csp).toContain(`script-src 'sha256-${hash}'`);
  });

  it('escapes hostile text everywhere it appears', () => {
    expect(page).not.toContain('<img');
    expect(page).not.toContain('onerror="window');
    expect(page).toContain('&lt;/script&gt;&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;');
    // eslint-disable-next-line no-control-regex
    expect(page).not.toMatch(/[\u0000\u001b]/);
    const attack = makeRun([result(HOSTILE, 'FAIL', { operation: HOSTILE, member: HOSTILE, expectation: HOSTILE, suite: HOSTILE, timeline: [{ atMs: 1, state: HOSTILE, detail: { x: HOSTILE } }], observations: [HOSTILE] })]);
    attack.runInfo.target = HOSTILE;
    attack.runInfo.implementation = HOSTILE;
    attack.judgement.baseline = HOSTILE;
    const hostilePage = toReportHtml(attack);
    expect(hostilePage).not.toContain('<img');
    expect(count(hostilePage, /<\/script/gi)).toBe(1);
  });

  it('has the totals, one row per result and a table per operation, suite and rule', () => {
    for (const [status, n] of Object.entries({ PASS: 3, FAIL: 2, ERROR: 1, TIMEOUT: 1, SKIP: 1 })) expect(page).toContain(`<div class="n" data-total="${status}">${n}</div>`);
    expect(page).toContain('<div class="n" data-total="all">8</div>');
    expect(count(page, /<tr class="st-row-/g)).toBe(8);
    expect(count(page, /<tr class="st-row-FAIL"/g)).toBe(2);
    // Rows that differ from the baseline are marked (here: every failing one, judged without a baseline).
    expect(count(page, /data-unexpected="1"/g)).toBe(4);
    const byOperation = page.slice(page.indexOf('class="tally by-operation"'), page.indexOf('class="tally by-suite"'));
    expect(count(byOperation, /<tr><td>/g)).toBe(2);
    expect(byOperation).toContain('<tr><td>CreateStream</td><td class="num">3</td>');
  });

  it('states the footprint of the run, calls per operation folded', () => {
    expect(page).toContain('Footprint on the target: 3 streams created, 12 shard-seconds, 0 KMS keys created, 12 calls.');
    expect(page).toContain('<tr><td>DescribeStreamSummary</td><td class="num">9</td></tr>');
    expect(toReportHtml(makeRun([]))).not.toContain('Footprint');
  });

  it('details each failing case: rule, reference, expected vs actual, timeline, exchanges, curl', () => {
    expect(count(page, /<details class="case case-/g)).toBe(4);
    const timeout = page.slice(page.indexOf('smoke/g-timeout</span></summary>'));
    expect(timeout).toContain('<dd>rule.for.g-timeout</dd>');
    expect(timeout).toContain('<dd>Kinesis API Reference, smoke/g-timeout</dd>');
    expect(timeout).toContain('<dd class="expected">expectation of smoke/g-timeout</dd>');
    expect(timeout).toContain('<dd class="actual">timeout message of smoke/g-timeout</dd>');
    expect(timeout).toContain('<td class="num">+1500 ms</td><td>CREATING</td><td class="mono">{&quot;EncryptionType&quot;:&quot;NONE&quot;}</td>');
    expect(timeout).toContain('Kinesis_20131202.DescribeStreamSummary');
    expect(timeout).toContain('&quot;__type&quot;: &quot;ResourceNotFoundException&quot;');
    expect(timeout).toContain('<pre class="curl" id="curl-3-0">curl -sS -i -X POST');
    // The list links each failing row to its details.
    expect(page).toContain('<a href="#case-3">smoke/g-timeout</a>');
  });

  it('cuts very long bodies and says where the rest is', () => {
    const big = result('s/big', 'FAIL');
    big.exchanges![0]!.response!.body = `"${'x'.repeat(BODY_DISPLAY_LIMIT * 2)}"`;
    const bigPage = toReportHtml(makeRun([big]));
    expect(bigPage).toContain(`${BODY_DISPLAY_LIMIT + 2} more characters in results.json`);
    const smallPage = toReportHtml(makeRun([result('s/big', 'FAIL')]));
    expect(bigPage.length - smallPage.length).toBeLessThan(BODY_DISPLAY_LIMIT + 200);
  });

  it('lists every rule of the catalogue with its cases on this target, or why there are none', () => {
    const catalogue = loadRules();
    const row = (text: string, id: string) => {
      const at = text.indexOf(`<tr data-rule="${id}"`);
      expect(at, id).toBeGreaterThanOrEqual(0);
      return text.slice(at, text.indexOf('</tr>', at));
    };
    expect(count(page, /<tr data-rule="/g)).toBe(catalogue.rules.length);
    // A rule with a failing case: its statuses counted, the failing case linked to its details.
    expect(row(page, 'CS-03')).toContain('data-state="covered" data-bad="1"');
    expect(row(page, 'CS-03')).toContain('<span class="badge st-PASS" data-count="PASS">PASS 1</span> <span class="badge st-FAIL" data-count="FAIL">FAIL 1</span>');
    expect(row(page, 'CS-03')).toContain('<a href="#case-0">errors/d-fail</a>');
    expect(row(page, 'CS-01')).toContain('data-state="covered" data-bad="0"');
    expect(row(page, 'CS-01')).toContain('PASS 2');
    // Uncited: "not covered", unless this target cannot test it, which then says why.
    expect(row(page, 'CS-02')).toContain('data-state="not-covered"');
    expect(row(page, 'CS-02')).toContain('>not covered</span>');
    expect(row(page, 'EN-13')).toContain('data-state="not-testable-here"');
    expect(row(page, 'EN-13')).toContain('not testable on this target: needs real AWS (KMS, IAM, throttling or a second account)');
    expect(row(page, 'EN-10')).toContain('SKIP 1');
    expect(row(page, 'EN-10')).toContain('not testable on this target: needs real AWS: real KMS');
    const untestable = catalogue.rules.filter((r) => ['aws-only', 'aws-with-cost', 'not-provokable'].includes(r.testable.where)).length - 1;
    expect(page).toContain(
      `<b data-rules="covered">3</b> covered by cases of this run, <b data-rules="not-covered">${catalogue.rules.length - 3 - untestable}</b> not covered, <b data-rules="not-testable-here">${untestable}</b> not testable on this target (not AWS).`,
    );
    // The hostile id no rule has is named, as text.
    expect(page).toContain('Cases cite rule ids the catalogue does not have: <span class="mono">&lt;/script&gt;&lt;img');
    // On AWS only the not-provokable rules stay untestable.
    const aws = sampleRun();
    aws.target.isAws = true;
    const awsPage = toReportHtml(aws);
    expect(row(awsPage, 'EN-13')).toContain('data-state="not-covered"');
    expect(row(awsPage, 'EN-10')).not.toContain('not testable on this target');
    expect(row(awsPage, 'CS-13')).toContain('not testable on this target: cannot be provoked on purpose');
  });

  it('lists at most a bounded number of cases under one rule', () => {
    const many = Array.from({ length: RULE_CASES_SHOWN + 3 }, (_, i) => result(`s/c${i}`, 'PASS', { rules: ['PR-09'] }));
    const text = toReportHtml(makeRun(many));
    const at = text.indexOf('<tr data-rule="PR-09"');
    const row = text.slice(at, text.indexOf('</tr>', at));
    expect(count(row, /<li>/g)).toBe(RULE_CASES_SHOWN);
    expect(row).toContain('… and 3 more in results.json.');
  });

  it('shows a run that ended early and one with nothing failing', () => {
    const aborted = makeRun([result('s/a', 'PASS')]);
    aborted.runInfo.aborted = 'interrupted by SIGINT';
    const text = toReportHtml(aborted);
    expect(text).toContain('<b>The run ended early:</b> interrupted by SIGINT.');
    expect(text).toContain('Every result is as expected by AWS behaviour (no baseline).');
    expect(text).toContain('<h2>Failing cases (0)</h2>');
  });
});
