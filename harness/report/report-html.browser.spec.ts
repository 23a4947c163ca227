import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writeRunReport } from './write.ts';
import { writeAtomic } from './write.ts';
import { loadRules } from '../spec/rules.ts';
import { findChromium, launchChromium } from './chromium.ts';
import { buildMatrix } from './matrix.ts';
import { toMatrixHtml } from './matrix-html.ts';
import { makeRun, result, sampleRun } from './test-fixtures.ts';

const chromiumPath = findChromium();

/** The project compiles without the DOM library; this is the little of it the page functions use. */
interface BrowserGlobals {
  getComputedStyle(element: unknown): { backgroundColor: string };
}
const NO_CHROMIUM = 'no Chromium found (looked for CHROMIUM_PATH, /usr/bin/chromium): apt-get install -y chromium';

/** Where the rendered report and its screenshot stay for a person to look at. */
const OUT = join(tmpdir(), 'kinesis-conformance-report-browser');

describe('report.html in headless Chromium', () => {
  it('renders the totals, tables and failing cases, filters by status, and runs no injected code', async (ctx) => {
    if (!chromiumPath) {
      ctx.skip(NO_CHROMIUM);
      return;
    }
    rmSync(OUT, { recursive: true, force: true });
    mkdirSync(OUT, { recursive: true });
    await writeRunReport(OUT, sampleRun());
    const browser = await launchChromium(chromiumPath);
    try {
      const page = await browser.context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
      });
      page.on('request', (r) => {
        if (!r.url().startsWith('file:')) problems.push(`request: ${r.url()}`);
      });
      await page.setViewportSize({ width: 1400, height: 900 });
      await page.goto(pathToFileURL(join(OUT, 'report.html')).href);

      const totals = await page.$$eval('#totals [data-total]', (els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-total'), e.textContent])));
      expect(totals).toEqual({ all: '8', PASS: '3', FAIL: '2', ERROR: '1', TIMEOUT: '1', SKIP: '1' });
      expect(await page.locator('table.by-operation tbody tr').count()).toBe(2);
      expect(await page.locator('table.by-suite tbody tr').count()).toBe(2);
      expect(await page.locator('table.by-rule tbody tr').count()).toBe(8);
      expect(await page.locator('#results tbody tr:visible').count()).toBe(8);
      expect(await page.locator('details.case').count()).toBe(4);
      expect(await page.locator('#shown').textContent()).toBe('8 of 8 shown');

      // Filtering by status: hide PASS, then show failing only.
      await page.locator('input[data-status="PASS"]').uncheck();
      expect(await page.locator('#results tbody tr:visible').count()).toBe(5);
      await page.locator('button[data-preset="failing"]').click();
      expect(await page.locator('#results tbody tr:visible').count()).toBe(4);
      expect(await page.locator('#shown').textContent()).toBe('4 of 8 shown');
      await page.locator('#search').fill('timeout');
      expect(await page.locator('#results tbody tr:visible').count()).toBe(1);
      await page.locator('#search').fill('');
      await page.locator('button[data-preset="unexpected"]').click();
      expect(await page.locator('#results tbody tr:visible').count()).toBe(4);
      await page.locator('button[data-preset="all"]').click();
      expect(await page.locator('#results tbody tr:visible').count()).toBe(8);

      // The rules view: every rule of the catalogue; one with a failing case shows FAIL, an uncited one "not covered".
      const ruleCount = loadRules().rules.length;
      expect(await page.locator('#rules tbody tr:visible').count()).toBe(ruleCount);
      expect(await page.locator('#rules tr[data-rule="CS-03"] [data-count="FAIL"]').textContent()).toBe('FAIL 1');
      expect(await page.locator('#rules tr[data-rule="CS-03"] a[href="#case-0"]').textContent()).toBe('errors/d-fail');
      expect(await page.locator('#rules tr[data-rule="CS-02"]').textContent()).toContain('not covered');
      expect(await page.locator('#rules tr[data-rule="EN-13"]').textContent()).toContain('not testable on this target: needs real AWS');
      await page.locator('#rules-not-passing').check();
      expect(await page.locator('#rules tbody tr:visible').count()).toBe(2);
      expect(await page.locator('#rules-shown').textContent()).toBe(`2 of ${ruleCount} rules shown`);
      await page.locator('#rules-not-passing').uncheck();
      await page.locator('input[data-rule-state="covered"]').uncheck();
      await page.locator('input[data-rule-state="not-testable-here"]').uncheck();
      const notCovered = Number(await page.locator('#rules-counts b[data-rules="not-covered"]').textContent());
      expect(await page.locator('#rules tbody tr:visible').count()).toBe(notCovered);
      expect(await page.locator('#rules tr[data-rule="CS-02"]').isVisible()).toBe(true);
      expect(await page.locator('#rules tr[data-rule="CS-03"]').isVisible()).toBe(false);
      await page.locator('input[data-rule-state="covered"]').check();
      await page.locator('input[data-rule-state="not-testable-here"]').check();

      // The hostile message is shown as text, and nothing it carries ran or loaded.
      expect(await page.locator('img').count()).toBe(0);
      expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
      expect(await page.locator('details.case', { hasText: 'errors/e-hostile' }).locator('dd.actual').textContent()).toContain('</script><img src=x onerror=');

      // From the top: the screenshot shows the page as a reader first sees it.
      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path: join(OUT, 'report.png'), fullPage: true });
      expect(statSync(join(OUT, 'report.png')).size).toBeGreaterThan(10_000);
      expect(problems).toEqual([]);
      ctx.annotate(`screenshot: ${join(OUT, 'report.png')}`);
    } finally {
      await browser.close();
    }
    expect(existsSync(join(OUT, 'report.html'))).toBe(true);
  });

  it('renders matrix.html with status-coloured cells and filters the cases that differ', async (ctx) => {
    if (!chromiumPath) {
      ctx.skip(NO_CHROMIUM);
      return;
    }
    mkdirSync(OUT, { recursive: true });
    const a = makeRun([result('s/a', 'PASS'), result('s/b', 'PASS'), result('s/c', 'FAIL')], 'kinesis-mock', 'ra');
    const b = makeRun([result('s/a', 'PASS'), result('s/b', 'ERROR'), result('s/d', 'SKIP')], 'kinesalite', 'rb');
    const file = join(OUT, 'matrix.html');
    await writeAtomic(file, toMatrixHtml(buildMatrix([{ run: a, path: 'a' }, { run: b, path: 'b' }])));
    const browser = await launchChromium(chromiumPath);
    try {
      const page = await browser.context.newPage();
      await page.goto(pathToFileURL(file).href);
      // One operation, the total, and the total over recorded answers only.
      expect(await page.locator('#scores tbody tr').count()).toBe(3);
      expect(await page.locator('#scores tbody tr.recorded-only td').first().textContent()).toBe('recorded answers only');
      expect(await page.locator('#cases tbody tr:visible').count()).toBe(4);
      const colour = (status: string) => page.locator(`#cases td[data-status="${status}"]`).first().evaluate((td) => (globalThis as unknown as BrowserGlobals).getComputedStyle(td).backgroundColor);
      const [pass, fail, error] = await Promise.all([colour('PASS'), colour('FAIL'), colour('ERROR')]);
      expect(new Set([pass, fail, error]).size).toBe(3);
      await page.locator('#only-differs').check();
      expect(await page.locator('#cases tbody tr:visible').count()).toBe(3);
      expect(await page.locator('#shown').textContent()).toBe('3 of 4 cases shown');
      await page.screenshot({ path: join(OUT, 'matrix.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });
});
