import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { SelfCheckReport } from '../faults/report.ts';
import { PACKAGE_ROOT } from '../paths.ts';
import { cleanEnv, type CliRun } from './cli-harness.ts';

/**
 * Runs selfCheckCommand in a child process, as the CLI will once `self-check` is wired into main:
 * the runs it makes start vitest themselves, which must not happen inside this test's worker.
 */
function runSelfCheck(args: string[]): Promise<CliRun> {
  const module = pathToFileURL(join(PACKAGE_ROOT, 'harness', 'cli', 'self-check.ts')).href;
  const script = `
    import { register } from 'tsx/esm/api';
    register();
    const { parseSelfCheckArgs, selfCheckCommand } = await import(${JSON.stringify(module)});
    const io = { out: (l) => process.stdout.write(l + '\\n'), err: (l) => process.stderr.write(l + '\\n'), progress: () => {}, env: process.env, cwd: process.cwd() };
    const code = await selfCheckCommand(parseSelfCheckArgs(${JSON.stringify(args)}), io);
    process.exitCode = code;
    setTimeout(() => process.exit(code), 3_000).unref();
  `;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: PACKAGE_ROOT, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('self-check end to end against embedded kinesis-mock', () => {
  it(
    'catches two faults, raises no false alarm for a benign variation, and writes both reports',
    async () => {
      const dir = join(mkdtempSync(join(tmpdir(), 'kc-self-check-')), 'report');
      const run = await runSelfCheck([
        '--fault', 'state.delete-swallowed',
        '--fault', 'protocol.request-id-dropped',
        '--fault', 'benign.latency',
        '--suite', 'smoke,protocol',
        '--report-dir', dir,
      ]);
      expect(run.stderr).toMatch(/self-check: caught 2\/2 faults, 0 false alarms/);
      expect(run.code, run.stderr).toBe(0);
      expect(existsSync(join(dir, 'self-check.md'))).toBe(true);
      const report = JSON.parse(readFileSync(join(dir, 'self-check.json'), 'utf8')) as SelfCheckReport;
      expect(report.score).toMatchObject({ caught: 2, total: 2, falseAlarms: 0, benign: 1 });
      expect(report.holes).toEqual([]);
      const byId = new Map(report.outcomes.map((o) => [o.id, o]));
      expect(byId.get('state.delete-swallowed')!.changes.map((c) => c.id)).toContain('smoke/stream-lifecycle');
      expect(byId.get('protocol.request-id-dropped')!.changes.some((c) => c.id.startsWith('protocol/response/request-id/'))).toBe(true);
      expect(byId.get('state.delete-swallowed')!.verdict).toBe('caught');
      expect(byId.get('benign.latency')!.changes.filter((c) => c.kind === 'status')).toEqual([]);
      expect(report.notApplicable).toEqual([]);
      // Each fault ran only the files of its selections that sent what it applies to.
      expect(byId.get('state.delete-swallowed')!.files).toEqual(['suites/smoke/stream-lifecycle.test.ts']);
      expect(byId.get('protocol.request-id-dropped')!.files).toEqual(['suites/protocol/response-headers.test.ts']);
      // Files of different faults shared runs (each file through a proxy of its own): fewer runs than files run.
      expect(report.timing.runs).toBeLessThan(report.timing.units);
      expect(byId.get('protocol.request-id-dropped')!.changes.every((c) => c.id.startsWith('protocol/'))).toBe(true);
      // Per case: which faults it caught.
      expect(report.power.catching).toContainEqual({ id: 'smoke/stream-lifecycle', file: 'suites/smoke/stream-lifecycle.test.ts', faults: ['state.delete-swallowed'] });
      expect(readFileSync(join(dir, 'self-check.md'), 'utf8')).toMatch(/^# Self-check[\s\S]*## Holes[\s\S]*## False alarms[\s\S]*## Caught/);
      // No secret of the local credentials leaks into what the self-check wrote.
      expect(readFileSync(join(dir, 'self-check.json'), 'utf8')).not.toContain('kinesis-conformance-local-secret');
    },
    120_000,
  );
});
