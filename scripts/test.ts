/**
 * `npm test`: lint, type-check, the harness's own tests (unit, then end-to-end), then the conformance
 * suites against every embedded target of the registry, judged by their committed baselines, and the whole
 * self-check against embedded kinesis-mock (a hole or a false alarm fails; --skip-self-check leaves it out for a
 * quicker local run). Ends with each
 * step's time and one plain "N passed, N failed" line.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SelfCheckReport } from '../harness/faults/report.ts';
import { SELF_CHECK_ARGS } from '../harness/bench/self-check-run.ts';
import { REGISTRY } from '../harness/targets/index.ts';
import { embeddedTargets } from '../harness/targets/registry.ts';

interface Step {
  name: string;
  command: string[];
  /** Reads passed/failed/skipped counts after the step, when it has them. */
  counts?: () => { passed: number; failed: number; skipped: number } | null;
}

const work = mkdtempSync(join(tmpdir(), 'kc-test-'));
const bin = join('bin', 'kinesis-conformance.mjs');
const skipConformance = process.argv.includes('--harness-only');

function vitestCounts(file: string) {
  return () => {
    try {
      const r = JSON.parse(readFileSync(file, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
      return { passed: r.numPassedTests, failed: r.numFailedTests, skipped: r.numPendingTests + r.numTodoTests };
    } catch {
      return null;
    }
  };
}

/** One vitest project of vitest.harness.config.ts, counted from its JSON report. */
function harnessStep(project: 'unit' | 'e2e', name: string): Step {
  const json = join(work, `harness-${project}.json`);
  return {
    name,
    command: ['npx', 'vitest', 'run', '--config', 'vitest.harness.config.ts', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${json}`],
    counts: vitestCounts(json),
  };
}

function conformanceCounts(dir: string) {
  return () => {
    try {
      const r = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { results: unknown[]; judgement: { unexpected: unknown[]; missing: unknown[] } };
      // A conformance result "passes" here when it is what the target's baseline expects.
      const differing = r.judgement.unexpected.length + r.judgement.missing.length;
      return { passed: r.results.length - r.judgement.unexpected.length, failed: differing, skipped: 0 };
    } catch {
      return null;
    }
  };
}

/** A catalogue entry "passes" when it is judged as it should be: caught, or a benign variation no case flagged. */
function selfCheckCounts(dir: string) {
  return () => {
    try {
      const r = JSON.parse(readFileSync(join(dir, 'self-check.json'), 'utf8')) as SelfCheckReport;
      const s = r.score;
      const failed = r.holes.length + r.falseAlarms.length + s.errors;
      return { passed: s.caught + (s.benign - s.falseAlarms), failed, skipped: s.notApplicable + s.unsteady };
    } catch {
      return null;
    }
  };
}

const steps: Step[] = [
  { name: 'lint', command: ['npx', 'eslint', '.'] },
  { name: 'typecheck', command: ['npx', 'tsc', '--noEmit'] },
  // The fast unit tests first: a broken harness shows in seconds, not after the end-to-end ones.
  harnessStep('unit', 'harness unit tests'),
  harnessStep('e2e', 'harness end-to-end tests'),
];
if (!skipConformance) {
  for (const { name: target } of embeddedTargets(REGISTRY)) {
    const dir = join(work, `conformance-${target}`);
    steps.push({ name: `conformance vs ${target} baseline`, command: ['node', bin, 'run', '--target', target, '--report-dir', dir], counts: conformanceCounts(dir) });
  }
  // Every fault must be caught and no AWS-faithful variation flagged: the suite's own worth, checked on
  // every run, so a loosened case cannot land (about 4-5 minutes on 2 cores).
  if (!process.argv.includes('--skip-self-check')) {
    const dir = join(work, 'self-check');
    steps.push({ name: 'self-check vs kinesis-mock (whole catalogue)', command: ['node', bin, ...SELF_CHECK_ARGS, '--target', 'kinesis-mock', '--report-dir', dir], counts: selfCheckCounts(dir) });
  }
}

let passed = 0;
let failed = 0;
let skipped = 0;
const failedSteps: string[] = [];
const times: Array<[string, number]> = [];
for (const step of steps) {
  process.stderr.write(`\n== ${step.name}: ${step.command.join(' ')}\n`);
  const t0 = performance.now();
  const result = spawnSync(step.command[0]!, step.command.slice(1), { stdio: 'inherit', env: process.env });
  times.push([step.name, performance.now() - t0]);
  process.stderr.write(`== ${step.name}: ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  const counts = step.counts?.();
  if (counts) {
    passed += counts.passed;
    failed += counts.failed;
    skipped += counts.skipped;
  }
  if (result.status !== 0) {
    failedSteps.push(`${step.name} (exit ${result.status ?? result.signal})`);
    if (!counts || counts.failed === 0) failed += 1;
  }
}
process.stdout.write(`\n${times.map(([name, ms]) => `${name.padEnd(48)} ${(ms / 1000).toFixed(1).padStart(7)} s`).join('\n')}\n`);
if (failedSteps.length > 0) process.stderr.write(`\nfailed steps: ${failedSteps.join(', ')}\n`);
process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exitCode = failedSteps.length > 0 ? 1 : 0;
