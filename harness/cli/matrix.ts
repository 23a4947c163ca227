import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadRun } from '../report/load.ts';
import { buildMatrix } from '../report/matrix.ts';
import { toMatrixHtml } from '../report/matrix-html.ts';
import { toMatrixMarkdown } from '../report/matrix-md.ts';
import { writeAtomic } from '../report/write.ts';
import type { MatrixArgs } from './args.ts';
import type { Io } from './io.ts';

/** `matrix RUN_DIR...`: merges runs of several targets into matrix.html and matrix.md. */
export async function matrixCommand(args: MatrixArgs, io: Io): Promise<number> {
  // Every input is read and checked before anything is written.
  const runs = [];
  for (const dir of args.runDirs) runs.push(await loadRun(resolve(io.cwd, dir)));
  const matrix = buildMatrix(runs);
  const out = resolve(io.cwd, args.out ?? join('reports', 'matrix'));
  await mkdir(out, { recursive: true });
  const htmlPath = join(out, 'matrix.html');
  const mdPath = join(out, 'matrix.md');
  await writeAtomic(htmlPath, toMatrixHtml(matrix));
  await writeAtomic(mdPath, toMatrixMarkdown(matrix));
  for (const t of matrix.totals) io.err(`${t.key}: PASS ${t.counts.PASS} / ${t.total}`);
  io.out(`matrix: ${htmlPath}`);
  io.out(`matrix: ${mdPath}`);
  return 0;
}
