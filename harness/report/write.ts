import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeAtomic } from './atomic.ts';
import { toJunitXml } from './junit.ts';
import { toReportHtml } from './run-html.ts';
import { toSummaryMarkdown } from './summary.ts';
import type { RunResults } from '../results/model.ts';

export { writeAtomic };

/**
 * The report directory appears only when the run is complete. results.json comes first (it is the
 * interface); the other formats are derived from it. Returns the paths written, results.json first.
 */
export async function writeRunReport(dir: string, results: RunResults): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: Array<[string, (r: RunResults) => string]> = [
    ['results.json', (r) => `${JSON.stringify(r, null, 2)}\n`],
    ['junit.xml', toJunitXml],
    ['summary.md', toSummaryMarkdown],
    ['report.html', toReportHtml],
  ];
  const written: string[] = [];
  for (const [name, render] of files) {
    const path = join(dir, name);
    await writeAtomic(path, render(results));
    written.push(path);
  }
  return written;
}
