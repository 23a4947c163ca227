/**
 * `npm run matrix`: runs the whole suite against every embedded target of the registry and writes
 * the committed cross-target matrix to reports/embedded-matrix/ (matrix.md, matrix.html).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REGISTRY } from '../harness/targets/index.ts';
import { embeddedTargets } from '../harness/targets/registry.ts';

const bin = join('bin', 'kinesis-conformance.mjs');
const work = mkdtempSync(join(tmpdir(), 'kc-matrix-'));
const runs: string[] = [];
for (const { name: target } of embeddedTargets(REGISTRY)) {
  const dir = join(work, target);
  const run = spawnSync('node', [bin, 'run', '--target', target, '--report-dir', dir], { stdio: 'inherit' });
  // 0 and 1 both produce a report (1: results differ from the baseline); anything else is a failure.
  if (run.status !== 0 && run.status !== 1) process.exit(run.status ?? 1);
  runs.push(dir);
}
const matrix = spawnSync('node', [bin, 'matrix', ...runs, '--out', join('reports', 'embedded-matrix')], { stdio: 'inherit' });
process.exit(matrix.status ?? 1);
