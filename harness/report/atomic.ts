import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { rename, writeFile } from 'node:fs/promises';

/**
 * Writes a file so a reader never sees it half-written: temp file, then rename. A module of its own:
 * recordings are written from test workers, which must not load the report renderers (junit-report-builder).
 */
export async function writeAtomic(path: string, content: string): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, content);
  await rename(tmp, path);
}

/** The same, at once, creating the directory: for caches that processes starting side by side may write together. */
export function writeAtomicSync(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}
