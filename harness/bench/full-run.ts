import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../paths.ts';
import type { RunResults } from '../results/model.ts';
import { perSecond } from './stats.ts';

export interface FileTime {
  file: string;
  results: number;
  /** Σ durationMs of its results: a file runs its cases one after another, so this is its length. */
  caseMs: number;
}

export interface FullRunFigures {
  command: string;
  exitCode: number | null;
  wallMs: number;
  /** runInfo.durationMs: from the CLI's start to the report (no process start-up, no target stop). */
  cliMs: number;
  results: number;
  requests: number;
  resultsPerSecond: number | null;
  requestsPerSecond: number | null;
  /** Longest files first: with files run in parallel, the longest one bounds the run. */
  files: FileTime[];
  log: string;
}

export function filesByTime(results: RunResults['results']): FileTime[] {
  const byFile = new Map<string, FileTime>();
  for (const r of results) {
    const file = r.file ?? r.suite;
    const t = byFile.get(file) ?? { file, results: 0, caseMs: 0 };
    t.results++;
    t.caseMs += r.durationMs;
    byFile.set(file, t);
  }
  return [...byFile.values()].sort((a, b) => b.caseMs - a.caseMs);
}

export function requestsOf(report: Pick<RunResults, 'footprint'>): number {
  return Object.values(report.footprint?.callsPerOperation ?? {}).reduce((a, b) => a + b, 0);
}

/** `kinesis-conformance run` with every suite on embedded kinesis-mock, as a user starts it. */
export async function measureFullRun(reportDir: string, extraArgs: readonly string[] = []): Promise<FullRunFigures> {
  const args = ['bin/kinesis-conformance.mjs', 'run', '--report-dir', reportDir, ...extraArgs];
  const log = `${reportDir}.log`;
  const out = createWriteStream(log);
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(out, { end: false });
  child.stderr.pipe(out, { end: false });
  const exitCode = await new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const wallMs = performance.now() - t0;
  out.end();
  // 0: as the baseline says; 1: results differ from it. Both wrote a report.
  if (exitCode !== 0 && exitCode !== 1) throw new Error(`full run exited ${exitCode}; see ${log}`);
  const report = JSON.parse(await readFile(join(reportDir, 'results.json'), 'utf8')) as RunResults;
  const requests = requestsOf(report);
  return {
    command: `node ${args.join(' ')}`,
    exitCode,
    wallMs,
    cliMs: report.runInfo.durationMs,
    results: report.results.length,
    requests,
    resultsPerSecond: perSecond(report.results.length, wallMs),
    requestsPerSecond: perSecond(requests, wallMs),
    files: filesByTime(report.results),
    log,
  };
}
