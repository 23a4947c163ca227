import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SelfCheckReport } from '../faults/report.ts';
import { PACKAGE_ROOT } from '../paths.ts';

export interface SelfCheckFigures {
  command: string;
  exitCode: number | null;
  wallMs: number;
  /** Catalogue entries judged (faults and benign variations). */
  entries: number;
  /** Runs made under faults, and entries judged without one (they reach no file). */
  runs: number;
  skipped: number;
  cleanMs: number;
  faultsMs: number;
  concurrency: number;
  score: string;
  log: string;
}

/** The whole catalogue against embedded kinesis-mock, as `npm test` runs it (two clean runs). */
export const SELF_CHECK_ARGS = ['self-check', '--clean-runs', '2'] as const;

/** `kinesis-conformance self-check` over the whole catalogue, as a user starts it; its wall time and what it judged. */
export async function measureSelfCheck(reportDir: string, extraArgs: readonly string[] = []): Promise<SelfCheckFigures> {
  const args = ['bin/kinesis-conformance.mjs', ...SELF_CHECK_ARGS, '--report-dir', reportDir, ...extraArgs];
  const log = `${reportDir}.log`;
  const out = createWriteStream(log);
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(out, { end: false });
  child.stderr.pipe(out, { end: false });
  const exitCode = await new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const wallMs = performance.now() - t0;
  out.end();
  // 0: all caught, no false alarm; 1: a hole or false alarm. Both wrote a report.
  if (exitCode !== 0 && exitCode !== 1) throw new Error(`self-check exited ${exitCode}; see ${log}`);
  const report = JSON.parse(await readFile(join(reportDir, 'self-check.json'), 'utf8')) as SelfCheckReport;
  const s = report.score;
  return {
    command: `node ${args.join(' ')}`,
    exitCode,
    wallMs,
    entries: report.outcomes.length,
    runs: report.timing.runs,
    skipped: report.timing.skipped,
    cleanMs: report.timing.cleanMs,
    faultsMs: report.timing.faultsMs,
    concurrency: report.timing.concurrency,
    score: `caught ${s.caught}/${s.total}, ${s.notApplicable} not applicable, ${s.falseAlarms} false alarms of ${s.benign} benign, ${s.errors} not judged`,
    log,
  };
}
