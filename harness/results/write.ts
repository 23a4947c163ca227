import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunResults } from './model.ts';

/** Writes a file so a reader never sees it half-written: temp file, then rename. */
export async function writeAtomic(path: string, content: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, content);
  await rename(tmp, path);
}

/** The report directory appears only when the run is complete. */
export async function writeRunReport(dir: string, results: RunResults): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const resultsPath = join(dir, 'results.json');
  await writeAtomic(resultsPath, `${JSON.stringify(results, null, 2)}\n`);
  return [resultsPath];
}
